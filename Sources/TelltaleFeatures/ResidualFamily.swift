// NOT YET WRITTEN: placeholder so that the registry compiles; replaced by the real family.
public struct ResidualFamily: FeatureFamily {
    public struct Parameters: Codable, Sendable, Hashable {
        public init() {}
    }
    public static let name = "residual"
    public let parameters: Parameters
    public let cropSize: Int
    public let colour: ColourMode
    public init(parameters: Parameters, cropSize: Int, colour: ColourMode) {
        self.parameters = parameters
        self.cropSize = cropSize
        self.colour = colour
    }
    public var featureNames: [String] { [] }
    public func extract(_ input: FeatureInput) -> [Float] { [] }
}
