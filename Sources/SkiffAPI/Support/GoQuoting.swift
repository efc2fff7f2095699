/// Go's `%q` / `strconv.Quote` for the messages Kubernetes builds with it: double quotes,
/// backslash escapes for quotes, backslashes and control characters; printable Unicode kept.
public func goQuoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case "\u{07}": result += "\\a"
        case "\u{08}": result += "\\b"
        case "\u{0C}": result += "\\f"
        case "\u{0B}": result += "\\v"
        default:
            if isGoPrintable(scalar) {
                result.unicodeScalars.append(scalar)
            } else if scalar.value < 0x80 {
                result += "\\x" + hex(scalar.value, width: 2)
            } else if scalar.value > 0xFFFF {
                result += "\\U" + hex(scalar.value, width: 8)
            } else {
                result += "\\u" + hex(scalar.value, width: 4)
            }
        }
    }
    return result + "\""
}

private func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
private func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == " " { return true }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
         .nonspacingMark, .spacingMark, .enclosingMark,
         .decimalNumber, .letterNumber, .otherNumber,
         .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
         .initialPunctuation, .finalPunctuation, .otherPunctuation,
         .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
        return true
    default:
        return false
    }
}
