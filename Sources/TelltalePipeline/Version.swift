/// The version written into model files, feature sidecars, score sidecars and reports. 0.3.0: model
/// files record their training images and may carry a calibration; evaluations record provenance.
public enum TelltaleVersion { public static let string = "0.3.0" }
