import XCTest
import TelltaleSupport

final class NativeBuildTests: XCTestCase {
    func testTheTestedBuildIsPortableAndStartsOnAnyCPU() {
        // `swift test` builds the portable variant; the native one is scripts/build_native.sh.
        XCTAssertFalse(NativeBuild.isNative)
        NativeBuild.requireSupportedCPU(program: "tests")  // a no-op outside the native build
    }
}
