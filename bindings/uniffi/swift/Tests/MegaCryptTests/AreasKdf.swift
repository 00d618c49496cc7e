// Areas `kdf_v1` and `kdf_v2` (core module `kdf`): mirror core/tests/vectors/area_kdf.rs (and the
// Kotlin AreasKdf.kt). `checkMasterKey` is shared with AreasSession.swift.
import Foundation
import MegaCrypt

private func b64(_ d: Data) -> String { base64Encode(bytes: d) }
private func utf8(_ s: String) -> Data { Data(s.utf8) }

private func checkPasswordKeyV1(_ c: Case) throws -> PasswordKey {
    let pk = try prepareKeyV1(password: try c.str("password"))
    try c.expectHex("password_key_hex", pk.exportBytes())
    return pk
}

/// The login's master-key step: unwrap encrypted_master_key_b64 with the password key.
func checkMasterKey(_ c: Case, _ pk: PasswordKey) throws {
    let mk = try decryptMasterKeyB64(passwordKey: pk, encryptedB64: try c.str("encrypted_master_key_b64"))
    try c.expectHex("master_key_hex", mk.exportBytes())
    try eq("re-wrap", try c.str("encrypted_master_key_b64"), b64(encryptMasterKey(passwordKey: pk, masterKey: mk)))
}

/// megajs's convention (UTF-8 of the Unicode-lower-cased address), as in the Rust handler.
private func unicodeLowerUtf8Hash(_ lower: String, _ pk: PasswordKey) -> String {
    b64(userHashV1(email: lower, passwordKey: pk, encoding: .sdk))
}

func checkKdfV1(_ c: Case) throws {
    let kind = try c.str("kind")
    switch kind {
    case "prepare_key":
        c.info("flags")
        let password = try c.str("password")
        try c.expectHex("password_utf8_hex", utf8(password))
        let units = Int64(password.utf16.count)
        try eq("password_utf16_code_units", try c.u64("password_utf16_code_units"), units)
        if c.has("sdk_code_units") { try eq("sdk_code_units", try c.u64("sdk_code_units"), units) }
        let packed = jsPackPassword(password: password)
        try c.expectHex("js_a32_input_hex", resized(packed, (packed.count + 3) / 4 * 4))
        let official = try prepareKeyV1(password: password)
        try c.expectHex("key_official_hex", official.exportBytes())
        let fromUtf8 = try prepareKeyV1Bytes(password: utf8(password))
        try c.expectHex("key_utf8_hex", fromUtf8.exportBytes())
        let latin1: Data? = password.utf16.allSatisfy { $0 <= 0xff } ? Data(password.utf16.map { UInt8($0) }) : nil
        let want = c.optStr("key_latin1_hex")
        switch (want, latin1) {
        case let (w?, l?): try eq("key_latin1_hex", w, hex(try prepareKeyV1Bytes(password: l).exportBytes()))
        case (nil, nil): break
        default: throw Mismatch("key_latin1_hex: \(want ?? "nil") vs latin1 encodable \(latin1 != nil)")
        }
        if let m = c.optStr("megajs_login_key_hex") {
            try eq("megajs_login_key_hex", m, hex(fromUtf8.exportBytes()))
            try eq("megajs_matches_official", try c.bool("megajs_matches_official"), fromUtf8 == official)
        }
        if c.has("megapy_matches_official") {
            c.info("megapy_login_error")
            let megapy = c.optStr("megapy_login_key_hex")
            try eq("megapy_matches_official", try c.bool("megapy_matches_official"), megapy == hex(official.exportBytes()))
            if let megapy { try eq("megapy_login_key_hex == key_latin1_hex", megapy, c.optStr("key_latin1_hex")) }
        }
    case "stringhash":
        let email = try c.str("email")
        try c.expectStr("email_lowercased", email.lowercased())
        if c.has("email_bytes") { try eq("email_bytes", try c.u64("email_bytes"), Int64(utf8(email).count)) }
        let pk = try checkPasswordKeyV1(c)
        let web = userHashV1(email: email, passwordKey: pk, encoding: .webclient)
        let sdk = userHashV1(email: email, passwordKey: pk, encoding: .sdk)
        try eq("webclient vs sdk encoding", hex(web), hex(sdk))
        try c.expectStr("uh_b64", b64(web))
    case "stringhash_non_ascii":
        c.info("normative", "flags")
        let email = try c.str("email")
        let lowered = try c.str("email_lowercased")
        let asciiLower = String(String.UnicodeScalarView(email.unicodeScalars.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 0x20)! : $0 }))
        if lowered != email.lowercased() && lowered != asciiLower { throw Mismatch("email_lowercased: \(lowered)") }
        let pk = try c.has("password") ? checkPasswordKeyV1(c) : PasswordKey.fromBytes(bytes: c.hex("password_key_hex"))
        let web = b64(userHashV1(email: email, passwordKey: pk, encoding: .webclient))
        let sdk = b64(userHashV1(email: email, passwordKey: pk, encoding: .sdk))
        let unicodeUtf8 = unicodeLowerUtf8Hash(email.lowercased(), pk)
        if c.has("webclient_uh_b64") {
            try c.expectStr("webclient_uh_b64", web)
            try c.expectStr("megapy_uh_b64", web)
            try c.expectStr("megajs_uh_b64", unicodeUtf8)
        } else {
            try c.expectStr("uh_b64", sdk)
            try c.expectStr("python_restatement_code_units_unicode_lowercase_uh_b64", web)
            try c.expectStr("python_restatement_utf8_unicode_lowercase_uh_b64", unicodeUtf8)
        }
    case "login_v1":
        let email = try c.str("email")
        let sent = try c.str("email_sent")
        if sent != email.lowercased() && sent != email { throw Mismatch("email_sent \(sent) is neither the address nor its lower case") }
        let pk = try checkPasswordKeyV1(c)
        try c.expectStr("uh_b64", b64(userHashV1(email: sent, passwordKey: pk, encoding: nil)))
        try checkMasterKey(c, pk)
    default:
        throw Skip("unknown kdf_v1 kind \(kind)")
    }
}

