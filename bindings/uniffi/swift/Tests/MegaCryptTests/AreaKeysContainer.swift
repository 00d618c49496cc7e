// Area `keys_container` (the `^!keys` attribute of modern accounts): mirrors
// core/tests/vectors/area_keys_container.rs (and the Kotlin checkKeysContainer), megacrypt's
// verdicts on the cases where MEGA's SDK and webclient disagree included.
import Foundation
import MegaCrypt

private let writeOrder: [UInt8] = [1, 2, 3, 4, 5, 16, 17, 18, 32, 33, 48, 64, 65, 80, 96]

/// Runs `block`: its value, or the CryptoError's code (other errors propagate).
func attempt<T>(_ block: () throws -> T) throws -> (T?, String?) {
    do {
        return (try block(), nil)
    } catch let e as CryptoError {
        return (nil, errorCode(e) ?? "?")
    }
}

/// Members of the JSON objects nested in the modern-account vector cases.
extension Dictionary where Key == String, Value == JSON {
    func jStr(_ k: String) throws -> String {
        guard let s = self[k]?.string else { throw Mismatch("member \(k) is not a string") }
        return s
    }
    func jOptStr(_ k: String) -> String? { self[k]?.string }
    func jHex(_ k: String) throws -> Data { try unhex(try jStr(k)) }
    func jInt(_ k: String) throws -> Int64 {
        guard let i = self[k]?.int else { throw Mismatch("member \(k) is not an integer") }
        return i
    }
    func jBool(_ k: String) throws -> Bool {
        guard let b = self[k]?.bool else { throw Mismatch("member \(k) is not a boolean") }
        return b
    }
    func jObj(_ k: String) throws -> [String: JSON] {
        guard let o = self[k]?.object else { throw Mismatch("member \(k) is not an object") }
        return o
    }
    func jArr(_ k: String) throws -> [JSON] {
        guard let a = self[k]?.array else { throw Mismatch("member \(k) is not an array") }
        return a
    }
}

func jObjects(_ a: [JSON]) throws -> [[String: JSON]] {
    try a.map { v in guard let o = v.object else { throw Mismatch("not an object: \(v)") }; return o }
}

private func b64d(_ s: String) throws -> Data { try base64Decode(b64: s) }

private func ltlvOfHexObject(_ o: [String: JSON]) throws -> Data {
    let m = LtlvMap()
    for k in o.keys.sorted() { try m.insert(key: Data(k.utf8), value: try o.jHex(k)) }
    return try m.toBytes()
}

private func authringOf(_ records: [JSON]) throws -> Data {
    var out = Data()
    for r in try jObjects(records) {
        out.append(try b64d(try r.jStr("user_b64")))
        out.append(try r.jHex("fingerprint_hex"))
        out.append(UInt8(truncatingIfNeeded: (try r.jInt("confidence")) << 4 | (try r.jInt("method"))))
    }
    return out
}

private func containerFromFields(_ f: [String: JSON]) throws -> KeysContainer {
    let k = try KeysContainer(
        identityB64: try f.jStr("identity_b64"), creationTime: UInt32(try f.jInt("creation_time")),
        ed25519: try Ed25519PrivateKey.fromBytes(seed: try f.jHex("ed25519_seed_hex")),
        x25519: try X25519PrivateKey.fromBytes(bytes: try f.jHex("cu25519_hex")))
    try eq("version", 1, try f.jInt("version"))
    let pqd = try f.jHex("rsa_pqd_hex")
    try k.setRsaPqd(pqd: pqd, allowEmptyRsa: true)
    try eq("rsa parsed", pqd.isEmpty, try k.rsaPrivateKey() == nil)
    try k.setGeneration(generation: UInt32(try f.jInt("generation") - 1))
    try k.setAttributes(ltlv: try ltlvOfHexObject(try f.jObj("attr")))
    try k.setEd25519AuthringBytes(raw: try authringOf(try f.jArr("authring_ed25519")))
    try k.setCu25519AuthringBytes(raw: try authringOf(try f.jArr("authring_cu25519")))
    for sk in try jObjects(try f.jArr("share_keys")) {
        try k.insertShareKey(nodeB64: try sk.jStr("node_b64"), key: try ShareKey.fromBytes(bytes: try sk.jHex("key_hex")), trusted: false)
        try k.setShareKeyFlags(nodeB64: try sk.jStr("node_b64"), flags: UInt32(try sk.jInt("flags")))
    }
    for p in try jObjects(try f.jArr("pending_out")) {
        if let email = p.jOptStr("email") {
            try k.addPendingOutShare(nodeB64: try p.jStr("node_b64"), userHandleB64: nil, email: email)
        } else {
            try k.addPendingOutShare(nodeB64: try p.jStr("node_b64"), userHandleB64: try p.jStr("user_b64"), email: nil)
        }
    }
    for p in try jObjects(try f.jArr("pending_in")) {
        try k.addPendingInShare(nodeB64: try p.jStr("node_key"), sharerB64: try p.jStr("user_b64"), encryptedKey: try p.jHex("key_hex"))
    }
    let backups = LtlvMap()
    let bo = try f.jObj("backups")
    for id in bo.keys.sorted() {
        guard let b = bo[id]?.array, b.count == 2, let first = b[0].string, let shares = b[1].array else {
            throw Mismatch("backup \(id) is not [b64, [b64...]]")
        }
        var v = try b64d(first)
        for s in shares {
            guard let s = s.string else { throw Mismatch("backup share is not a string") }
            v.append(try b64d(s))
        }
        try backups.insert(key: Data(id.utf8), value: v)
    }
    try k.setBackups(ltlv: try backups.toBytes())
    let w = try f.jObj("warnings")
    for name in w.keys.sorted() {
        try eq("only the cv warning", "cv", name)
        try k.setContactVerificationWarning(on: try w.jStr(name) == "1")
    }
    try k.setUnknownRecords(raw: try f.jHex("other_hex"))
    return k
}

