import Foundation

#if os(Linux)
@_silgen_name("prctl")
private func skiff_prctl(_ option: Int32, _ arg2: UInt, _ arg3: UInt, _ arg4: UInt, _ arg5: UInt) -> Int32
#endif

/// Makes this process a child subreaper (`PR_SET_CHILD_SUBREAPER`): orphaned descendants are re-parented to
/// it instead of init, so the runtime can find, kill and reap them.
enum Subreaper {
    /// Returns whether it worked.
    @discardableResult
    static func enable() -> Bool {
        #if os(Linux)
        return skiff_prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0) == 0
        #else
        return false
        #endif
    }
}
