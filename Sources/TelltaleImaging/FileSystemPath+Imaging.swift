import TelltaleSupport

/// ``TelltaleSupport/fileSystemPath(_:)`` for this module's files that do not import
/// TelltaleSupport: the bytes `ImageDecoder.readFile` hands to `stat`, `lstat` and `open`,
/// so a file whose name is not UTF-8 (kept as a ``FileSystemPath`` string) is found.
func fileSystemPath(_ path: String) -> [CChar] {
    TelltaleSupport.fileSystemPath(path)
}
