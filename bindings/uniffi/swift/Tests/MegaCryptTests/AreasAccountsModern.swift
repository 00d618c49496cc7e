// Areas `keys_container`, `key_signature`, `key_exchange` (core modules `keys_container`, `identity`;
// façade `accounts_modern`, Kotlin AreasAccountsModern.kt).
import Foundation
import MegaCrypt

// Area `keys_container` (the `^!keys` attribute of modern accounts): mirrors
// core/tests/vectors/area_keys_container.rs (and the Kotlin checkKeysContainer), megacrypt's
// verdicts on the cases where MEGA's SDK and webclient disagree included.

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
    let sealed = try k.hazmatSealWithIv(masterKey: mk, iv: iv)
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

// Area `key_signature` (Ed25519 identities, key signatures, authrings): mirrors
// core/tests/vectors/area_key_signature.rs (and the Kotlin checkKeySignature).

/// The `pubk` blob of an RSA key from the bytes MEGA signs (n, 256 bytes, then e).
private func pubkFromNE(_ nE: Data) throws -> Data {
    guard nE.count > 256 else { throw Mismatch("RSA key bytes too short") }
    let n = slice(nE, 0, 256)
    let e = slice(nE, 256, nE.count)
    let lead = e[e.startIndex]
    let bits = lead == 0 ? e.count * 8 : e.count * 8 - lead.leadingZeroBitCount
    var out = Data([0x08, 0x00])
    out.append(n)
    out.append(contentsOf: [UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits)])
    out.append(e)
    return out
}

let authMethodByte: [AuthMethod: Int64] = [.seen: 0, .fingerprintCompared: 1, .signatureVerified: 2]
let authMethodsByByte: [AuthMethod] = [.seen, .fingerprintCompared, .signatureVerified]

