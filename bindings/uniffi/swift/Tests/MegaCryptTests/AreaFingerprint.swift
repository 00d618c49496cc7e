// Area `fingerprint`: mirrors core/tests/vectors/area_fingerprint.rs (and the Kotlin
// checkFingerprint): the sparse CRC, the `c` attribute, Serialize64 and the app fingerprint.
import Foundation
import MegaCrypt

/// byte[i] = (i * 7 + seed) % 251 (the vector files' "lin" rule).
func linBytes(_ size: Int, _ seed: UInt64) -> Data {
    var out = [UInt8](repeating: 0, count: size)
    out.withUnsafeMutableBufferPointer { p in
        var v = seed % 251
        for i in 0..<size {
            p[i] = UInt8(v)
            v += 7
            if v >= 251 { v -= 251 }
        }
    }
    return Data(out)
}

/// xorshift32 from `seed`, one step per byte, byte = x & 0xFF (the "xs" rule).
func xsBytes(_ size: Int, _ seed: UInt64) -> Data {
    var out = [UInt8](repeating: 0, count: size)
    out.withUnsafeMutableBufferPointer { p in
        var x = UInt32(truncatingIfNeeded: seed)
        for i in 0..<size {
            x ^= x << 13
            x ^= x >> 17
            x ^= x << 5
            p[i] = UInt8(truncatingIfNeeded: x)
        }
    }
    return Data(out)
}

/// A JSON integer as a u64. Values above Int64.max come back from JSONDecoder as doubles
/// (inexact): nil then, with the double for a by-value comparison.
private func u64Field(_ c: Case, _ key: String) throws -> (exact: UInt64?, approx: Double) {
    switch try c.value(key) {
    case .int(let i) where i >= 0: return (UInt64(i), Double(i))
    case .double(let d) where d >= 0: return (UInt64(exactly: d), d)
    default: throw Mismatch("field \(key) is not an unsigned integer")
    }
}

private func i64Field(_ c: Case, _ key: String) throws -> Int64 {
    guard case .int(let i) = try c.value(key) else { throw Mismatch("field \(key) is not an integer") }
    return i
}

private func int64s(_ a: [JSON]) throws -> [Int64] {
    try a.map { v in guard let i = v.int else { throw Mismatch("not an integer: \(v)") }; return i }
}

private func planOffsets(_ plan: SparsePlan) -> [Int64] { plan.ranges().map { Int64($0.offset) } }

private func crcViaRanges(_ plan: SparsePlan, _ data: Data) throws -> Data {
    let b = plan.builder()
    for r in plan.ranges() { try b.feed(data: slice(data, Int(r.offset), Int(r.offset + r.length))) }
    return try b.finish()
}

private func orNil<T>(_ block: () throws -> T) throws -> T? {
    do { return try block() } catch is CryptoError { return nil }
}

func checkFingerprint(_ c: Case) throws {
    switch try c.str("kind") {
    case "generate": try fingerprintGenerate(c)
    case "serialize":
        let crc = try c.hex("crc_hex")
        let fp = try FileFingerprint(size: 0, crc: crc, mtime: try i64Field(c, "mtime"))
        try c.expectStr("c_attribute", fp.toCAttribute())
        let back = try FileFingerprint.parse(cAttribute: try c.str("c_attribute"), size: 0)
        try eq("crc round trip", hex(crc), hex(back.crc()))
        try eq("decoded_mtime", try i64Field(c, "decoded_mtime"), back.mtime())
        c.info("note")
    case "decode": try fingerprintDecode(c)
    case "serialize64":
        let v = try u64Field(c, "value")
        if let exact = v.exact {
            try c.expectHex("encoded_hex", serialize64Encode(value: exact))
        } else {
            // Beyond what JSONDecoder reads exactly: the expected encoding must decode to the
            // file's value (compared as a double) and re-encode to itself.
            let enc = try c.hex("encoded_hex")
            let d = try serialize64Decode(input: enc)
            try eq("value (as double)", v.approx, Double(d.value))
            try eq("consumed", UInt64(enc.count), UInt64(d.consumed))
            try eq("encoded_hex", hex(enc), hex(serialize64Encode(value: d.value)))
        }
    case "unserialize64":
        let input = slice(try c.hex("input_hex"), 0, Int(try c.u64("available_len")))
        let r = try orNil { try serialize64Decode(input: input) }
        try eq("accepted", try c.bool("accepted"), r != nil)
        if let r {
            let v = try u64Field(c, "value")
            if let exact = v.exact { try eq("value", exact, r.value) } else { try eq("value (as double)", v.approx, Double(r.value)) }
            try eq("consumed", UInt64(try c.u64("consumed")), UInt64(r.consumed))
        } else {
            if c.opt("value") != nil || c.opt("consumed") != nil { throw Mismatch("value/consumed given for a refused input") }
        }
        c.info("what")
    case "app_prefix_decode":
        let fp = try orNil { try FileFingerprint.parseAppFingerprint(appFingerprint: try c.str("app_fingerprint")) }
        try eq("accepted", try c.bool("accepted"), fp != nil)
        if let fp {
            try c.expectStr("c_attribute", fp.toCAttribute())
            try eq("size", UInt64(try c.u64("size")), fp.size())
        } else {
            if c.opt("c_attribute") != nil || c.opt("size") != nil { throw Mismatch("c_attribute/size given for a refused input") }
        }
    case let kind: throw Mismatch("unknown kind \(kind)")
    }
}

