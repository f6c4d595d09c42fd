import Foundation
import TelltaleTestSupport
import XCTest

/// Parsing: help, version, refused arguments, and options reaching the run.
final class CommandLineTests: CLITestCase {
    func testVersionAndHelp() throws {
        let version = try telltale(["--version"])
        XCTAssertEqual(version.status, 0)
        // The version, the commit the binary was built from and its flavour.
        XCTAssertNotNil(version.stdout.range(of: #"^\d+\.\d+\.\d+ \(commit ([0-9a-f]{40}(\+dirty)?|unknown), (debug|release)[^)]* build\)\n$"#,
                                             options: .regularExpression), version.stdout)
        let help = try telltale(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("inspect"))
        for command in ["inspect", "audit", "extract", "train", "predict", "evaluate", "crossval", "score"] {
            XCTAssertTrue(try telltale([command, "--help"]).stdout.contains("--memory-budget"), command)
        }
    }

    func testRefusedArgumentsAreClearErrors() throws {
        let root = try makeTemporaryDirectory().labelledSet(perClass: 1)
        func refused(_ arguments: [String], because text: String, line: UInt = #line) throws {
            let run = try telltale(arguments)
            XCTAssertNotEqual(run.status, 0, arguments.joined(separator: " "), line: line)
            XCTAssertTrue(run.stderr.contains(text), run.stderr, line: line)
        }
        try refused(["extract", root, "--features", "spectrum,wavelets", "-o", "/tmp/never"], because: "wavelets")
        try refused(["score", "model.json", root, "--memory-budget", "lots"], because: "is not a size")
        try refused(["score", "model.json", root, "--resume"], because: "--resume needs --output")
        try refused(["bench"], because: "give a SPEC to run, or --check RUN")
        try refused(["merge-scores", "out.csv", "a.csv", "a.csv"], because: "a shard output is given twice")
        // An option that would be ignored is an error.
        try refused(["train", root, "--model", "mlp", "--C", "0.1", "-o", "/tmp/never"], because: "--C applies to --model logistic")
        try refused(["train", root, "--hidden", "8", "-o", "/tmp/never"], because: "--hidden applies to --model mlp")
        try refused(["crossval", root, "--patience", "3", "-o", "/tmp/never"], because: "--patience applies to --model mlp")
        try refused(["train", root, "--C", "0.1,1", "--cv", "0", "-o", "/tmp/never"], because: "only the first would be used")
        try refused(["train", root, "--grouped-cv", "--cv", "0", "-o", "/tmp/never"], because: "grouped-cv needs cv 2 or more")
        try refused(["train", root, "--augment-p", "0.3", "-o", "/tmp/never"], because: "without --augment would be ignored")
        try refused(["train", root, "--split", "val", "-o", "/tmp/never"], because: "no images in split 'val'")
        let features = try makeTemporaryDirectory().path("features")
        XCTAssertEqual(try telltale(["extract", root, "--features", "npr", "--size", "32", "-o", features]).status, 0)
        try refused(["train", features + ".npy", "--workers", "2", "-o", "/tmp/never"], because: "--workers has nothing to run in parallel")
        try refused(["train", features + ".npy", "--size", "64", "-o", "/tmp/never"], because: "feature options")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never.npy"))
    }

