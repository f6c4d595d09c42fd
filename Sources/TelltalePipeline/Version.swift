/// The version written into model files, feature sidecars and score sidecars.
public enum TelltaleVersion { public static let string = "0.2.0" }
