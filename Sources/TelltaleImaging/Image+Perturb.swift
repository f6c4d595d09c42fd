extension Image {
    /// The image degraded by `perturbation`: JPEG re-compression goes through
    /// ``ImageEncoder/jpeg(_:quality:subsampling:)`` (4:2:0) and
    /// ``ImageDecoder/decode(_:path:options:)``; blur is
    /// ``blurred(sigma:)``; resize is ``resized(scale:)`` (which changes the size).
    public func perturbed(by perturbation: Perturbation) throws(DecodeError) -> Image {
        switch perturbation {
        case .jpeg(let quality):
            let bytes = try ImageEncoder.jpeg(self, quality: quality)
            return try ImageDecoder.decode(bytes, path: "<jpeg:\(quality)>")
        case .blur(let sigma):
            return blurred(sigma: sigma)
        case .resize(let scale):
            return resized(scale: scale)
        }
    }

    /// The image degraded by each perturbation in turn.
    public func perturbed(by perturbations: [Perturbation]) throws(DecodeError) -> Image {
        var image = self
        for p in perturbations { image = try image.perturbed(by: p) }
        return image
    }
}