func checkKeySignature(_ c: Case) throws {
    switch try c.str("kind") {
    case "keypair":
        c.info("what")
        let seed = try Ed25519PrivateKey.fromBytes(seed: try c.hex("seed_hex"))
        try eq("seed_b64", hex(try base64Decode(b64: try c.str("seed_b64"))), hex(seed.exportBytes()))
        let pub = seed.publicKey()
        try c.expectHex("public_hex", pub.toBytes())
        try c.expectStr("public_b64", pub.toB64())
        try eq("public round trip", pub, try Ed25519PublicKey.fromB64(b64: try c.str("public_b64")))
        let fp = pub.fingerprint()
        try c.expectHex("fingerprint_hex", fp.toBytes())
        try eq("fingerprint hex", try c.str("fingerprint_hex"), fp.toHex())
        try c.expectStr("fingerprint_b64", base64Encode(bytes: fp.toBytes()))
        let cred = pub.credentials()
        try c.expectStr("credentials", cred.text())
        try c.expectStr("credentials_grouped", cred.grouped())
    case "rsa_signed_bytes":
        c.info("what", "note", "sdk_setkey_ok")
        let pubk = try c.hex("pubk_hex")
        let sdk = try c.hex("signed_bytes_hex")
        let web = try c.hex("webclient_signed_bytes_hex")
        let agree = try c.bool("sdk_equals_webclient")
        try eq("sdk_equals_webclient", agree, sdk == web)
        try c.expectHex("sdk_fingerprint_hex", Fingerprint.of(keyBytes: sdk).toBytes())
        try c.expectHex("webclient_fingerprint_hex", Fingerprint.of(keyBytes: web).toBytes())
        let (key, err) = try attempt { try rsaPublicKeyForSignature(pubk: pubk) }
        guard let key else {
            if agree { throw Mismatch("refused a key both clients sign alike: \(err ?? "?")") }
            if !["Unsupported", "InvalidKey"].contains(err ?? "") { throw Mismatch("unexpected error kind \(err ?? "?")") }
            return
        }
        if !agree { throw Mismatch("accepted a key the two clients sign differently") }
        try eq("signed bytes", hex(sdk), hex(try rsaSignedBytes(key: key)))
    case "sign":
        c.info("what")
        let seed = try Ed25519PrivateKey.fromBytes(seed: try c.hex("seed_hex"))
        try c.expectHex("signer_public_hex", seed.publicKey().toBytes())
        let ts = UInt64(try c.u64("timestamp"))
        let keyBytes = try c.hex("key_bytes_hex")
        try c.expectHex("signed_message_hex", keySignatureMessage(keyBytes: keyBytes, timestamp: ts))
        let generic = KeySignature.sign(signer: seed, keyBytes: keyBytes, timestamp: ts)
        let typed: KeySignature
        switch try c.str("key_type") {
        case "Cu25519":
            typed = seed.signX25519Key(key: try X25519PublicKey.fromBytes(bytes: keyBytes), timestamp: ts)
        case "RSA":
            let key = try RsaPublicKey.fromBytes(pubk: try pubkFromNE(keyBytes))
            try eq("rebuilt key signs the same bytes", hex(keyBytes), hex(try rsaSignedBytes(key: key)))
            typed = try seed.signRsaKey(key: key, timestamp: ts)
        case let t: throw Mismatch("unknown key_type \(t)")
        }
        try eq("typed = generic", generic, typed)
        try c.expectHex("signature_hex", generic.toBytes())
        try c.expectStr("signature_b64", generic.toB64())
        try eq("timestamp", ts, try generic.verify(signer: seed.publicKey(), keyBytes: keyBytes))
    case "verify":
        c.info("what", "key_type", "verifier_time")
        let keyBytes = try c.hex("key_bytes_hex")
        let blob = try c.hex("signature_hex")
        let sdk = try c.bool("sdk_accepts")
        let web = c.opt("webclient_result")?.bool
        let webSizeError = c.optStr("webclient_error") != nil
        let python = try c.bool("python_strict_72_accepts")
        let want = sdk && web != false && !webSizeError
        try eq("rule = strict python verdict", python, want)
        let signerBytes = try c.hex("signer_public_hex")
        let (ts, err) = try attempt {
            let signer = try Ed25519PublicKey.fromBytes(bytes: signerBytes)
            return try KeySignature.fromBytes(blob: blob).verify(signer: signer, keyBytes: keyBytes)
        }
        guard let ts else {
            try eq("accepted", want, false)
            if !["SignatureInvalid", "Malformed", "InvalidKey"].contains(err ?? "") { throw Mismatch("unexpected error kind \(err ?? "?")") }
            return
        }
        try eq("accepted", want, true)
        guard blob.count >= 8 else { throw Mismatch("signature shorter than its timestamp") }
        let want64 = blob.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        try eq("timestamp", want64, ts)
    case "authring_serialize":
        c.info("note")
        var insertion = Data()
        for r in try jObjects(try c.arr("records")) {
            try eq("confidence", 0, try r.jInt("confidence"))
            insertion.append(try base64Decode(b64: try r.jStr("user_b64")))
            insertion.append(try r.jHex("fingerprint_hex"))
            insertion.append(UInt8(truncatingIfNeeded: try r.jInt("method")))
        }
        try c.expectHex("webclient_hex", insertion)
        let ring = try Authring.fromBytes(bytes: insertion)
        try c.expectHex("sdk_hex", ring.toBytes())
        try eq("same ring", ring, try Authring.fromBytes(bytes: try c.hex("sdk_hex")))
        try eq("tlv round trip", ring, try Authring.fromTlvBytes(bytes: try ring.toTlvBytes()))
    case "authring_parse":
        c.info("what")
        let ringBytes = try c.hex("ring_hex")
        let sdk = try c.obj("sdk")
        let web = try c.obj("webclient")
        try eq("sdk excess_data_logged", false, try sdk.jBool("excess_data_logged"))
        let sdkRecords = try jObjects(try sdk.jArr("records"))
        let webRecords = try jObjects(try web.jArr("records"))
        if ringBytes.count % 29 != 0 {
            try eq("webclient has one record more", sdkRecords.count + 1, webRecords.count)
            let (_, err) = try attempt { try Authring.fromBytes(bytes: ringBytes) }
            try eq("trailing bytes", "Malformed", err ?? "accepted")
            return
        }
        let ring = try Authring.fromBytes(bytes: ringBytes)
        let keptRecords = try sdkRecords.filter { try $0.jInt("auth_method") <= 2 }
        let kept = try keptRecords.map { "(\(try $0.jStr("user_b64")), \(try $0.jStr("fingerprint_hex")), \(try $0.jInt("auth_method")))" }
        let dropped = try sdkRecords.filter { try $0.jInt("auth_method") > 2 }.count
        let webKept = webRecords.map { r -> String in
            let method = r["method"]?.int ?? 99
            let confidence = r["confidence"]?.int ?? 99
            return "(\(r.jOptStr("user_b64") ?? ""), \(r.jOptStr("fingerprint_hex") ?? ""), \(method | confidence << 4))"
        }.sorted()
        try eq("webclient keeps the same records", kept.sorted(), webKept)
        try eq("records (SDK order)", kept, ring.records().map { "(\($0.user), \(hex($0.fingerprint)), \(authMethodByte[$0.method] ?? -1))" })
        try eq("dropped", dropped, Int(ring.droppedRecords()))
        let sdkOut = try sdk.jHex("reserialized_hex")
        let want = (0..<(sdkOut.count / 29)).map { slice(sdkOut, 29 * $0, 29 * $0 + 29) }.filter { $0[$0.startIndex + 28] <= 2 }
        try eq("reserialized", want.map { hex($0) }.joined(), hex(ring.toBytes()))
    case let kind: throw Mismatch("unknown key_signature kind \(kind)")
    }
}

