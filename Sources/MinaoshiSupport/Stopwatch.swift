/// Measures named steps of a run, for `--verbose` timings and the summary line.
public struct Stopwatch: Sendable {
    public struct Lap: Sendable {
        public var name: String
        public var seconds: Double
    }

    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastLap: ContinuousClock.Instant
    public private(set) var laps: [Lap] = []

    public init() {
        start = clock.now
        lastLap = start
    }

    /// Records the time since the previous lap under `name`.
    public mutating func lap(_ name: String) {
        let now = clock.now
        laps.append(Lap(name: name, seconds: Self.seconds(now - lastLap)))
        lastLap = now
    }

    public var elapsedSeconds: Double { Self.seconds(clock.now - start) }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
