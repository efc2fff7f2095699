import EtcdAPI
import Foundation

extension EtcdStorage {
    /// A bare etcd `Put` on this storage's connection, without the compare, the key checks or
    /// the error mapping of ``create(_:value:)``: the baseline the store benchmark measures Skiff's
    /// overhead against. Not part of the `Storage` contract; returns the new revision.
    @_spi(Benchmark)
    public func baselinePut(_ key: String, value: Data) async throws -> Int64 {
        var request = Etcdserverpb_PutRequest()
        request.key = Data(key.utf8)
        request.value = value
        let connection = try connections.connection(at: connections.preferredIndex)
        return try await connection.kv.put(request, options: EtcdEndpoints.unaryOptions).header.revision
    }
}