// Area `key_exchange` (pairwise keys between contacts, the verification gate): mirrors
// core/tests/vectors/area_key_exchange.rs (and the Kotlin checkKeyExchange).

private let gateAPrivate = "3c1e7132be03294cf08fdbd5be2d5e5ed3fba9db58c861a0d02f9fb1303569d0"
private let gateBPublic = "5ea99c060da3b04716ce0eb8e75fd919d5119150bf02dee8375c59dd131ba611"

/// The peer key as a contact's signature would make it usable.
private func verified(_ peer: Data) throws -> VerifiedX25519PublicKey {
    let contact = try Ed25519PrivateKey.fromBytes(seed: Data(repeating: 0x5a, count: 32))
    let key = try X25519PublicKey.fromBytes(bytes: peer)
    let sig = contact.signX25519Key(key: key, timestamp: 1_700_000_000).toBytes()
    return try contact.publicKey().verifyX25519Key(key: key, signature: sig)
}

private func sha256(_ d: Data) throws -> Data { try unhex(sha256Hex(d)) }

/// HMAC-SHA256 (RFC 2104) over the harness's SHA-256, for keys of at most 64 bytes.
private func hmacSha256(_ key: Data, _ message: Data) throws -> Data {
    let k = [UInt8](resized(key, 64))
    var inner = Data(k.map { $0 ^ 0x36 })
    inner.append(message)
    var outer = Data(k.map { $0 ^ 0x5c })
    outer.append(try sha256(inner))
    return try sha256(outer)
}

/// HKDF-SHA256 (RFC 5869): empty salt, info "strongvelope pairwise key", 16 bytes.
private func hkdfPairwise(_ shared: Data) throws -> String {
    let prk = try hmacSha256(Data(count: 32), shared)
    var info = Data("strongvelope pairwise key".utf8)
    info.append(1)
    return hex(try hmacSha256(prk, info).prefix(16))
}

private func openUniform(_ pk: PairwiseKey, _ blob: Data) throws {
    let b = try pk.openShareKey(blob: blob).exportBytes()
    if let first = b.first, b.contains(where: { $0 != first }) { throw Mismatch("pk blob opens to \(hex(b)), not a uniform key") }
    try eq("reseal", hex(blob), hex(pk.sealShareKey(shareKey: try ShareKey.fromBytes(bytes: b))))
}

