import Foundation

/// How long each step of a bench run took: `timings.json`, kept apart from the
/// metrics because it changes from run to run.
struct BenchTimings: Encodable {
    struct Step: Encodable {
        var step: String
        var seconds: Double
    }

    /// ISO 8601, UTC.
    var startedAt: String
    var steps: [Step] = []
    var totalSeconds: Double = 0

    private var start: Date

    enum CodingKeys: String, CodingKey { case startedAt, steps, totalSeconds }

    init() {
        start = Date()
        startedAt = ISO8601DateFormatter().string(from: start)
    }

    /// Runs `body`, recording its duration under `name`.
    mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let t0 = Date()
        let value = try body()
        steps.append(Step(step: name, seconds: (Date().timeIntervalSince(t0) * 1000).rounded() / 1000))
        totalSeconds = (Date().timeIntervalSince(start) * 1000).rounded() / 1000
        return value
    }
}
