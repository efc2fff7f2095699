import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The scale baseline: a bare Hummingbird route that decodes a ConfigMap body with
/// Foundation's JSONDecoder, fills in a name when `generateName` is given (as a create would),
/// re-encodes it with JSONEncoder and answers 201. No storage, no validation.
enum BareRoute {
    private static let serials = Atomic<Int>(0)

    static func run(port: Int) async throws {
        let router = Router()
        router.post("/api/v1/namespaces/{namespace}/configmaps") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 3 << 20)
            var object = try JSONDecoder().decode(ConfigMapShape.self, from: Data(body.readableBytesView))
            let serial = serials.add(1, ordering: .relaxed).newValue
            if object.metadata?.name == nil, let prefix = object.metadata?.generateName {
                object.metadata?.name = prefix + String(serial, radix: 36)
            }
            object.metadata?.resourceVersion = String(serial)
            let encoded = try JSONEncoder().encode(object)
            return Response(status: .created, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: encoded)))
        }
        var logger = Logger(label: "bare-route")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
                              logger: logger)
        try await app.runService()
    }
}
