import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleImaging
import TelltaleLearning
import TelltaleSupport

/// What `telltale calibrate` is asked to do: fit a calibration map (Platt scaling or
/// isotonic regression) and/or choose the decision threshold for a target false-positive
/// rate or precision, on held-out validation images.
public struct CalibrationSettings: Sendable, Equatable {
    /// The calibration to fit.
    public enum Method: String, Sendable, CaseIterable {
        /// Platt scaling of the log-odds (``TelltaleLearning/PlattScaling``).
        case platt
        /// Isotonic regression of the log-odds (``TelltaleLearning/IsotonicRegression``).
        case isotonic
        /// No new calibration: the model's probabilities stay as they are (a calibration it
        /// already has is kept); only the threshold is chosen.
        case none
    }

    public var method: Method
    /// Choose the threshold with the highest recall whose FPR on the validation set is ≤ this.
    public var targetFPR: Double?
    /// Choose the threshold with the highest recall whose precision on the validation set is ≥ this.
    public var targetPrecision: Double?

    public init(method: Method = .platt, targetFPR: Double? = nil, targetPrecision: Double? = nil) {
        self.method = method
        self.targetFPR = targetFPR
        self.targetPrecision = targetPrecision
    }

    /// Refuses settings that would do nothing or contradict each other.
    public func validate() throws {
        if targetFPR != nil && targetPrecision != nil {
            throw PipelineError.setting("give --target-fpr or --target-precision, not both")
        }
        if let r = targetFPR, !(0 ... 1).contains(r) { throw PipelineError.setting("--target-fpr must be in [0, 1]") }
        if let p = targetPrecision, !(0 ... 1).contains(p) { throw PipelineError.setting("--target-precision must be in [0, 1]") }
        if method == .none && targetFPR == nil && targetPrecision == nil {
            throw PipelineError.setting("--method none with no --target-fpr or --target-precision leaves nothing to do")
        }
    }
}

/// `telltale calibrate MODEL VALIDATION... -o NEW_MODEL`: scores held-out labelled images with
/// the model, fits the calibration and/or chooses the threshold on them, and writes a new
/// model file that records how (``TelltaleLearning/ModelCalibration``, the threshold's
/// `method`). The model itself (features, standardiser, weights) is untouched.
///
/// - The calibrator maps the classifier's log-odds; a calibration the model already has is
///   replaced (fitted afresh on the log-odds, never stacked), or kept with `--method none`.
/// - The threshold: with a target, chosen on the validation set's (new) probabilities by
///   ``TelltaleEvaluation/LabelledScores/threshold(forFalsePositiveRate:)`` or
///   ``TelltaleEvaluation/LabelledScores/threshold(forPrecision:)``; without one, 0.5 on the
///   calibrated probabilities (a threshold chosen for the uncalibrated ones would mean
///   something else now).
/// - Refused: a validation set that *is* the training set (its fingerprint equals the
///   model's `trainingFingerprint`). Model files record one fingerprint over all training
///   rows, so a validation set that shares only some images with the training set cannot be
///   detected yet. Also refused: the output path naming the input model.
public struct CalibrationRun {
    public var modelPath: String
    /// Labelled datasets, or one feature file made with the model's configuration.
    public var validation: [String]
    public var settings: CalibrationSettings
    /// The model file to write.
    public var output: String
    public var workers: Int
    /// `--memory-budget` in bytes (nil: not given, the default).
    public var memoryBudget: Int?
    public var reporter: any PipelineReporter
    /// The split of the validation images (``SplitSelection``; nil refuses several).
    public var split: SplitSelection?
    /// Score the validation images under this test-time condition (e.g. `jpeg:90`), to
    /// calibrate for images that will arrive so: probabilities and thresholds do not transfer
    /// across such shifts even when the ranking does.
    public var perturbation: Perturbation?

    public init(modelPath: String, validation: [String], settings: CalibrationSettings, output: String,
                workers: Int, memoryBudget: Int? = nil, reporter: any PipelineReporter) {
        self.modelPath = modelPath
        self.validation = validation
        self.settings = settings
        self.output = output
        self.workers = workers
        self.memoryBudget = memoryBudget
        self.reporter = reporter
    }

    /// The model's behaviour on the validation set (the Brier score and the ECE are defined
    /// with one class too; the FPR needs reals and the recall fakes).
    public struct Check: Sendable {
        public var brierScore: Double
        public var expectedCalibrationError: ExpectedCalibrationError
        public var atThreshold: ThresholdMetrics
    }