func checkKdfV2(_ c: Case) throws {
    let kind = try c.str("kind")
    switch kind {
    case "derive":
        let password = try c.str("password")
        try c.expectHex("password_utf8_hex", utf8(password))
        try eq("iterations", try c.u64("iterations"), 100_000)
        let salt = try c.hex("salt_hex")
        try c.expectStr("salt_b64", b64(salt))
        let keys = try deriveV2(password: password, salt: salt)
        try c.expectHex("derived_key_hex", keys.passwordKey.exportBytes() + keys.authKey.exportBytes())
        try c.expectHex("password_key_hex", keys.passwordKey.exportBytes())
        try c.expectHex("auth_key_hex", keys.authKey.exportBytes())
        try c.expectStr("uh_b64", keys.userHashB64)
        try c.expectHex("hashed_auth_key_hex", keys.hashedAuthKey)
    case "salt_from_client_random_value":
        let salt = try v2Salt(clientRandomValue: try c.hex("client_random_value_hex"))
        try c.expectHex("salt_hex", salt)
        try c.expectStr("salt_b64", b64(salt))
    case "login_v2":
        let email = try c.str("email")
        let sent = try c.str("email_sent")
        if sent != email.lowercased() { throw Mismatch("email_sent \(sent) is not the lower-cased address") }
        let keys = try deriveV2B64Salt(password: try c.str("password"), saltB64: try c.str("salt_b64"))
        try c.expectHex("password_key_hex", keys.passwordKey.exportBytes())
        try c.expectStr("uh_b64", keys.userHashB64)
        try checkMasterKey(c, keys.passwordKey)
    default:
        throw Skip("unknown kdf_v2 kind \(kind)")
    }
}
