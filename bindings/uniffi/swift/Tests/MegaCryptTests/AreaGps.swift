// Area `gps`: mirrors core/tests/vectors/area_gps.rs (and the Kotlin checkGps): the `l` and `gp`
// node attributes as MEGA's SDK writes and reads them.
import Foundation
import MegaCrypt

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

private func i64Field(_ c: Case, _ key: String) throws -> Int64 {
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
    let lat24 = try i64Field(c, "lat24")
    let lon24 = try i64Field(c, "lon24")
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
