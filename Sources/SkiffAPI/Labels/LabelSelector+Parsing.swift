extension LabelSelector {
    /// Parses the string syntax exactly as Kubernetes' `labels.Parse` does: comma-separated
    /// requirements `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`,
    /// `k<1`, with spaces, tabs and newlines allowed between tokens; "" is `everything`.
    /// Input over `maximumLength` bytes or with more than `maximumRequirements` requirements
    /// is rejected up front. The parser is a flat loop (no recursion), linear in the input.
    public init(parsing text: String) throws(LabelSelectorError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= LabelSelector.maximumLength else { throw .tooLong(length: bytes.count) }
        var parser = LabelSelectorParser(tokens: LabelSelectorLexer.tokens(of: bytes))
        self.init(requirements: try parser.parse())
    }
}

/// A token of the selector syntax (Kubernetes' `labels.Token`).
enum LabelSelectorToken: Equatable {
    case endOfString, closedParenthesis, comma, doesNotExist, doubleEquals, equals, greaterThan
    case identifier, `in`, lessThan, notEquals, notIn, openParenthesis
}

/// Kubernetes' `labels.Lexer`: identifiers run until whitespace or one of `=!(),><`;
/// symbols are read greedily (`!=`, `==`).
enum LabelSelectorLexer {
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 13 || byte == 10 }

    static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: ","), UInt8(ascii: ">"), UInt8(ascii: "<"):
            return true
        default:
            return false
        }
    }

    static func symbol(_ text: ArraySlice<UInt8>) -> LabelSelectorToken? {
        switch String(decoding: text, as: UTF8.self) {
        case ")": return .closedParenthesis
        case ",": return .comma
        case "!": return .doesNotExist
        case "==": return .doubleEquals
        case "=": return .equals
        case ">": return .greaterThan
        case "<": return .lessThan
        case "!=": return .notEquals
        case "(": return .openParenthesis
        default: return nil
        }
    }

    /// All tokens, ending with `.endOfString` (whose literal is "").
    static func tokens(of s: [UInt8]) -> [(token: LabelSelectorToken, literal: String)] {
        var result = [(token: LabelSelectorToken, literal: String)]()
        var position = 0
        while true {
            while position < s.count && isWhitespace(s[position]) { position += 1 }
            if position >= s.count {
                result.append((.endOfString, ""))
                return result
            }
            let start = position
            if isSpecial(s[position]) {
                // Longest run of symbols that still forms a token (every single symbol is one).
                var best: (token: LabelSelectorToken, end: Int)? = nil
                while position < s.count && isSpecial(s[position]) {
                    if let token = symbol(s[start...position]) {
                        best = (token, position + 1)
                        position += 1
                    } else {
                        break
                    }
                }
                let found = best ?? (.identifier, position)
                position = found.end
                result.append((found.token, String(decoding: s[start..<found.end], as: UTF8.self)))
            } else {
                while position < s.count && !isSpecial(s[position]) && !isWhitespace(s[position]) { position += 1 }
                let literal = String(decoding: s[start..<position], as: UTF8.self)
                let token: LabelSelectorToken = literal == "in" ? .in : (literal == "notin" ? .notIn : .identifier)
                result.append((token, literal))
            }
        }
    }
}

/// Kubernetes' `labels.Parser` over the token list, as a loop with one token of lookahead.
struct LabelSelectorParser {
    let tokens: [(token: LabelSelectorToken, literal: String)]
    var position = 0

    init(tokens: [(token: LabelSelectorToken, literal: String)]) {
        self.tokens = tokens
    }

    /// In value context the keywords `in` and `notin` are plain identifiers.
    private func lookahead(values: Bool) -> (token: LabelSelectorToken, literal: String) {
        let item = tokens[min(position, tokens.count - 1)]
        if values && (item.token == .in || item.token == .notIn) { return (.identifier, item.literal) }
        return item
    }

    private mutating func consume(values: Bool) -> (token: LabelSelectorToken, literal: String) {
        let item = lookahead(values: values)
        if position < tokens.count - 1 { position += 1 }
        return item
    }