func checkKeyExchange(_ c: Case) throws {
    switch try c.str("kind") {
    case "pairwise":
        c.info("what", "note")
        let a = try X25519PrivateKey.fromBytes(bytes: try c.hex("a_private_hex"))
        let b = try X25519PrivateKey.fromBytes(bytes: try c.hex("b_private_hex"))
        try c.expectHex("a_public_hex", a.publicKey().toBytes())
        try c.expectHex("b_public_hex", b.publicKey().toBytes())
        let ab = try PairwiseKey.derive(mine: a, peer: try verified(try c.hex("b_public_hex")))
        let ba = try PairwiseKey.derive(mine: b, peer: try verified(try c.hex("a_public_hex")))
        try c.expectHex("pairwise_key_hex", ab.exportBytes())
        try eq("both sides", ab, ba)
        try eq("HKDF(shared_secret)", try hkdfPairwise(try c.hex("shared_secret_hex")), hex(ab.exportBytes()))
        let share = try ShareKey.fromBytes(bytes: try c.hex("share_key_hex"))
        let blob = ab.sealShareKey(shareKey: share)
        try c.expectHex("pk_blob_hex", blob)
        try c.expectStr("pk_blob_b64", base64Encode(bytes: blob))
        try eq("B opens", share, try ba.openShareKey(blob: blob))
    case "pairwise_self":
        c.info("what")
        let a = try X25519PrivateKey.fromBytes(bytes: try c.hex("a_private_hex"))
        let peer = try c.hex("peer_public_hex")
        try eq("peer is A's own key", hex(peer), hex(a.publicKey().toBytes()))
        try c.expectHex("pairwise_key_hex", try PairwiseKey.derive(mine: a, peer: try verified(peer)).exportBytes())
    case "verification_gate":
        let raw = c.opt("peer_ed_authring_method")?.int
        let method: AuthMethod?
        if let r = raw, r != -1 {
            guard r >= 0 && r <= 2 else { throw Mismatch("method out of range") }
            method = authMethodsByByte[Int(r)]
        } else {
            method = nil
        }
        let encrypts = try c.bool("sdk_encrypts")
        try eq("sdk_decrypts", encrypts, try c.bool("sdk_decrypts"))
        try eq("gate", encrypts, exchangeAllowed(method: method, manualVerification: false))
        let peer = Data(repeating: 9, count: 8)
        let ring: Authring
        if let raw, method != nil {
            var bytes = peer
            bytes.append(Data(repeating: 0x21, count: 20))
            bytes.append(UInt8(raw))
            ring = try Authring.fromBytes(bytes: bytes)
        } else {
            ring = Authring()
        }
        let (_, err) = try attempt { try checkExchangeAllowed(edAuthring: ring, peerB64: base64Encode(bytes: peer), manualVerification: false) }
        if let err {
            try eq("refusal kind", "ApiMisuse", err)
            try eq("allowed", encrypts, false)
        } else {
            try eq("allowed", encrypts, true)
        }
        if let blob = c.optStr("pk_blob_hex") {
            let pk = try PairwiseKey.derive(mine: try X25519PrivateKey.fromBytes(bytes: try unhex(gateAPrivate)), peer: try verified(try unhex(gateBPublic)))
            try openUniform(pk, try unhex(blob))
        } else {
            try eq("no blob when refused", encrypts, false)
        }
    case "peer_key":
        c.info("what")
        let mine = try X25519PrivateKey.fromBytes(bytes: try c.hex("my_private_hex"))
        let peer = try c.hex("peer_public_hex")
        let sdkOk = try c.bool("sdk_scalarmult_ok")
        try eq("agree", true, try c.bool("agree"))
        try eq("python shared", c.optStr("python_cryptography_shared_hex"), c.optStr("sdk_shared_hex"))
        let (k, err) = try attempt { try PairwiseKey.derive(mine: mine, peer: try verified(peer)) }
        guard let k else {
            try eq("accepted", sdkOk, false)
            try eq("kind", "InvalidKey", err ?? "?")
            for f in ["sdk_pairwise_key_hex", "sdk_pk_blob_hex"] { try eq(f, nil, c.optStr(f)) }
            return
        }
        try eq("accepted", sdkOk, true)
        try c.expectHex("sdk_pairwise_key_hex", k.exportBytes())
        try eq("HKDF(shared)", try hkdfPairwise(try c.hex("sdk_shared_hex")), hex(k.exportBytes()))
        try openUniform(k, try c.hex("sdk_pk_blob_hex"))
    case let kind: throw Mismatch("unknown key_exchange kind \(kind)")
    }
}
