// Area `attributes`: mirrors core/tests/vectors/area_attributes.rs through the bindings.
package megacrypt

import org.json.JSONObject

private fun b64(b: ByteArray) = base64Encode(b.d())

private fun padded(b: ByteArray) = b.copyOf((b.size + 15) / 16 * 16)

fun checkAttributes(c: Case) {
    when (val kind = c.str("kind")) {
        "roundtrip" -> {
            c.info("flags", "megapy_decrypted", "megapy_decrypts_to_same")
            val nk = nodeKeyFromBytes(c.hex("node_key_hex").d())
            eq("key_type", c.str("key_type"), if (nk is NodeKey.File) "file" else "folder")
            val key = nodeKeyAttributeKey(nk)
            c.expectHex("aes_key_hex", key.exportBytes())
            val attrs = c.obj("attrs")
            // org.json does not keep key order, so the canonical (JSON.stringify) text is taken
            // from plaintext_hex: it must hold the same attributes, seal to ciphertext_b64 and be
            // exactly what opening ciphertext_b64 returns.
            val plain = c.hex("plaintext_hex")
            if (!plain.copyOfRange(0, 4).contentEquals("MEGA".toByteArray())) throw Mismatch("plaintext_hex lacks the MEGA prefix")
            val text = String(plain, 4, plain.size - 4, Charsets.UTF_8).trimEnd('\u0000')
            if (!JSONObject(text).similar(attrs)) throw Mismatch("plaintext_hex does not hold attrs")
            eq("plaintext padding", hex(plain), hex(padded("MEGA$text".toByteArray(Charsets.UTF_8))))
            c.expectStr("ciphertext_b64", b64(sealNodeAttributesJson(key, text)))
            val opened = openNodeAttributesB64(key, c.str("ciphertext_b64"))
            eq("opened json", text, opened.json())
            eq("name", attrs.opt("n") as? String, opened.name())
            val mp = c.obj("megapy_form")
            val mpOpen = openNodeAttributesB64(key, mp.getString("ciphertext_b64"))
            if (!JSONObject(mpOpen.json()).similar(attrs)) throw Mismatch("megapy form attrs differ")
            eq("megapy_form.plaintext_hex", mp.getString("plaintext_hex"), hex(padded("MEGA${mpOpen.json()}".toByteArray(Charsets.UTF_8))))
        }
        "decrypt_fails" -> {
            c.info("what", "megapy_error")
            eq("megajs_ok", c.bool("megajs_ok"), false)
            eq("megapy_ok", c.bool("megapy_ok"), false)
            val key = AesKey.fromBytes(c.hex("aes_key_hex").d())
            try {
                openNodeAttributesB64(key, c.str("ciphertext_b64"))
            } catch (e: CryptoException.Decrypt) {
                return
            } catch (e: CryptoException.Malformed) {
                return
            }
            throw Mismatch("decrypted although both implementations reject it")
        }
        else -> throw Skip("unknown attributes kind $kind")
    }
}
