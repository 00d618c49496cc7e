// Areas `links` and `password_links` (core `link`): mirror core/tests/vectors/area_links.rs
// through the bindings.
package megacrypt

private fun b64(b: ByteArray) = base64Encode(b.d())

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
        eq("created link", pLink, ProtectedLink.hazmatProtectWithSalt(source, usedS, salt.d()).toUrl())
    } else if (c.has("encryptlink_input")) {
        throw Mismatch("encryptlink_input given for a legacy-algorithm case")
    }
}
