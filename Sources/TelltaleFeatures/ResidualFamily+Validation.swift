extension ResidualFamily.Parameters {
    /// Throws if ``ResidualFamily/init(parameters:cropSize:colour:)`` would reject these parameters.
    public func validate() throws(FamilyParameterError) {
        func fail(_ reason: String) -> FamilyParameterError { FamilyParameterError(family: ResidualFamily.name, reason: reason) }
        if filters.isEmpty { throw fail("no filters") }
        if let bad = filters.first(where: { HighPassFilter.named($0) == nil }) {
            throw fail("unknown filter '\(bad)' (known: \(HighPassFilter.all.map(\.name).joined(separator: ", ")))")
        }
        if !(quantisation > 0 && quantisation.isFinite) { throw fail("quantisation step must be positive") }
        if !(1...7).contains(truncation) { throw fail("truncation must be 1…7") }
        if !(1...4).contains(order) { throw fail("co-occurrence order must be 1…4") }
        if directions.isEmpty { throw fail("no directions") }
    }
}
