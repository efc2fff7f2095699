import Foundation

/// Facts about the machine read from /proc, /etc and statfs (I/O at the edge; each read is
/// best-effort and falls back to an empty or zero value).
public struct HostFacts: Sendable, Hashable {
    public var cpuCores: Int64
    public var memoryBytes: Int64
    public var ephemeralStorageBytes: Int64
    public var hostname: String
    public var osImage: String
    public var kernelVersion: String
    public var architecture: String
    public var machineID: String
    public var bootID: String

    public init(cpuCores: Int64, memoryBytes: Int64, ephemeralStorageBytes: Int64, hostname: String, osImage: String,
                kernelVersion: String, architecture: String, machineID: String, bootID: String) {
        self.cpuCores = cpuCores
        self.memoryBytes = memoryBytes
        self.ephemeralStorageBytes = ephemeralStorageBytes
        self.hostname = hostname
        self.osImage = osImage
        self.kernelVersion = kernelVersion
        self.architecture = architecture
        self.machineID = machineID
        self.bootID = bootID
    }

    /// Reads the facts of this machine; storage from statfs of `dataDirectory`.
    public static func read(dataDirectory: String) -> HostFacts {
        var info = utsname()
        uname(&info)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var storage: Int64 = 0
        var fs = statvfs()
        if statvfs(dataDirectory, &fs) == 0 { storage = Int64(fs.f_blocks) * Int64(fs.f_frsize) }
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let osRelease = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        return HostFacts(
            cpuCores: Int64(ProcessInfo.processInfo.activeProcessorCount),
            memoryBytes: parseMemTotal(meminfo) ?? Int64(ProcessInfo.processInfo.physicalMemory),
            ephemeralStorageBytes: storage,
            hostname: ProcessInfo.processInfo.hostName,
            osImage: parsePrettyName(osRelease) ?? "Linux",
            kernelVersion: field(info.release),
            architecture: goArchitecture(field(info.machine)),
            machineID: readTrimmed("/etc/machine-id"),
            bootID: readTrimmed("/proc/sys/kernel/random/boot_id"))
    }

    /// `MemTotal:  16314244 kB` → bytes.
    public static func parseMemTotal(_ text: String) -> Int64? {
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kilobytes = Int64(parts[1]) { return kilobytes * 1024 }
        }
        return nil
    }

    /// `PRETTY_NAME="Ubuntu 24.04 LTS"` → `Ubuntu 24.04 LTS`.
    public static func parsePrettyName(_ text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            var value = String(line.dropFirst("PRETTY_NAME=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// uname machine → GOARCH (`x86_64` → `amd64`, `aarch64` → `arm64`).
    public static func goArchitecture(_ machine: String) -> String {
        switch machine {
        case "x86_64": "amd64"
        case "aarch64", "arm64": "arm64"
        case "armv7l": "arm"
        default: machine
        }
    }

    static func readTrimmed(_ path: String) -> String {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
