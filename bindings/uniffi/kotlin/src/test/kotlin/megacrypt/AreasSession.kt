// Area `master_key` (core `session`: the master key and `tsid` of a login): mirrors
// core/tests/vectors/area_master_key.rs through the bindings.
package megacrypt

private fun b64(b: ByteArray) = base64Encode(b.d())

/** The login's master-key step: unwrap encrypted_master_key_b64 with the password key. */
internal fun checkMasterKey(c: Case, pk: PasswordKey) {
    val mk = decryptMasterKeyB64(pk, c.str("encrypted_master_key_b64"))
    c.expectHex("master_key_hex", mk.exportBytes())
    eq("re-wrap", c.str("encrypted_master_key_b64"), b64(encryptMasterKey(pk, mk)))
}

fun checkMasterKeyArea(c: Case) {
    val pkFromHex = { PasswordKey.fromBytes(c.hex("password_key_hex").d()) }
    when (val kind = c.str("kind")) {
        "login_v1" -> {
            val pk = prepareKeyV1(c.str("password"))
            c.expectHex("password_key_hex", pk.exportBytes())
            checkMasterKey(c, pk)
        }
        "login_v2" -> {
            c.info("password") // as the Rust handler: the salt is not in this file (kdf_v2 covers it)
            checkMasterKey(c, pkFromHex())
        }
        "decrypt" -> checkMasterKey(c, pkFromHex())
        "tsid" -> {
            c.info("what")
            val pk = pkFromHex()
            checkMasterKey(c, pk)
            val mk = decryptMasterKeyB64(pk, c.str("encrypted_master_key_b64"))
            val valid = c.bool("valid")
            val sid = try {
                checkTsidB64(mk, c.str("tsid_b64"))
            } catch (e: CryptoException.Decrypt) {
                eq("valid", valid, false)
                return
            }
            eq("valid", valid, true)
            eq("sid is the tsid", c.str("tsid_b64"), b64(sid))
        }
        else -> throw Skip("unknown master_key kind $kind")
    }
}