private func checkSeal(_ c: Case) throws {
    c.info("what", "note")
    let mk = try MasterKey.fromBytes(bytes: try c.hex("master_key_hex"))
    let iv = try c.hex("iv_hex")
    let f = try c.obj("fields")
    let k = try containerFromFields(f)
    let gen = UInt32(try f.jInt("generation"))
    let plain = try k.exportPlaintext(generation: gen)
    try c.expectHex("plaintext_hex", plain)
    let sealed = try k.sealWithIv(masterKey: mk, iv: iv)
    try eq("sealed generation", gen, sealed.generation())
    try c.expectHex("attribute_hex", sealed.toBytes())
    try c.expectStr("attribute_b64", sealed.toB64())
    if let web = c.optStr("webclient_with_section_5_4_order_b64") {
        let theirs = try KeysContainer.open(masterKey: mk, attribute: try b64d(web), expectedUserB64: try k.identity(),
                                            lastSeenGeneration: gen, allowEmptyRsa: true, rsaPublicKey: nil)
        try eq("same content", hex(plain), hex(try theirs.exportPlaintext(generation: gen)))
    }
    let want = try c.hex("plaintext_hex")
    let parsed = try KeysContainer.parsePlaintext(plaintext: want, allowEmptyRsa: true)
    try eq("plaintext round trip", hex(want), hex(try parsed.exportPlaintext(generation: gen)))
}

/// megacrypt's verdict on an `open` case: nil to accept, else the error code.
private func expectedVerdict(_ what: String, _ sdk: Bool, _ web: Bool) -> String? {
    if what.hasPrefix("missing tag") { return nil }
    if sdk && web { return nil }
    if what.hasPrefix("wrong header byte 0") { return "Unsupported" }
    if what.hasPrefix("bad GCM tag") || what == "wrong master key" { return "Decrypt" }
    if what == "generation lower than last seen" { return "Rollback" }
    if what.hasPrefix("wrong identity") { return "WrongAccount" }
    if what.contains("RSA") { return "InvalidKey" }
    return "Malformed"
}

private func shareKeyRows(_ k: KeysContainer) throws -> [String] {
    try k.shareKeys().map { "(\($0.node()), \(hex($0.exportKeyBytes())), \($0.flags()))" }
}

