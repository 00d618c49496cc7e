// Areas `fingerprint`, `media_attributes`, `gps`, `upload_checksum`, `cloudraid` (core modules
// `fingerprint`, `media`, `location`, `upload_checksum`, `cloudraid`; façade `metadata`, Kotlin
// AreasMetadata.kt).
import Foundation
import MegaCrypt

// Area `fingerprint`: mirrors core/tests/vectors/area_fingerprint.rs (and the Kotlin
// checkFingerprint): the sparse CRC, the `c` attribute, Serialize64 and the app fingerprint.

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

// Area `media_attributes`: mirrors core/tests/vectors/area_media.rs (and the Kotlin
// checkMediaAttributes): XXTEA and the `fa` types 8 and 9 as MEGA's SDK writes and reads them.

private func propsFrom(_ v: [String: JSON]) throws -> MediaProperties {
    func n(_ k: String) throws -> UInt32 {
        guard let i = v[k]?.int, i >= 0, i <= Int64(UInt32.max) else { throw Mismatch("field \(k) is not a u32") }
        return UInt32(i)
    }
    return MediaProperties(
        width: try n("width"), height: try n("height"), fps: try n("fps"), playtime: try n("playtime"),
        shortformat: try n("shortformat"), containerId: try n("containerid"),
        videoCodecId: try n("videocodecid"), audioCodecId: try n("audiocodecid"))
}

/// The SDK's answer when there is no (usable) type 8 entry (short format 254: unknown).
private let sdkDefault = MediaProperties(width: 0, height: 0, fps: 0, playtime: 0, shortformat: 254,
                                         containerId: 0, videoCodecId: 0, audioCodecId: 0)

private func expectMediaDecoded(_ c: Case, _ key: MediaKey) throws {
    let want = try propsFrom(try c.obj("decoded"))
    let got: MediaProperties?
    do {
        got = try decodeMediaAttributes(fa: try c.str("node_fa_string"), key: key)
    } catch let e as CryptoError {
        if want != sdkDefault { throw e }
        // A truncated or garbled entry: the SDK reports "no information", megacrypt refuses it.
        try eq("error kind", "Malformed", errorCode(e) ?? "?")
        return
    }
    if want == sdkDefault {
        if let got { throw Mismatch("decoded \(got) where the SDK found nothing") }
    } else {
        try eq("decoded", want, got)
    }
}

func checkMediaAttributes(_ c: Case) throws {
    c.info("what", "note")
    switch try c.str("kind") {
    case "xxtea":
        let key = try MediaKey.fromBytes(bytes: try c.hex("key_hex"))
        let plain = try c.hex("plaintext_hex")
        let ct = try xxteaEncrypt(key: key, data: plain)
        try c.expectHex("ciphertext_hex", ct)
        try eq("decrypts back", hex(plain), hex(try xxteaDecrypt(key: key, data: ct)))
    case "encode":
        let key = try MediaKey.fromNodeKey(nodeKey: try c.hex("node_key_hex"))
        var fields = [String: JSON]()
        for k in ["width", "height", "fps", "playtime", "shortformat", "containerid", "videocodecid", "audiocodecid"] {
            fields[k] = try c.value(k)
        }
        let props = try propsFrom(fields)
        try c.expectHex("type8_plain_hex", try mediaType8Plain(props: props))
        try c.expectStr("fa_entries", try encodeMediaAttributes(props: props, key: key))
        try expectMediaDecoded(c, key)
    case "decode":
        try expectMediaDecoded(c, try MediaKey.fromNodeKey(nodeKey: try c.hex("node_key_hex")))
    case let kind: throw Mismatch("unknown kind \(kind)")
    }
}

// Area `gps`: mirrors core/tests/vectors/area_gps.rs (and the Kotlin checkGps): the `l` and `gp`
// node attributes as MEGA's SDK writes and reads them.

private let invalidCoordinate = -200.0

/// Parses C99 hexadecimal float notation (`-0x1.9c016f0068db9p+5`) exactly.
private func parseHexFloat(_ s: String) throws -> Double {
    var rest = Substring(s)
    let negative = rest.hasPrefix("-")
    if negative { rest = rest.dropFirst() }
    guard rest.hasPrefix("0x") else { throw Mismatch("hex float without 0x: \(s)") }
    rest = rest.dropFirst(2)
    let parts = rest.split(separator: "p", omittingEmptySubsequences: false)
    guard parts.count == 2, let exp = Int(parts[1]) else { throw Mismatch("hex float without p: \(s)") }
    let mant = parts[0].split(separator: ".", omittingEmptySubsequences: false)
    let int = mant[0]
    let frac = mant.count > 1 ? mant[1] : ""
    guard mant.count <= 2, let m = UInt64(String(int) + String(frac), radix: 16), m < (1 << 53) else {
        throw Mismatch("bad hex float mantissa: \(s)")
    }
    // Both steps are exact: m < 2^53 and the results are normal numbers.
    let v = Double(sign: .plus, exponent: exp - 4 * frac.count, significand: Double(m))
    return negative ? -v : v
}

