import SkiffModel

/// Strategic merge patch (`application/strategic-merge-patch+json`), as the Kubernetes API server
/// applies it to built-in kinds (apimachinery `strategicpatch`, server side: parallel directive
/// lists merged, unmatched nulls ignored). What `kubectl apply`, `edit`, `set image` and `patch`
/// (without `--type`) send.
///
/// - Maps merge member by member; `null` removes a member.
/// - Lists whose field has patch strategy `merge` merge: objects by the field's merge key (a patch
///   element merges into the element with the same key, new ones are added), primitives as a
///   union. Every other list (atomic, or without a strategy) is replaced by the patch's.
/// - Fields with strategy `replace` (maps) take the patch value whole.
/// - Directives: `$patch: replace|delete|merge` in a map, `{"$patch": "replace"}` and
///   `{"$patch": "delete", <key>: ...}` elements in merging lists, `$deleteFromPrimitiveList/<f>`,
///   `$setElementOrder/<f>` (the final order of the list) and `$retainKeys` (only those members of
///   the map survive).
///
/// Order of a merged list, as Kubernetes: the patch's elements in the patch's order, the
/// elements only the object has in their old order, interleaved by their old positions; elements
/// new to the list come before the old ones they meet. `$setElementOrder` then overrides it.
enum StrategicMergePatch {
    /// A patch that cannot be applied: `code` 400 (malformed) or 422.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var message: String
        var code: Int
        var description: String { message }

