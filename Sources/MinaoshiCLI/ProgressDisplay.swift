import Foundation
import MinaoshiSite
import MinaoshiSupport

/// Shows a build's progress on standard error. On a terminal, one line rewritten in place:
/// `[6/9] render pages 4,500 / 10,000`. Elsewhere (a pipe, CI), a plain line per finished step
/// when `verbose`, nothing otherwise, so logs stay readable.
final class ProgressDisplay: Sendable {
    private let isTerminal: Bool
    private let verbose: Bool
    /// The step shown and its last count, changed by events from several threads.
    private struct Line: Sendable {
        var current = ""
        var lastCount = ""
    }
    private let line = Locked(Line())

    init(verbose: Bool, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.verbose = verbose
        self.isTerminal = isTerminal
    }

    var progress: BuildProgress {
        BuildProgress { [self] event in line.withLock { show(event, on: &$0) } }
    }

    /// Clears the live line before other output is printed.
    func finish() {
        line.withLock { _ in if isTerminal { write("\r\u{1B}[K") } }
    }

    private func show(_ event: BuildProgress.Event, on shown: inout Line) {
        switch event {
        case .started(let step, let index, let count):
            shown.current = "[\(index)/\(count)] \(step)"
            shown.lastCount = ""
            if isTerminal { write("\r\u{1B}[K" + shown.current) }
        case .advanced(_, let done, let total):
            shown.lastCount = "\(done.formatted()) / \(total.formatted())"
            if isTerminal { write("\r\u{1B}[K\(shown.current) \(shown.lastCount)") }
        case .finished(_, let seconds, let cpuSeconds, let peak):
            guard verbose else { return }
            let line =
                shown.current + (shown.lastCount.isEmpty ? "" : " \(shown.lastCount)")
                + String(format: "  %.3f s (CPU %.3f s, peak memory %d MiB)", seconds, cpuSeconds, peak >> 20)
            write(isTerminal ? "\r\u{1B}[K\(line)\n" : "\(line)\n")
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension Int {
    /// `10,000`: thousands separated the same way whatever the locale.
    fileprivate func formatted() -> String {
        let digits = String(self)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}