/// A `{value, hex}` double; the hex form is exact and is the one compared.
private func double(_ c: Case, _ key: String) throws -> Double {
    let v = try c.obj(key)
    guard let h = v["hex"]?.string else { throw Mismatch("\(key).hex") }
    let exact = try parseHexFloat(h)
    let approx: Double
    switch v["value"] {
    case .double(let d)?: approx = d
    case .int(let i)?: approx = Double(i)
    default: throw Mismatch("\(key).value")
    }
    if abs(exact - approx) > abs(exact) * 1e-12 { throw Mismatch("\(key): value and hex disagree") }
    return exact
}

private func expectCoordsDecoded(_ c: Case, _ got: Coordinates?) throws {
    let lat = try double(c, "decoded_latitude")
    let lon = try double(c, "decoded_longitude")
    try eq("decoded_latitude", lat.bitPattern, (got?.latitude ?? invalidCoordinate).bitPattern)
    try eq("decoded_longitude", lon.bitPattern, (got?.longitude ?? invalidCoordinate).bitPattern)
}

private func expectUpdates(_ c: Case, _ got: LocationAttributes) throws {
    let want = try c.obj("attr_updates")
    try eq("attr_updates.l", want["l"]?.string, Optional(got.l))
    try eq("attr_updates.gp", want["gp"]?.string, Optional(got.gp))
}

private func masterKey(_ c: Case) throws -> MasterKey { try MasterKey.fromBytes(bytes: try c.hex("master_key_hex")) }

private func usk(_ c: Case) throws -> UnshareableKey? {
    let mk = try masterKey(c)
    return try c.optStr("usk_b64").map { try UnshareableKey.fromUskAttribute(masterKey: mk, uskB64: $0) }
}

private func sdkError(_ c: Case) throws -> Int64 {
    guard let e = try c.value("sdk_error").int else { throw Mismatch("sdk_error is not an integer") }
    return e
}

private func gpsI64Field(_ c: Case, _ key: String) throws -> Int64 {
    guard let v = try c.value(key).int else { throw Mismatch("\(key) is not an integer") }
    return v
}

func checkGps(_ c: Case) throws {
    switch try c.str("kind") {
    case let kind where kind == "l" || kind == "gp":
        let lat = try double(c, "latitude")
        let lon = try double(c, "longitude")
        var key: UnshareableKey?
        if kind == "gp" {
            guard let k = try usk(c) else { throw Mismatch("usk missing") }
            try c.expectHex("usk_key_hex", k.exportBytes())
            key = k
        }
        let v24 = try coordinatesTo24bit(latitude: lat, longitude: lon)
        guard v24.count == 2 else { throw Mismatch("coordinatesTo24bit: \(v24.count) values") }
        try eq("lat24", try c.u64("lat24"), Int64(v24[0]))
        try eq("lon24", try c.u64("lon24"), Int64(v24[1]))
        try eq("sdk_error", 0, try sdkError(c))
        let l = try encodeLocationL(latitude: lat, longitude: lon)
        try c.expectStr("l", l)
        if let key {
            try c.expectHex("gp_plain_hex", Data(("unshare/" + l).utf8))
            let gp = try encodeLocationGp(latitude: lat, longitude: lon, key: key)
            try c.expectStr("gp", gp)
            try expectUpdates(c, try unshareableLocationAttributes(latitude: lat, longitude: lon, key: key))
            try expectCoordsDecoded(c, try decodeLocationGp(gp: gp, key: key))
        } else {
            try expectUpdates(c, try shareableLocationAttributes(latitude: lat, longitude: lon))
            try expectCoordsDecoded(c, try decodeLocationL(l: l))
        }
    case "encode_edge": try gpsEncodeEdge(c)
    case "decode":
        let attrs = try c.obj("attributes")
        let key = try usk(c)
        c.info("what")
        if !(try c.bool("file_node")) {
            // The SDK reads coordinates of file nodes only; nodeCoordinates is for file nodes.
            try expectCoordsDecoded(c, nil)
            return
        }
        try expectCoordsDecoded(c, nodeCoordinates(l: attrs["l"]?.string, gp: attrs["gp"]?.string, key: key))
    case let kind: throw Mismatch("unknown kind \(kind)")
    }
}

