extension Status: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, apiVersion, metadata, status, message, reason, details, code
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            status: try container.decodeIfPresent(String.self, forKey: .status) ?? "",
            message: try container.decodeIfPresent(String.self, forKey: .message) ?? "",
            reason: try container.decodeIfPresent(StatusReason.self, forKey: .reason) ?? .unknown,
            details: try container.decodeIfPresent(StatusDetails.self, forKey: .details),
            code: try container.decodeIfPresent(Int32.self, forKey: .code) ?? 0,
            kind: try container.decodeIfPresent(String.self, forKey: .kind) ?? "",
            apiVersion: try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? "",
            metadata: try container.decodeIfPresent(Metadata.self, forKey: .metadata) ?? Metadata())
    }

    /// Kubernetes' order and `omitempty` rules: empty strings, zero code and nil details are left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !kind.isEmpty { try container.encode(kind, forKey: .kind) }
        if !apiVersion.isEmpty { try container.encode(apiVersion, forKey: .apiVersion) }
        try container.encode(metadata, forKey: .metadata)
        if !status.isEmpty { try container.encode(status, forKey: .status) }
        if !message.isEmpty { try container.encode(message, forKey: .message) }
        if !reason.rawValue.isEmpty { try container.encode(reason, forKey: .reason) }
        if let details { try container.encode(details, forKey: .details) }
        if code != 0 { try container.encode(code, forKey: .code) }
    }
}

extension Status.Metadata: Codable {
    private enum CodingKeys: String, CodingKey {
        case selfLink, resourceVersion, `continue`, remainingItemCount
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            selfLink: try container.decodeIfPresent(String.self, forKey: .selfLink),
            resourceVersion: try container.decodeIfPresent(String.self, forKey: .resourceVersion),
            continue: try container.decodeIfPresent(String.self, forKey: .continue),
            remainingItemCount: try container.decodeIfPresent(Int64.self, forKey: .remainingItemCount))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let selfLink, !selfLink.isEmpty { try container.encode(selfLink, forKey: .selfLink) }
        if let resourceVersion, !resourceVersion.isEmpty { try container.encode(resourceVersion, forKey: .resourceVersion) }
        if let `continue`, !`continue`.isEmpty { try container.encode(`continue`, forKey: .continue) }
        if let remainingItemCount { try container.encode(remainingItemCount, forKey: .remainingItemCount) }
    }
}

extension StatusDetails: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, group, kind, uid, causes, retryAfterSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name) ?? "",
            group: try container.decodeIfPresent(String.self, forKey: .group) ?? "",
            kind: try container.decodeIfPresent(String.self, forKey: .kind) ?? "",
            uid: try container.decodeIfPresent(String.self, forKey: .uid) ?? "",
            causes: try container.decodeIfPresent([StatusCause].self, forKey: .causes) ?? [],
            retryAfterSeconds: try container.decodeIfPresent(Int32.self, forKey: .retryAfterSeconds) ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !name.isEmpty { try container.encode(name, forKey: .name) }
        if !group.isEmpty { try container.encode(group, forKey: .group) }
        if !kind.isEmpty { try container.encode(kind, forKey: .kind) }
        if !uid.isEmpty { try container.encode(uid, forKey: .uid) }
        if !causes.isEmpty { try container.encode(causes, forKey: .causes) }
        if retryAfterSeconds != 0 { try container.encode(retryAfterSeconds, forKey: .retryAfterSeconds) }
    }
}

extension StatusCause: Codable {
    private enum CodingKeys: String, CodingKey {
        case type = "reason", message, field
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            type: try container.decodeIfPresent(String.self, forKey: .type) ?? "",
            message: try container.decodeIfPresent(String.self, forKey: .message) ?? "",
            field: try container.decodeIfPresent(String.self, forKey: .field) ?? "")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !type.isEmpty { try container.encode(type, forKey: .type) }
        if !message.isEmpty { try container.encode(message, forKey: .message) }
        if !field.isEmpty { try container.encode(field, forKey: .field) }
    }
}