    public struct Result {
        /// The model file written.
        public var model: ModelFile
        public var validation: ModelCalibration.ValidationSet
        /// Validation images that could not be scored.
        public var failures: Int
        public var before: Check
        /// On the images the calibration and threshold were fitted on: optimistic.
        public var after: Check
        /// A summary for a person: the fit, before/after, the threshold.
        public var summary: String
    }

    public func run() throws -> Result {
        try settings.validate()
        if case .success(let a) = FileSystemPath.status(modelPath), case .success(let b) = FileSystemPath.status(output),
           a.identity == b.identity {
            throw PipelineError.inputs("the output \(FileSystemPath.display(output)) is the model being calibrated; write the calibrated model to a new file")
        }
        let baseBytes: Data
        do {
            baseBytes = try Data(contentsOf: URL(fileURLWithPath: modelPath))
        } catch {
            throw PipelineError.file(modelPath, reason: "cannot read the model file: \(error.localizedDescription)")
        }
        let detector = try Detector(model: decode(baseBytes), source: modelPath)
        let base = detector.model

        let input = try DetectorInput.resolve(validation, split: split, allowUnlabelled: false, reporter: reporter)
        let table = try detector.features(of: input, transform: perturbation.map { ImageTransform(perturbation: $0) } ?? .none,
                                          workers: workers, memoryBudget: memoryBudget,
                                          label: "calibrate", reporter: reporter)
        let labels = try table.labels(for: "calibration")
        guard !labels.isEmpty else { throw PipelineError.inputs("no validation image could be scored") }
        let fakes = labels.reduce(0, +)
        let set = ModelCalibration.ValidationSet(
            fingerprint: TrainingFingerprint.compute(rows: zip(table.rows, labels).map { ($0.sha256, $1) }),
            rows: labels.count, realCount: labels.count - fakes, fakeCount: fakes, condition: perturbation?.description)
        if set.fingerprint == base.trainingFingerprint {
            throw PipelineError.inputs("the validation set is the model's training set (the same \(set.rows) images and labels): "
                + "calibrate on held-out images")
        }
        // Images the model was trained on score too confidently: a calibration fitted on them is wrong.
        let overlap = TrainingOverlap(model: base, rows: table.rows.map { ($0.path, $0.sha256) })
        if overlap.count > 0 {
            throw PipelineError.inputs("\(overlap.count) of \(overlap.total) validation image(s) were training images of the model (first: \(FileSystemPath.display(overlap.paths[0]))): calibrate on held-out images")
        }
        if !overlap.checked { reporter.note(overlap.warning!) }

        let source = validation.joined(separator: " ")
        let logOdds: [Double], beforeScores: [Double]
        do {
            if base.tileScore != nil {
                // Tile rows: the table holds each image's combined log-odds (Detector.features(of:)).
                logOdds = table.matrix.values.map(Double.init)
                beforeScores = try detector.scores(table, source: source)
            } else {
                logOdds = try base.decisionFunction(table.matrix)
                beforeScores = try base.predictProbability(table.matrix)
            }
        } catch {
            throw PipelineError.file(source, reason: "\(error)")
        }
        var model = base
        switch settings.method {
        case .none:
            break
        case .platt, .isotonic:
            guard set.realCount > 0, set.fakeCount > 0 else {
                throw PipelineError.inputs("\(settings.method.rawValue) calibration needs real and fake validation images; "
                    + "these are \(set.realCount) real and \(set.fakeCount) fake")
            }
            let calibrator: Calibrator = settings.method == .platt
                ? .platt(try PlattScaling().fit(scores: logOdds, labels: labels))
                : .isotonic(try IsotonicRegression().fit(scores: logOdds, labels: labels))
            if let old = base.calibration {
                reporter.note("calibrate: the model's \(old.method) calibration (fitted on \(old.validation.rows) images) is replaced")
            }
            model.calibration = ModelCalibration(calibrator: calibrator, validation: set,
                                                 baseModelSHA256: Digest.sha256(baseBytes), toolVersion: TelltaleVersion.string)
        }
        let afterScores = base.tileScore != nil ? model.probabilities(logOdds: logOdds) : try model.predictProbability(table.matrix)
        let afterData = try LabelledScores(labels: labels, scores: afterScores)
        let on = "the validation set (\(set.rows) images: \(set.realCount) real, \(set.fakeCount) fake; fingerprint \(set.fingerprint.prefix(12))…"
            + (perturbation.map { "; under \($0)" } ?? "") + ")"
        let calibrated = model.calibration.map { " on probabilities calibrated by \(Self.name(of: $0.calibrator))" } ?? ""
        if settings.targetFPR != nil || settings.targetPrecision != nil {
            let choice: ThresholdChoice
            do {
                choice = try settings.targetFPR.map { try afterData.threshold(forFalsePositiveRate: $0) }
                    ?? afterData.threshold(forPrecision: settings.targetPrecision!)
            } catch {
                throw PipelineError.inputs("cannot choose the threshold on \(on): \(error)")
            }
            let what = settings.targetFPR.map { "FPR ≤ \($0)" } ?? "precision ≥ \(settings.targetPrecision!)"
            model.threshold = DecisionThreshold(
                value: choice.threshold,
                method: "\(what) on \(on)\(calibrated) with telltale calibrate (achieved FPR "
                    + "\(String(format: "%.4f", choice.achieved.falsePositiveRate)), recall \(String(format: "%.4f", choice.achieved.recall)))")
        } else {
            if base.threshold.value != 0.5 || base.threshold.method != DecisionThreshold().method {
                reporter.note("calibrate: the threshold \(base.threshold.value) (\(base.threshold.method)) is replaced by 0.5 on the calibrated probabilities")
            }
            model.threshold = DecisionThreshold(value: 0.5, method: "default (0.5)\(calibrated) with telltale calibrate")
        }
        try model.write(to: output)

        let beforeData = try LabelledScores(labels: labels, scores: beforeScores)
        let before = try Self.check(beforeData, threshold: base.threshold.value)
        let after = try Self.check(afterData, threshold: model.threshold.value)
        return Result(model: model, validation: set, failures: table.failures.count, before: before, after: after,
                      summary: Self.summary(model: model, set: set, failures: table.failures.count, before: before, after: after))
    }

