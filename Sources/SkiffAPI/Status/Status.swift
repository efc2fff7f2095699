/// The Kubernetes `Status` object (`meta/v1 Status`) that the API returns for errors (and some
/// successes), e.g. `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
/// "message":"pods \"web\" not found","reason":"NotFound","details":{"name":"web","kind":"pods"},
/// "code":404}`. Encodes with Kubernetes' field names and order, omitting empty fields
/// (`metadata` is always written).
public struct Status: Sendable, Hashable {
    public var kind: String
    public var apiVersion: String
    public var metadata: Metadata
    /// "Success" or "Failure".
    public var status: String
    /// Human-readable description.
    public var message: String
    /// Machine-readable reason ("NotFound", "Conflict" ...); empty when unknown.
    public var reason: StatusReason
    public var details: StatusDetails?
    /// The HTTP status code (0 when unset).
    public var code: Int32

    /// `status` of a failed request.
    public static let failure = "Failure"
    /// `status` of a successful request.
    public static let success = "Success"

    public init(status: String = Status.failure, message: String = "", reason: StatusReason = .unknown,
                details: StatusDetails? = nil, code: Int32 = 0,
                kind: String = "Status", apiVersion: String = "v1", metadata: Metadata = Metadata()) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.metadata = metadata
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }

    /// The list metadata of a `Status` (Kubernetes' `ListMeta`); normally empty.
    public struct Metadata: Sendable, Hashable {
        public var selfLink: String?
        public var resourceVersion: String?
        public var `continue`: String?
        public var remainingItemCount: Int64?

        public init(selfLink: String? = nil, resourceVersion: String? = nil, continue: String? = nil,
                    remainingItemCount: Int64? = nil) {
            self.selfLink = selfLink
            self.resourceVersion = resourceVersion
            self.continue = `continue`
            self.remainingItemCount = remainingItemCount
        }
    }
}

/// Extra data about a failure (`meta/v1 StatusDetails`): the object it concerns, field-level
/// causes, and how long to wait before retrying.
public struct StatusDetails: Sendable, Hashable {
    public var name: String
    public var group: String
    /// For most reasons the *resource* (`pods`); for Invalid the *kind* (`Pod`).
    public var kind: String
    public var uid: String
    public var causes: [StatusCause]
    public var retryAfterSeconds: Int32

    public init(name: String = "", group: String = "", kind: String = "", uid: String = "",
                causes: [StatusCause] = [], retryAfterSeconds: Int32 = 0) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// One reason a request failed (`meta/v1 StatusCause`); on the wire the type is `reason`.
public struct StatusCause: Sendable, Hashable {
    /// `FieldValueRequired`, `FieldValueInvalid` ... (written as JSON `reason`).
    public var type: String
    public var message: String
    /// The field path, e.g. `spec.containers[0].name`.
    public var field: String

    public init(type: String = "", message: String = "", field: String = "") {
        self.type = type
        self.message = message
        self.field = field
    }

    /// The cause for a field validation error (what Kubernetes' `NewInvalid` records).
    public init(_ error: FieldError) {
        self.init(type: error.kind.rawValue, message: error.body, field: error.field)
    }
}

/// A machine-readable failure reason (`meta/v1 StatusReason`); an open set of strings.
public struct StatusReason: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static let unknown: StatusReason = ""
    public static let unauthorized: StatusReason = "Unauthorized"
    public static let forbidden: StatusReason = "Forbidden"
    public static let notFound: StatusReason = "NotFound"
    public static let alreadyExists: StatusReason = "AlreadyExists"
    public static let conflict: StatusReason = "Conflict"
    public static let gone: StatusReason = "Gone"
    public static let invalid: StatusReason = "Invalid"
    public static let serverTimeout: StatusReason = "ServerTimeout"
    public static let storageReadError: StatusReason = "StorageReadError"
    public static let timeout: StatusReason = "Timeout"
    public static let tooManyRequests: StatusReason = "TooManyRequests"
    public static let badRequest: StatusReason = "BadRequest"
    public static let methodNotAllowed: StatusReason = "MethodNotAllowed"
    public static let notAcceptable: StatusReason = "NotAcceptable"
    public static let requestEntityTooLarge: StatusReason = "RequestEntityTooLarge"
    public static let unsupportedMediaType: StatusReason = "UnsupportedMediaType"
    public static let internalError: StatusReason = "InternalError"
    public static let expired: StatusReason = "Expired"
    public static let serviceUnavailable: StatusReason = "ServiceUnavailable"
}