private func gpsEncodeEdge(_ c: Case) throws {
    let lat = try double(c, "latitude")
    let lon = try double(c, "longitude")
    let unshareable = try c.bool("unshareable")
    let key = try usk(c)
    let sdkErr = try sdkError(c)
    c.info("what", "sdk_error_name")
    let bothInvalid = lat == invalidCoordinate && lon == invalidCoordinate
    // The SDK's integer values, including out-of-range ones it then refuses.
    let lat24 = try gpsI64Field(c, "lat24")
    let lon24 = try gpsI64Field(c, "lon24")
    let attrs: LocationAttributes
    do {
        if bothInvalid {
            attrs = clearedLocationAttributes()
        } else if unshareable, let key {
            attrs = try unshareableLocationAttributes(latitude: lat, longitude: lon, key: key)
        } else if unshareable {
            // The SDK answers API_EKEY; without *~usk there is no UnshareableKey to pass.
            let mk = try masterKey(c)
            var refused = false
            do { _ = try UnshareableKey.fromUskAttribute(masterKey: mk, uskB64: "") } catch is CryptoError { refused = true }
            try eq("no usk, no key", true, refused)
            try eq("sdk_error", -14, sdkErr)
            try eq("attr_updates is empty", true, try c.obj("attr_updates").isEmpty)
            return
        } else {
            attrs = try shareableLocationAttributes(latitude: lat, longitude: lon)
        }
    } catch let e as CryptoError {
        try eq("error kind", "ApiMisuse", errorCode(e) ?? "?")
        try eq("sdk refuses too", true, sdkErr != 0)
        let inRange = { (v: Int64) in v >= 0 && v < (1 << 24) }
        try eq("SDK values out of range", false, inRange(lat24) && inRange(lon24))
        try eq("attr_updates is empty", true, try c.obj("attr_updates").isEmpty)
        return
    }
    try eq("sdk_error", 0, sdkErr)
    if !bothInvalid {
        let v24 = try coordinatesTo24bit(latitude: lat, longitude: lon)
        try eq("lat24", lat24, Int64(v24[0]))
        try eq("lon24", lon24, Int64(v24[1]))
    }
    try expectUpdates(c, attrs)
}

// Area `upload_checksum`: mirrors core/tests/vectors/area_upload_checksum.rs (and the Kotlin
// checkUploadChecksum): the `?d=` checksum of upload request bodies, executed in MEGA's SDK.

private func checksumInPieces(_ body: Data, _ step0: Int) throws -> UploadChecksum {
    let step = max(step0, 1)
    let s = UploadChecksum()
    var pos = 0
    while pos < body.count {
        let n = min(step, body.count - pos)
        try s.update(data: slice(body, pos, pos + n))
        pos += n
    }
    return s
}

func checkUploadChecksum(_ c: Case) throws {
    c.info("what")
    switch try c.str("kind") {
    case "crc":
        let len = try c.u64("body_len")
        let body: Data
        if c.has("body_hex") {
            body = try c.hex("body_hex")
        } else {
            let seed = try c.u64("body_seed")
            body = linBytes(Int(len), UInt64(seed))
            try eq("body_rule", "byte[i] = (i * 7 + \(seed)) % 251", try c.str("body_rule"))
            try eq("body_sha256", try c.str("body_sha256"), sha256Hex(body))
        }
        try eq("body_len", len, Int64(body.count))
        let whole = try checksumInPieces(body, body.count)
        try c.expectHex("d_hex", try whole.toBytes())
        try c.expectStr("d_b64", try whole.toB64())
        for step in [1, 5, 12, 13, 131_072] {
            try eq("split feed \(step)", hex(try whole.toBytes()), hex(try checksumInPieces(body, step).toBytes()))
        }
        try eq("body length", UInt64(len), try whole.bodyLength())
    case "upload_request":
        let key = try AesKey.fromBytes(bytes: try c.hex("key_hex"))
        let nonce = try c.hex("nonce_hex")
        let pos = try c.u64("pos")
        let npos = try c.u64("npos")
        let seed = try c.u64("plaintext_seed")
        c.info("plaintext_rule")
        var body = linBytes(Int(npos - pos), UInt64(seed))
        let layout = try ChunkLayout(fileSize: UInt64(npos))
        // AES-CTR does not involve the meta-MAC; the range "decryptor" encrypts at an offset.
        let ctr = UnauthenticatedRangeDecryptor(contentKey: try ContentKey.fromParts(aesKey: key, nonce: nonce))
        var chunks = [[Int64]]()
        let sum = UploadChecksum()
        for ch in layout.chunks() {
            // The request's pieces: the file's chunks clipped to [pos, npos).
            let from = max(Int64(ch.offset), pos)
            let to = Int64(ch.offset) + Int64(ch.length)
            if from >= to { continue }
            let piece = try ctr.decryptAtUnverified(offset: UInt64(from), ciphertext: slice(body, Int(from - pos), Int(to - pos)))
            body.replaceSubrange(Int(from - pos)..<Int(to - pos), with: piece)
            try sum.update(data: piece)
            chunks.append([from, to])
        }
        let want = try c.arr("chunks").map { v -> [Int64] in
            guard let a = v.array, a.count == 2, let x = a[0].int, let y = a[1].int else { throw Mismatch("chunks: bad entry \(v)") }
            return [x, y]
        }
        try eq("chunks", want, chunks)
        try eq("ciphertext_sha256", try c.str("ciphertext_sha256"), sha256Hex(body))
        if c.has("ciphertext_hex") { try c.expectHex("ciphertext_hex", body) }
        try c.expectStr("d_b64", try sum.toB64())
        try c.expectStr("url_suffix", try sum.urlSuffix(start: UInt64(pos)))
    case let kind: throw Mismatch("unknown kind \(kind)")
    }
}

