/// Why an `IntOrString` could not be turned into an absolute amount; the message is Kubernetes'.
public struct IntOrStringError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String
}

extension IntOrString {
    /// Resolves an absolute value or a percentage of `total`, like Kubernetes'
    /// `intstr.GetScaledValueFromIntOrPercent`: `.int(n)` gives n; `.string("25%")` gives
    /// 25% of `total`, rounded up or down as asked; any other string is an error.
    /// The arithmetic is exact (Kubernetes goes through float64, which agrees at sane sizes).
    public func scaledValue(total: Int, roundUp: Bool) throws(IntOrStringError) -> Int {
        switch self {
        case .int(let value):
            return Int(value)
        case .string(let text):
            guard text.hasSuffix("%") else {
                throw IntOrStringError(description: "invalid value for IntOrString: invalid type: string is not a percentage")
            }
            let number = String(text.dropLast())
            guard let percent = IntOrString.parseGoInt(number) else {
                throw IntOrStringError(description:
                    "invalid value for IntOrString: invalid value \(goQuoted(text)): strconv.Atoi: parsing \(goQuoted(number)): \(IntOrString.atoiFailure(number))")
            }
            let product = Int128(percent) * Int128(total)
            var quotient = product / 100
            let remainder = product % 100
            if remainder != 0 {
                // Division truncates toward zero; step to the ceiling or floor as asked.
                if roundUp && product > 0 { quotient += 1 }
                if !roundUp && product < 0 { quotient -= 1 }
            }
            guard let result = Int(exactly: quotient) else {
                throw IntOrStringError(description: "invalid value for IntOrString: \(goQuoted(text)) of \(total) is out of range")
            }
            return result
        }
    }

    /// The reason `strconv.Atoi` gives for text that is not an `Int`.
    static func atoiFailure(_ text: String) -> String {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        if !digits.isEmpty && digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return "value out of range" }
        return "invalid syntax"
    }
}