        static func badRequest(_ message: String) -> Failure { Failure(message: message, code: 400) }
        static func unprocessable(_ message: String) -> Failure { Failure(message: message, code: 422) }
    }

    static let directiveMarker = "$patch"
    static let retainKeysDirective = "$retainKeys"
    static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/"
    static let setElementOrderPrefix = "$setElementOrder/"

    /// Where in the schema a map sits.
    enum Context: Sendable, Hashable {
        /// An object of this swagger definition.
        case definition(String)
        /// A free-form map whose values are of this definition (nil: unknown).
        case mapValues(String?)
        /// No schema: maps merge, lists are replaced.
        case unknown

        func field(_ name: String) -> FieldPatchInfo? {
            switch self {
            case .definition(let definition): PatchSchema.field(name, in: definition)
            case .mapValues(let ref): ref.map { FieldPatchInfo(.object, ref: $0) }
            case .unknown: nil
            }
        }

        /// The context of the value of a field described by `info`.
        static func of(_ info: FieldPatchInfo?) -> Context {
            guard let info else { return .unknown }
            switch info.shape {
            case .object, .array: return info.ref.map { .definition($0) } ?? .unknown
            case .map: return .mapValues(info.ref)
            case .scalar: return .unknown
            }
        }
    }

    /// Applies `patch` to `object`, a `rootDefinition` (`io.k8s.api.apps.v1.Deployment`).
    static func apply(_ patch: JSONValue, to object: JSONValue, rootDefinition: String?) throws(Failure) -> JSONValue {
        guard case .object(let patchMembers) = patch else {
            throw Failure.badRequest("json: cannot unmarshal \(patch.goTypeName) into Go value of type map[string]interface {}")
        }
        let original = object.objectMembers ?? [:]
        let context: Context = rootDefinition.map { .definition($0) } ?? .unknown
        return .object(try mergeMap(original, patchMembers, context: context))
    }

    // MARK: - Maps

    static func mergeMap(_ original: [String: JSONValue], _ patch: [String: JSONValue],
                         context: Context) throws(Failure) -> [String: JSONValue] {
        var original = original
        var patch = patch
        if let directive = patch[directiveMarker] {
            switch directive {
            case .string("replace"):
                patch[directiveMarker] = nil
                return try mergeMap([:], patch, context: context)
            case .string("delete"):
                return [:]
            case .string("merge"):
                patch[directiveMarker] = nil
            default:
                throw Failure.badRequest("unknown patch type: \(describe(directive)) in map: \(describe(.object(patch)))")
            }
        }

        if let retain = patch.removeValue(forKey: retainKeysDirective) {
            guard case .array(let keys) = retain else { throw Failure.badRequest("invalid patch format of retainKeys") }
            var retained = Set<String>()
            for key in keys {
                guard case .string(let name) = key else { throw Failure.badRequest("invalid patch format of retainKeys") }
                retained.insert(name)
            }
            for (key, value) in patch where value != .null && !key.hasPrefix("$") && !retained.contains(key) {
                throw Failure.badRequest("invalid patch format of retainKeys")
            }
            original = original.filter { retained.contains($0.key) }
        }

        // Lists with directives are handled together with their directives below.
        var listFields = Set<String>()
        for key in patch.keys {
            if key.hasPrefix(setElementOrderPrefix) {
                listFields.insert(String(key.dropFirst(setElementOrderPrefix.count)))
            } else if key.hasPrefix(deleteFromPrimitiveListPrefix) {
                listFields.insert(String(key.dropFirst(deleteFromPrimitiveListPrefix.count)))
            }
        }

        for (key, patchValue) in patch {
            if key.hasPrefix(setElementOrderPrefix) || key.hasPrefix(deleteFromPrimitiveListPrefix) { continue }
            let info = context.field(key)
            switch patchValue {
            case .null:
                original[key] = nil
                listFields.remove(key)
            case .object(let patchMap):
                if case .object(let originalMap)? = original[key], !(info?.replacesMap ?? false) {
                    original[key] = .object(try mergeMap(originalMap, patchMap, context: .of(info)))
                } else {
                    original[key] = .object(try mergeMap([:], patchMap, context: .of(info)))
                }
            case .array:
                listFields.insert(key)
            default:
                original[key] = patchValue
            }
        }

        for field in listFields.sorted() {
            try mergeListField(field, original: &original, patch: patch, info: context.field(field))
        }
        return original
    }

    // MARK: - Lists

    /// One list field with its patch value, `$deleteFromPrimitiveList/` and `$setElementOrder/`.
    private static func mergeListField(_ field: String, original: inout [String: JSONValue],
                                       patch: [String: JSONValue], info: FieldPatchInfo?) throws(Failure) {
        let patchList: [JSONValue]?
        switch patch[field] {
        case .array(let elements)?: patchList = elements
        case nil: patchList = nil
        default: return // null or another type: already handled as a plain member
        }
        let mergeKey = info?.mergeKey
        let merging = info?.mergesList ?? false
        let itemContext = Context.of(info)

        var current: [JSONValue]?
        switch original[field] {
        case .array(let elements)?: current = elements
        case nil: current = nil
        default: current = nil
        }

        if let deletions = patch[deleteFromPrimitiveListPrefix + field] {
            guard case .array(let values) = deletions else {
                throw Failure.badRequest("invalid patch format of primitive list")
            }
            if let list = current {
                current = list.filter { !values.contains($0) }
            }
        }

        var result = current
        if let patchList {
            if merging {
                result = try mergeList(current ?? [], patchList, mergeKey: mergeKey, field: field, context: itemContext)
            } else {
                result = try replacementList(patchList, context: itemContext)
            }
        } else if current == nil && original[field] != nil {
            return // not a list in the object: directives have nothing to act on
        }

        if let orderValue = patch[setElementOrderPrefix + field] {
            guard case .array(let order) = orderValue else {
                throw Failure.badRequest("invalid patch format of setElementOrder list")
            }
            let isMapList = order.contains { $0.isObject }
            let key: String? = isMapList ? mergeKey : nil
            if isMapList && key == nil {
                throw Failure.badRequest("invalid patch format of setElementOrder list")
            }
            try validateOrder(patchList ?? [], order: order, mergeKey: key)
            let ordered = applyOrder(result ?? [], order: order, serverOrder: current ?? [], mergeKey: key)
            if ordered.isEmpty {
                original[field] = nil
            } else {
                original[field] = .array(ordered)
            }
            return
        }
        if let result {
            // A list emptied by deletions alone goes away, as Kubernetes' typed objects drop it.
            original[field] = result.isEmpty && patchList == nil ? nil : .array(result)
        }
    }

    /// A list without a merge strategy: the patch's list, with nested directives resolved.
    private static func replacementList(_ patch: [JSONValue], context: Context) throws(Failure) -> [JSONValue] {
        var result: [JSONValue] = []
        for element in patch {
            if case .object(let members) = element {
                if members[directiveMarker] != nil && members.count == 1 { continue }
                result.append(.object(try mergeMap([:], members, context: context)))
            } else {
                result.append(element)
            }
        }
        return result
    }

    /// A list with strategy `merge`.
    static func mergeList(_ original: [JSONValue], _ patch: [JSONValue], mergeKey: String?, field: String,
                          context: Context) throws(Failure) -> [JSONValue] {
        if original.isEmpty && patch.isEmpty { return original }
        var sawObject = false
        var sawPrimitive = false
        for element in original + patch {
            switch element {
            case .array: throw Failure.unprocessable("lists of lists are not supported")
            case .object: sawObject = true
            default: sawPrimitive = true
            }
        }
        if sawObject && sawPrimitive {
            throw Failure.badRequest("strategic merge patch format is not supported: \(field) mixes objects and primitives")
        }

        if !sawObject {
            var merged: [JSONValue] = []
            for element in original + patch where !merged.contains(element) {
                merged.append(element)
            }
            return orderMerged(merged, patch: patch, serverOrder: original, mergeKey: nil)
        }

        guard let mergeKey else {
            throw Failure.badRequest("cannot merge lists without merge key for \(field)")
        }
        // Special elements first: deletions by key, `$patch: replace` for the whole list.
        var base = original
        var plainPatch: [JSONValue] = []
        var replace = false
        for element in patch {
            guard case .object(let members) = element else { continue }
            guard let directive = members[directiveMarker] else {
                plainPatch.append(element)
                continue
            }
            switch directive {
            case .string("delete"):
                guard let keyValue = members[mergeKey] else {
                    throw Failure.badRequest("map: \(describe(element)) does not contain declared merge key: \(mergeKey)")
                }
                base.removeAll { $0[member: mergeKey] == keyValue }
            case .string("replace"):
                replace = true
            case .string("merge"):
                var rest = members
                rest[directiveMarker] = nil
                if !rest.isEmpty { plainPatch.append(.object(rest)) }
            default:
                throw Failure.badRequest("unknown patch type: \(describe(directive)) in map: \(describe(element))")
            }
        }
        if replace {
            var replaced: [JSONValue] = []
            for element in plainPatch {
                replaced.append(.object(try mergeMap([:], element.objectMembers ?? [:], context: context)))
            }
            return replaced
        }

        var merged = base
        for element in plainPatch {
            let members = element.objectMembers ?? [:]
            guard let keyValue = members[mergeKey] else {
                throw Failure.badRequest("map: \(describe(element)) does not contain declared merge key: \(mergeKey)")
            }
            if let index = merged.firstIndex(where: { $0[member: mergeKey] == keyValue }) {
                merged[index] = .object(try mergeMap(merged[index].objectMembers ?? [:], members, context: context))
            } else {
                merged.append(.object(try mergeMap([:], members, context: context)))
            }
        }
        return orderMerged(merged, patch: plainPatch, serverOrder: base, mergeKey: mergeKey)
    }

    // MARK: - Order

    /// The identity of a list element: its merge key's value, or the element itself.
    private static func identity(_ element: JSONValue, mergeKey: String?) -> JSONValue? {
        guard let mergeKey else { return element }
        return element[member: mergeKey]
    }

    private static func index(of element: JSONValue, in list: [JSONValue], mergeKey: String?) -> Int? {
        guard let id = identity(element, mergeKey: mergeKey) else { return nil }
        return list.firstIndex { identity($0, mergeKey: mergeKey) == id }
    }

    /// Sorts stably by position in `order`; elements absent from it keep their place after the rest.
    private static func sorted(_ elements: [JSONValue], by order: [JSONValue], mergeKey: String?) -> [JSONValue] {
        elements.enumerated()
            .map { (position: index(of: $0.element, in: order, mergeKey: mergeKey) ?? Int.max, offset: $0.offset, element: $0.element) }
            .sorted { ($0.position, $0.offset) < ($1.position, $1.offset) }
            .map(\.element)
    }

    /// Interleaves two sorted lists: take from `serverOnly` while its head is before the patch
    /// list's head in `serverOrder`, otherwise from the patch list.
    private static func interleave(serverOnly: [JSONValue], patchItems: [JSONValue], serverOrder: [JSONValue],
                                   mergeKey: String?) -> [JSONValue] {
        var result: [JSONValue] = []
        var left = serverOnly[...]
        var right = patchItems[...]
        while let l = left.first, let r = right.first {
            if let li = index(of: l, in: serverOrder, mergeKey: mergeKey),
               let ri = index(of: r, in: serverOrder, mergeKey: mergeKey), li < ri {
                result.append(l)
                left = left.dropFirst()
            } else {
                result.append(r)
                right = right.dropFirst()
            }
        }
        return result + left + right
    }

    /// Kubernetes' order for a merged list (see the type's documentation).
    private static func orderMerged(_ merged: [JSONValue], patch: [JSONValue], serverOrder: [JSONValue],
                                    mergeKey: String?) -> [JSONValue] {
        var patchItems: [JSONValue] = []
        var serverOnly: [JSONValue] = []
        for element in merged {
            if index(of: element, in: patch, mergeKey: mergeKey) != nil {
                patchItems.append(element)
            } else {
                serverOnly.append(element)
            }
        }
        return interleave(serverOnly: sorted(serverOnly, by: serverOrder, mergeKey: mergeKey),
                          patchItems: sorted(patchItems, by: patch, mergeKey: mergeKey),
                          serverOrder: serverOrder, mergeKey: mergeKey)
    }

    /// `$setElementOrder`: the listed elements in the listed order; elements it does not list
    /// (added by someone else) stay where they were relative to the others.
    private static func applyOrder(_ list: [JSONValue], order: [JSONValue], serverOrder: [JSONValue],
                                   mergeKey: String?) -> [JSONValue] {
        var listed: [JSONValue] = []
        var unlisted: [JSONValue] = []
        for element in list {
            if index(of: element, in: order, mergeKey: mergeKey) != nil {
                listed.append(element)
            } else {
                unlisted.append(element)
            }
        }
        return interleave(serverOnly: unlisted, patchItems: sorted(listed, by: order, mergeKey: mergeKey),
                          serverOrder: serverOrder, mergeKey: mergeKey)
    }

    /// The patch list's elements must appear in the `$setElementOrder` list, in the same order.
    private static func validateOrder(_ patch: [JSONValue], order: [JSONValue], mergeKey: String?) throws(Failure) {
        var orderIndex = 0
        for element in patch {
            if case .object(let members) = element, members[directiveMarker] != nil { continue }
            guard let id = identity(element, mergeKey: mergeKey) else { continue }
            while orderIndex < order.count && identity(order[orderIndex], mergeKey: mergeKey) != id {
                orderIndex += 1
            }
            if orderIndex == order.count {
                throw Failure.badRequest("invalid patch format of setElementOrder list: the order in the patch list \(describe(.array(patch))) doesn't match $setElementOrder list \(describe(.array(order)))")
            }
            orderIndex += 1
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        String(decoding: JSONWriter.encode(value), as: UTF8.self)
    }
}
