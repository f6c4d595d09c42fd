import TelltaleImaging
import TelltaleSupport

/// Seeded synthetic images for tests: the same seed gives the same pixels everywhere.
public enum SyntheticImages {
    /// An image with structure (diagonal ramps, an 8×8 checkerboard) and 4 bits of noise.
    public static func pattern(width: Int, height: Int, channels: Int, seed: UInt64 = 1) -> Image {
        var rng = SeededGenerator(seed: seed)
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    let noise = Int(rng.next() >> 60)
                    let base = (x * (3 + c) + y * (5 - c) + ((x / 8 + y / 8) % 2) * 60) % 200
                    pixels[(y * width + x) * channels + c] = UInt8(min(255, base + noise))
                }
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// A smooth gradient plus uniform noise of amplitude 90.
    public static func noise(width: Int, height: Int, seed: UInt64, channels: Int = 3) -> Image {
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
    public static func constant(side: Int, value: UInt8, channels: Int = 1) -> Image {
        Image(width: side, height: side, channels: channels, pixels: [UInt8](repeating: value, count: side * side * channels))
    }
}
