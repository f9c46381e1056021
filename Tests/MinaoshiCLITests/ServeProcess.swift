import Foundation
import MinaoshiTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A real `minaoshi serve` on a free loopback port, with what it printed so far.
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    private let lock = NSLock()
    private var output = ""

    init(root: URL, arguments: [String] = []) throws {
        port = RawHTTP.freePort()
        let process = Process()
        process.executableURL = CommandRunner.minaoshiExecutable
        process.arguments = ["serve", "--root", root.path, "--port", String(port), "--now", "2026-11-27"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        self.process = process
        try process.run()
        Thread.detachNewThread { [self] in
            let handle = pipe.fileHandleForReading
            while case let data = handle.availableData, !data.isEmpty {
                lock.withLock { output += String(decoding: data, as: UTF8.self) }
            }
        }
    }

    var printed: String { lock.withLock { output } }

    var http: RawHTTP { RawHTTP(port: port) }

    /// Waits (at most `seconds`) until the output holds `text` `count` times.
    @discardableResult
    func waitFor(_ text: String, count: Int = 1, seconds: Double = 60) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if printed.components(separatedBy: text).count - 1 >= count { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// SIGINT, as Ctrl-C sends it; returns the exit status, or nil when the server had not
    /// stopped 30 s later (it is then killed, so that no test run hangs on it).
    func stop() -> Int32? {
        process.interrupt()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}
