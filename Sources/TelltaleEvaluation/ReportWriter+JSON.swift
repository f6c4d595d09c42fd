import Foundation
import TelltaleSupport

extension ReportWriter {
    /// The whole report as canonical JSON (sorted keys, pretty-printed, trailing
    /// newline; ``TelltaleSupport/CanonicalJSON``). The report holds no timings, so
    /// equal reports give identical bytes. The +∞ first ROC threshold is `null`.
    public static func json(_ report: EvaluationReport) throws -> Data {
        try CanonicalJSON.encode(report)
    }
}