    func testExplainParsingRefusalsAndRun() throws {
        let help = try telltale(["explain", "--help"])
        XCTAssertEqual(help.status, 0)
        for text in ["--stride", "--max-tiles", "--workers", "--memory-budget", "heatmap.png", "tiles.json"] {
            XCTAssertTrue(help.stdout.contains(text), "\(text) in\n\(help.stdout)")
        }
        XCTAssertTrue(try telltale(["--help"]).stdout.contains("explain"))
        XCTAssertTrue(try telltale(["score", "--help"]).stdout.contains("--heatmaps"))
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        func refused(_ arguments: [String], status: Int32 = 64, because text: String, line: UInt = #line) throws {
            let run = try telltale(["explain"] + arguments)
            XCTAssertEqual(run.status, status, arguments.joined(separator: " "), line: line)
            XCTAssertTrue(run.stderr.contains(text), run.stderr, line: line)
        }
        let images = tmp.path("train-set/fake")
        try refused([model, images], because: "Missing expected argument '--output <dir>'")
        try refused([model, images, "-o", tmp.path("never"), "--stride", "0"], because: "--stride must be at least 1")
        try refused([model, images, "-o", tmp.path("never"), "--max-tiles", "0"], because: "--max-tiles must be between 1 and 16384")
        try refused([model, images, "-o", tmp.path("never"), "--memory-budget", "lots"], because: "is not a size")
        try refused([model, images, "-o", tmp.path("never"), "--stride", "33"], status: 1,
                    because: "--stride 33: must be between 1 and the model's tile size 32")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path("never")))

        // A run: one line per image on stdout, failures on stderr and exit status 1.
        try tmp.write("broken/empty.png", bytes: [])
        let run = try telltale(["explain", model, images, tmp.path("broken"), "-o", tmp.path("out"), "--stride", "16", "--workers", "2"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual(run.stdout.split(separator: "\n").count, 5, run.stdout)
        XCTAssertTrue(run.stdout.contains("tile(s) of 32² at stride 16"), run.stdout)
        XCTAssertTrue(run.stderr.contains("error: \(tmp.path("broken/empty.png"))"), run.stderr)
        XCTAssertTrue(run.stderr.contains("explain: 5 image(s) explained, 1 failed"), run.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: tmp.path("out/img_00.png.heatmap.png")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: tmp.path("out/img_00.png.tiles.json")))
    }

    func testCalibrateParsingAndRefusals() throws {
        let help = try telltale(["calibrate", "--help"])
        XCTAssertEqual(help.status, 0)
        for text in ["--method", "platt", "isotonic", "--target-fpr", "--target-precision", "--memory-budget",
                     "the model's training images"] {
            XCTAssertTrue(help.stdout.contains(text), "\(text) in\n\(help.stdout)")
        }
        XCTAssertTrue(try telltale(["--help"]).stdout.contains("calibrate"))
        func refused(_ arguments: [String], because text: String, line: UInt = #line) throws {
            let run = try telltale(["calibrate"] + arguments)
            XCTAssertEqual(run.status, 64, arguments.joined(separator: " "), line: line)  // a usage error, before any work
            XCTAssertTrue(run.stderr.contains(text), run.stderr, line: line)
        }
        try refused(["m.json", "v", "-o", "c.json", "--method", "none"], because: "leaves nothing to do")
        try refused(["m.json", "v", "-o", "c.json", "--target-fpr", "0.01", "--target-precision", "0.9"], because: "not both")
        try refused(["m.json", "v", "-o", "c.json", "--target-fpr", "5"], because: "--target-fpr must be in [0, 1]")
        try refused(["m.json", "v", "-o", "c.json", "--method", "beta"], because: "--method")
        try refused(["m.json", "v"], because: "--output")
        try refused(["m.json", "-o", "c.json"], because: "validation")
        // A refusal of the run itself (the model does not exist) is an error, not a usage error.
        let missing = try telltale(["calibrate", "/nonexistent/m.json", "v", "-o", "c.json"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/m.json"), missing.stderr)
    }

    /// `--tiling` and its options: refused where centre would ignore them; a grid's features
    /// carry `.std` columns and the tiling in their configuration, and so does the model.
    func testTilingOptions() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("set", perClass: 4, side: 48)
        func refused(_ arguments: [String], because text: String, line: UInt = #line) throws {
            let run = try telltale(["extract", set, "--size", "16", "-o", tmp.path("never")] + arguments)
            XCTAssertEqual(run.status, 64, arguments.joined(separator: " "), line: line)
            XCTAssertTrue(run.stderr.contains(text), run.stderr, line: line)
        }
        try refused(["--max-tiles", "4"], because: "--max-tiles needs --tiling grid or grid-square")
        try refused(["--tiling", "centre", "--tile-std", "--min-tiles", "2"],
                    because: "--min-tiles, --tile-std need --tiling grid or grid-square")
        try refused(["--tiling", "grid", "--max-tiles", "0"], because: "--max-tiles must be in 1…1024")
        try refused(["--tiling", "grid", "--max-tiles", "4", "--min-tiles", "5"], because: "--min-tiles must be in 1…4")
        try refused(["--tiling", "grid", "--neutralise", "90"], because: "--neutralise with --tiling grid needs --neutralise-side N")
        try refused(["--tiling", "grid", "--neutralise", "90", "--neutralise-side", "16"], because: "--neutralise-side must exceed S (16)")
        try refused(["--neutralise", "90", "--neutralise-side", "32"], because: "--neutralise-side applies to a grid tiling")
        try refused(["--tiling", "grid", "--neutralise-side", "32"], because: "--neutralise-side needs --neutralise")
        try refused(["--tiling", "tiles"], because: "--tiling")
        // The face crop's options.
        try refused(["--face-margin", "1.5", "--no-face", "centre"], because: "--face-margin, --no-face need --crop face")
        try refused(["--crop", "face", "--tiling", "centre"], because: "give --tiling grid or grid-square, or leave it out")
        try refused(["--crop", "face", "--min-tiles", "2"], because: "--min-tiles does not apply to --crop face")
        try refused(["--crop", "face", "--tiling", "grid", "--tile-rows"], because: "it takes no --tile-rows")
        try refused(["--crop", "face", "--neutralise", "90"], because: "it takes no --crop face")
        try refused(["--crop", "face", "--face-margin", "9"], because: "margin")
        try refused(["--crop", "face", "--max-faces", "0"], because: "maxFaces")
        try refused(["--crop", "faces"], because: "--crop")

        // The landmark model, in a fresh process each: missing (naming the package) and unreadable (dlib's reason).
        for (model, expected) in [(tmp.path("nowhere.dat"), "libdlib-data"), (try tmp.write("garbage.dat", text: "not a model"), "cannot be read")] {
            let run = try telltale(["extract", set, "--crop", "face", "-o", tmp.path("never")],
                                   environment: ["TELLTALE_FACE_LANDMARKS": model])
            XCTAssertNotEqual(run.status, 0)
            XCTAssertTrue(run.stderr.contains(model) && run.stderr.contains(expected), run.stderr)
        }

        let features = tmp.path("f")
        let run = try telltale(["extract", set, "--features", "npr", "--size", "16", "--tiling", "grid-square",
                                "--max-tiles", "4", "--tile-std", "-o", features])
        XCTAssertEqual(run.status, 0, run.stderr)
        let sidecar = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(features + ".json")) as? [String: Any])
        let names = try XCTUnwrap(sidecar["feature_names"] as? [String])
        XCTAssertEqual(names.count % 2, 0)
        XCTAssertEqual(names.suffix(names.count / 2), names.prefix(names.count / 2).map { $0 + ".std" })
        let configuration = try XCTUnwrap(sidecar["configuration"] as? [String: Any])
        let tiling = try XCTUnwrap(configuration["tiling"] as? [String: Any])
        XCTAssertEqual(tiling["area"] as? String, "square")
        XCTAssertEqual(tiling["aggregation"] as? String, "mean+std")
        XCTAssertEqual(tiling["maxTiles"] as? Int, 4)
        XCTAssertEqual(tiling["minTiles"] as? Int, 1)
        // Trained from the feature file, the model records the tiling; --also-neutralised is refused.
        let model = tmp.path("m.json")
        XCTAssertEqual(try telltale(["train", features + ".npy", "--cv", "0", "-o", model]).status, 0)
        let modelText = String(decoding: try read(model), as: UTF8.self)
        XCTAssertTrue(modelText.contains("mean+std"), modelText)
        let evaluate = try telltale(["evaluate", model, set, "--also-neutralised", "90", "-o", tmp.path("e")])
        XCTAssertNotEqual(evaluate.status, 0)
        XCTAssertTrue(evaluate.stderr.contains("grid-square tiling needs --also-neutralised-side N"), evaluate.stderr)
        // With the square's side the condition runs: the model's tiles laid on each re-encoded 32² square.
        let sided = try telltale(["evaluate", model, set, "--also-neutralised", "90", "--also-neutralised-side", "32",
                                  "--bootstrap", "0", "-o", tmp.path("e2")])
        XCTAssertEqual(sided.status, 0, sided.stderr)
        XCTAssertTrue(String(decoding: try read(tmp.path("e2/report.md")), as: UTF8.self).contains("neutralised (crop 32, JPEG q90)"))
        // A neutralised grid: the square's side recorded, its 2 × 2 tiles as rows.
        let neutral = tmp.path("n")
        let neutralRun = try telltale(["extract", set, "--features", "npr", "--size", "16", "--tiling", "grid", "--tile-rows",
                                       "--neutralise", "90", "--neutralise-side", "32", "-o", neutral])
        XCTAssertEqual(neutralRun.status, 0, neutralRun.stderr)
        let neutralSidecar = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(neutral + ".json")) as? [String: Any])
        let neutralisation = try XCTUnwrap((neutralSidecar["configuration"] as? [String: Any])?["neutralisation"] as? [String: Any])
        XCTAssertEqual(neutralisation["cropSize"] as? Int, 32)
        XCTAssertEqual(neutralisation["jpegQuality"] as? Int, 90)
        XCTAssertEqual((neutralSidecar["rows"] as? [Any])?.count, 8 * 4)
        // A model that neutralises its images itself takes no --also-neutralised (it would change nothing).
        let neutralModel = tmp.path("nm.json")
        XCTAssertEqual(try telltale(["train", neutral + ".npy", "--cv", "0", "-o", neutralModel]).status, 0)
        let again = try telltale(["evaluate", neutralModel, set, "--also-neutralised", "80", "--also-neutralised-side", "32",
                                  "-o", tmp.path("e3")])
        XCTAssertNotEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("this model neutralises every image itself (crop 32, JPEG q90)"), again.stderr)
        // Without a tiling option, the centre configuration has no tiling at all.
        let centre = tmp.path("c")
        XCTAssertEqual(try telltale(["extract", set, "--features", "npr", "--size", "16", "-o", centre]).status, 0)
        let centreSidecar = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(centre + ".json")) as? [String: Any])
        XCTAssertNil((centreSidecar["configuration"] as? [String: Any])?["tiling"])
    }

    /// `--features face-context` needs each row's face: refused without `--crop face` and with a
    /// face-less fallback, before any image is read.
    func testFaceContextNeedsTheFaceCrop() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("set", perClass: 2, side: 32)
        for (arguments, text) in [(["--features", "npr,face-context"], "--features face-context needs each face's landmarks: give --crop face"),
                                  (["--features", "face-context", "--crop", "face", "--no-face", "whole"],
                                   "--features face-context needs a face in every row: it takes no --no-face whole")] {
            let run = try telltale(["extract", set, "-o", tmp.path("never")] + arguments)
            XCTAssertEqual(run.status, 64, arguments.joined(separator: " "))
            XCTAssertTrue(run.stderr.contains(text), run.stderr)
        }
    }

    /// `--tile-rows` and `--tile-score`: refused where they would be ignored; tile rows extracted,
    /// trained on with a rule the model records, and scored per image.
    func testTileRowsOptions() throws {
        let tmp = try makeTemporaryDirectory()
        let set = try tmp.labelledSet("set", perClass: 4, side: 48)
        func refused(_ arguments: [String], because text: String, line: UInt = #line) throws {
            let run = try telltale(arguments)
            XCTAssertNotEqual(run.status, 0, arguments.joined(separator: " "), line: line)
            XCTAssertTrue(run.stderr.contains(text), run.stderr, line: line)
        }
        try refused(["extract", set, "--tile-rows", "-o", tmp.path("never")], because: "--tile-rows needs --tiling grid or grid-square")
        try refused(["extract", set, "--tiling", "grid", "--tile-rows", "--tile-std", "-o", tmp.path("never")],
                    because: "--tile-rows are not aggregated: they take no --tile-std")
        try refused(["train", set, "--tiling", "grid", "--tile-score", "max", "-o", tmp.path("never.json")],
                    because: "--tile-score needs tile rows")
        try refused(["train", set, "--tiling", "grid", "--tile-rows", "--tile-score", "quantile:2", "-o", tmp.path("never.json")],
                    because: "--tile-score quantile:2")
        try refused(["train", set, "--tile-score", "max", "--cv", "2", "-o", tmp.path("never.json")], because: "needs tile rows")
        let features = tmp.path("f")
        let run = try telltale(["extract", set, "--features", "npr", "--size", "16", "--tiling", "grid", "--tile-rows", "-o", features])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("(72 tile rows)"), run.stdout)  // 8 images × 3 × 3 tiles
        let model = tmp.path("m.json")
        let train = try telltale(["train", features + ".npy", "--cv", "2", "--tile-score", "quantile:0.5", "-o", model])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stdout.contains("8 image(s) as 72 tile rows"), train.stdout)
        let modelText = String(decoding: try read(model), as: UTF8.self)
        XCTAssertTrue(modelText.contains("\"tileScore\" : \"quantile:0.5\""), modelText)
        let predict = try telltale(["predict", model, set])
        XCTAssertEqual(predict.status, 0, predict.stderr)
        XCTAssertEqual(predict.stdout.split(separator: "\n").count, 9, predict.stdout)  // header + 8 images
        // crossval scores images from their tile rows; this set has no generator groups.
        try refused(["crossval", features + ".npy", "-o", tmp.path("cv")], because: "generator group")
    }

    func testMemoryBudgetOptionReachesTheRun() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let set = tmp.path("train-set")
        // Recorded with score's run: 2K is 2048 bytes.
        let out = tmp.path("s.csv")
        XCTAssertEqual(try telltale(["score", model, set, "-o", out, "--memory-budget", "2K", "--allow-failures"]).status, 0)
        let meta = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(out + ".meta.json")) as? [String: Any])
        XCTAssertEqual(meta["memoryBudget"] as? Int, 2048)
        XCTAssertEqual(try telltale(["score", model, set, "--memory-budget", "1G"]).status, 0)
    }
}

