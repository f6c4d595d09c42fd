import Foundation
import TelltaleImaging
import TelltaleSupport

/// Images for the feature tests: committed fixtures and seeded synthetic ones.
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

    /// A seeded RGB image: a smooth gradient plus uniform noise.
    static func noise(width: Int, height: Int, seed: UInt64, channels: Int = 3) -> Image {
        var rng = SeededGenerator(seed: seed)
        var pixels = [UInt8]()
        pixels.reserveCapacity(width * height * channels)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    let base = 40.0 + 120.0 * Double(x + y + 7 * c) / Double(width + height + 14)
                    pixels.append(UInt8(min(255, max(0, base + 90 * rng.nextUnit()))))
                }
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// A constant image.
    static func constant(side: Int, value: UInt8, channels: Int = 1) -> Image {
        Image(width: side, height: side, channels: channels, pixels: [UInt8](repeating: value, count: side * side * channels))
    }

    private static func XCTUnwrapURL(_ url: URL?, _ name: String) throws -> URL {
        guard let url else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name]) }
        return url
    }
}
