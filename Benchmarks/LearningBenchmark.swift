func runLearningBenchmark() throws {
    print("not written yet")
}
