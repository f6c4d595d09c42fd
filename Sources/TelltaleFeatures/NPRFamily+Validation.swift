extension NPRFamily.Parameters {
    /// Throws if ``NPRFamily/init(parameters:cropSize:colour:)`` would reject these parameters.
    public func validate() throws(FamilyParameterError) {
        if !zip(histogramEdges, histogramEdges.dropFirst()).allSatisfy({ $0 < $1 }) || !histogramEdges.allSatisfy(\.isFinite) {
            throw FamilyParameterError(family: NPRFamily.name, reason: "histogram edges must be finite and increase")
        }
    }
}
