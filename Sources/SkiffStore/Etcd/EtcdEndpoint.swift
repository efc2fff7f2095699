import Foundation
import GRPCNIOTransportHTTP2

/// A bad `--datastore-endpoint` value: the message says which entry and why.
public struct EtcdConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// One etcd client URL, e.g. `http://127.0.0.1:2379`, parsed into what the gRPC transport needs.
///
/// Accepted forms: `http://host:port`, `host:port`, `http://[::1]:port`; the port defaults to 2379.
/// `https://` is refused (TLS to etcd is not supported yet).
struct EtcdEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The endpoint as the operator wrote it (trimmed), used in messages.
    let url: String
    let host: String
    let port: Int

    var description: String { url }

    init(parsing text: String) throws(EtcdConfigurationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw EtcdConfigurationError("empty etcd endpoint") }
        if trimmed.lowercased().hasPrefix("https://") {
            throw EtcdConfigurationError("etcd endpoint \(trimmed): https is not supported yet; use http://")
        }
        let withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed
        guard let components = URLComponents(string: withScheme), components.scheme?.lowercased() == "http",
            var host = components.host, !host.isEmpty
        else {
            throw EtcdConfigurationError("etcd endpoint \(trimmed) is not a URL like http://127.0.0.1:2379")
        }
        if components.path != "" && components.path != "/" {
            throw EtcdConfigurationError("etcd endpoint \(trimmed) must not have a path")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = components.port ?? 2379
        guard (1...65535).contains(port) else {
            throw EtcdConfigurationError("etcd endpoint \(trimmed) has an invalid port \(port)")
        }
        self.url = trimmed
        self.host = host
        self.port = port
    }

    /// Splits a comma-separated list (the `--datastore-endpoint` flag) and parses every entry.
    static func parseList(_ entries: [String]) throws(EtcdConfigurationError) -> [EtcdEndpoint] {
        var endpoints: [EtcdEndpoint] = []
        for entry in entries {
            for part in entry.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
                endpoints.append(try EtcdEndpoint(parsing: String(part)))
            }
        }
        guard !endpoints.isEmpty else { throw EtcdConfigurationError("no etcd endpoints given") }
        return endpoints
    }

    /// The name-resolution target for the gRPC transport.
    func makeTransport(config: HTTP2ClientTransport.Posix.Config) throws -> HTTP2ClientTransport.Posix {
        if host.contains(":") {
            return try HTTP2ClientTransport.Posix(
                target: .ipv6(address: host, port: port), transportSecurity: .plaintext, config: config)
        }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) {
            return try HTTP2ClientTransport.Posix(
                target: .ipv4(address: host, port: port), transportSecurity: .plaintext, config: config)
        }
        return try HTTP2ClientTransport.Posix(
            target: .dns(host: host, port: port), transportSecurity: .plaintext, config: config)
    }
}