// Area `cloudraid`: mirrors core/tests/vectors/area_cloudraid.rs (and the Kotlin checkCloudraid):
// part sizes, recombination with any one part missing, and resumption, as MEGA's SDK executed
// them. The parts come from a reference split written from the layout description (MEGA's
// servers split; clients only recombine).

/// Reference split: sector k (16 bytes) to part 1 + k mod 5; part 0 is the parity, the XOR of
/// each 80-byte line's sectors zero-padded, cut to the line's first sector's length.
func raidSplit(_ data: Data) -> [Data] {
    let bytes = [UInt8](data)
    let n = bytes.count
    var parts = [[UInt8]](repeating: [], count: 6)
    for p in 1...5 { parts[p].reserveCapacity(n / 5 + 16) }
    parts[0].reserveCapacity(n / 5 + 16)
    bytes.withUnsafeBufferPointer { src in
        var k = 0
        while k * 16 < n {
            let from = k * 16
            parts[1 + k % 5].append(contentsOf: src[from..<min(from + 16, n)])
            k += 1
        }
        var line = 0
        var x = [UInt8](repeating: 0, count: 16)
        while line < n {
            let end = min(line + 80, n)
            for j in 0..<16 { x[j] = 0 }
            for i in line..<end { x[(i - line) % 16] ^= src[i] }
            parts[0].append(contentsOf: x[0..<min(end - line, 16)])
            line += 80
        }
    }
    return parts.map { Data($0) }
}

/// Recombines [start, end) without `unused`, feeding the parts in uneven pieces (scaled with the
/// file size so that large files take few calls).
private func recombine(_ parts: [Data], _ size: UInt64, _ start: UInt64, _ end: UInt64, _ unused: UInt32) throws -> Data {
    let r = try Recombiner.withRange(fileSize: size, start: start, end: end, unusedPart: unused)
    let ranges = try (0..<6).map { try r.partRange(part: UInt32($0)) }
    var cursors = ranges.map { $0?.offset ?? 0 }
    let scale = max(UInt64(1), size / 65_536)
    var out = Data()
    while true {
        var progressed = false
        for p in 0..<6 {
            guard let rg = ranges[p] else { continue }
            let from = cursors[p]
            let to = rg.offset + rg.length
            if from < to {
                let n = min(to - from, UInt64(37 + 11 * p) * scale)
                try r.feed(part: UInt32(p), data: slice(parts[p], Int(from), Int(from + n)))
                cursors[p] += n
                progressed = true
            }
            out.append(try r.drain())
        }
        if !progressed { break }
    }
    out.append(try r.drain())
    try r.finish()
    return out
}

private func raidData(_ c: Case, _ size: Int64) throws -> Data {
    if c.has("data_hex") { return try c.hex("data_hex") }
    let seed = try c.u64("data_seed")
    try eq("data_rule", "byte[i] = (i * 7 + \(seed)) % 251", try c.str("data_rule"))
    return linBytes(Int(size), UInt64(seed))
}

private func raidInt64s(_ a: [JSON]) throws -> [Int64] {
    try a.map { v in guard let i = v.int else { throw Mismatch("not an integer: \(v)") }; return i }
}

private func strings(_ a: [JSON]) throws -> [String] {
    try a.map { v in guard let s = v.string else { throw Mismatch("not a string: \(v)") }; return s }
}

