// Area `ccm`: mirrors core/tests/vectors/area_ccm.rs (and the Kotlin checkCcm): AES-CCM/GCM
// sealing and opening with every bit flipped, and the TLV container format.
import Foundation
import MegaCrypt

private let modes: [String: ContainerMode] = [
    "AES_CCM_12_16": .aesCcm12x16,
    "AES_CCM_10_16": .aesCcm10x16,
    "AES_CCM_10_08": .aesCcm10x8,
    "AES_GCM_12_16_BROKEN": .aesGcm12x16Broken,
    "AES_GCM_10_08_BROKEN": .aesGcm10x8Broken,
    "AES_GCM_12_16": .aesGcm12x16,
    "AES_GCM_10_08": .aesGcm10x8,
]

private func modeByName(_ name: String) throws -> ContainerMode {
    guard let m = modes[name] else { throw Mismatch("unknown mode \(name)") }
    return m
}

private func recs(_ r: TlvRecords) throws -> [String] { try r.records().map { "\($0.key)=\(hex($0.value))" } }

func checkCcm(_ c: Case) throws {
    c.info("what", "note")
    let kind = try c.str("kind")
    let key = try AesKey.fromBytes(bytes: try c.hex("key_hex"))
    switch kind {
    case "ccm", "gcm":
        let mode = try modeByName(try c.str("mode"))
        let info = containerModeInfo(mode: mode)
        try eq("cipher", kind == "ccm" ? ContainerCipher.ccm : ContainerCipher.gcm, info.cipher)
        try eq("nonce_len", try c.u64("nonce_len"), Int64(info.ivLength))
        try eq("tag_len", try c.u64("tag_len"), Int64(info.tagLength))
        let nonce = try c.hex("nonce_hex")
        let aad = try c.hex("aad_hex")
        let pt = try c.hex("plaintext_hex")
        let sealed = try hazmatAeadSeal(mode: mode, key: key, iv: nonce, aad: aad, plaintext: pt)
        try c.expectHex("ciphertext_hex", slice(sealed, 0, pt.count))
        try c.expectHex("tag_hex", slice(sealed, pt.count, sealed.count))
        try eq("plaintext", hex(pt), hex(try hazmatAeadOpen(mode: mode, key: key, iv: nonce, aad: aad, ciphertextAndTag: sealed)))
        for i in 0..<sealed.count {
            var bad = sealed
            bad[bad.startIndex + i] ^= 1
            try expectError("bit flip at byte \(i)", "Decrypt") { try hazmatAeadOpen(mode: mode, key: key, iv: nonce, aad: aad, ciphertextAndTag: bad) }
        }
    case "tlv_container":
        // Dictionaries keep no key order: take the record order from tlv_hex, the names and
        // values from records_hex, and require our encoding to reproduce tlv_hex exactly.
        let obj = try c.obj("records_hex")
        let order = try TlvRecords.fromBytes(bytes: try c.hex("tlv_hex")).records().map(\.key)
        try eq("record names", Set(obj.keys), Set(order))
        let records = TlvRecords()
        for k in order {
            guard let v = obj[k]?.string else { throw Mismatch("records_hex.\(k) is not a string") }
            try records.insert(key: k, value: try unhex(v))
        }
        try c.expectHex("tlv_hex", try records.toBytes())
        let mode = try modeByName(try c.str("mode"))
        let info = containerModeInfo(mode: mode)
        try eq("encryption_setting", try c.u64("encryption_setting"), Int64(info.byte))
        if let cipher = c.optStr("cipher") { try eq("cipher", cipher == "GCM" ? ContainerCipher.gcm : ContainerCipher.ccm, info.cipher) }
        let iv = try c.hex("iv_hex")
        let sealed = try hazmatSealContainerWithIv(key: key, records: records, mode: mode, iv: iv, allowShortTagWrites: true)
        try c.expectHex("container_hex", sealed)
        try c.expectStr("container_b64", base64Encode(bytes: sealed))
        if info.tagLength < 16 {
            try expectError("short-tag write refused by default", "Unsupported") {
                try hazmatSealContainerWithIv(key: key, records: records, mode: mode, iv: iv, allowShortTagWrites: false)
            }
        }
        let opened = try openContainer(key: key, blob: try c.hex("container_hex"))
        try eq("mode", mode, opened.mode)
        try eq("records", try recs(records), try recs(opened.records))
    default:
        throw Mismatch("unknown kind \(kind)")
    }
}