private func checkFields(_ k: KeysContainer, _ f: [String: JSON]) throws {
    try eq("version", try f.jInt("version"), Int64(try k.version()))
    try eq("creation_time", try f.jInt("creation_time"), Int64(try k.creationTime()))
    try eq("identity", try f.jStr("identity_b64"), try k.identity())
    try eq("generation", try f.jInt("generation"), Int64(try k.generation()))
    try eq("attr", try f.jStr("attr_ltlv_hex"), hex(try k.exportAttributes()))
    try eq("ed25519", try f.jStr("ed25519_seed_hex"), hex(try k.ed25519PrivateKey().exportBytes()))
    try eq("cu25519", try f.jStr("cu25519_hex"), hex(try k.x25519PrivateKey().exportBytes()))
    try eq("rsa", try f.jStr("rsa_pqd_hex"), hex(try k.exportRsaPqd()))
    try eq("authring ed", try f.jStr("authring_ed25519_hex"), hex(try k.ed25519AuthringBytes()))
    try eq("authring cu", try f.jStr("authring_cu25519_hex"), hex(try k.cu25519AuthringBytes()))
    try eq("share keys", try jObjects(try f.jArr("share_keys")).map { "(\(try $0.jStr("node_b64")), \(try $0.jStr("key_hex")), \(try $0.jInt("flags")))" },
           try shareKeyRows(k))
    func who(_ email: String?, _ user: String?) -> String { email.map { "email:\($0)" } ?? "user:\(user ?? "null")" }
    try eq("pending out", try jObjects(try f.jArr("pending_out")).map { "\(try $0.jStr("node_b64")) \(who($0.jOptStr("email"), $0.jOptStr("user_b64")))" },
           try k.pendingOutShares().map { "\($0.node) \(who($0.email, $0.userHandle))" })
    try eq("pending in", try jObjects(try f.jArr("pending_in")).map { "(\(try $0.jStr("node_key")), \(try $0.jStr("user_b64")), \(try $0.jStr("key_hex")))" },
           try k.pendingInShares().map { "(\($0.node), \($0.sharer), \(hex($0.storedKeyField)))" })
    for p in try k.pendingInShares() where p.isLegacyBase64 {
        try eq("legacy key decoded", Optional(hex(try b64d(String(decoding: p.storedKeyField, as: UTF8.self)))), p.encryptedShareKey.map { hex($0) })
    }
    try eq("backups", try f.jStr("backups_ltlv_hex"), hex(try k.exportBackups()))
    let w = try f.jObj("warnings")
    var whex = [String: JSON]()
    for name in w.keys { whex[name] = .string(hex(Data(try w.jStr(name).utf8))) }
    try eq("warnings", hex(try ltlvOfHexObject(whex)), hex(try k.warnings().toBytes()))
    try eq("cv warning", w.jOptStr("cv") == "1", try k.contactVerificationWarning())
    try eq("unknown", try f.jStr("other_hex"), hex(try k.exportUnknownRecords()))
}

private func checkWebFields(_ k: KeysContainer, _ f: [String: JSON]) throws {
    try eq("web generation", try f.jInt("generation"), Int64(try k.generation()))
    let pi = try f.jObj("pending_in")
    try eq("web pending in", try pi.keys.sorted().map { "\($0)=\(try pi.jStr($0))" },
           try k.pendingInShares().map { "\($0.node)=\(hex(try b64d($0.sharer) + $0.storedKeyField))" })
    try eq("web share keys", try jObjects(try f.jArr("share_keys")).map { "(\(try $0.jStr("node_b64")), \(try $0.jStr("key_hex")), \(try $0.jInt("flags")))" }.sorted(),
           try shareKeyRows(k).sorted())
}

private func checkReseal(_ mk: MasterKey, _ k: KeysContainer, _ me: String, _ allowEmptyRsa: Bool) throws {
    let sealed = try k.seal(masterKey: mk)
    try eq("generation + 1", try k.generation() + 1, sealed.generation())
    let back = try KeysContainer.open(masterKey: mk, attribute: sealed.toBytes(), expectedUserB64: me,
                                      lastSeenGeneration: sealed.generation(), allowEmptyRsa: allowEmptyRsa, rsaPublicKey: nil)
    try eq("unknown kept", hex(try k.exportUnknownRecords()), hex(try back.exportUnknownRecords()))
    try eq("attr kept", hex(try k.exportAttributes()), hex(try back.exportAttributes()))
    try eq("backups kept", hex(try k.exportBackups()), hex(try back.exportBackups()))
    try eq("share keys kept", try shareKeyRows(k), try shareKeyRows(back))
    var p = [UInt8](try back.exportPlaintext(generation: try back.generation()))
    for t in writeOrder {
        guard p.count >= 4 else { throw Mismatch("plaintext ends before tag \(t)") }
        try eq("tag order", t, p[0])
        let n = Int(p[1]) << 16 | Int(p[2]) << 8 | Int(p[3])
        guard p.count >= 4 + n else { throw Mismatch("record \(t) runs past the end") }
        p = Array(p[(4 + n)...])
    }
    try eq("then the unknown records", hex(try k.exportUnknownRecords()), hex(p))
}

private func checkOpen(_ c: Case) throws {
    let what = try c.str("what")
    let mk = try MasterKey.fromBytes(bytes: try c.hex("master_key_hex"))
    let blob = try b64d(try c.str("attribute_b64"))
    let me = try c.str("expected_user_b64")
    let last = UInt32(try c.u64("last_seen_generation"))
    let sdk = try c.obj("sdk")
    let web = try c.obj("webclient")
    let sdkOk = try sdk.jBool("accepted")
    let webOk = try web.jBool("accepted")
    try eq("agree", sdkOk == webOk, try c.bool("agree"))
    let expected = expectedVerdict(what, sdkOk, webOk)
    let (k, err) = try attempt {
        try KeysContainer.open(masterKey: mk, attribute: blob, expectedUserB64: me, lastSeenGeneration: last, allowEmptyRsa: false, rsaPublicKey: nil)
    }
    switch (expected, k) {
    case let (nil, k?):
        try checkFields(k, try sdk.jObj("fields"))
        if webOk { try checkWebFields(k, try web.jObj("fields")) }
        try checkReseal(mk, k, me, false)
    case let (want?, nil): try eq("\(what): error kind", want, err ?? "?")
    case (nil, nil): throw Mismatch("\(what): refused with \(err ?? "?"), expected accept")
    case let (want?, _?): throw Mismatch("\(what): accepted, expected \(want)")
    }
    if what == "empty RSA" {
        let lenient = try KeysContainer.open(masterKey: mk, attribute: blob, expectedUserB64: me, lastSeenGeneration: last, allowEmptyRsa: true, rsaPublicKey: nil)
        try eq("no RSA key", true, try lenient.rsaPrivateKey() == nil)
        try checkFields(lenient, try sdk.jObj("fields"))
        try checkReseal(mk, lenient, me, true)
    }
}

