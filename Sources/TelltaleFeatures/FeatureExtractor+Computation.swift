import TelltaleFaces
import TelltaleSupport

extension FeatureExtractor {
    /// What decides the last bits of the numbers besides the configuration, for the
    /// feature file's sidecar: the build (portable or native; both compute the same bits) and,
    /// when a family uses FFTW, how the transform of a full `cropSize²` crop is planned
    /// (``FFT2D/planOrigin(rows:cols:)``: the compiled-in wisdom or `FFTW_ESTIMATE`; plans
    /// differ from machine to machine only in the last bits of the spectra); with a face crop,
    /// the landmark model (path and SHA-256) and dlib's version, which decide the faces found.
    public var computation: [String: String] {
        var out = ["build": NativeBuild.isNative ? "native-x86-64-v3" : "portable"]
        let fftwFamilies: Set = [SpectrumFamily.name, DCTFamily.name, ResidualSpectrumFamily.name]
        if configuration.families.contains(where: fftwFamilies.contains) {
            let side = configuration.cropSize
            out["fftw_plan"] = "\(FFT2D.planOrigin(rows: side, cols: side)) (\(side)×\(side))"
        }
        if let faceDetector {
            out["face_landmark_model"] = "\(faceDetector.modelPath) (SHA-256 \(faceDetector.modelSHA256))"
            out["dlib"] = FaceDetector.dlibVersion
        }
        return out
    }
}
