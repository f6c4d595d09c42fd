import Foundation
import TelltaleSupport

/// What a set of one class measures at a threshold: a **real-only** set (camera photographs
/// from the wild, say) the **false-positive rate** — the share of reals called fake — and a
/// **fake-only** set (one generator's output) the **recall** — the share of fakes detected.
/// Ranking metrics (ROC AUC, AP, EER) need both classes and stay undefined.
///
/// Two 95 % (or the bootstrap's confidence) intervals come with the rate:
/// - **bootstrap**: the percentile bootstrap of ``BootstrapIntervals``, resampling the n
///   images with replacement (draws from `SeededGenerator.stream(seed: seed, "bootstrap")`,
///   so identical under one seed); nil when no bootstrap was asked for. When the rate is 0
///   or 1 every resample gives the same rate and the interval has zero width;
/// - **Wilson**: the Wilson score interval (Wilson, JASA 1927; no continuity correction —
///   `scipy.stats.binomtest(k, n).proportion_ci(method="wilson")`), which stays honest at 0
///   and 1: 0 false positives among 300 reals is a rate of at most 1.3 %, not exactly 0.
public struct SingleClassRate: Codable, Sendable, Hashable {
    /// Which rate a set of one class measures.
    public enum Metric: String, Codable, Sendable, Hashable {
        /// Reals called fake: FP / (FP + TN), on a real-only set.
        case falsePositiveRate
        /// Fakes called fake: TP / (TP + FN), on a fake-only set.
        case recall
    }

    public let metric: Metric
    /// The class present: 0 real, 1 fake.
    public let label: Int
    /// Images in the set.
    public let count: Int
    /// Images called fake (false positives on a real-only set, detections on a fake-only set).
    public let calledFake: Int
    /// calledFake / count.
    public let rate: Double
    /// The percentile-bootstrap interval, when a bootstrap was asked for.
    public let bootstrap: ConfidenceInterval?
    /// The Wilson score interval at the same confidence (0.95 without a bootstrap).
    public let wilson: ConfidenceInterval
    /// The confidence of both intervals.
    public let confidence: Double

    public init(metric: Metric, label: Int, count: Int, calledFake: Int, rate: Double,
                bootstrap: ConfidenceInterval?, wilson: ConfidenceInterval, confidence: Double) {
        self.metric = metric
        self.label = label
        self.count = count
        self.calledFake = calledFake
        self.rate = rate
        self.bootstrap = bootstrap
        self.wilson = wilson
        self.confidence = confidence
    }

    /// A sentence for a report: what the set measures.
    public var note: String {
        metric == .falsePositiveRate
            ? "Real images only (\(count)): this set measures the false-positive rate (reals called fake); "
                + "precision, recall, ROC AUC, AP and EER need fakes too."
            : "Fake images only (\(count)): this set measures the recall (fakes detected); "
                + "precision, the false-positive rate, ROC AUC, AP and EER need reals too."
    }

    /// The Wilson score interval of k successes in n trials at `confidence`:
    /// centre (k + z²/2) / (n + z²), half-width z/(n + z²) · √(k(n − k)/n + z²/4),
    /// z = Φ⁻¹(1 − α/2), clipped to [0, 1].
    public static func wilsonInterval(successes k: Int, trials n: Int, confidence: Double) -> ConfidenceInterval {
        precondition(n > 0 && k >= 0 && k <= n)
        let z = NormalQuantile.upper(tail: (1 - confidence) / 2)
        let nd = Double(n), kd = Double(k), z2 = z * z
        let centre = (kd + z2 / 2) / (nd + z2)
        let half = z / (nd + z2) * (kd * (nd - kd) / nd + z2 / 4).squareRoot()
        return ConfidenceInterval(estimate: kd / nd, lower: max(0, centre - half), upper: min(1, centre + half))
    }
}

extension LabelledScores {
    /// The rate a set of one class measures at `threshold` (see ``SingleClassRate``), with its
    /// Wilson interval and, when `bootstrap` is given, its percentile-bootstrap interval.
    /// - Throws: `invalidArgument` when both classes occur, or for a bootstrap of fewer than
    ///   2 resamples or a confidence outside (0, 1).
    public func singleClassRate(threshold: Double, bootstrap: BootstrapConfiguration? = nil) throws -> SingleClassRate {
        guard !hasBothClasses else {
            throw EvaluationError.invalidArgument("A single-class rate needs a set of one class; this one holds both.")
        }
        let confidence = bootstrap?.confidence ?? 0.95
        if let b = bootstrap {
            guard b.resamples >= 2 else {
                throw EvaluationError.invalidArgument("The bootstrap needs at least 2 resamples; got \(b.resamples).")
            }
        }
        guard confidence > 0, confidence < 1 else {
            throw EvaluationError.invalidArgument("A confidence level must lie in (0, 1); got \(confidence).")
        }
        let label = labels[0]
        let calledFake = scores.reduce(0) { $0 + ($1 >= threshold ? 1 : 0) }
        let n = count
        let rate = Double(calledFake) / Double(n)
        var interval: ConfidenceInterval?
        if let b = bootstrap {
            let hits = scores.map { $0 >= threshold }
            var generator = SeededGenerator.stream(seed: b.seed, "bootstrap")
            var rates = [Double]()
            rates.reserveCapacity(b.resamples)
            for _ in 0 ..< b.resamples {
                var k = 0
                for _ in 0 ..< n where hits[generator.nextIndex(below: n)] { k += 1 }
                rates.append(Double(k) / Double(n))
            }
            rates.sort()
            let alpha = 1 - confidence
            interval = ConfidenceInterval(estimate: rate, lower: Percentile.linear(rates, alpha / 2),
                                          upper: Percentile.linear(rates, 1 - alpha / 2))
        }
        return SingleClassRate(metric: label == 0 ? .falsePositiveRate : .recall, label: label, count: n,
                               calledFake: calledFake, rate: rate, bootstrap: interval,
                               wilson: SingleClassRate.wilsonInterval(successes: calledFake, trials: n, confidence: confidence),
                               confidence: confidence)
    }
}

/// Quantiles of the standard normal distribution.
enum NormalQuantile {
    /// z with P(Z > z) = `tail` (0 < tail < 1): Acklam's rational approximation (relative
    /// error 1.15e-9) refined by one Halley step on `erfc`, which brings it to full precision.
    static func upper(tail: Double) -> Double {
        -lower(tail)
    }

    /// z with P(Z ≤ z) = p.
    static func lower(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // One Halley step: e = Φ(x) − p, u = e·√(2π)·exp(x²/2).
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}
