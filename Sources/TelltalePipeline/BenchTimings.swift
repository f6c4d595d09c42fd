import Foundation

/// How long each step of a bench run took: `timings.json`, kept apart from the
/// metrics because it changes from run to run.
public struct BenchTimings: Encodable {
    public struct Step: Encodable {
        public var step: String
        public var seconds: Double
    }

    /// ISO 8601, UTC.
    public var startedAt: String
    public var steps: [Step] = []
    public var totalSeconds: Double = 0

    private var start: Date

    public enum CodingKeys: String, CodingKey { case startedAt, steps, totalSeconds }

    public init() {
        start = Date()
        startedAt = ISO8601DateFormatter().string(from: start)
    }

    /// Runs `body`, recording its duration under `name`.
    public mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let t0 = Date()
        let value = try body()
        steps.append(Step(step: name, seconds: (Date().timeIntervalSince(t0) * 1000).rounded() / 1000))
        totalSeconds = (Date().timeIntervalSince(start) * 1000).rounded() / 1000
        return value
    }
}
