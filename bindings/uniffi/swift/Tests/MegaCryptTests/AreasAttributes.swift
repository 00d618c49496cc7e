// Area `attributes`: mirrors core/tests/vectors/area_attributes.rs (and the Kotlin checkAttributes).
import Foundation
import MegaCrypt

/// `b` zero-padded to a multiple of 16 bytes.
private func padded(_ b: Data) -> Data { resized(b, (b.count + 15) / 16 * 16) }

func checkAttributes(_ c: Case) throws {
    let kind = try c.str("kind")
    switch kind {
    case "roundtrip":
        c.info("flags", "megapy_decrypted", "megapy_decrypts_to_same")
        let nk = try nodeKeyFromBytes(bytes: try c.hex("node_key_hex"))
        let keyType: String
        if case .file = nk { keyType = "file" } else { keyType = "folder" }
        try eq("key_type", try c.str("key_type"), keyType)
        let key = nodeKeyAttributeKey(key: nk)
        try c.expectHex("aes_key_hex", key.exportBytes())
        let attrs = JSON.object(try c.obj("attrs"))
        // The canonical (JSON.stringify) text, key order included, is taken from plaintext_hex: it
        // must hold the same attributes, seal to ciphertext_b64 and be exactly what opening
        // ciphertext_b64 returns.
        let plain = try c.hex("plaintext_hex")
        if plain.prefix(4) != Data("MEGA".utf8) { throw Mismatch("plaintext_hex lacks the MEGA prefix") }
        var text = String(decoding: plain.dropFirst(4), as: UTF8.self)
        while text.hasSuffix("\u{0}") { text.removeLast() }
        if !(try JSON.parse(text)).similar(attrs) { throw Mismatch("plaintext_hex does not hold attrs") }
        try eq("plaintext padding", hex(plain), hex(padded(Data("MEGA\(text)".utf8))))
        try c.expectStr("ciphertext_b64", base64Encode(bytes: try sealNodeAttributesJson(key: key, json: text)))
        let opened = try openNodeAttributesB64(key: key, ciphertextB64: try c.str("ciphertext_b64"))
        try eq("opened json", text, opened.json())
        try eq("name", attrs.object?["n"]?.string, opened.name())
        let mp = try c.obj("megapy_form")
        guard let mpCt = mp["ciphertext_b64"]?.string, let mpPlain = mp["plaintext_hex"]?.string else {
            throw Mismatch("megapy_form lacks ciphertext_b64/plaintext_hex")
        }
        let mpOpen = try openNodeAttributesB64(key: key, ciphertextB64: mpCt)
        if !(try JSON.parse(mpOpen.json())).similar(attrs) { throw Mismatch("megapy form attrs differ") }
        try eq("megapy_form.plaintext_hex", mpPlain, hex(padded(Data("MEGA\(mpOpen.json())".utf8))))
    case "decrypt_fails":
        c.info("what", "megapy_error")
        try eq("megajs_ok", try c.bool("megajs_ok"), false)
        try eq("megapy_ok", try c.bool("megapy_ok"), false)
        let key = try AesKey.fromBytes(bytes: try c.hex("aes_key_hex"))
        do {
            _ = try openNodeAttributesB64(key: key, ciphertextB64: try c.str("ciphertext_b64"))
        } catch CryptoError.Decrypt {
            return
        } catch CryptoError.Malformed {
            return
        }
        throw Mismatch("decrypted although both implementations reject it")
    default:
        throw Skip("unknown attributes kind \(kind)")
    }
}