private func ltlvEntries(_ m: LtlvMap) throws -> [[String]] {
    try m.keys().map { k in
        guard let v = try m.get(key: k) else { throw Mismatch("key without value") }
        return [hex(k), hex(v)]
    }
}

private func stringPairs(_ a: [JSON]) throws -> [[String]] {
    try a.map { e in
        guard let p = e.array, p.count == 2, let x = p[0].string, let y = p[1].string else { throw Mismatch("not a pair of strings: \(e)") }
        return [x, y]
    }
}

func checkKeysContainer(_ c: Case) throws {
    switch try c.str("kind") {
    case "derive_key":
        let raw = try c.hex("master_key_hex")
        let k = try deriveKeysContainerKeyFromBytes(masterKey: raw)
        let (mk, _) = try attempt { try MasterKey.fromBytes(bytes: raw) }
        if let mk { try eq("typed path", hex(k.exportBytes()), hex(try deriveKeysContainerKey(masterKey: mk).exportBytes())) }
        try c.expectHex("derived_key_hex", k.exportBytes())
    case "seal": try checkSeal(c)
    case "open": try checkOpen(c)
    case "ltlv_encode":
        c.info("what")
        let entries = try stringPairs(try c.arr("entries")).map { (Data($0[0].utf8), try unhex($0[1])) }
        let web = try ltlvEncode(keys: entries.map { $0.0 }, values: entries.map { $0.1 })
        try c.expectHex("webclient_hex", web)
        let m = LtlvMap()
        for (k, v) in entries { try m.insert(key: k, value: v) }
        try c.expectHex("sdk_hex", try m.toBytes())
        let d = try c.obj("sdk_decode_of_webclient_bytes")
        let (decoded, _) = try attempt { try LtlvMap.fromBytes(bytes: web) }
        try eq("decoded", try d.jBool("accepted"), decoded != nil)
        guard let decoded else { throw Mismatch("webclient bytes refused") }
        try eq("decoded map", try stringPairs(try d.jArr("map")), try ltlvEntries(decoded))
    case "ltlv_long_value":
        c.info("note")
        try eq("value rule", "byte[i] = (i * 7 + 5) % 251, 65535 bytes", try c.str("value_rule"))
        let value = linBytes(65535, 5)
        let key = Data(try c.str("key").utf8)
        let blob = try ltlvEncode(keys: [key], values: [value])
        try eq("encoded_len", try c.u64("encoded_len"), Int64(blob.count))
        let prefix = try c.hex("encoded_prefix_hex")
        try eq("prefix", hex(prefix), hex(blob.prefix(prefix.count)))
        try eq("encoded_sha256", try c.str("encoded_sha256"), sha256Hex(blob))
        let (back, _) = try attempt { try LtlvMap.fromBytes(bytes: blob) }
        try eq("decoded", try c.bool("sdk_decoded"), back != nil)
        guard let back else { throw Mismatch("long value refused") }
        try eq("value back", Optional(hex(value)), try back.get(key: key).map { hex($0) })
    case "ltlv_decode":
        c.info("what")
        let input = try c.hex("input_hex")
        let sdk = try c.obj("sdk")
        let web = try c.obj("webclient")
        let accept = try sdk.jBool("accepted") && !(try web.jBool("threw"))
        let (m, err) = try attempt { try LtlvMap.fromBytes(bytes: input) }
        guard let m else {
            if accept { throw Mismatch("refused (\(err ?? "?")), both clients accept") }
            try eq("error kind", "Malformed", err ?? "?")
            return
        }
        if !accept { throw Mismatch("accepted, both clients refuse") }
        try eq("decoded entries", sdk["map"]?.array?.count ?? 0, Int(try m.size()))
        try eq("web map", web["map"]?.array?.count, Optional(Int(try m.size())))
    case let kind: throw Mismatch("unknown keys_container kind \(kind)")
    }
}
