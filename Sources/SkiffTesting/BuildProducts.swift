import Foundation

/// Finds executables of this package built next to the running test or benchmark binary.
public enum BuildProducts {
    /// The path of the executable product `name` from the same build as this process.
    public static func executable(named name: String) throws -> URL {
        let running = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = running.deletingLastPathComponent()
        // Inside an .xctest bundle (Darwin) the products are a few levels up.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [
            NSLocalizedDescriptionKey: "\(name) is not built next to \(running.path); run `swift build` first"
        ])
    }
}