    mutating func parse() throws(LabelSelectorError) -> [LabelRequirement] {
        var requirements = [LabelRequirement]()
        while true {
            let next = lookahead(values: true)
            switch next.token {
            case .identifier, .doesNotExist:
                guard requirements.count < LabelSelector.maximumRequirements else { throw .tooManyRequirements }
                requirements.append(try parseRequirement())
                let after = consume(values: true)
                switch after.token {
                case .endOfString:
                    return requirements
                case .comma:
                    let following = lookahead(values: true)
                    if following.token != .identifier && following.token != .doesNotExist {
                        throw .syntax("found '\(following.literal)', expected: identifier after ','")
                    }
                default:
                    throw .syntax("found '\(after.literal)', expected: ',' or 'end of string'")
                }
            case .endOfString:
                return requirements
            default:
                throw .syntax("found '\(next.literal)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    private static func failure(_ message: String) -> LabelSelectorError {
        .syntax("unable to parse requirement: " + message)
    }

    private mutating func parseRequirement() throws(LabelSelectorError) -> LabelRequirement {
        // Key, and the operator when it is implied (`k`, `!k`).
        var implied: LabelRequirement.Operator? = nil
        var item = consume(values: true)
        if item.token == .doesNotExist {
            implied = .doesNotExist
            item = consume(values: true)
        }
        guard item.token == .identifier else { throw Self.failure("found '\(item.literal)', expected: identifier") }
        let key = item.literal
        let keyErrors = LabelValidation.qualifiedNameErrors(key)
        if !keyErrors.isEmpty {
            throw Self.failure(FieldError.invalid("<nil>", key, keyErrors.joined(separator: "; ")).description)
        }
        let following = lookahead(values: true).token
        if following == .endOfString || following == .comma {
            if implied == nil { implied = .exists }
        }
        if let implied, implied == .exists || implied == .doesNotExist {
            return try Self.requirement(key, implied, [])
        }
        // Explicit operator.
        let operatorItem = consume(values: false)
        let op: LabelRequirement.Operator
        switch operatorItem.token {
        case .in: op = .in
        case .equals: op = .equals
        case .doubleEquals: op = .doubleEquals
        case .greaterThan: op = .greaterThan
        case .lessThan: op = .lessThan
        case .notIn: op = .notIn
        case .notEquals: op = .notEquals
        default:
            throw Self.failure("found '\(operatorItem.literal)', expected: in, notin, =, ==, !=, gt, lt")
        }
        let values = op == .in || op == .notIn ? try parseValues() : try parseExactValue()
        return try Self.requirement(key, op, values.sorted(by: LabelValidation.byteOrder))
    }

    private static func requirement(_ key: String, _ op: LabelRequirement.Operator, _ values: [String]) throws(LabelSelectorError) -> LabelRequirement {
        do {
            return try LabelRequirement(key: key, operator: op, values: values)
        } catch {
            throw failure(error.description)
        }
    }

    /// `( a, b )` → the set of values.
    private mutating func parseValues() throws(LabelSelectorError) -> Set<String> {
        let open = consume(values: true)
        guard open.token == .openParenthesis else { throw Self.failure("found '\(open.literal)' expected: '('") }
        let first = lookahead(values: true)
        switch first.token {
        case .identifier, .comma:
            let values = try parseIdentifierList()
            if consume(values: true).token != .closedParenthesis {
                throw Self.failure("found '\(first.literal)', expected: ')'")
            }
            return values
        case .closedParenthesis:
            _ = consume(values: true)
            return [""]
        default:
            throw Self.failure("found '\(first.literal)', expected: ',', ')' or identifier")
        }
    }

    /// Identifiers separated by commas, where an empty slot (`(,a)`, `(a,)`, `(a,,b)`) is "".
    private mutating func parseIdentifierList() throws(LabelSelectorError) -> Set<String> {
        var values = Set<String>()
        while true {
            let item = consume(values: true)
            switch item.token {
            case .identifier:
                values.insert(item.literal)
                let next = lookahead(values: true)
                switch next.token {
                case .comma: continue
                case .closedParenthesis: return values
                default: throw Self.failure("found '\(next.literal)', expected: ',' or ')'")
                }
            case .comma:
                if values.isEmpty { values.insert("") }
                let next = lookahead(values: true).token
                if next == .closedParenthesis {
                    values.insert("")
                    return values
                }
                if next == .comma { values.insert("") }
            default:
                throw Self.failure("found '\(item.literal)', expected: ',', or identifier")
            }
        }
    }

    /// The single value after `=`, `==`, `!=`, `>`, `<`; missing means "".
    private mutating func parseExactValue() throws(LabelSelectorError) -> Set<String> {
        let next = lookahead(values: true).token
        if next == .endOfString || next == .comma { return [""] }
        let item = consume(values: true)
        guard item.token == .identifier else { throw Self.failure("found '\(item.literal)', expected: identifier") }
        return [item.literal]
    }
}
