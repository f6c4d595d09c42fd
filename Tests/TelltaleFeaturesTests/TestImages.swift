import Foundation
import TelltaleImaging
import TelltaleSupport

/// The committed image fixtures of the feature tests (seeded synthetic images: `SyntheticImages`).
enum TestImages {
    /// URL of a committed fixture file.
    static func fixtureURL(_ name: String) throws -> URL {
        let dot = name.lastIndex(of: ".")!
        let url = Bundle.module.url(forResource: String(name[..<dot]), withExtension: String(name[name.index(after: dot)...]),
                                    subdirectory: "Fixtures")
        return try XCTUnwrapURL(url, name)
    }

    /// A committed PNG fixture, decoded by the pipeline's own decoder.
    static func fixture(_ name: String) throws -> Image {
        try ImageDecoder.decode(file: fixtureURL(name).path)
    }

    private static func XCTUnwrapURL(_ url: URL?, _ name: String) throws -> URL {
        guard let url else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name]) }
        return url
    }
}
