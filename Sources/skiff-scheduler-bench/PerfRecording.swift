import Foundation

/// `perf record -g` attached to this process for a window of the run (started before the
/// scheduler, stopped once every pod is bound), so a profile shows the scheduling phase only.
final class PerfRecording {
    private let process = Process()

    init(output: String) throws {
        // The child inherits this thread's blocked signals (and the runtime's ignored ones), so perf
        // would never see the SIGINT that stops it: python3 unblocks and resets them, then execs perf.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        let reset = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
            + "signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv('/usr/bin/perf', sys.argv[1:])"
        // A modest rate: at 999 Hz with call graphs perf fell behind on the 2 cores.
        process.arguments = ["-c", reset, "perf", "record", "-g", "-F", "299", "-o", output,
                             "-p", String(ProcessInfo.processInfo.processIdentifier)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Give perf time to attach to every thread before the clock starts.
        Thread.sleep(forTimeInterval: 1.0)
    }

    /// Stops perf (SIGINT lets it write a complete file); after 60 s it is killed.
    func stop() {
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
