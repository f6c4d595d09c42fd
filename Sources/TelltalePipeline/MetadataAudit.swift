import Foundation
import TelltaleDatasets
import TelltaleEvaluation
import TelltaleImaging
import TelltaleLearning
import TelltaleSupport

/// Per-class container statistics and the predictive power of metadata alone.
public struct MetadataAudit {
    public struct ClassStats: Codable {
        public var label: String
        public var count: Int
        public var formats: [String: Int]
        public var sizes: [String: Int]
        public var jpegQualities: [String: Int]
        public var chromaSubsampling: [String: Int]
        public var progressive: Int
        public var medianBitsPerPixel: Double
    }

    public struct Score: Codable {
        public var name: String
        public var count: Int
        /// Out-of-fold ROC AUC of the metadata-only logistic regression (every field).
        public var auc: Double
        /// The same with the container fields only (``containerFields``: no bits per pixel,
        /// which depends on the image content as much as on the container).
        public var containerAUC: Double
        /// The single metadata field that separates the classes best, with its AUC (max(AUC, 1−AUC)).
        public var bestField: String
        public var bestFieldAUC: Double
    }

    public struct Report: Codable {
        public var classes: [ClassStats]
        public var overall: Score?
        public var perGroup: [Score]
        public var failures: [InputFailure]
        /// What the walk left out (not images, hidden, unreadable folders); absent when nothing.
        public var skipped: FileWalk.Report?
        public var metadataFields: [String]
        /// The fields that depend on the image content, not only on the container.
        public var contentDependentFields: [String]
        /// Whether every image of both classes has one form (format, size, JPEG quality,
        /// subsampling, scan): the set looks neutralised already.
        public var looksNeutralised: Bool
    }

    public static let fields = ["is_png", "log2_width", "log2_height", "aspect", "jpeg_quality", "subsampling_420",
                         "subsampling_422", "grey", "progressive", "bits_per_pixel", "is_webp", "is_tiff"]
    /// Fields that depend on what the image shows as much as on how it was saved: bits per
    /// pixel differ between smooth and busy images at one JPEG quality, so they separate
    /// the classes even after neutralisation — content, not a container shortcut.
    public static let contentDependentFields = ["bits_per_pixel"]
    /// The fields set by the container alone (``fields`` less ``contentDependentFields``).
    public static var containerFields: [String] { fields.filter { !contentDependentFields.contains($0) } }

    public let classes: [ClassStats]
    public let overall: Score?
    public let perGroup: [Score]
    public let failures: [InputFailure]
    public let skipped: FileWalk.Report
    /// Every image of both classes has one form (see ``Report/looksNeutralised``).
    public let looksNeutralised: Bool

    public var report: Report {
        Report(classes: classes, overall: overall, perGroup: perGroup, failures: failures,
               skipped: skipped.isEmpty ? nil : skipped, metadataFields: Self.fields,
               contentDependentFields: Self.contentDependentFields, looksNeutralised: looksNeutralised)
    }

