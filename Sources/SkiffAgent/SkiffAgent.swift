public enum SkiffAgentModule {}
