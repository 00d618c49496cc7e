// Areas `rsa` and `rsa_tamper`: mirror core/tests/vectors/area_rsa.rs through the bindings (and
// the Kotlin AreasRsa.kt), except the RSA *encryption* with replayed padding, which needs an
// injected RNG the bindings do not offer: the RSA plaintext fields are checked against what
// decryption yields instead. Their files carry file-level inputs (the account's key), read once.
import Foundation
import MegaCrypt

private func stripZeros(_ b: Data) -> String { hex(b.drop(while: { $0 == 0 })) }

private func field(_ o: [String: JSON], _ k: String) throws -> String {
    guard let s = o[k]?.string else { throw Mismatch("file field \(k) missing or not a string") }
    return s
}

private func number(_ o: [String: JSON], _ k: String) throws -> Int64 {
    guard let n = o[k]?.int else { throw Mismatch("file field \(k) missing or not an integer") }
    return n
}

/// Reads and checks the file's account key: public key forms, the private key's encodings.
private func checkRsaKey(_ key: [String: JSON]) throws -> RsaPrivateKey {
    let mk = try MasterKey.fromBytes(bytes: try unhex(try field(key, "master_key_hex")))
    let pubk = try RsaPublicKey.fromB64(pubkB64: try field(key, "pubk_b64"))
    try eq("pubk bytes", try field(key, "pubk_hex"), hex(pubk.toBytes()))
    try eq("pubk b64", try field(key, "pubk_b64"), pubk.toB64())
    try eq("n", stripZeros(try unhex(try field(key, "n_hex"))), stripZeros(pubk.modulus()))
    try eq("e", try number(key, "e"), Int64(pubk.exponent()))
    try eq("bits", try number(key, "bits"), Int64(pubk.modulusLength()) * 8)
    let privk = try field(key, "privk_enc_b64")
    let sk = try RsaPrivateKey.fromEncryptedPrivk(privkB64: privk, masterKey: mk, pinned: pubk)
    // Without a pinned key the exponent is found from the blob; the derived key has the same
    // (n, e) but writes its MPI headers in its own style, so compare the numbers.
    let derived = try RsaPrivateKey.fromEncryptedPrivk(privkB64: privk, masterKey: mk, pinned: nil).publicKey()
    try eq("derived public key n", hex(pubk.modulus()), hex(derived.modulus()))
    try eq("derived public key e", pubk.exponent(), derived.exponent())
    let plain = try unhex(try field(key, "privk_plain_hex"))
    let style: MpiHeaderStyle = key["mpi_headers"] != nil ? .byteCount : .exactBits
    let ours = try sk.exportPrivkPlain(style: style)
    let padding = Int(try number(key, "privk_padding_len"))
    try eq("privk_plain_hex (without padding)", hex(plain.prefix(plain.count - padding)), hex(ours))
    let o = [UInt8](ours)
    var at = 0
    for name in ["p_hex", "q_hex", "d_hex", "u_hex"] {
        guard at + 2 <= o.count else { throw Mismatch("\(name): blob too short") }
        let bits = Int(o[at]) << 8 | Int(o[at + 1])
        let n = (bits + 7) / 8
        guard at + 2 + n <= o.count else { throw Mismatch("\(name): blob too short") }
        try eq(name, stripZeros(try unhex(try field(key, name))), stripZeros(Data(o[(at + 2)..<(at + 2 + n)])))
        at += 2 + n
    }
    let enc = try sk.encryptPrivk(masterKey: mk, style: style)
    try eq("privk length", privk.count, enc.count)
    let back = try RsaPrivateKey.fromEncryptedPrivk(privkB64: enc, masterKey: mk, pinned: pubk)
    try eq("re-read encoding", hex(ours), hex(try back.exportPrivkPlain(style: style)))
    return sk
}

