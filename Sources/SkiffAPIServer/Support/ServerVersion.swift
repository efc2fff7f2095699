import SkiffModel

/// What `/version` reports: the Kubernetes version Skiff's API follows, marked as Skiff.
public enum ServerVersion {
    /// The Kubernetes minor version whose API (and swagger) Skiff serves.
    public static let major = "1"
    public static let minor = "32"
    public static let gitVersion = "v1.32.0+skiff"

    /// `linux/amd64`, `darwin/arm64` ...
    static var platform: String {
        #if os(Linux)
        let os = "linux"
        #elseif os(macOS)
        let os = "darwin"
        #else
        let os = "unknown"
        #endif
        #if arch(x86_64)
        let arch = "amd64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "unknown"
        #endif
        return os + "/" + arch
    }

    /// The `/version` document (`version.Info`).
    static func document() -> JSONValue {
        [
            "major": .string(major),
            "minor": .string(minor),
            "emulationMajor": .string(major),
            "emulationMinor": .string(minor),
            "minCompatibilityMajor": .string(major),
            "minCompatibilityMinor": .string(minor),
            "gitVersion": .string(gitVersion),
            "gitCommit": "",
            "gitTreeState": "clean",
            "buildDate": "1970-01-01T00:00:00Z",
            "goVersion": "swift6",
            "compiler": "swift",
            "platform": .string(platform),
        ]
    }
}
