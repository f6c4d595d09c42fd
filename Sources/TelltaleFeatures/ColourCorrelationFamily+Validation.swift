extension ColourCorrelationFamily.Parameters {
    /// Throws if ``ColourCorrelationFamily/init(parameters:cropSize:colour:)`` would reject these parameters.
    public func validate() throws(FamilyParameterError) {
        if filters.isEmpty { throw FamilyParameterError(family: ColourCorrelationFamily.name, reason: "no filters") }
        if let bad = filters.first(where: { HighPassFilter.named($0) == nil }) {
            throw FamilyParameterError(family: ColourCorrelationFamily.name, reason: "unknown filter '\(bad)'")
        }
    }
}