/// `evaluate --scores` and `--pooling`: parsing, refusals, what is printed and written.
final class EvaluateScoresCommandLineTests: CLITestCase {
    /// Labelled scores of two generators, each with its own reals (gen-a: AUC 3/4 against its
    /// own reals, 7/8 against all).
    static let scores = ScoreFiles.pooledLayout

    func testHelpPrintsTheTrueDefaultsAndEverySpellingIsAccepted() throws {
        let help = try telltale(["evaluate", "--help"]).stdout
        XCTAssertTrue(help.contains("--pooling <pooling>     The reals in the per-generator rows. (default: auto)"), help)
        for value in ["auto", "same-group", "all-reals"] { XCTAssertTrue(help.contains("        \(value) "), value) }
        XCTAssertTrue(help.contains("--scores <file>"), help)
        XCTAssertTrue(help.contains("(default: 0.5; a model uses its own)"), help)

        let tmp = try makeTemporaryDirectory()
        let file = try tmp.write("detector.csv", text: Self.scores)
        for (spelling, pooling) in [("auto", "sameGroup"), ("same-group", "sameGroup"), ("sameGroup", "sameGroup"),
                                    ("all-reals", "allReals"), ("allReals", "allReals"), (nil, "sameGroup")] {
            let out = tmp.path("out-\(spelling ?? "default")")
            let run = try telltale(["evaluate", "--scores", file, "--bootstrap", "0", "-o", out] + (spelling.map { ["--pooling", $0] } ?? []))
            XCTAssertEqual(run.status, 0, run.stderr)
            let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: read(out + "/report.json")) as? [String: Any])
            let groups = try XCTUnwrap(report["groups"] as? [String: Any])
            XCTAssertEqual(groups["pooling"] as? String, pooling, spelling ?? "default")
            XCTAssertEqual(groups["poolingRule"] as? String, RealPoolingSpelling.json[spelling ?? "auto"], spelling ?? "default")
        }
        let refused = try telltale(["evaluate", "--scores", file, "--pooling", "pooled", "-o", tmp.path("never")])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("'auto', 'same-group' or 'all-reals'"), refused.stderr)
    }

    func testOptionsThatWouldBeIgnoredAreRefused() throws {
        func refused(_ arguments: [String], because text: String, line: UInt = #line) throws {
            let run = try telltale(["evaluate"] + arguments + ["-o", "/tmp/never-written"])
            XCTAssertNotEqual(run.status, 0, arguments.joined(separator: " "), line: line)
            XCTAssertTrue(run.stderr.contains(text), run.stderr, line: line)
        }
        try refused(["--scores", "s.csv", "--perturb", "jpeg:90"], because: "--perturb needs a model")
        try refused(["--scores", "s.csv", "--also-neutralised", "90"], because: "--also-neutralised needs a model")
        try refused(["--scores", "s.csv", "--memory-budget", "1G"], because: "--memory-budget has nothing to limit with --scores")
        try refused(["--scores", "s.csv", "--threshold", "nan"], because: "--threshold must be a finite number")
        try refused(["model.json", "set", "--threshold", "0.3"], because: "--threshold applies to --scores")
        try refused(["model.json"], because: "give a MODEL and DATASETs, or --scores FILE")
        try refused([], because: "give a MODEL and DATASETs, or --scores FILE")
        try refused(["--scores", "/nonexistent/s.csv"], because: "/nonexistent/s.csv: cannot read the score file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never-written"))
    }

    func testScoresOfAScoreRunAndAComparison() throws {
        let tmp = try makeTemporaryDirectory()
        let model = try trainModel(in: tmp)
        let set = tmp.path("train-set")
        let scored = tmp.path("scored.csv")
        XCTAssertEqual(try telltale(["score", model, set, "-o", scored]).status, 0)

        // `score`'s output, labelled by the dataset, at a threshold given.
        let one = try telltale(["evaluate", "--scores", scored, set, "--threshold", "0.4", "--bootstrap", "0", "-o", tmp.path("one")])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.contains("- Scores: \(scored) (csv, 10 rows, SHA-256 "), one.stdout)
        XCTAssertTrue(one.stdout.contains("- Decision threshold: 0.4 "), one.stdout)
        XCTAssertTrue(one.stdout.contains("at threshold 0.4000 (5 real, 5 fake)"), one.stdout)
        XCTAssertTrue(one.stdout.contains("reports in \(tmp.path("one"))/ (report.json, report.md, scores.csv, failures.csv, metrics.csv, scores-long.csv, roc.svg, roc-log.svg, pr.svg, reliability.svg)"), one.stdout)
        XCTAssertTrue(one.stderr.contains("train-set: real/fake layout, 5 real, 5 fake"), one.stderr)

        // Without labels and without a dataset: refused, saying what to give.
        let unlabelled = try telltale(["evaluate", "--scores", scored, "-o", tmp.path("never")])
        XCTAssertNotEqual(unlabelled.status, 0)
        XCTAssertTrue(unlabelled.stderr.contains("has no label column"), unlabelled.stderr)

        // Two detectors side by side.
        let other = try tmp.write("other.csv", text: Self.scores)
        let both = try telltale(["evaluate", "--scores", tmp.path("one/scores.csv"), "--scores", other, "--bootstrap", "0", "-o", tmp.path("both")])
        XCTAssertEqual(both.status, 0, both.stderr)
        XCTAssertTrue(both.stdout.contains("# Detectors compared"), both.stdout)
        XCTAssertTrue(both.stdout.contains("| Detector | Items | Failures | All | gen-a | gen-b | Mean |"), both.stdout)
        XCTAssertTrue(both.stdout.contains("reports in \(tmp.path("both"))/ (comparison.json, comparison.md, scores/, other/)"), both.stdout)
        for name in ["comparison.json", "comparison.md", "scores/report.json", "other/report.md"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: tmp.path("both/" + name)), name)
        }
    }
}

/// The `poolingRule` recorded in report.json for each spelling.
enum RealPoolingSpelling {
    static let json = ["auto": "auto", "same-group": "sameGroup", "sameGroup": "sameGroup", "all-reals": "allReals", "allReals": "allReals"]
}
