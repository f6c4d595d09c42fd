import TelltaleSupport

/// Why a pipeline step refused or failed, as the command line reports it (``description``,
/// one line): a file and the reason, a line of a file, or a message about the inputs or
/// settings as a whole. Errors of the domain libraries (decoding, writing files) pass
/// through unchanged.
public enum PipelineError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file or folder that cannot be used: `PATH: REASON` (the path shown for a person).
    case file(String, reason: String)
    /// A line of a text file: `PATH:LINE: REASON`.
    case line(String, line: Int, reason: String)
    /// Inputs that do not go together, or a refused run: the message.
    case inputs(String)
    /// An invalid setting (a training value, a spec field): the message, without the file.
    case setting(String)

    public var description: String {
        switch self {
        case .file(let path, let reason): "\(FileSystemPath.display(path)): \(reason)"
        case .line(let path, let line, let reason): "\(FileSystemPath.display(path)):\(line): \(reason)"
        case .inputs(let message), .setting(let message): message
        }
    }
}
