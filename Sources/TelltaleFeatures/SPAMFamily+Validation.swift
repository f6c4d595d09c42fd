extension SPAMFamily.Parameters {
    /// Throws if ``SPAMFamily/init(parameters:cropSize:colour:)`` would reject these parameters.
    public func validate() throws(FamilyParameterError) {
        if !(1...7).contains(truncation) { throw FamilyParameterError(family: SPAMFamily.name, reason: "truncation must be 1…7") }
    }
}
