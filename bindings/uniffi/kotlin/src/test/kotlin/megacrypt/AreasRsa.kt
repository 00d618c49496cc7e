// Areas `rsa` and `rsa_tamper`: mirror core/tests/vectors/area_rsa.rs through the bindings, except
// the RSA *encryption* with replayed padding, which needs an injected RNG the bindings do not
// offer: the RSA plaintext fields are checked against what decryption yields instead.
// Their files carry file-level inputs (the account's key), read once per file.
package megacrypt

import org.json.JSONObject

private fun stripZeros(b: ByteArray): String = hex(b.dropWhile { it == 0.toByte() }.toByteArray())

private fun checkRsaKey(key: JSONObject): RsaPrivateKey {
    val mk = MasterKey.fromBytes(unhex(key.getString("master_key_hex")).d())
    val pubk = RsaPublicKey.fromB64(key.getString("pubk_b64"))
    eq("pubk bytes", key.getString("pubk_hex"), hex(pubk.toBytes()))
    eq("pubk b64", key.getString("pubk_b64"), pubk.toB64())
    eq("n", stripZeros(unhex(key.getString("n_hex"))), stripZeros(pubk.modulus()))
    eq("e", key.getLong("e"), pubk.exponent().toLong())
    eq("bits", key.getLong("bits"), pubk.modulusLength().toLong() * 8)
    val sk = RsaPrivateKey.fromEncryptedPrivk(key.getString("privk_enc_b64"), mk, pubk)
    // Without a pinned key the exponent is found from the blob; the derived key has the same
    // (n, e) but writes its MPI headers in its own style, so compare the numbers.
    val derived = RsaPrivateKey.fromEncryptedPrivk(key.getString("privk_enc_b64"), mk, null).publicKey()
    eq("derived public key n", hex(pubk.modulus()), hex(derived.modulus()))
    eq("derived public key e", pubk.exponent(), derived.exponent())
    val plain = unhex(key.getString("privk_plain_hex"))
    val style = if (key.has("mpi_headers")) MpiHeaderStyle.BYTE_COUNT else MpiHeaderStyle.EXACT_BITS
    val ours = sk.exportPrivkPlain(style)
    eq("privk_plain_hex (without padding)", hex(plain.copyOfRange(0, plain.size - key.getInt("privk_padding_len"))), hex(ours))
    var at = 0
    for (name in listOf("p_hex", "q_hex", "d_hex", "u_hex")) {
        val bits = ((ours[at].toInt() and 0xff) shl 8) or (ours[at + 1].toInt() and 0xff)
        val n = (bits + 7) / 8
        eq(name, stripZeros(unhex(key.getString(name))), stripZeros(ours.copyOfRange(at + 2, at + 2 + n)))
        at += 2 + n
    }
    val enc = sk.encryptPrivk(mk, style)
    eq("privk length", key.getString("privk_enc_b64").length, enc.length)
    val back = RsaPrivateKey.fromEncryptedPrivk(enc, mk, pubk)
    eq("re-read encoding", hex(ours), hex(back.exportPrivkPlain(style)))
    return sk
}

fun rsaChecker(file: JSONObject): (Case) -> Unit {
    val setup = runCatching { checkRsaKey(file.optJSONObject("key") ?: JSONObject()) }
    return { c ->
        val sk = setup.getOrElse { throw Mismatch("file key: ${it::class.simpleName}: ${it.message}") }
        c.info("what", "flags", "megajs_sid", "megapy_sid", "megajs_key_hex", "megajs_rsa_plaintext_hex", "note")
        val k = sk.publicKey().modulusLength().toInt()
        when (val kind = c.str("kind")) {
            "csid" -> {
                val csid = c.str("csid_b64")
                val pt = c.hex("rsa_plaintext_hex")
                eq("plaintext length (K-2)", k - 2, pt.size)
                val sid = sk.decryptSessionIdUnbound(csid)
                c.expectStr("sid_b64", sid.exportB64())
                eq("sid = first 43 bytes of the fixed-length plaintext", hex(pt.copyOfRange(0, 43)), hex(sid.exportBytes()))
                if (c.has("user_handle_b64")) {
                    val user = c.str("user_handle_b64")
                    val accepts = c.bool("sdk_login_accepts")
                    try {
                        val bound = sk.decryptSessionId(csid, user)
                        eq("login accepted (user handle binding)", accepts, true)
                        eq("bound sid", sid.exportB64(), bound.exportB64())
                    } catch (e: CryptoException) {
                        eq("login accepted (user handle binding)", accepts, false)
                        eq("opaque error", "Decrypt", e::class.simpleName)
                    }
                }
            }
            "share_key" -> {
                val ct = c.str("ct_b64")
                val pt = c.hex("rsa_plaintext_hex")
                val want = c.hex("share_key_hex")
                eq("plaintext starts with the share key", hex(want), hex(pt.copyOfRange(0, 16)))
                eq("plaintext length (K-2)", k - 2, pt.size)
                val got = sk.decryptShareKey(ct).exportBytes()
                c.expectHex("expected_share_key_hex", got)
                eq("share key", hex(want), hex(got))
                val attrCt = c.opt("folder_attr_ciphertext_b64")
                if (attrCt is String) {
                    val attrs = openNodeAttributesB64(AesKey.fromBytes(got.d()), attrCt)
                    val megajs = c.opt("megajs_attrs") as? JSONObject
                    megajs?.keySet()?.forEach { name ->
                        val ours = attrs.getJson(name) ?: throw Mismatch("attribute $name missing")
                        val theirs = JSONObject().put("v", megajs.get(name))
                        if (!JSONObject("{\"v\":$ours}").similar(theirs)) throw Mismatch("attribute $name: expected ${megajs.get(name)}, got $ours")
                    }
                }
            }
            else -> throw Mismatch("unknown kind $kind")
        }
    }
}

fun rsaTamperChecker(file: JSONObject): (Case) -> Unit {
    val setup = runCatching {
        Triple(
            MasterKey.fromBytes(unhex(file.getString("master_key_hex")).d()),
            RsaPublicKey.fromB64(file.getString("pubk_b64")),
            file.getString("csid_b64"),
        )
    }
    var firstError: String? = null
    return { c ->
        val (mk, pubk, csid) = setup.getOrElse { throw Mismatch("file fields: ${it::class.simpleName}: ${it.message}") }
        c.info("attack", "block_index")
        val privk = c.str("privk_enc_b64")
        val result = runCatching { RsaPrivateKey.fromEncryptedPrivk(privk, mk, pubk).decryptSessionIdUnbound(csid) }
        when (val expect = c.str("expect")) {
            "accept" -> {
                val sid = result.getOrElse { throw Mismatch("control case rejected: ${it::class.simpleName}: ${it.message}") }
                c.expectStr("sid_b64", sid.exportB64())
            }
            "reject" -> {
                val err = result.exceptionOrNull() ?: throw Mismatch("tampered key accepted")
                if (err !is CryptoException) throw err
                eq("error category", "Decrypt", err::class.simpleName)
                val desc = "${err::class.simpleName}: ${err.message}"
                if (firstError == null) firstError = desc
                eq("same opaque error for every attack", firstError, desc)
            }
            else -> throw Mismatch("unknown expect $expect")
        }
    }
}
