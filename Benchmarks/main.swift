// telltale-benchmarks: throughput and memory of each pipeline stage.
//
//   swift run -c release telltale-benchmarks [decode|features|families|sample|learning|transforms|tiles|tiles-memory|all]
//
// Each area lives in its own file and prints a table; none of this runs in the tests.
import Foundation
import TelltaleSupport

let areas: [(name: String, run: () throws -> Void)] = [
    ("decode", runDecodeBenchmark),
    ("features", runFeaturesBenchmark),
    ("families", runFamiliesBenchmark),
    ("sample", runSampleBenchmark),
    ("learning", runLearningBenchmark),
    ("transforms", runTransformBenchmark),
    ("tiles", runTilesBenchmark),
    ("tiles-memory", runTilesMemoryBenchmark),
]
// The CLI's allocator policy, so that the pipeline benchmarks measure what `telltale` does.
NativeBuild.requireSupportedCPU(program: "telltale-benchmarks")
AllocatorTuning.keepLargeBlocksInHeap()
print("build: \(NativeBuild.isNative ? "native (x86-64-v3)" : "portable (x86-64 baseline)")")
let requested = CommandLine.arguments.dropFirst().first ?? "all"
let chosen = requested == "all" ? areas : areas.filter { $0.name == requested }
if chosen.isEmpty {
    FileHandle.standardError.write(Data("unknown area \(requested); choose one of \(areas.map(\.name).joined(separator: ", ")), all\n".utf8))
    exit(2)
}
for area in chosen {
    print("== \(area.name)")
    try area.run()
}