let rsaHandler: AreaHandler = withSetup({ file in try checkRsaKey(file["key"]?.object ?? [:]) }) { (sk: RsaPrivateKey, c: Case) in
    c.info("what", "flags", "megajs_sid", "megapy_sid", "megajs_key_hex", "megajs_rsa_plaintext_hex", "note")
    let k = Int(sk.publicKey().modulusLength())
    let kind = try c.str("kind")
    switch kind {
    case "csid":
        let csid = try c.str("csid_b64")
        let pt = try c.hex("rsa_plaintext_hex")
        try eq("plaintext length (K-2)", k - 2, pt.count)
        let sid = try sk.decryptSessionIdUnbound(csidB64: csid)
        try c.expectStr("sid_b64", sid.exportB64())
        try eq("sid = first 43 bytes of the fixed-length plaintext", hex(pt.prefix(43)), hex(sid.exportBytes()))
        if c.has("user_handle_b64") {
            let user = try c.str("user_handle_b64")
            let accepts = try c.bool("sdk_login_accepts")
            do {
                let bound = try sk.decryptSessionId(csidB64: csid, userHandleB64: user)
                try eq("login accepted (user handle binding)", accepts, true)
                try eq("bound sid", sid.exportB64(), bound.exportB64())
            } catch let e as CryptoError {
                try eq("login accepted (user handle binding)", accepts, false)
                try eq("opaque error", "Decrypt", errorCode(e))
            }
        }
    case "share_key":
        let ct = try c.str("ct_b64")
        let pt = try c.hex("rsa_plaintext_hex")
        let want = try c.hex("share_key_hex")
        try eq("plaintext starts with the share key", hex(want), hex(pt.prefix(16)))
        try eq("plaintext length (K-2)", k - 2, pt.count)
        let got = try sk.decryptShareKey(ctB64: ct).exportBytes()
        try c.expectHex("expected_share_key_hex", got)
        try eq("share key", hex(want), hex(got))
        if let attrCt = c.opt("folder_attr_ciphertext_b64")?.string {
            let attrs = try openNodeAttributesB64(key: try AesKey.fromBytes(bytes: got), ciphertextB64: attrCt)
            if let megajs = c.opt("megajs_attrs")?.object {
                for (name, theirs) in megajs {
                    guard let ours = attrs.getJson(key: name) else { throw Mismatch("attribute \(name) missing") }
                    if !(try JSON.parse(ours)).similar(theirs) { throw Mismatch("attribute \(name): expected \(theirs), got \(ours)") }
                }
            }
        }
    default:
        throw Mismatch("unknown kind \(kind)")
    }
}

/// The first rejection's text, which every other attack must repeat (one opaque error).
private final class FirstError { var text: String? }

let rsaTamperHandler: AreaHandler = { file in
    let first = FirstError()
    let handler = withSetup({ file -> (MasterKey, RsaPublicKey, String) in
        (try MasterKey.fromBytes(bytes: try unhex(try field(file, "master_key_hex"))),
         try RsaPublicKey.fromB64(pubkB64: try field(file, "pubk_b64")),
         try field(file, "csid_b64"))
    }) { (setup: (MasterKey, RsaPublicKey, String), c: Case) in
        let (mk, pubk, csid) = setup
        c.info("attack", "block_index")
        let privk = try c.str("privk_enc_b64")
        let result = Result { try RsaPrivateKey.fromEncryptedPrivk(privkB64: privk, masterKey: mk, pinned: pubk).decryptSessionIdUnbound(csidB64: csid) }
        let expect = try c.str("expect")
        switch expect {
        case "accept":
            switch result {
            case .success(let sid): try c.expectStr("sid_b64", sid.exportB64())
            case .failure(let e): throw Mismatch("control case rejected: \(e)")
            }
        case "reject":
            guard case .failure(let err) = result else { throw Mismatch("tampered key accepted") }
            guard let code = errorCode(err) else { throw err }
            try eq("error category", "Decrypt", code)
            let desc = "\(code): \(err)"
            if first.text == nil { first.text = desc }
            try eq("same opaque error for every attack", first.text, desc)
        default:
            throw Mismatch("unknown expect \(expect)")
        }
    }
    return handler(file)
}
