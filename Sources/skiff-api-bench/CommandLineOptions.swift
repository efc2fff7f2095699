/// `--name value` pairs from the command line.
struct CommandLineOptions {
    private var values: [String: String] = [:]

    init<S: Sequence>(_ arguments: S) where S.Element == String {
        var pending: String?
        for argument in arguments {
            if argument.hasPrefix("--") {
                pending = String(argument.dropFirst(2))
                values[pending!] = ""
            } else if let name = pending {
                values[name] = argument
                pending = nil
            }
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func int(_ name: String, default fallback: Int) -> Int { values[name].flatMap(Int.init) ?? fallback }
}