private func strField(_ o: [String: JSON], _ key: String) throws -> String {
    guard let s = o[key]?.string else { throw Mismatch("missing \(key)") }
    return s
}

private let unusedChoices: [(String, UInt32)] = [("none", 0), ("0", 0), ("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)]

func checkCloudraid(_ c: Case) throws {
    let size = try c.u64("file_size")
    c.info("note")
    let sizes = cloudraidPartSizes(fileSize: UInt64(size)).map { Int64($0) }
    switch try c.str("kind") {
    case "part_sizes":
        try eq("part_sizes", try raidInt64s(try c.arr("part_sizes")), sizes)
    case "split":
        let data = try raidData(c, size)
        try eq("data_sha256", try c.str("data_sha256"), sha256Hex(data))
        try eq("part_sizes", try raidInt64s(try c.arr("part_sizes")), sizes)
        let parts = raidSplit(data)
        if c.has("parts_hex") { try eq("parts_hex", try strings(try c.arr("parts_hex")), parts.map { hex($0) }) }
        try eq("parts_sha256", try strings(try c.arr("parts_sha256")), parts.map { sha256Hex($0) })
        let recombined = try c.obj("sdk_recombined_sha256")
        let recovered = try c.obj("sdk_recovered_part_sha256")
        for (label, unused) in unusedChoices {
            let out = try recombine(parts, UInt64(size), 0, UInt64(size), unused)
            try eq("recombined without \(label)", try strField(recombined, label), sha256Hex(out))
            if unused > 0 {
                try eq("recovered part \(label)", try strField(recovered, label), sha256Hex(raidSplit(out)[Int(unused)]))
            }
        }
        try checkRaidRequests(c, UInt64(size), sizes)
    case "resume":
        let data = try raidData(c, size)
        let parts = raidSplit(data)
        let from = try c.u64("resume_pos")
        let to = try c.u64("read_to_pos")
        let rp = cloudraidResumePoint(pos: UInt64(from))
        try eq("part_start", UInt64(try c.u64("part_start")), rp.partStart)
        try eq("skipped_bytes", UInt64(try c.u64("skipped_bytes")), rp.skippedBytes)
        let want = try c.obj("sdk_output_sha256")
        for (label, unused) in [("none", UInt32(0)), ("2", UInt32(2))] {
            let r = try Recombiner.withRange(fileSize: UInt64(size), start: UInt64(from), end: UInt64(to), unusedPart: unused)
            for p in 0..<6 where p != Int(unused) {
                guard let rg = try r.partRange(part: UInt32(p)) else { throw Mismatch("no range for part \(p)") }
                try eq("part range start", min(Int64(rp.partStart), sizes[p]), Int64(rg.offset))
            }
            try eq("output without \(label)", try strField(want, label),
                   sha256Hex(try recombine(parts, UInt64(size), UInt64(from), UInt64(to), unused)))
        }
    case let kind: throw Mismatch("unknown kind \(kind)")
    }
}

/// sdk_requests: per missing part, the ranges the SDK asked for; where it is a list, each used
/// part's request must equal our part range (the large cases only record counts: informational).
private func checkRaidRequests(_ c: Case, _ size: UInt64, _ sizes: [Int64]) throws {
    let req = try c.obj("sdk_requests")
    for label in req.keys.sorted() {
        guard let list = req[label]?.array else { continue }
        let unused: UInt32
        if label == "none" { unused = 0 } else {
            guard let u = UInt32(label) else { throw Mismatch("sdk_requests label \(label)") }
            unused = u
        }
        let r = try Recombiner(fileSize: size, unusedPart: unused)
        for entry in try strings(list) {
            let words = entry.split(separator: " ").map(String.init)
            guard let first = words.first, first.hasPrefix("c"), let part = UInt32(first.dropFirst()) else {
                throw Mismatch("sdk_requests entry \(entry)")
            }
            let rest = Array(words.dropFirst())
            if rest.first == "null" {
                if label != "none" { try eq("unused part", unused, part) }
                continue
            }
            let ab = (rest.first ?? "").split(separator: "-").compactMap { Int64($0) }
            guard ab.count == 2 else { throw Mismatch("sdk_requests entry \(entry)") }
            if label == "none" && part == 0 {
                // With all six parts available the SDK also fetched parity; megacrypt needs five.
                try eq("parity range", [Int64(0), sizes[0]], ab)
                continue
            }
            let rg = try r.partRange(part: part)
            try eq("request \(entry) (\(label))", ab, rg.map { [Int64($0.offset), Int64($0.offset + $0.length)] } ?? [])
        }
    }
}
