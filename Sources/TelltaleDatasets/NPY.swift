import Foundation
import TelltaleSupport

/// Reading and writing 2-D float32 arrays in numpy's `.npy` format.
///
/// Files are written in format 1.0, little-endian `'<f4'`, C order, with the
/// header padded exactly as numpy ≥ 1.24 pads it (see ``NPYHeader``), so
/// `numpy.load` reads them and `np.save` of the same array gives the same
/// bytes. The reader accepts formats 1.0–3.0, `'<f4'` or `'>f4'`, C or
/// Fortran order, and rejects anything else with a typed ``NPYError``.
public enum NPY {
    /// The bytes of a `.npy` file holding `matrix`.
    public static func encode(_ matrix: Matrix) -> Data {
        var data = Data(NPYHeader(shape: [matrix.rows, matrix.cols]).encoded())
        appendLittleEndian(matrix.values[...], to: &data)
        return data
    }

    /// Writes `matrix` to `path` atomically.
    public static func write(_ matrix: Matrix, to path: String) throws {
        try AtomicFile.write(encode(matrix), to: path)
    }

    /// Reads the 2-D float32 array in the file at `path`.
    public static func read(from path: String) throws(NPYError) -> Matrix {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
        return try decode(data, path: path)
    }

    /// Decodes `.npy` bytes; `path` names the source in errors.
    public static func decode(_ data: Data, path: String = "<data>") throws(NPYError) -> Matrix {
        let headerProbe = [UInt8](data.prefix(1 << 16))
        let (header, offset) = try NPYHeader.decode(headerProbe, path: path)
        let bigEndian: Bool
        switch header.descr {
        case "<f4": bigEndian = false
        case ">f4": bigEndian = true
        default: throw .wrongDType(path: path, dtype: header.descr)
        }
        guard header.shape.count == 2 else { throw .wrongShape(path: path, shape: header.shape) }
        let (rows, columns) = (header.shape[0], header.shape[1])
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, count <= (Int.max - offset) / 4 else { throw .wrongShape(path: path, shape: header.shape) }
        let expected = offset + count * 4
        if data.count < expected { throw .truncated(path: path, expectedBytes: expected, actualBytes: data.count) }
        if data.count > expected { throw .trailingBytes(path: path, expectedBytes: expected, actualBytes: data.count) }

        var values = [Float](repeating: 0, count: count)
        data.withUnsafeBytes { raw in
            let base = raw.baseAddress! + offset
            for k in 0..<count {
                let bits = (base + 4 * k).loadUnaligned(as: UInt32.self)
                values[k] = Float(bitPattern: bigEndian ? UInt32(bigEndian: bits) : UInt32(littleEndian: bits))
            }
        }
        if header.fortranOrder, rows > 0, columns > 0 {
            // Column-major on disk: element (i, j) is at j * rows + i.
            var transposed = [Float](repeating: 0, count: count)
            for i in 0..<rows {
                for j in 0..<columns { transposed[i * columns + j] = values[j * rows + i] }
            }
            values = transposed
        }
        do {
            return try Matrix(rows: rows, cols: columns, values: values)
        } catch {
            throw .wrongShape(path: path, shape: header.shape)  // unreachable: count = rows × columns
        }
    }

    /// Appends float32 values in little-endian byte order.
    static func appendLittleEndian(_ values: ArraySlice<Float>, to data: inout Data) {
        let start = data.count
        data.count += values.count * 4
        data.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress! + start
            for (k, v) in values.enumerated() {
                (base + 4 * k).storeBytes(of: v.bitPattern.littleEndian, as: UInt32.self)
            }
        }
    }
}
