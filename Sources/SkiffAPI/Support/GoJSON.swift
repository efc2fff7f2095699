/// A string as Go's `encoding/json` writes it (HTML-safe: `<`, `>` and `&` escaped, and
/// U+2028/U+2029), for the bad values Kubernetes renders into field error messages.
func goJSONString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case "<": result += "\\u003c"
        case ">": result += "\\u003e"
        case "&": result += "\\u0026"
        case "\u{2028}": result += "\\u2028"
        case "\u{2029}": result += "\\u2029"
        default:
            if scalar.value < 0x20 {
                let digits = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}

/// A string list as Go's `encoding/json` writes it; nil is `null`.
func goJSONStrings(_ values: [String]?) -> String {
    guard let values else { return "null" }
    return "[" + values.map(goJSONString).joined(separator: ",") + "]"
}
