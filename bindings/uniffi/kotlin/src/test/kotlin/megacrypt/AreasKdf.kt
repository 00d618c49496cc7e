// Areas `kdf_v1` and `kdf_v2` (core `kdf`): mirror core/tests/vectors/area_kdf.rs through the
// bindings.
package megacrypt

private fun b64(b: ByteArray) = base64Encode(b.d())

private fun checkPasswordKeyV1(c: Case): PasswordKey {
    val pk = prepareKeyV1(c.str("password"))
    c.expectHex("password_key_hex", pk.exportBytes())
    return pk
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
