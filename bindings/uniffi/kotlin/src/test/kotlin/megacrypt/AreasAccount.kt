// Area handlers for kdf_v1, kdf_v2, master_key, attributes, links and password_links, mirroring
// core/tests/vectors/area_{kdf,master_key,attributes,links}.rs through the Kotlin bindings.
package megacrypt

import org.json.JSONObject

private fun b64(b: ByteArray) = base64Encode(b.d())

// --------------------------------------------------------------------------- kdf_v1 / kdf_v2
private fun checkPasswordKeyV1(c: Case): PasswordKey {
    val pk = prepareKeyV1(c.str("password"))
    c.expectHex("password_key_hex", pk.exportBytes())
    return pk
}

/** The login's master-key step: unwrap encrypted_master_key_b64 with the password key. */
private fun checkMasterKey(c: Case, pk: PasswordKey) {
    val mk = decryptMasterKeyB64(pk, c.str("encrypted_master_key_b64"))
    c.expectHex("master_key_hex", mk.exportBytes())
    eq("re-wrap", c.str("encrypted_master_key_b64"), b64(encryptMasterKey(pk, mk)))
}

/** megajs's convention (UTF-8 of the Unicode-lower-cased address), as in the Rust handler. */
private fun unicodeLowerUtf8Hash(lower: String, pk: PasswordKey) = b64(userHashV1(lower, pk, EmailEncoding.SDK))

fun checkKdfV1(c: Case) {
    when (val kind = c.str("kind")) {
        "prepare_key" -> {
            c.info("flags")
            val password = c.str("password")
            c.expectHex("password_utf8_hex", password.toByteArray(Charsets.UTF_8))
            val units = password.length.toLong()
            eq("password_utf16_code_units", c.u64("password_utf16_code_units"), units)
            if (c.has("sdk_code_units")) eq("sdk_code_units", c.u64("sdk_code_units"), units)
            val packed = jsPackPassword(password)
            c.expectHex("js_a32_input_hex", packed.copyOf((packed.size + 3) / 4 * 4))
            val official = prepareKeyV1(password)
            c.expectHex("key_official_hex", official.exportBytes())
            val utf8 = prepareKeyV1Bytes(password.toByteArray(Charsets.UTF_8).d())
            c.expectHex("key_utf8_hex", utf8.exportBytes())
            val latin1 = if (password.all { it.code <= 0xff }) password.toByteArray(Charsets.ISO_8859_1) else null
            val want = c.optStr("key_latin1_hex")
            when {
                want != null && latin1 != null -> eq("key_latin1_hex", want, hex(prepareKeyV1Bytes(latin1.d()).exportBytes()))
                want == null && latin1 == null -> {}
                else -> throw Mismatch("key_latin1_hex: $want vs latin1 encodable ${latin1 != null}")
            }
            c.optStr("megajs_login_key_hex")?.let { m ->
                eq("megajs_login_key_hex", m, hex(utf8.exportBytes()))
                eq("megajs_matches_official", c.bool("megajs_matches_official"), utf8 == official)
            }
            if (c.has("megapy_matches_official")) {
                c.info("megapy_login_error")
                val megapy = c.optStr("megapy_login_key_hex")
                eq("megapy_matches_official", c.bool("megapy_matches_official"), megapy == hex(official.exportBytes()))
                if (megapy != null) eq("megapy_login_key_hex == key_latin1_hex", megapy, c.optStr("key_latin1_hex"))
            }
        }
        "stringhash" -> {
            val email = c.str("email")
            c.expectStr("email_lowercased", email.lowercase())
            if (c.has("email_bytes")) eq("email_bytes", c.u64("email_bytes"), email.toByteArray(Charsets.UTF_8).size.toLong())
            val pk = checkPasswordKeyV1(c)
            val web = userHashV1(email, pk, EmailEncoding.WEBCLIENT)
            val sdk = userHashV1(email, pk, EmailEncoding.SDK)
            eq("webclient vs sdk encoding", hex(web), hex(sdk))
            c.expectStr("uh_b64", b64(web))
        }
        "stringhash_non_ascii" -> {
            c.info("normative", "flags")
            val email = c.str("email")
            val lowered = c.str("email_lowercased")
            val asciiLower = email.map { if (it.code < 128) it.lowercaseChar() else it }.joinToString("")
            if (lowered != email.lowercase() && lowered != asciiLower) throw Mismatch("email_lowercased: $lowered")
            val pk = if (c.has("password")) checkPasswordKeyV1(c) else PasswordKey.fromBytes(c.hex("password_key_hex").d())
            val web = b64(userHashV1(email, pk, EmailEncoding.WEBCLIENT))
            val sdk = b64(userHashV1(email, pk, EmailEncoding.SDK))
            val utf8 = unicodeLowerUtf8Hash(email.lowercase(), pk)
            if (c.has("webclient_uh_b64")) {
                c.expectStr("webclient_uh_b64", web)
                c.expectStr("megapy_uh_b64", web)
                c.expectStr("megajs_uh_b64", utf8)
            } else {
                c.expectStr("uh_b64", sdk)
                c.expectStr("python_restatement_code_units_unicode_lowercase_uh_b64", web)
                c.expectStr("python_restatement_utf8_unicode_lowercase_uh_b64", utf8)
            }
        }
        "login_v1" -> {
            val email = c.str("email")
            val sent = c.str("email_sent")
            if (sent != email.lowercase() && sent != email) throw Mismatch("email_sent $sent is neither the address nor its lower case")
            val pk = checkPasswordKeyV1(c)
            c.expectStr("uh_b64", b64(userHashV1(sent, pk, null)))
            checkMasterKey(c, pk)
        }
        else -> throw Skip("unknown kdf_v1 kind $kind")
    }
}

