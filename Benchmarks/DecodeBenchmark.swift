func runDecodeBenchmark() throws {
    print("not written yet")
}
