// Known-answer vector machinery for the Swift bindings, mirroring core/tests/vectors/common.rs
// (and the Kotlin harness's VectorLib.kt): a case passes only if every field it carries was
// checked or declared informational.
import Foundation
import MegaCrypt

/// The case cannot be checked through the bindings (counted as skipped, with the reason).
struct Skip: Error, CustomStringConvertible {
    let description: String
    init(_ reason: String) { description = reason }
}

/// A check failed.
struct Mismatch: Error, CustomStringConvertible {
    let description: String
    init(_ what: String) { description = what }
}

// ------------------------------------------------------------------------------------ JSON
/// One JSON value, decoded with Foundation's JSONDecoder. Booleans and numbers stay apart (a
/// `true` never reads as 1), which JSONSerialization's NSNumber does not promise on every platform.
indirect enum JSON: Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSON].self))
        }
    }

    /// Parses JSON text (any value at the top level).
    static func parse(_ data: Data) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: data)
    }

    static func parse(_ text: String) throws -> JSON { try parse(Data(text.utf8)) }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var object: [String: JSON]? { if case .object(let o) = self { return o }; return nil }
    var array: [JSON]? { if case .array(let a) = self { return a }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    var int: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9.0e15: return Int64(d)
        default: return nil
        }
    }

    /// Same value, numbers compared by value and objects regardless of key order (org.json's
    /// `similar`).
    func similar(_ other: JSON) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.similar($1) }
        case let (.object(a), .object(b)):
            return a.count == b.count && a.allSatisfy { k, v in b[k].map { v.similar($0) } ?? false }
        case let (.int(a), .int(b)): return a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b
        case let (.double(a), .double(b)): return a == b
        default: return false
        }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\"\($0)\":\(o[$0]!)" }.joined(separator: ",") + "}"
        }
    }
}

// ------------------------------------------------------------------------------ bytes, hex
func hex<B: Sequence>(_ bytes: B) -> String where B.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}

func unhex(_ s: String) throws -> Data {
    let chars = Array(s.utf8)
    guard chars.count % 2 == 0 else { throw Mismatch("odd-length hex \"\(s)\"") }
    func nibble(_ c: UInt8) throws -> UInt8 {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: throw Mismatch("bad hex digit in \"\(s)\"")
        }
    }
    var out = Data(capacity: chars.count / 2)
    var i = 0
    while i < chars.count {
        out.append(try nibble(chars[i]) << 4 | nibble(chars[i + 1]))
        i += 2
    }
    return out
}

/// `bytes[from..<to]` as a new Data whose indices start at 0.
func slice(_ bytes: Data, _ from: Int, _ to: Int) -> Data {
    bytes.subdata(in: (bytes.startIndex + from)..<(bytes.startIndex + to))
}

/// `bytes` zero-padded (or cut) to `count` bytes (Kotlin's `copyOf`).
func resized(_ bytes: Data, _ count: Int) -> Data {
    var out = Data(bytes.prefix(count))
    if out.count < count { out.append(Data(count: count - out.count)) }
    return out
}

func eq<T: Equatable>(_ what: String, _ want: T, _ got: T) throws {
    if want != got { throw Mismatch("\(what): expected \(want), got \(got)") }
}

/// The name of a CryptoError's case ("MacMismatch", ...): the error code every binding shares.
func errorCode(_ error: Error) -> String? {
    guard error is CryptoError else { return nil }
    return Mirror(reflecting: error).children.first?.label ?? String(describing: error)
}

/// The `reason` a CryptoError carries (every case has one).
func errorReason(_ error: Error) -> String? {
    guard error is CryptoError, let payload = Mirror(reflecting: error).children.first?.value else { return nil }
    if let s = payload as? String { return s }
    return Mirror(reflecting: payload).children.first?.value as? String
}

/// Runs `block` and requires a CryptoError of case `code` (e.g. "MacMismatch").
func expectError<T>(_ what: String, _ code: String, _ block: () throws -> T) throws {
    do {
        _ = try block()
    } catch let e as CryptoError {
        let got = errorCode(e) ?? "?"
        if got != code { throw Mismatch("\(what): expected \(code), got \(got): \(e)") }
        return
    }
    throw Mismatch("\(what): expected \(code), but the call succeeded")
}

// ------------------------------------------------------------------------------- one case
final class Case {
    let raw: [String: JSON]
    private var used = Set<String>()

    init(_ raw: [String: JSON]) { self.raw = raw }

    func label(_ i: Int) -> String {
        let what = ["what", "kind", "attack", "password", "url", "mode"].lazy.compactMap { self.raw[$0]?.string }.first ?? ""
        return "case \(i) (\(what))"
    }

    func unchecked() -> [String] { raw.keys.filter { !used.contains($0) }.sorted() }
    func info(_ keys: String...) { used.formUnion(keys) }
    func has(_ key: String) -> Bool {
        if let v = raw[key], case .null = v { return false }
        return raw[key] != nil
    }

