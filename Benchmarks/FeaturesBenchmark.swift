func runFeaturesBenchmark() throws {
    print("not written yet")
}
