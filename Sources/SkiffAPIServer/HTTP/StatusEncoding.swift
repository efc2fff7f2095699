import Foundation
import SkiffAPI

/// Encodes `Status` objects (errors, and the success Status of some deletes) as JSON bytes.
enum StatusEncoding {
    static func encode(_ status: Status) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(status) else {
            return Array(#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","code":500}"#.utf8)
        }
        return Array(data)
    }

    /// The response for an error.
    static func response(_ error: StatusError) -> APIResponse {
        .json(status: Int(error.code == 0 ? 500 : error.code), body: encode(error.status))
    }

    /// Kubernetes' generic 404 for a path nothing is served at.
    static let pathNotFound: StatusError = StatusError(Status(
        message: "the server could not find the requested resource", reason: .notFound,
        details: StatusDetails(), code: 404))

    /// Kubernetes' generic 405 for a method a resource does not support.
    static let methodNotAllowed: StatusError = StatusError(Status(
        message: "the server does not allow this method on the requested resource", reason: .methodNotAllowed,
        details: StatusDetails(), code: 405))
}
