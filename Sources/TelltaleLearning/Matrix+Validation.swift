import TelltaleSupport

extension Matrix {
    /// Throws ``LearningError/nonFiniteFeature(row:column:)`` at the first NaN or infinity.
    public func validateFinite() throws {
        try values.withUnsafeBufferPointer { v in
            for k in 0 ..< v.count where !v[k].isFinite {
                throw LearningError.nonFiniteFeature(row: k / cols, column: k % cols)
            }
        }
    }
}
