extension FieldSelector {
    /// Parses like Kubernetes' `fields.ParseSelector`: terms split at unescaped `,`, sorted,
    /// empty terms skipped; each term split at its first `!=`, `==` or `=`; values unescaped
    /// (`\\`, `\,`, `\=`). A term with both sides empty (`=`) is dropped, as Kubernetes does.
    public init(parsing text: String) throws(FieldSelectorError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= FieldSelector.maximumLength else { throw .tooLong(length: bytes.count) }
        var terms = FieldSelector.splitTerms(bytes)
        guard terms.count <= FieldSelector.maximumRequirements else { throw .tooManyRequirements }
        terms.sort { $0.lexicographicallyPrecedes($1) }
        var requirements = [Requirement]()
        for term in terms where !term.isEmpty {
            guard let (field, op, rawValue) = FieldSelector.splitTerm(term) else {
                throw .cannotUnderstand(selector: text, term: String(decoding: term, as: UTF8.self))
            }
            let value = try FieldSelector.unescape(String(decoding: rawValue, as: UTF8.self))
            if field.isEmpty && value.isEmpty { continue }
            requirements.append(Requirement(field: String(decoding: field, as: UTF8.self), operator: op, value: value))
        }
        self.init(requirements: requirements)
    }

    /// Splits at commas not preceded by an escaping backslash.
    static func splitTerms(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        if bytes.isEmpty { return [] }
        var terms = [ArraySlice<UInt8>]()
        var start = 0
        var afterBackslash = false
        for (index, byte) in bytes.enumerated() {
            if afterBackslash {
                afterBackslash = false
            } else if byte == UInt8(ascii: "\\") {
                afterBackslash = true
            } else if byte == UInt8(ascii: ",") {
                terms.append(bytes[start..<index])
                start = index + 1
            }
        }
        terms.append(bytes[start...])
        return terms
    }

    /// The first operator in the term, trying `!=`, then `==`, then `=` at each position.
    static func splitTerm(_ term: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, Requirement.Operator, ArraySlice<UInt8>)? {
        var index = term.startIndex
        while index < term.endIndex {
            let next = index + 1 < term.endIndex ? term[index + 1] : nil
            if term[index] == UInt8(ascii: "!") && next == UInt8(ascii: "=") {
                return (term[term.startIndex..<index], .notEquals, term[(index + 2)...])
            }
            if term[index] == UInt8(ascii: "=") && next == UInt8(ascii: "=") {
                return (term[term.startIndex..<index], .equals, term[(index + 2)...])
            }
            if term[index] == UInt8(ascii: "=") {
                return (term[term.startIndex..<index], .equals, term[(index + 1)...])
            }
            index += 1
        }
        return nil
    }
}
