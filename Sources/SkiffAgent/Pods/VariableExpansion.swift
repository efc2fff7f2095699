/// Kubernetes `$(VAR)` expansion of command, args and env values (pure).
///
/// `$(NAME)` becomes the value of NAME when it is defined; an unknown reference is left as written;
/// `$$` is an escaped `$` (so `$$(NAME)` yields the literal `$(NAME)`); a `$` followed by anything
/// else, or a `$(` without a closing `)`, is kept as is.
public enum VariableExpansion {
    public static func expand(_ input: String, _ variables: [String: String]) -> String {
        let characters = Array(input)
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "$", index + 1 < characters.count else {
                output.append(character)
                index += 1
                continue
            }
            let next = characters[index + 1]
            if next == "$" {
                output.append("$")
                index += 2
            } else if next == "(" {
                if let close = characters[(index + 2)...].firstIndex(of: ")") {
                    let name = String(characters[(index + 2)..<close])
                    if let value = variables[name] {
                        output += value
                    } else {
                        output += "$(\(name))"
                    }
                    index = close + 1
                } else {
                    output += "$("
                    index += 2
                }
            } else {
                output.append("$")
                output.append(next)
                index += 2
            }
        }
        return output
    }
}
