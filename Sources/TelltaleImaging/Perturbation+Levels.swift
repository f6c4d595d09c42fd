extension Perturbation {
    /// Why a `kind:levels` specification could not be read.
    public struct LevelsSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// One kind at several levels: `jpeg:95,90,75` → [jpeg:95, jpeg:90, jpeg:75]
    /// (`evaluate --perturb`; levels are validated as ``init(_:)`` does).
    public static func levels(_ spec: String) throws(LevelsSyntaxError) -> [Perturbation] {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw LevelsSyntaxError(description: "'\(spec)' is not kind:levels") }
        var result: [Perturbation] = []
        for level in parts[1].split(separator: ",") {
            guard let p = Perturbation("\(parts[0]):\(level)") else {
                throw LevelsSyntaxError(description: "'\(parts[0]):\(level)' is not a perturbation (jpeg:1…100, blur:σ>0, resize:0<s<1)")
            }
            result.append(p)
        }
        return result
    }
}
