#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Measures named steps of a run, for `--verbose` timings and the summary line.
public struct Stopwatch: Sendable {
    public struct Lap: Sendable {
        public var name: String
        /// Wall-clock time of the step.
        public var seconds: Double
        /// CPU time (user + system) the whole process spent in the step, every thread counted:
        /// above `seconds` when the step kept both cores busy.
        public var cpuSeconds: Double
        /// The process's peak resident memory at the end of the step (the high-water mark so far).
        public var peakResidentBytes: Int
    }

    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastLap: ContinuousClock.Instant
    private var lastCPU: Double
    public private(set) var laps: [Lap] = []

    public init() {
        start = clock.now
        lastLap = start
        lastCPU = Self.processUsage().cpuSeconds
    }

    /// Records the time since the previous lap under `name`.
    public mutating func lap(_ name: String) {
        let now = clock.now
        let usage = Self.processUsage()
        let cpu = usage.cpuSeconds
        laps.append(
            Lap(
                name: name, seconds: Self.seconds(now - lastLap), cpuSeconds: cpu - lastCPU,
                peakResidentBytes: usage.peakResidentBytes))
        lastLap = now
        lastCPU = cpu
    }

    public var elapsedSeconds: Double { Self.seconds(clock.now - start) }

    /// User + system time of every thread of this process so far, and its peak resident memory.
    public static func processUsage() -> (cpuSeconds: Double, peakResidentBytes: Int) {
        var usage = rusage()
        #if canImport(Glibc)
            let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
            let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return (0, 0) }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        #if os(Linux)
            let peak = usage.ru_maxrss * 1024  // kilobytes on Linux
        #else
            let peak = usage.ru_maxrss  // bytes on macOS
        #endif
        return (seconds(usage.ru_utime) + seconds(usage.ru_stime), Int(peak))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
