// Area `key_exchange` (pairwise keys between contacts, the verification gate): mirrors
// core/tests/vectors/area_key_exchange.rs (and the Kotlin checkKeyExchange).
import Foundation
import MegaCrypt

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