private func fingerprintGenerate(_ c: Case) throws {
    let size = try c.u64("size")
    let seed = UInt64(try c.u64("data_seed"))
    let data: Data
    switch try c.str("data_rule") {
    case "lin": data = linBytes(Int(size), seed)
    case "xs": data = xsBytes(Int(size), seed)
    case let rule: throw Mismatch("unknown data rule \(rule)")
    }
    let crc = computeSparseCrc(data: data)
    try c.expectHex("crc_hex", crc)
    try c.expectStr("crc_b64", base64Encode(bytes: crc))
    // The same CRC from one sequential pass in odd pieces, and from the plan's ranges.
    let stream = SparseCrcFromStream(size: UInt64(size))
    var pos = 0
    while pos < data.count {
        let n = min(65_521, data.count - pos)
        try stream.update(data: slice(data, pos, pos + n))
        pos += n
    }
    try eq("sequential builder", hex(crc), hex(try stream.finish()))
    let plan = SparsePlan(size: UInt64(size))
    try eq("ranges builder", hex(crc), hex(try crcViaRanges(plan, data)))
    let fp = try FileFingerprint(size: UInt64(size), crc: crc, mtime: try i64Field(c, "mtime"))
    try c.expectStr("c_attribute", fp.toCAttribute())
    try c.expectStr("app_fingerprint", fp.toAppFingerprint())
    let back = try FileFingerprint.parseAppFingerprint(appFingerprint: fp.toAppFingerprint())
    try eq("app fingerprint size", UInt64(size), back.size())
    try eq("app fingerprint crc", hex(crc), hex(back.crc()))
    try eq("app fingerprint mtime", fp.mtime(), back.mtime())
    try eq("parsed fingerprint matches", true, fp.matches(other: back))
    if !c.has("sparse_offsets") { return }
    try eq("sparse_offsets", try int64s(try c.arr("sparse_offsets")), planOffsets(plan))
    let legacy = try int64s(try c.arr("legacy_offsets"))
    let fa = legacyFaPlan(size: UInt64(size))
    try eq("legacy_fa_applicable", try c.bool("legacy_fa_applicable"), fa != nil)
    if let fa {
        try eq("legacy_offsets", legacy, planOffsets(fa))
        let faCrc = try computeSparseCrcWith(plan: fa, data: data)
        try eq("legacy FA via ranges", hex(faCrc), hex(try crcViaRanges(fa, data)))
        try c.expectHex("legacy_fa_hex", faCrc)
        try c.expectStr("legacy_fa_b64", base64Encode(bytes: faCrc))
        try eq("legacy_fa_equals_crc", try c.bool("legacy_fa_equals_crc"), faCrc == crc)
        let lanes = (0..<4).map { i in slice(faCrc, 4 * i, 4 * i + 4) == slice(crc, 4 * i, 4 * i + 4) }
        let want = try c.arr("legacy_lanes_equal_to_crc").map { v -> Bool in
            guard let b = v.bool else { throw Mismatch("legacy_lanes_equal_to_crc: not a boolean") }
            return b
        }
        try eq("legacy_lanes_equal_to_crc", want, lanes)
    } else {
        // Not applicable: the 32-bit offsets equal the correct ones.
        try eq("legacy_offsets", legacy, planOffsets(plan))
    }
    guard let ia = legacyIaPlan(size: UInt64(size)) else { throw Mismatch("legacy IA plan missing") }
    try eq("legacy_ia_read_offsets", try int64s(try c.arr("legacy_ia_read_offsets")), planOffsets(ia))
    let iaCrc = try computeSparseCrcWith(plan: ia, data: data)
    try c.expectHex("legacy_ia_hex", iaCrc)
    try c.expectStr("legacy_ia_b64", base64Encode(bytes: iaCrc))
}

/// The SDK's verdict is `accepted`; a refusal of ours passes only if the input is not the
/// canonical encoding of what the SDK read (megacrypt refuses the lax spellings the SDK tolerates).
private func fingerprintDecode(_ c: Case) throws {
    let input = try c.str("c_attribute")
    c.info("what")
    var err: Error?
    var ours: FileFingerprint?
    do { ours = try FileFingerprint.parse(cAttribute: input, size: 0) } catch let e as CryptoError { err = e }
    if !(try c.bool("accepted")) {
        if let ours { throw Mismatch("accepted what the SDK refuses: \(ours.toCAttribute())") }
        try eq("error kind", "Malformed", err.flatMap(errorCode) ?? "?")
        return
    }
    let crc = try c.hex("crc_hex")
    let mtime = try i64Field(c, "mtime")
    if let ours {
        try eq("crc", hex(crc), hex(ours.crc()))
        try eq("mtime", mtime, ours.mtime())
    } else if try FileFingerprint(size: 0, crc: crc, mtime: mtime).toCAttribute() == input {
        throw Mismatch("refused the canonical encoding")
    }
}
