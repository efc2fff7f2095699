import SkiffModel

/// One page of a list: the items, decoded as `Object`, and the list metadata.
public struct ObjectList<Object: Sendable>: Sendable {
    public var items: [Object]
    /// The revision the list was read at: watch from here to follow changes.
    public var resourceVersion: String?
    /// The token for the next page (nil on the last page).
    public var continueToken: String?
    public var remainingItemCount: Int64?

    public init(items: [Object], resourceVersion: String? = nil, continueToken: String? = nil,
                remainingItemCount: Int64? = nil) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }
}

/// The wire shape of any list: `items` plus `metadata` (ListMeta).
struct ListEnvelope<Object: Decodable & Sendable>: Decodable {
    var items: [Object]?
    var metadata: MetaV1.ListMeta?

    var list: ObjectList<Object> {
        let token = metadata?.continue
        return ObjectList(items: items ?? [], resourceVersion: metadata?.resourceVersion,
                          continueToken: (token?.isEmpty ?? true) ? nil : token,
                          remainingItemCount: metadata?.remainingItemCount)
    }
}

/// Reads only `kind`, to tell a `Status` answer from an object.
struct KindProbe: Decodable {
    var kind: String?
}
