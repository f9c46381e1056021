import Foundation

/// Runs the built `minaoshi` executable and captures what it printed.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum CommandRunner {
    /// The `minaoshi` binary beside the test bundle (SwiftPM builds it because the test target depends on it).
    public static var minaoshiExecutable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The test binary may sit inside a bundle folder (`*.xctest/…`) on some platforms.
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("minaoshi")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return FixtureSite.packageRoot.appendingPathComponent(".build/debug/minaoshi")
    }

    /// - Parameters:
    ///   - virtualMemoryKiB: runs the binary under `ulimit -v` (a shell's), so that a runaway
    ///     allocation ends the child, not the test process or the machine.
    ///   - launcher: a command that runs the binary, such as `["/usr/bin/taskset", "-c", "0"]`.
    public static func run(
        _ arguments: [String], in directory: URL, virtualMemoryKiB: Int? = nil, launcher: [String] = []
    ) throws -> CommandResult {
        let process = Process()
        var command = launcher + [minaoshiExecutable.path] + arguments
        if let virtualMemoryKiB {
            command = ["/bin/sh", "-c", "ulimit -v \(virtualMemoryKiB) && exec \"$0\" \"$@\""] + command
        }
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes at once: a child that fills one pipe while we wait on the other would hang.
        let stderrReader = PipeReader(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = stderrReader.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Reads a pipe to its end on a thread of its own.
// @unchecked: the reading thread writes `data` before signalling `done`; `wait()` reads it only after.
private final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
