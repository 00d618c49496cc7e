// Area `key_signature` (Ed25519 identities, key signatures, authrings): mirrors
// core/tests/vectors/area_key_signature.rs (and the Kotlin checkKeySignature).
import Foundation
import MegaCrypt

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
