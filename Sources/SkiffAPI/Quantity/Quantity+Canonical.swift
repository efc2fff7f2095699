extension Quantity: CustomStringConvertible {
    /// The canonical string Kubernetes writes (apimachinery `CanonicalizeBytes`):
    /// - no precision is lost, no fractional digits are written, the suffix is as large as possible;
    /// - decimal forms keep their family: `1000m` → `1`, `0.5` → `500m`, `1e3` → `1e3`;
    /// - binary stays binary when the value is a whole number of at least 1024 in magnitude
    ///   (`1.5Gi` → `1536Mi`), otherwise it is written as decimal SI (`0.5Ki` → `512`, `1.1Ki` → `1126400m`).
    ///
    /// Two deliberate differences from apimachinery's `String()`, both bugs there: the parser's
    /// cache of the input text is not reproduced (Kubernetes echoes `"1.500"`, `"+1"`, `"01"`;
    /// here they read `1500m`, `1`, `1`), and decimal SI values above the `E` suffix keep it
    /// (`1000E`; Kubernetes drops the suffix and writes `1`).
    public var description: String {
        if amount.isZero { return "0" }
        var format = self.format
        var binaryAmount = amount
        if format == .binarySI {
            let bound = ExactDecimal(1024)
            if ExactDecimal.compareMagnitudes(amount, bound) < 0 {
                format = .decimalSI
            } else {
                let rounded = amount.roundedAwayFromZero(toExponent: 0)
                if rounded.exact { binaryAmount = rounded.value } else { format = .decimalSI }
            }
        }
        let sign = amount.isNegative ? "-" : ""
        switch format {
        case .binarySI:
            var power = 0
            while power < Quantity.binarySuffixNames.count - 1, let next = binaryAmount.dividedExactlyBy1024() {
                binaryAmount = next
                power += 1
            }
            return sign + binaryAmount.coefficientString(trailingZeros: binaryAmount.exponent)
                + Quantity.binarySuffixNames[power]
        case .decimalSI, .decimalExponent:
            // Lower the exponent to a multiple of three, padding the coefficient with zeros.
            var exponent = amount.exponent
            var padding = 0
            while exponent % 3 != 0 {
                exponent -= 1
                padding += 1
            }
            if format == .decimalExponent {
                let suffix = exponent == 0 ? "" : "e\(exponent)"
                return sign + amount.coefficientString(trailingZeros: padding) + suffix
            }
            // Decimal SI tops out at E (10^18); larger exponents stay in E with a longer number.
            if exponent > 18 {
                padding += exponent - 18
                exponent = 18
            }
            return sign + amount.coefficientString(trailingZeros: padding) + Quantity.decimalSuffixName(exponent)
        }
    }

    static let binarySuffixNames = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

    /// The SI suffix for a multiple-of-three exponent in -9...18 (values never go below nano).
    static func decimalSuffixName(_ exponent: Int) -> String {
        switch exponent {
        case -9: return "n"
        case -6: return "u"
        case -3: return "m"
        case 3: return "k"
        case 6: return "M"
        case 9: return "G"
        case 12: return "T"
        case 15: return "P"
        case 18: return "E"
        default: return ""
        }
    }
}
