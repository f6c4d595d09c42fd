import Foundation
import TelltaleEvaluation
import TelltaleLearning

/// The combined metrics of a bench run (`metrics/metrics.json` and `metrics.md`): one
/// entry per protocol (raw, neutralised) with its model's selection and its test
/// metrics, unperturbed and under each perturbation. Holds no timings, paths of the
/// run folder or dates, so a re-run gives identical bytes.
public struct BenchMetrics: Codable, Equatable {
    public struct ProtocolMetrics: Codable, Equatable {
        /// "raw" or "neutralised".
        public var name: String
        /// The model file, relative to the run folder.
        public var model: String
        public var modelKind: String
        public var featureConfigurationHash: String
        public var trainRows: Int
        /// Training images that could not be decoded (listed on stderr during the run).
        public var trainFailures: Int
        public var threshold: Double
        /// The hyper-parameters chosen by cross-validation (or the only setting).
        public var selectedSetting: [String: String]
        /// Mean cross-validated ROC AUC of the selected setting, when cross-validation ran.
        public var crossValidationROCAUC: Double?
        public var summary: MetricSummary
        public var robustness: RobustnessTable?
    }

    public var name: String
    public var trainImages: Int
    public var testImages: Int
    /// Test images whose bytes also appear in the training set.
    public var trainTestOverlap: [String]
    /// The protocols (of the first seed, with several seeds).
    public var protocols: [ProtocolMetrics]
    /// With several seeds (`seeds` in the spec): every protocol and test condition's numbers
    /// as mean ± std across the seeds; each seed's files are in `seed-<N>/`.
    public var acrossSeeds: SeedRows?

    /// Each (protocol, test condition)'s headline numbers across seeds.
    public struct SeedRows: Codable, Equatable {
        public struct Row: Codable, Equatable {
            public var `protocol`: String
            public var condition: String
            /// nil where a seed's value is undefined (one class).
            public var rocAUC: SeedSpread?
            public var averagePrecision: SeedSpread?
            public var equalErrorRate: SeedSpread?
            public var accuracy: SeedSpread
            public var precision: SeedSpread
            public var recall: SeedSpread
        }

        public var seeds: [String]
        public var rows: [Row]

        public init(seeds: [UInt64], perSeed: [[ProtocolMetrics]]) {
            self.seeds = seeds.map(String.init)
            func conditions(_ p: ProtocolMetrics) -> [(String, MetricSummary)] {
                p.robustness?.rows.map { ($0.perturbation, $0.summary) } ?? [("none", p.summary)]
            }
            var rows: [Row] = []
            for (k, p) in perSeed[0].enumerated() {
                for (c, (condition, _)) in conditions(p).enumerated() {
                    let summaries = perSeed.map { conditions($0[k])[c].1 }
                    rows.append(Row(protocol: p.name, condition: condition,
                                    rocAUC: SeedSpread.ifDefined(summaries.map(\.rocAUC)), averagePrecision: SeedSpread.ifDefined(summaries.map(\.averagePrecision)),
                                    equalErrorRate: SeedSpread.ifDefined(summaries.map { $0.equalErrorRate?.rate }),
                                    accuracy: SeedSpread(summaries.map(\.atThreshold.accuracy)),
                                    precision: SeedSpread(summaries.map(\.atThreshold.precision)),
                                    recall: SeedSpread(summaries.map(\.atThreshold.recall))))
                }
            }
            self.rows = rows
        }

        public var markdown: String {
            var md = "\n## Across \(seeds.count) seeds (\(seeds.joined(separator: ", "))): mean ± std (n − 1)\n\n"
            md += "| Protocol | Test condition | Acc | Precision | Recall | AUC | AP | EER |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
            for r in rows {
                md += "| \(r.protocol) | \(r.condition) | " + [r.accuracy, r.precision, r.recall, r.rocAUC, r.averagePrecision, r.equalErrorRate]
                    .map { $0?.description ?? "n/a" }.joined(separator: " | ") + " |\n"
            }
            return md
        }
    }

    /// The metrics of one protocol, from its model file and its evaluation report.
    /// `setting` is the grid's only setting, used when no cross-validation chose one.
    public static func entry(name: String, modelPath: String, model: ModelFile, setting: [String: String],
                      trainFailures: Int, report: EvaluationReport) -> ProtocolMetrics {
        let cv = model.crossValidation
        let selected = cv.map { $0.settings[$0.bestIndex] }
        return ProtocolMetrics(name: name, model: modelPath, modelKind: model.kind,
                               featureConfigurationHash: model.featureConfigurationHash, trainRows: model.trainingRows,
                               trainFailures: trainFailures, threshold: model.threshold.value,
                               selectedSetting: selected?.parameters ?? setting,
                               crossValidationROCAUC: selected?.meanROCAUC, summary: report.summary,
                               robustness: report.robustness)
    }

    /// The side-by-side table (protocol × test condition), then each protocol's selection.
    public var markdown: String {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f", 100 * $0) } ?? "n/a" }
        var md = "# Bench \(name)\n\n"
        md += "- Train: \(trainImages) image(s); test: \(testImages) image(s)\n"
        md += "- Test images also in the training set (same bytes): \(trainTestOverlap.count)\n\n"
        md += "## Protocols side by side (%)\n\n"
        md += "| Protocol | Test condition | Items | Acc | Real acc | Fake acc | Bal. acc | Precision | Recall | AUC | AP | EER |\n"
        md += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for p in protocols {
            let rows = p.robustness?.rows.map { ($0.perturbation, $0.summary) } ?? [("none", p.summary)]
            for (condition, s) in rows {
                let m = s.atThreshold
                let values = [m.accuracy, m.realAccuracy, m.fakeAccuracy, m.balancedAccuracy, m.precision, m.recall,
                              s.rocAUC, s.averagePrecision, s.equalErrorRate?.rate]
                md += "| \(p.name) | \(condition) | \(s.count) | " + values.map(pct).joined(separator: " | ") + " |\n"
            }
        }
        if let acrossSeeds { md += acrossSeeds.markdown }
        md += "\n## Models\n\n| Protocol | Model file | Kind | Train rows | Train failures | Selected setting | CV ROC AUC | Threshold |\n"
        md += "|---|---|---|---:|---:|---|---:|---:|\n"
        for p in protocols {
            let setting = Estimator.describe(p.selectedSetting)
            md += "| \(p.name) | \(p.model) | \(p.modelKind) | \(p.trainRows) | \(p.trainFailures) | \(setting) | "
            md += "\(pct(p.crossValidationROCAUC)) | \(String(format: "%.4f", p.threshold)) |\n"
        }
        if !trainTestOverlap.isEmpty {
            md += "\n## Test images also in the training set\n\n" + trainTestOverlap.prefix(20).map { "- \($0)\n" }.joined()
            if trainTestOverlap.count > 20 { md += "- … and \(trainTestOverlap.count - 20) more (metrics.json lists them all)\n" }
        }
        return md
    }
}
