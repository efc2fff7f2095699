import Foundation
import NIOCore
import SkiffAPI
import SkiffModel

extension KubernetesClient {
    /// Watches a kind in `namespace` (nil: all namespaces) from `options.resourceVersion`
    /// (nil or "0": synthetic ADDED events for the current objects first). The stream ends when
    /// the server ends the watch (`timeoutSeconds`, shutdown); it throws `.status` when the
    /// server refuses it and `.transport` when the connection breaks. Cancelling the consuming
    /// task (or dropping the stream) closes the connection.
    public func watch<T: APIObject>(_ type: T.Type, namespace: String? = nil,
                                    options: ListOptions = ListOptions()) throws -> AsyncThrowingStream<WatchEvent<T>, any Error> {
        let resource = try T.apiResource()
        return watchStream(T.self, path: resource.collectionPath(namespace: namespace), options: options)
    }

    /// Watches one object by name.
    public func watch<T: APIObject>(_ type: T.Type, name: String, namespace: String? = nil,
                                    options: ListOptions = ListOptions()) throws -> AsyncThrowingStream<WatchEvent<T>, any Error> {
        let resource = try T.apiResource()
        var scoped = options
        let selector = "metadata.name=\(name)"
        scoped.fieldSelector = [options.fieldSelector, selector].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ",")
        return watchStream(T.self, path: resource.collectionPath(namespace: Self.scope(resource, namespace)), options: scoped)
    }

    /// The watch loop shared by typed and dynamic watches.
    func watchStream<Object: Decodable & Sendable>(_ type: Object.Type, path: String,
                                                   options: ListOptions) -> AsyncThrowingStream<WatchEvent<Object>, any Error> {
        let request = makeRequest(.GET, path, query: options.queryItems(watch: true), body: nil, contentType: "application/json")
        let timeout = configuration.requestTimeout
        let transport = self.transport
        let (stream, continuation) = AsyncThrowingStream<WatchEvent<Object>, any Error>.makeStream(bufferingPolicy: .unbounded)
        let task = Task {
            do {
                let answer: TransportStream
                do {
                    answer = try await transport.stream(request, timeout: timeout)
                } catch {
                    throw Self.transportError(error)
                }
                guard (200..<300).contains(answer.status) else {
                    var body: [UInt8] = []
                    do {
                        for try await chunk in answer.body where body.count < 1 << 20 { body += chunk }
                    } catch {}
                    throw KubernetesClientError.status(Self.status(code: answer.status, body: body))
                }
                var splitter = LineSplitter()
                let decoder = JSONDecoder()
                do {
                    for try await chunk in answer.body {
                        for line in try splitter.feed(chunk) {
                            continuation.yield(try Self.decodeEvent(Object.self, line: line, decoder: decoder))
                        }
                    }
                } catch let error as KubernetesClientError {
                    throw error
                } catch {
                    throw Task.isCancelled ? CancellationError() : Self.transportError(error)
                }
                if let rest = splitter.finish() {
                    continuation.yield(try Self.decodeEvent(Object.self, line: rest, decoder: decoder))
                }
                continuation.finish()
            } catch is CancellationError {
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    static func decodeEvent<Object: Decodable & Sendable>(_ type: Object.Type, line: [UInt8],
                                                          decoder: JSONDecoder) throws -> WatchEvent<Object> {
        if let fast = WatchEvent<Object>.self as? any JSONValueDecodable.Type, let event = try? fast.init(jsonBytes: line) {
            return event as! WatchEvent<Object>
        }
        do {
            return try decoder.decode(WatchEvent<Object>.self, from: Data(line))
        } catch {
            throw KubernetesClientError.decoding("watch event: \(error)")
        }
    }
}