fun checkKdfV2(c: Case) {
    when (val kind = c.str("kind")) {
        "derive" -> {
            val password = c.str("password")
            c.expectHex("password_utf8_hex", password.toByteArray(Charsets.UTF_8))
            eq("iterations", c.u64("iterations"), 100_000L)
            val salt = c.hex("salt_hex")
            c.expectStr("salt_b64", b64(salt))
            val keys = deriveV2(password, salt.d())
            c.expectHex("derived_key_hex", keys.passwordKey.exportBytes() + keys.authKey.exportBytes())
            c.expectHex("password_key_hex", keys.passwordKey.exportBytes())
            c.expectHex("auth_key_hex", keys.authKey.exportBytes())
            c.expectStr("uh_b64", keys.userHashB64)
            c.expectHex("hashed_auth_key_hex", keys.hashedAuthKey)
        }
        "salt_from_client_random_value" -> {
            val salt = v2Salt(c.hex("client_random_value_hex").d())
            c.expectHex("salt_hex", salt)
            c.expectStr("salt_b64", b64(salt))
        }
        "login_v2" -> {
            val email = c.str("email")
            val sent = c.str("email_sent")
            if (sent != email.lowercase()) throw Mismatch("email_sent $sent is not the lower-cased address")
            val keys = deriveV2B64Salt(c.str("password"), c.str("salt_b64"))
            c.expectHex("password_key_hex", keys.passwordKey.exportBytes())
            c.expectStr("uh_b64", keys.userHashB64)
            checkMasterKey(c, keys.passwordKey)
        }
        else -> throw Skip("unknown kdf_v2 kind $kind")
    }
}

// ----------------------------------------------------------------------------- master_key
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

// ----------------------------------------------------------------------------- attributes
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

// ------------------------------------------------------------------ links / password_links
private fun kindName(k: LinkKind) = if (k == LinkKind.FILE) "file" else "folder"
private fun keyHex(nk: NodeKey?) = nk?.let { hex(nodeKeyExportBytes(it)) }
private fun childHandle(l: PublicLink): String? = when (val ch = l.child()) {
    is LinkChild.File -> ch.handle
    is LinkChild.Folder -> ch.handle
    is LinkChild.Node -> ch.handle
    null -> null
}

fun checkLink(c: Case) {
    c.info("what", "megapy_parse", "megapy_agrees", "flags")
    val url = c.str("url")
    var err: CryptoException? = null
    val link = try {
        PublicLink.parse(url)
    } catch (e: CryptoException.Malformed) {
        err = e; null
    } catch (e: CryptoException.Unsupported) {
        err = e; null
    }
    if (!c.bool("accepted")) {
        c.info("megajs_error")
        if (link == null) return
        if (link.key() == null) throw Skip("keyless new-format link: megajs rejects it, MEGA's SDK/webclient read it")
        if (link.child() is LinkChild.Folder) throw Skip("folder link with /folder/ child: megajs rejects it, MEGA's webclient writes it")
        throw Mismatch("accepted a link that the reference implementation rejects")
    }
    if (link == null) throw Mismatch("parse: ${err?.message}")
    eq("type", c.str("type"), kindName(link.kind()))
    c.expectStr("handle", link.publicHandle())
    val wantB64 = c.optStr("key_b64")
    val got = link.key()?.let { nodeKeyExportBytes(it) }
    when {
        wantB64 != null && got != null -> {
            eq("key_b64", wantB64, b64(got))
            c.expectHex("key_hex", got)
        }
        wantB64 == null && got == null -> if (c.optStr("key_hex") != null) throw Mismatch("key_hex without key_b64")
        else -> throw Mismatch("key: expected $wantB64, got key present = ${got != null}")
    }
    eq("child_handle", c.optStr("child_handle"), childHandle(link))
    for (again in listOf(link.toUrl(), link.toLegacyUrl())) {
        val l2 = PublicLink.parse(again)
        eq("re-parse handle", link.publicHandle(), l2.publicHandle())
        eq("re-parse key", keyHex(link.key()), keyHex(l2.key()))
        eq("re-parse child", childHandle(link), childHandle(l2))
    }
}

