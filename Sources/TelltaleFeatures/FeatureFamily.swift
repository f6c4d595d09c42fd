import TelltaleImaging

/// One family of hand-crafted features from the literature (`spectrum`, `dct`, …).
///
/// A family turns a preprocessed image (``FeatureInput``) into a fixed-length
/// vector whose entries are named by ``featureNames``. Families are values,
/// configured at initialisation, and safe to call from several threads at once.
public protocol FeatureFamily: Sendable {
    /// The name users select the family by (`--features spectrum,dct`).
    static var name: String { get }
    /// One name per output value, e.g. `spectrum.r012`; stable for a configuration.
    var featureNames: [String] { get }
    /// The feature vector of one image (`featureNames.count` values).
    func extract(_ input: FeatureInput) -> [Float]
    /// The feature vectors of several images; families backed by matrix products
    /// override this to batch them into one GEMM. A batch may mix crop sides (small
    /// images under ``SmallImagePolicy/largestSquare``); every vector still has
    /// `featureNames.count` values.
    func extract(batch: [FeatureInput]) -> [[Float]]
}

extension FeatureFamily {
    public func extract(batch: [FeatureInput]) -> [[Float]] { batch.map(extract) }
}
