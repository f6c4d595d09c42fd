// swift-tools-version: 6.1
//
// Telltale: tells camera photographs from images made by generative models.
// The targets follow the pipeline: decoding → features → learning → evaluation,
// with the `telltale` executable a thin command-line layer on top.
import PackageDescription

let package = Package(
    name: "Telltale",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "telltale", targets: ["telltale"]),
        .library(name: "TelltaleImaging", targets: ["TelltaleImaging"]),
        .library(name: "TelltaleFaces", targets: ["TelltaleFaces"]),
        .library(name: "TelltaleFeatures", targets: ["TelltaleFeatures"]),
        .library(name: "TelltaleDatasets", targets: ["TelltaleDatasets"]),
        .library(name: "TelltaleLearning", targets: ["TelltaleLearning"]),
        .library(name: "TelltaleEvaluation", targets: ["TelltaleEvaluation"]),
        .library(name: "TelltalePipeline", targets: ["TelltalePipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries from Debian packages, found through pkg-config.
        .systemLibrary(
            name: "CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(
            name: "CWebP", pkgConfig: "libwebp",
            providers: [.apt(["libwebp-dev"])]),
        .systemLibrary(
            name: "CTIFF", pkgConfig: "libtiff-4",
            providers: [.apt(["libtiff-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CFFTW", pkgConfig: "fftw3f",
            providers: [.apt(["libfftw3-dev"])]),

        // The tiny C shim that keeps libpng's and libjpeg's setjmp/longjmp error
        // handling inside C frames, and libwebp's and libtiff's status codes and
        // error handlers behind the same contract.
        .target(name: "CTelltaleShim", dependencies: ["CPNG", "CJPEG", "CWebP", "CTIFF"]),

        // dlib's face detector and 68-point landmark model behind a C API (Debian's libdlib-dev;
        // the model from libdlib-data); every C++ exception is caught inside the shim.
        .target(
            name: "CTelltaleFaces",
            // dlib's detector is a header template instantiated here: optimised even in debug
            // builds (unoptimised it is 30× slower), without dlib's debug-mode assertions, and
            // without dlib's abort() on a second fatal_error (the shim catches every one).
            cxxSettings: [.unsafeFlags(["-O2", "-UDEBUG", "-DNDEBUG"]), .define("DLIB_NO_ABORT_ON_2ND_FATAL_ERROR")],
            linkerSettings: [.linkedLibrary("dlib")]),

        // Whether the CPU runs the optional native (x86-64-v3) build; see scripts/build_native.sh.
        .target(name: "CCPUFeatures"),

        // Shared plumbing with no I/O policy: seeded randomness, digests, canonical JSON, atomic writes.
        .target(
            name: "TelltaleSupport",
            dependencies: ["CCPUFeatures", .product(name: "Crypto", package: "swift-crypto")],
            plugins: ["BuildInfo"]),
        // Writes the git commit the binary is built from into TelltaleSupport (BuildInfo).
        .plugin(name: "BuildInfo", capability: .buildTool()),

        // Decoding: the image type, PNG/JPEG/WebP/TIFF decoding, PNG/JPEG encoding, file facts.
        .target(name: "TelltaleImaging", dependencies: ["CTelltaleShim", "TelltaleSupport"]),
        // Faces: where to look — faces and their landmarks (dlib), for the face crop.
        .target(name: "TelltaleFaces", dependencies: ["CTelltaleFaces", "TelltaleImaging"]),
        // Features: the published detectors' feature families, BLAS-accelerated.
        .target(name: "TelltaleFeatures", dependencies: ["TelltaleImaging", "TelltaleFaces", "TelltaleSupport", "COpenBLAS", "CFFTW"]),
        // Datasets: layouts of the public benchmarks, manifests, feature files (.npy + JSON).
        .target(
            name: "TelltaleDatasets",
            dependencies: ["TelltaleImaging", "TelltaleFaces", "TelltaleSupport"]),
        // Evaluation: metrics as pure functions, bootstrap intervals, reports.
        .target(name: "TelltaleEvaluation", dependencies: ["TelltaleSupport"]),
        // Learning: standardiser, logistic regression, MLP, model files, cross-validation
        // (which scores its folds with the evaluation module's metrics).
        .target(name: "TelltaleLearning", dependencies: ["TelltaleSupport", "TelltaleEvaluation", "COpenBLAS"]),

        // Pipeline: the application layer — streaming extraction, training, scoring runs
        // (resume, shards, merge), evaluation runs, audits, splits, benchmark runs. Writes the
        // files it is asked to write; never prints or exits (progress through PipelineReporter).
        .target(
            name: "TelltalePipeline",
            dependencies: [
                "TelltaleSupport", "TelltaleImaging", "TelltaleFaces", "TelltaleFeatures", "TelltaleDatasets",
                "TelltaleLearning", "TelltaleEvaluation",
            ]),

        // The command line: argument parsing, help, terminal output and progress drawing.
        .executableTarget(
            name: "telltale",
            dependencies: [
                "TelltalePipeline", "TelltaleSupport", "TelltaleImaging", "TelltaleFaces", "TelltaleFeatures", "TelltaleDatasets",
                "TelltaleLearning", "TelltaleEvaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "telltale-benchmarks",
            dependencies: [
                "TelltalePipeline", "TelltaleSupport", "TelltaleImaging", "TelltaleFeatures", "TelltaleDatasets",
                "TelltaleLearning", "TelltaleEvaluation", "CFFTW",
            ],
            path: "Benchmarks", exclude: ["specs"]),

        // Support shared by the test targets (as swift-argument-parser's ArgumentParserTestHelpers):
        // temporary folders, seeded synthetic images, seeded data. Not a product.
        .target(name: "TelltaleTestSupport", dependencies: ["TelltaleImaging", "TelltaleSupport"],
                path: "Tests/TelltaleTestSupport"),

        .testTarget(name: "TelltaleImagingTests",
                    dependencies: ["TelltaleImaging", "TelltaleSupport", "TelltaleTestSupport", "CTelltaleShim", "CWebP", "CTIFF"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TelltaleFacesTests", dependencies: ["TelltaleFaces", "TelltaleImaging", "TelltaleTestSupport"]),
        .testTarget(name: "TelltaleFeaturesTests", dependencies: ["TelltaleFeatures", "TelltaleSupport", "TelltaleTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TelltaleDatasetsTests",
                    dependencies: ["TelltaleDatasets", "TelltaleImaging", "TelltaleSupport", "TelltaleTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TelltaleSupportTests", dependencies: ["TelltaleSupport", "TelltaleTestSupport"]),
        // The command line run as a user runs it: parsing, exit statuses, output, a few runs end to end.
        .testTarget(name: "TelltaleCLITests", dependencies: ["telltale", "TelltaleTestSupport"]),
        .testTarget(name: "TelltaleLearningTests", dependencies: ["TelltaleLearning", "TelltaleEvaluation", "TelltaleTestSupport"],
                    resources: [.copy("Fixtures")]),
        // The pipeline in process: what each command computes, writes and refuses.
        .testTarget(name: "TelltalePipelineTests",
                    dependencies: ["TelltalePipeline", "TelltaleSupport", "TelltaleImaging", "TelltaleFaces", "TelltaleFeatures",
                                   "TelltaleDatasets", "TelltaleLearning", "TelltaleEvaluation", "TelltaleTestSupport"]),
        .testTarget(name: "TelltaleEvaluationTests", dependencies: ["TelltaleEvaluation", "TelltaleTestSupport"],
                    resources: [.copy("Fixtures")]),
    ],
    cxxLanguageStandard: .cxx17
)