    private func decode(_ bytes: Data) throws -> ModelFile {
        do { return try ModelFile.decode(bytes) } catch { throw PipelineError.file(modelPath, reason: "\(error)") }
    }

    static func check(_ data: LabelledScores, threshold: Double) throws -> Check {
        Check(brierScore: try data.brierScore(), expectedCalibrationError: try data.expectedCalibrationError(),
              atThreshold: data.metrics(atThreshold: threshold))
    }

    /// "Platt scaling (a = …, b = …)" or "isotonic regression (N breakpoints)".
    static func name(of calibrator: Calibrator) -> String {
        switch calibrator {
        case .platt(let m): return "Platt scaling of the log-odds (a = \(m.a), b = \(m.b))"
        case .isotonic(let m): return "isotonic regression of the log-odds (\(m.xThresholds.count) breakpoints)"
        }
    }

    static func summary(model: ModelFile, set: ModelCalibration.ValidationSet, failures: Int, before: Check, after: Check) -> String {
        func pct(_ v: Double) -> String { String(format: "%.1f %%", 100 * v) }
        var table = TextTable(["on the validation set", "Brier", "ECE (\(before.expectedCalibrationError.bins) bins)",
                               "threshold", "FPR", "recall"])
        for (name, c) in [("before", before), ("after", after)] {
            table.add([name, String(format: "%.4f", c.brierScore), pct(c.expectedCalibrationError.value),
                       String(format: "%.4f", c.atThreshold.threshold),
                       set.realCount > 0 ? pct(c.atThreshold.falsePositiveRate) : "n/a",
                       set.fakeCount > 0 ? pct(c.atThreshold.recall) : "n/a"])
        }
        var lines = ["validation: \(set.rows) image(s) (\(set.realCount) real, \(set.fakeCount) fake)"
            + (failures > 0 ? ", \(failures) could not be scored (listed above)" : "")]
        lines.append("calibration: " + (model.calibration.map { name(of: $0.calibrator) } ?? "none"))
        lines.append(table.render())
        lines.append("(after: measured on the images it was fitted on, so optimistic; evaluate on a held-out test set)")
        lines.append("decision threshold \(String(format: "%.4f", model.threshold.value)) (\(model.threshold.method))")
        return lines.joined(separator: "\n")
    }
}