    func value(_ key: String) throws -> JSON {
        used.insert(key)
        guard let v = raw[key] else { throw Mismatch("missing field \(key)") }
        return v
    }

    /// The field, or nil when absent or null; marks it checked.
    func opt(_ key: String) -> JSON? {
        used.insert(key)
        guard let v = raw[key] else { return nil }
        if case .null = v { return nil }
        return v
    }

    func str(_ key: String) throws -> String {
        guard let s = try value(key).string else { throw Mismatch("field \(key) is not a string") }
        return s
    }

    func optStr(_ key: String) -> String? { opt(key)?.string }

    func u64(_ key: String) throws -> Int64 {
        guard let n = try value(key).int, n >= 0 else { throw Mismatch("field \(key) is not an unsigned integer") }
        return n
    }

    func bool(_ key: String) throws -> Bool {
        guard let b = try value(key).bool else { throw Mismatch("field \(key) is not a boolean") }
        return b
    }

    func hex(_ key: String) throws -> Data { try unhex(str(key)) }

    func obj(_ key: String) throws -> [String: JSON] {
        guard let o = try value(key).object else { throw Mismatch("field \(key) is not an object") }
        return o
    }

    func arr(_ key: String) throws -> [JSON] {
        guard let a = try value(key).array else { throw Mismatch("field \(key) is not an array") }
        return a
    }

    func expectHex(_ key: String, _ actual: Data) throws { try eq(key, try str(key), MegaCryptTests.hex(actual)) }
    func expectStr(_ key: String, _ actual: String) throws { try eq(key, try str(key), actual) }
}

// ------------------------------------------------------------------ one file's results
/// Checks one case; throws Mismatch (or a CryptoError) on failure, Skip when not checkable.
typealias CaseCheck = (Case) throws -> Void

/// Builds the case checker of one vector file (reading any file-level inputs once).
typealias AreaHandler = (_ file: [String: JSON]) -> CaseCheck

/// For areas without file-level inputs.
func perCase(_ check: @escaping CaseCheck) -> AreaHandler { { _ in check } }

/// For areas whose file-level setup may fail: every case then fails with the setup's error.
func withSetup<S>(_ setup: @escaping ([String: JSON]) throws -> S, _ check: @escaping (S, Case) throws -> Void) -> (([String: JSON]) -> CaseCheck) {
    { file in
        let result = Result { try setup(file) }
        return { c in
            switch result {
            case .success(let s): try check(s, c)
            case .failure(let e): throw Mismatch("file-level inputs: \(e)")
            }
        }
    }
}

final class Tally {
    var passed = 0
    var failed: [String] = []
    var skipped: [String] = []

    func runCases(_ file: [String: JSON], _ check: CaseCheck) {
        let cases = file["cases"]?.array ?? []
        for (i, raw) in cases.enumerated() {
            guard let obj = raw.object else {
                failed.append("case \(i): not an object")
                continue
            }
            let c = Case(obj)
            let label = c.label(i)
            do {
                try check(c)
            } catch let s as Skip {
                skipped.append(s.description)
                continue
            } catch {
                let kind = errorCode(error).map { "CryptoError.\($0)" } ?? "\(type(of: error))"
                failed.append("\(label): \(kind): \(error)")
                continue
            }
            let unchecked = c.unchecked()
            if unchecked.isEmpty { passed += 1 } else { failed.append("\(label): fields never checked: \(unchecked)") }
        }
    }

    func skipAll(_ file: [String: JSON], _ reason: String) {
        skipped.append(contentsOf: Array(repeating: reason, count: file["cases"]?.array?.count ?? 0))
    }
}

// -------------------------------------------------------------------------- the files
/// Folder of the project's vectors: $MEGACRYPT_VECTORS_DIR, else core/tests/data of the checkout
/// this file belongs to (when the package is used in place, e.g. on a Mac).
func vectorsDir() -> URL? {
    if let dir = ProcessInfo.processInfo.environment["MEGACRYPT_VECTORS_DIR"], !dir.isEmpty {
        return URL(fileURLWithPath: dir)
    }
    let here = URL(fileURLWithPath: #filePath)
    let inCheckout = here.deletingLastPathComponent() // Tests/MegaCryptTests
        .appendingPathComponent("../../../../../core/tests/data").standardized
    return FileManager.default.fileExists(atPath: inCheckout.path) ? inCheckout : nil
}

/// Every .json of the vectors folder and of $MEGACRYPT_EXTRA_VECTORS, sorted by name per folder.
func vectorFiles() throws -> [URL] {
    guard let main = vectorsDir() else { throw Mismatch("no vector folder: set MEGACRYPT_VECTORS_DIR") }
    var dirs = [main]
    if let extra = ProcessInfo.processInfo.environment["MEGACRYPT_EXTRA_VECTORS"], !extra.isEmpty {
        dirs.append(URL(fileURLWithPath: extra))
    }
    return try dirs.flatMap { dir -> [URL] in
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        return names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
    }
}
