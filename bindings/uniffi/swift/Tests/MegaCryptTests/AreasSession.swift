// Area `master_key` (core module `session`): mirrors core/tests/vectors/area_master_key.rs (and
// the Kotlin AreasSession.kt).
import Foundation
import MegaCrypt

func checkMasterKeyArea(_ c: Case) throws {
    let pkFromHex = { try PasswordKey.fromBytes(bytes: try c.hex("password_key_hex")) }
    let kind = try c.str("kind")
    switch kind {
    case "login_v1":
        let pk = try prepareKeyV1(password: try c.str("password"))
        try c.expectHex("password_key_hex", pk.exportBytes())
        try checkMasterKey(c, pk)
    case "login_v2":
        c.info("password") // as the Rust handler: the salt is not in this file (kdf_v2 covers it)
        try checkMasterKey(c, try pkFromHex())
    case "decrypt":
        try checkMasterKey(c, try pkFromHex())
    case "tsid":
        c.info("what")
        let pk = try pkFromHex()
        try checkMasterKey(c, pk)
        let mk = try decryptMasterKeyB64(passwordKey: pk, encryptedB64: try c.str("encrypted_master_key_b64"))
        let valid = try c.bool("valid")
        let sid: Data
        do {
            sid = try checkTsidB64(masterKey: mk, tsidB64: try c.str("tsid_b64"))
        } catch CryptoError.Decrypt {
            try eq("valid", valid, false)
            return
        }
        try eq("valid", valid, true)
        try eq("sid is the tsid", try c.str("tsid_b64"), base64Encode(bytes: sid))
    default:
        throw Skip("unknown master_key kind \(kind)")
    }
}