fun checkPasswordLink(c: Case) {
    c.info("flags", "produced_by")
    val password = c.str("password")
    val used = c.hex("password_bytes_used_hex")
    if (!used.contentEquals(password.toByteArray()) && !used.contentEquals(password.trim().toByteArray())) {
        throw Mismatch("password_bytes_used_hex is neither the password nor its trimmed form")
    }
    val usedS = String(used, Charsets.UTF_8)
    val salt = c.hex("salt_hex")
    c.expectHex("derived_key_hex", deriveProtectedLinkKey(used.d(), salt.d()))
    val pLink = c.str("p_link")
    val protected = ProtectedLink.parse(pLink)
    c.expectHex("p_payload_hex", protected.toPayload())
    eq("p_link re-encoded", pLink, protected.toUrl())
    eq("algorithm", c.u64("algorithm"), protected.algorithm().toLong())
    eq("type", c.str("type"), kindName(protected.kind()))
    c.expectStr("public_handle", protected.publicHandle())
    val opened = protected.open(usedS)
    val key = opened.key()?.let { nodeKeyExportBytes(it) } ?: throw Mismatch("opened link has no key")
    c.expectHex("key_hex", key)
    c.expectStr("key_b64", b64(key))
    val url = opened.toUrl()
    c.expectStr("decrypted_link", url)
    if (!url.startsWith("https://mega.nz")) throw Mismatch("url prefix")
    c.expectStr("decrypted_link_path", url.removePrefix("https://mega.nz"))
    if (c.has("decrypted_link_legacy_format")) c.expectStr("decrypted_link_legacy_format", opened.toLegacyUrl())
    val wrong = c.optStr("wrong_password") ?: (usedS + "x")
    val rejected = try {
        protected.open(wrong); false
    } catch (e: CryptoException.Decrypt) {
        true
    }
    eq("wrong_password_rejected", c.bool("wrong_password_rejected"), rejected)
    if (protected.algorithm().toInt() == 2) {
        val source = c.optStr("encryptlink_input")?.let { PublicLink.parse(it) } ?: opened
        eq("created link", pLink, ProtectedLink.protectWithSalt(source, usedS, salt.d()).toUrl())
    } else if (c.has("encryptlink_input")) {
        throw Mismatch("encryptlink_input given for a legacy-algorithm case")
    }
}

// ------------------------------------------------------------------------------- hashcash
private const val MAX_SOLVE_COUNTER = 8L // as the Rust handler: above this only the answer is verified

fun checkHashcash(c: Case) {
    val token = base64Decode(c.str("token_b64"))
    val easiness = c.u64("easiness").toUInt()
    val nonce = c.hex("nonce_hex")
    val prefix = hashcashPrefix(token.d(), nonce.d())
    c.expectHex("hash_prefix_hex", java.nio.ByteBuffer.allocate(4).putInt(prefix.toInt()).array())
    when (val kind = c.str("kind")) {
        "solve" -> {
            val ch = HashcashChallenge.parse(c.str("challenge"))
            eq("easiness", easiness, ch.easiness().toUInt())
            eq("token", hex(token), hex(ch.token()))
            eq("megajs's nonce solves it", true, hashcashVerify(token.d(), easiness, nonce.d()))
            c.expectStr("response", ch.response(nonce.d()))
            val counter = c.u64("nonce_counter")
            val le = java.nio.ByteBuffer.wrap(nonce).order(java.nio.ByteOrder.LITTLE_ENDIAN).int.toUInt().toLong()
            eq("nonce_counter", counter, le)
            if (counter <= MAX_SOLVE_COUNTER) eq("solve", hex(nonce), hex(ch.solve()))
        }
        "verify" -> {
            eq("threshold", c.u64("threshold"), hashcashThreshold(easiness).toLong())
            eq("valid", c.bool("valid"), hashcashVerify(token.d(), easiness, nonce.d()))
        }
        else -> throw Mismatch("unknown kind $kind")
    }
}

// ------------------------------------------------------------------------------------ ccm
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
            val sealed = aeadSeal(mode, key, nonce.d(), aad.d(), pt.d())
            c.expectHex("ciphertext_hex", sealed.copyOfRange(0, pt.size))
            c.expectHex("tag_hex", sealed.copyOfRange(pt.size, sealed.size))
            eq("plaintext", hex(pt), hex(aeadOpen(mode, key, nonce.d(), aad.d(), sealed.d())))
            for (i in sealed.indices) {
                val bad = sealed.copyOf().also { it[i] = (it[i].toInt() xor 1).toByte() }
                expectError("bit flip at byte $i", "Decrypt") { aeadOpen(mode, key, nonce.d(), aad.d(), bad.d()) }
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
            val sealed = sealContainerWithIv(key, records, mode, iv.d(), true)
            c.expectHex("container_hex", sealed)
            c.expectStr("container_b64", base64Encode(sealed.d()))
            if (info.tagLength < 16u) {
                expectError("short-tag write refused by default", "Unsupported") { sealContainerWithIv(key, records, mode, iv.d(), false) }
            }
            val opened = openContainer(key, c.hex("container_hex").d())
            eq("mode", mode, opened.mode)
            eq("records", recs(records), recs(opened.records))
        }
        else -> throw Mismatch("unknown kind $kind")
    }
}
