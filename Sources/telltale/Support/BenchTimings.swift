import Foundation

/// How long each step of a bench run took: `timings.json`, kept apart from the
/// metrics because it changes from run to run.
struct BenchTimings: Codable {
    struct Step: Codable {
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

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        startedAt = try c.decode(String.self, forKey: .startedAt)
        steps = try c.decode([Step].self, forKey: .steps)
        totalSeconds = try c.decode(Double.self, forKey: .totalSeconds)
        start = Date()
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
