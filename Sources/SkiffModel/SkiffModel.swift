/// SkiffModel: typed structs for the built-in kinds, generated from swagger.json (see docs/model.md).
public enum SkiffModel {}
