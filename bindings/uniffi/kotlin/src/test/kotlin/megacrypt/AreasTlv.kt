// Area `ccm` (core `tlv`: raw AEAD in the container modes and TLV containers): mirrors
// core/tests/vectors/area_ccm.rs through the bindings.
package megacrypt

private val MODES = mapOf(
    "AES_CCM_12_16" to ContainerMode.AES_CCM12X16,
    "AES_CCM_10_16" to ContainerMode.AES_CCM10X16,
    "AES_CCM_10_08" to ContainerMode.AES_CCM10X8,
    "AES_GCM_12_16_BROKEN" to ContainerMode.AES_GCM12X16_BROKEN,
    "AES_GCM_10_08_BROKEN" to ContainerMode.AES_GCM10X8_BROKEN,
    "AES_GCM_12_16" to ContainerMode.AES_GCM12X16,
    "AES_GCM_10_08" to ContainerMode.AES_GCM10X8,
)

private fun modeByName(name: String) = MODES[name] ?: throw Mismatch("unknown mode $name")
private fun recs(r: TlvRecords) = r.records().map { it.key to hex(it.value) }

fun checkCcm(c: Case) {
    c.info("what", "note")
    val kind = c.str("kind")
    val key = AesKey.fromBytes(c.hex("key_hex").d())
    when (kind) {
        "ccm", "gcm" -> {
            val mode = modeByName(c.str("mode"))
            val info = containerModeInfo(mode)
            eq("cipher", if (kind == "ccm") ContainerCipher.CCM else ContainerCipher.GCM, info.cipher)
            eq("nonce_len", c.u64("nonce_len"), info.ivLength.toLong())
            eq("tag_len", c.u64("tag_len"), info.tagLength.toLong())
            val nonce = c.hex("nonce_hex")
            val aad = c.hex("aad_hex")
            val pt = c.hex("plaintext_hex")
            val sealed = hazmatAeadSeal(mode, key, nonce.d(), aad.d(), pt.d())
            c.expectHex("ciphertext_hex", sealed.copyOfRange(0, pt.size))
            c.expectHex("tag_hex", sealed.copyOfRange(pt.size, sealed.size))
            eq("plaintext", hex(pt), hex(hazmatAeadOpen(mode, key, nonce.d(), aad.d(), sealed.d())))
            for (i in sealed.indices) {
                val bad = sealed.copyOf().also { it[i] = (it[i].toInt() xor 1).toByte() }
                expectError("bit flip at byte $i", "Decrypt") { hazmatAeadOpen(mode, key, nonce.d(), aad.d(), bad.d()) }
            }
        }
        "tlv_container" -> {
            // org.json does not keep key order: take the record order from tlv_hex, the names and
            // values from records_hex, and require our encoding to reproduce tlv_hex exactly.
            val obj = c.obj("records_hex")
            val order = recs(TlvRecords.fromBytes(c.hex("tlv_hex").d())).map { it.first }
            eq("record names", obj.keySet(), order.toSet())
            val records = TlvRecords()
            for (k in order) records.insert(k, unhex(obj.getString(k)).d())
            c.expectHex("tlv_hex", records.toBytes())
            val mode = modeByName(c.str("mode"))
            val info = containerModeInfo(mode)
            eq("encryption_setting", c.u64("encryption_setting"), info.byte.toLong())
            c.optStr("cipher")?.let { eq("cipher", if (it == "GCM") ContainerCipher.GCM else ContainerCipher.CCM, info.cipher) }
            val iv = c.hex("iv_hex")
            val sealed = hazmatSealContainerWithIv(key, records, mode, iv.d(), true)
            c.expectHex("container_hex", sealed)
            c.expectStr("container_b64", base64Encode(sealed.d()))
            if (info.tagLength < 16u) {
                expectError("short-tag write refused by default", "Unsupported") { hazmatSealContainerWithIv(key, records, mode, iv.d(), false) }
            }
            val opened = openContainer(key, c.hex("container_hex").d())
            eq("mode", mode, opened.mode)
            eq("records", recs(records), recs(opened.records))
        }
        else -> throw Mismatch("unknown kind $kind")
    }
}