    public init(records: [(item: LabelledImage, facts: ImageFacts)], failures: [InputFailure],
         skipped: FileWalk.Report = FileWalk.Report(), seed: UInt64) throws {
        self.failures = failures
        self.skipped = skipped
        var classes: [ClassStats] = []
        for label in [Label.real, .fake] {
            let facts = records.filter { $0.item.label == label }.map(\.facts)
            func histogram(_ values: [String]) -> [String: Int] { values.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
            let bpp = facts.map { Double($0.fileSize * 8) / Double(max($0.pixelCount, 1)) }.sorted()
            classes.append(ClassStats(
                label: label.description, count: facts.count,
                formats: histogram(facts.map(\.format.rawValue)),
                sizes: histogram(facts.map { "\($0.width)x\($0.height)" }),
                jpegQualities: histogram(facts.compactMap { $0.estimatedQuality.map(String.init) }),
                chromaSubsampling: histogram(facts.map { $0.chromaSubsampling ?? ($0.format == .jpeg ? "grey" : $0.format.rawValue) }),
                progressive: facts.filter(\.progressive).count,
                medianBitsPerPixel: bpp.isEmpty ? 0 : bpp[bpp.count / 2]))
        }
        self.classes = classes
        let forms = Set(records.map { f in
            "\(f.facts.format.rawValue) \(f.facts.width)x\(f.facts.height) q\(f.facts.estimatedQuality.map(String.init) ?? "-") \(f.facts.chromaSubsampling ?? "-") \(f.facts.progressive) \(f.facts.channels)"
        })
        looksNeutralised = forms.count == 1 && Set(records.compactMap(\.item.label)).count == 2
        overall = try Self.score(name: "all", records, seed: seed)
        var groups: [Score] = []
        let names = Set(records.compactMap(\.item.group)).sorted()
        if names.count > 1 {
            for g in names {
                if let s = try Self.score(name: g, records.filter { $0.item.group == g }, seed: seed) { groups.append(s) }
            }
        }
        perGroup = groups
    }

    public static func vector(_ f: ImageFacts) -> [Float] {
        let jpeg = f.format == .jpeg
        return [
            f.format == .png ? 1 : 0, Float(log2(Double(max(f.width, 1)))), Float(log2(Double(max(f.height, 1)))),
            Float(Double(f.width) / Double(max(f.height, 1))),
            Float(jpeg ? (f.estimatedQuality ?? 0) : 101),
            f.chromaSubsampling == "4:2:0" ? 1 : 0, f.chromaSubsampling == "4:2:2" ? 1 : 0,
            f.channels == 1 ? 1 : 0, f.progressive ? 1 : 0,
            Float(Double(f.fileSize * 8) / Double(max(f.pixelCount, 1))),
            f.format == .webp ? 1 : 0, f.format == .tiff ? 1 : 0,
        ]
    }

    /// Out-of-fold AUC of a metadata-only logistic regression (nil without both classes or enough rows).
    public static func score(name: String, _ records: [(item: LabelledImage, facts: ImageFacts)], seed: UInt64) throws -> Score? {
        let labels = records.compactMap { $0.item.label?.rawValue }
        guard labels.count == records.count, Set(labels).count == 2 else { return nil }
        let counts = [labels.filter { $0 == 0 }.count, labels.filter { $0 == 1 }.count]
        let folds = min(5, counts.min()!)
        guard folds >= 2 else { return nil }
        let rows = records.map { vector($0.facts) }
        // Stratified folds, at most as many as the smaller class has rows: every training
        // fold holds both classes. The same out-of-fold loop as training's threshold choice.
        let cv = CrossValidation(folds: folds, seed: seed)
        let estimator = Estimator.logisticRegression(LogisticRegression(c: 1))
        let x = try Matrix(rows: rows)
        let auc = try LabelledScores(labels: labels, scores: cv.outOfFoldProbabilities(estimator, x: x, labels: labels)).rocAUC()
        let container = try Matrix(rows: rows.map { row in fields.indices.filter { !contentDependentFields.contains(fields[$0]) }.map { row[$0] } })
        let containerAUC = try LabelledScores(labels: labels, scores: cv.outOfFoldProbabilities(estimator, x: container, labels: labels)).rocAUC()
        var best = ("", 0.5)
        for (j, field) in fields.enumerated() {
            let a = try LabelledScores(labels: labels, scores: rows.map { Double($0[j]) }).rocAUC()
            let separation = max(a, 1 - a)
            if separation > best.1 { best = (field, separation) }
        }
        return Score(name: name, count: labels.count, auc: auc, containerAUC: containerAUC, bestField: best.0, bestFieldAUC: best.1)
    }

    public func render() -> String {
        var t = TextTable(["class", "images", "formats", "sizes (top 3)", "JPEG quality (top 3)", "chroma", "progressive", "median bits/px"])
        func top(_ h: [String: Int]) -> String {
            h.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3).map { "\($0.key)×\($0.value)" }
                .joined(separator: " ") + (h.count > 3 ? " (+\(h.count - 3))" : "")
        }
        for c in classes {
            t.add([c.label, "\(c.count)", top(c.formats), top(c.sizes), c.jpegQualities.isEmpty ? "-" : top(c.jpegQualities),
                   top(c.chromaSubsampling), "\(c.progressive)", String(format: "%.2f", c.medianBitsPerPixel)])
        }
        var out = t.render()
        var s = TextTable(["set", "images", "container CV AUC", "with bits/px", "best single field", "its AUC"])
        for score in (overall.map { [$0] } ?? []) + perGroup {
            s.add([score.name, "\(score.count)", String(format: "%.3f", score.containerAUC), String(format: "%.3f", score.auc),
                   score.bestField, String(format: "%.3f", score.bestFieldAUC)])
        }
        out += "\n\nHow well metadata alone predicts the label (5-fold stratified CV, logistic regression on the \(Self.containerFields.count) container fields, and with the content-dependent bits per pixel):\n" + s.render()
        if !failures.isEmpty { out += "\n\n\(failures.count) file(s) could not be read (listed on stderr)" }
        if skipped.notImageCount > 0 {
            out += "\n\(skipped.notImageCount) file(s) that are not images were not audited (counted on stderr)"
        }
        return out
    }
}
