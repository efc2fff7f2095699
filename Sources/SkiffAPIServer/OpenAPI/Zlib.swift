#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// zlib's `uncompress`, looked up in the system's zlib at run time (`dlopen`), so that no
/// module map or linker setting is needed: Foundation already loads libz on Linux, and macOS
/// ships it in /usr/lib.
enum Zlib {
    private typealias Uncompress = @convention(c) (
        UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?, UnsafePointer<UInt8>?, UInt) -> Int32

    private static let libraryNames = ["libz.so.1", "libz.so", "/usr/lib/libz.1.dylib", "libz.dylib"]

    private static let uncompressFunction: Uncompress? = {
        for name in libraryNames {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            if let symbol = dlsym(handle, "uncompress") {
                return unsafeBitCast(symbol, to: Uncompress.self)
            }
        }
        return nil
    }()

    /// The `size` bytes that zlib-format `input` inflates to; nil when zlib is missing, the
    /// data is corrupt or its length differs from `size`.
    static func uncompress(_ input: [UInt8], size: Int) -> [UInt8]? {
        guard let function = uncompressFunction else { return nil }
        var output = [UInt8](repeating: 0, count: size)
        var length = UInt(size)
        let result = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                function(out.baseAddress, &length, source.baseAddress, UInt(source.count))
            }
        }
        guard result == 0, length == UInt(size) else { return nil }
        return output
    }
}
