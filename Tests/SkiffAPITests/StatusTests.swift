import Testing
import Foundation
@testable import SkiffAPI

@Suite("Status and StatusError")
struct StatusTests {
    private func json(_ error: StatusError) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(error.status), as: UTF8.self)
    }

    @Test func notFoundEncodesLikeKubernetes() throws {
        let error = StatusError.notFound(resource: "pods", name: "web")
        #expect(try json(error)
                == #"{"apiVersion":"v1","code":404,"details":{"kind":"pods","name":"web"},"kind":"Status","message":"pods \"web\" not found","metadata":{},"reason":"NotFound","status":"Failure"}"#)
        #expect(error.description == #"pods "web" not found"#)
        #expect(error.code == 404)
        #expect(error.reason == .notFound)
    }

    @Test func invalidEncodesCauses() throws {
        let error = StatusError.invalid(kind: "Pod", name: "web", errors: [.required("spec.containers[0].name")])
        #expect(error.message == #"Pod "web" is invalid: spec.containers[0].name: Required value"#)
        #expect(try json(error)
                == #"{"apiVersion":"v1","code":422,"details":{"causes":[{"field":"spec.containers[0].name","message":"Required value","reason":"FieldValueRequired"}],"kind":"Pod","name":"web"},"kind":"Status","message":"Pod \"web\" is invalid: spec.containers[0].name: Required value","metadata":{},"reason":"Invalid","status":"Failure"}"#)
    }

    @Test func invalidWithSeveralErrorsAndAGroup() {
        let error = StatusError.invalid(kind: "Deployment", group: "apps", name: "web", errors: [
            .invalid("metadata.name", "Web", "bad name"), .required("spec.selector"),
        ])
        #expect(error.message == #"Deployment.apps "web" is invalid: [metadata.name: Invalid value: "Web": bad name, spec.selector: Required value]"#)
        #expect(error.status.details?.group == "apps")
        #expect(error.status.details?.causes.map(\.type) == ["FieldValueInvalid", "FieldValueRequired"])
        #expect(StatusError.invalid(kind: "Pod", name: "x", errors: []).message == #"Pod "x" is invalid"#)
    }

    @Test(arguments: [
        (StatusError.badRequest("bad"), Int32(400), StatusReason.badRequest, "bad"),
        (.unauthorized(), 401, .unauthorized, "not authorized"),
        (.unauthorized("token expired"), 401, .unauthorized, "token expired"),
        (.forbidden(resource: "pods", name: "web", because: #"User "bob" cannot get resource "pods""#), 403, .forbidden,
         #"pods "web" is forbidden: User "bob" cannot get resource "pods""#),
        (.forbidden(resource: "deployments", group: "apps", because: "no"), 403, .forbidden, "deployments.apps is forbidden: no"),
        (.forbidden(resource: "", because: "no"), 403, .forbidden, "forbidden: no"),
        (.notFound(resource: "pods", name: "web"), 404, .notFound, #"pods "web" not found"#),
        (.notFound(resource: "deployments", group: "apps", name: "web"), 404, .notFound, #"deployments.apps "web" not found"#),
        (.methodNotSupported(resource: "pods", action: "patch"), 405, .methodNotAllowed,
         #"patch is not supported on resources of kind "pods""#),
        (.notAcceptable("no"), 406, .notAcceptable, "no"),
        (.alreadyExists(resource: "pods", name: "web"), 409, .alreadyExists, #"pods "web" already exists"#),
        (.generateNameConflict(resource: "pods", name: "web-x7k2p", retryAfterSeconds: 1), 409, .alreadyExists,
         #"pods "web-x7k2p" already exists, the server was not able to generate a unique name for the object"#),
        (.conflict(resource: "pods", name: "web"), 409, .conflict,
         #"Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again"#),
        (.conflict(resource: "deployments", group: "apps", name: "web", because: "precondition failed"), 409, .conflict,
         #"Operation cannot be fulfilled on deployments.apps "web": precondition failed"#),
        (.gone("too old resource version: 5 (10)"), 410, .gone, "too old resource version: 5 (10)"),
        (.resourceExpired("too old resource version: 5 (10)"), 410, .expired, "too old resource version: 5 (10)"),
        (.requestEntityTooLarge("limit is 3145728"), 413, .requestEntityTooLarge, "Request entity too large: limit is 3145728"),
        (.unsupportedMediaType(accepted: ["application/json", "application/yaml"]), 415, .unsupportedMediaType,
         "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml"),
        (.tooManyRequests("slow down", retryAfterSeconds: 2), 429, .tooManyRequests, "slow down"),
        (.tooManyRequests("slow down"), 429, .tooManyRequests, "Too many requests: slow down"),
        (.internalError("boom"), 500, .internalError, "Internal error occurred: boom"),
        (.serverTimeout(resource: "pods", operation: "create", retryAfterSeconds: 2), 500, .serverTimeout,
         "The create operation against pods could not be completed at this time, please try again."),
        (.serviceUnavailable("down"), 503, .serviceUnavailable, "down"),
        (.timeout("request did not complete within 60s", retryAfterSeconds: 1), 504, .timeout,
         "Timeout: request did not complete within 60s"),
    ])
    func factories(error: StatusError, code: Int32, reason: StatusReason, message: String) {
        #expect(error.code == code)
        #expect(error.reason == reason)
        #expect(error.message == message)
        #expect(error.status.status == "Failure")
        #expect(error.status.kind == "Status")
        #expect(error.status.apiVersion == "v1")
    }

    @Test func retryAfterAndCauses() throws {
        #expect(StatusError.tooManyRequests("x", retryAfterSeconds: 3).retryAfterSeconds == 3)
        #expect(StatusError.badRequest("x").retryAfterSeconds == nil)
        #expect(try json(.tooManyRequests("x", retryAfterSeconds: 3))
                == #"{"apiVersion":"v1","code":429,"details":{"retryAfterSeconds":3},"kind":"Status","message":"x","metadata":{},"reason":"TooManyRequests","status":"Failure"}"#)
        #expect(try json(.internalError("boom"))
                == #"{"apiVersion":"v1","code":500,"details":{"causes":[{"message":"boom"}]},"kind":"Status","message":"Internal error occurred: boom","metadata":{},"reason":"InternalError","status":"Failure"}"#)
        #expect(try json(.badRequest("x"))
                == #"{"apiVersion":"v1","code":400,"kind":"Status","message":"x","metadata":{},"reason":"BadRequest","status":"Failure"}"#)
    }

    @Test func decodesAKubernetesStatus() throws {
        let body = #"""
        {"kind":"Status","apiVersion":"v1","metadata":{"resourceVersion":"12"},"status":"Failure",
         "message":"Pod \"web\" is invalid: spec.containers[0].image: Required value","reason":"Invalid",
         "details":{"name":"web","kind":"Pod","uid":"u-1","causes":[{"reason":"FieldValueRequired",
         "message":"Required value","field":"spec.containers[0].image"}],"retryAfterSeconds":0},"code":422,
         "unknownField":true}
        """#
        let status = try JSONDecoder().decode(Status.self, from: Data(body.utf8))
        #expect(status.code == 422)
        #expect(status.reason == .invalid)
        #expect(status.metadata.resourceVersion == "12")
        #expect(status.details?.uid == "u-1")
        #expect(status.details?.causes == [StatusCause(type: "FieldValueRequired", message: "Required value",
                                                       field: "spec.containers[0].image")])
        let roundTrip = try JSONDecoder().decode(Status.self, from: JSONEncoder().encode(status))
        #expect(roundTrip == status)
    }

    @Test func successStatus() throws {
        let status = Status(status: Status.success, code: 200)
        #expect(try json(StatusError(status)) == #"{"apiVersion":"v1","code":200,"kind":"Status","metadata":{},"status":"Success"}"#)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(Status.Metadata(continue: "abc", remainingItemCount: 3)), as: UTF8.self)
                == #"{"continue":"abc","remainingItemCount":3}"#)
    }
}
