import Foundation
import SkiffAPI

/// The inputs of the API's decisions that are not in the request: the time, new uids and the
/// random suffixes of generated names. Injected so that tests can fix them.
struct ServerEnvironment: Sendable {
    var now: @Sendable () -> KubeTime
    var makeUID: @Sendable () -> String
    var makeNameSuffix: @Sendable () -> String

    /// The wall clock and real randomness.
    static let live = ServerEnvironment(
        now: { KubeTime(Date()) },
        makeUID: { UUID().uuidString.lowercased() },
        makeNameSuffix: { GeneratedName.randomSuffix() })
}

/// Kubernetes' `names.SimpleNameGenerator`: five characters from an alphabet without vowels and
/// confusable characters.
enum GeneratedName {
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<5).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
