import Foundation

/// A TCP socket in LISTEN state owned by a container process.
public struct ListeningSocket: Sendable, Hashable {
    /// The bound address as printed (`0.0.0.0`, `127.0.0.1`, `::`, ...).
    public var address: String
    public var port: Int
    /// Bound to all interfaces (`0.0.0.0` or `::`).
    public var isWildcard: Bool
}

/// Finds listening TCP sockets of a set of processes from `/proc/net/tcp{,6}` and `/proc/<pid>/fd`.
public enum ListeningSockets {
    /// LISTEN sockets (one entry per address and port) held open by any of `pids`.
    public static func find(pids: [Int32]) -> [ListeningSocket] {
        var inodes = Set<UInt64>()
        for pid in pids {
            let directory = "/proc/\(pid)/fd"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/\(name)"),
                      target.hasPrefix("socket:["), target.hasSuffix("]"),
                      let inode = UInt64(target.dropFirst(8).dropLast())
                else { continue }
                inodes.insert(inode)
            }
        }
        guard !inodes.isEmpty else { return [] }
        // The socket tables of the network namespace of the first process (the agent's own otherwise).
        let base = pids.first.map { "/proc/\($0)/net" } ?? "/proc/net"
        var sockets = Set<ListeningSocket>()
        for (file, isIPv6) in [("tcp", false), ("tcp6", true)] {
            let text = ProcFS.readFile("\(base)/\(file)") ?? ""
            for entry in parseTable(text, isIPv6: isIPv6) where inodes.contains(entry.inode) {
                sockets.insert(entry.socket)
            }
        }
        return sockets.sorted { ($0.port, $0.address) < ($1.port, $1.address) }
    }

    /// Ports of `find(pids:)` bound to a wildcard address.
    public static func wildcardPorts(pids: [Int32]) -> [Int] {
        Array(Set(find(pids: pids).filter(\.isWildcard).map(\.port))).sorted()
    }

    /// Parses the LISTEN rows (state `0A`) of a `/proc/net/tcp` or `tcp6` table. Pure.
    static func parseTable(_ text: String, isIPv6: Bool) -> [(socket: ListeningSocket, inode: UInt64)] {
        var rows: [(socket: ListeningSocket, inode: UInt64)] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count >= 10, fields[3] == "0A" else { continue }
            let local = fields[1].split(separator: ":")
            guard local.count == 2, let port = Int(local[1], radix: 16), let inode = UInt64(fields[9]) else { continue }
            let hex = String(local[0])
            let address = isIPv6 ? ipv6(hex) : ipv4(hex)
            guard let address else { continue }
            let wildcard = hex.allSatisfy { $0 == "0" }
            rows.append((ListeningSocket(address: address, port: port, isWildcard: wildcard), inode))
        }
        return rows
    }

    /// `/proc/net/tcp` prints the address as one little-endian 32-bit hex word.
    private static func ipv4(_ hex: String) -> String? {
        guard hex.count == 8, let value = UInt32(hex, radix: 16) else { return nil }
        return "\(value & 0xff).\((value >> 8) & 0xff).\((value >> 16) & 0xff).\(value >> 24)"
    }

    /// Four little-endian 32-bit words.
    private static func ipv6(_ hex: String) -> String? {
        guard hex.count == 32 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        for _ in 0..<4 {
            let end = hex.index(index, offsetBy: 8)
            guard let word = UInt32(hex[index..<end], radix: 16) else { return nil }
            bytes += [UInt8(word & 0xff), UInt8((word >> 8) & 0xff), UInt8((word >> 16) & 0xff), UInt8(word >> 24)]
            index = end
        }
        if bytes.allSatisfy({ $0 == 0 }) { return "::" }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}
