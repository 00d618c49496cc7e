// Area handlers keys_container, key_signature and key_exchange (modern accounts, issue 13),
// mirroring core/tests/vectors/area_{keys_container,key_signature,key_exchange}.rs through the
// Kotlin bindings, megacrypt's verdicts on the cases where the official clients disagree included.
package megacrypt

import org.json.JSONArray
import org.json.JSONObject
import java.security.MessageDigest
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

private val WRITE_ORDER = listOf(1, 2, 3, 4, 5, 16, 17, 18, 32, 33, 48, 64, 65, 80, 96)

private fun code(e: CryptoException): String = e::class.simpleName ?: "?"

private inline fun <T> attempt(block: () -> T): Pair<T?, String?> = try {
    block() to null
} catch (e: CryptoException) {
    null to code(e)
}

private fun JSONObject.s(k: String): String = getString(k)
private fun JSONObject.h(k: String): ByteArray = unhex(getString(k))
private fun JSONObject.optS(k: String): String? = if (has(k) && !isNull(k)) getString(k) else null
private fun JSONArray.objs(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }
private fun b64d(s: String): ByteArray = base64Decode(s)

// ---------------------------------------------------------------------------- keys_container
private fun ltlvOfHexObject(o: JSONObject): ByteArray {
    val m = LtlvMap()
    for (k in o.keys()) m.insert(k.toByteArray().d(), unhex(o.getString(k)).d())
    return m.toBytes()
}

private fun authringOf(records: JSONArray): ByteArray {
    val out = java.io.ByteArrayOutputStream()
    for (r in records.objs()) {
        out.write(b64d(r.s("user_b64")))
        out.write(r.h("fingerprint_hex"))
        out.write((r.getInt("confidence") shl 4) or r.getInt("method"))
    }
    return out.toByteArray()
}

private fun containerFromFields(f: JSONObject): KeysContainer {
    val k = KeysContainer(
        f.s("identity_b64"), f.getLong("creation_time").toUInt(),
        Ed25519PrivateKey.fromBytes(f.h("ed25519_seed_hex").d()), X25519PrivateKey.fromBytes(f.h("cu25519_hex").d()),
    )
    eq("version", 1, f.getInt("version"))
    val pqd = f.h("rsa_pqd_hex")
    k.setRsaPqd(pqd.d(), true)
    eq("rsa parsed", pqd.isEmpty(), k.rsaPrivateKey() == null)
    k.setGeneration((f.getLong("generation") - 1).toUInt())
    k.setAttributes(ltlvOfHexObject(f.getJSONObject("attr")).d())
    k.setEd25519AuthringBytes(authringOf(f.getJSONArray("authring_ed25519")).d())
    k.setCu25519AuthringBytes(authringOf(f.getJSONArray("authring_cu25519")).d())
    for (sk in f.getJSONArray("share_keys").objs()) {
        k.insertShareKey(sk.s("node_b64"), ShareKey.fromBytes(sk.h("key_hex").d()), false)
        k.setShareKeyFlags(sk.s("node_b64"), sk.getLong("flags").toUInt())
    }
    for (p in f.getJSONArray("pending_out").objs()) {
        val email = p.optS("email")
        if (email != null) k.addPendingOutShare(p.s("node_b64"), null, email) else k.addPendingOutShare(p.s("node_b64"), p.s("user_b64"), null)
    }
    for (p in f.getJSONArray("pending_in").objs()) k.addPendingInShare(p.s("node_key"), p.s("user_b64"), p.h("key_hex").d())
    val backups = LtlvMap()
    val bo = f.getJSONObject("backups")
    for (id in bo.keys()) {
        val b = bo.getJSONArray(id)
        val v = java.io.ByteArrayOutputStream()
        v.write(b64d(b.getString(0)))
        val shares = b.getJSONArray(1)
        for (i in 0 until shares.length()) v.write(b64d(shares.getString(i)))
        backups.insert(id.toByteArray().d(), v.toByteArray().d())
    }
    k.setBackups(backups.toBytes().d())
    val w = f.getJSONObject("warnings")
    for (name in w.keys()) {
        eq("only the cv warning", "cv", name)
        k.setContactVerificationWarning(w.getString(name) == "1")
    }
    k.setUnknownRecords(f.h("other_hex").d())
    return k
}

private fun checkSeal(c: Case) {
    c.info("what", "note")
    val mk = MasterKey.fromBytes(c.hex("master_key_hex").d())
    val iv = c.hex("iv_hex")
    val f = c.obj("fields")
    val k = containerFromFields(f)
    val gen = f.getLong("generation").toUInt()
    val plain = k.exportPlaintext(gen)
    c.expectHex("plaintext_hex", plain)
    val sealed = k.hazmatSealWithIv(mk, iv.d())
    eq("sealed generation", gen, sealed.generation())
    c.expectHex("attribute_hex", sealed.toBytes())
    c.expectStr("attribute_b64", sealed.toB64())
    c.optStr("webclient_with_section_5_4_order_b64")?.let { web ->
        val theirs = KeysContainer.open(mk, b64d(web).d(), k.identity(), gen, true, null)
        eq("same content", hex(plain), hex(theirs.exportPlaintext(gen)))
    }
    val want = c.hex("plaintext_hex")
    val parsed = KeysContainer.parsePlaintext(want.d(), true)
    eq("plaintext round trip", hex(want), hex(parsed.exportPlaintext(gen)))
}

/** megacrypt's verdict on an `open` case: null to accept, else the error class name. */
private fun expectedVerdict(what: String, sdk: Boolean, web: Boolean): String? = when {
    what.startsWith("missing tag") -> null
    sdk && web -> null
    what.startsWith("wrong header byte 0") -> "Unsupported"
    what.startsWith("bad GCM tag") || what == "wrong master key" -> "Decrypt"
    what == "generation lower than last seen" -> "Rollback"
    what.startsWith("wrong identity") -> "WrongAccount"
    what.contains("RSA") -> "InvalidKey"
    else -> "Malformed"
}

private fun shareKeyRows(k: KeysContainer) = k.shareKeys().map { Triple(it.node(), hex(it.exportKeyBytes()), it.flags().toInt()) }

private fun checkFields(k: KeysContainer, f: JSONObject) {
    eq("version", f.getInt("version"), k.version().toInt())
    eq("creation_time", f.getLong("creation_time"), k.creationTime().toLong())
    eq("identity", f.s("identity_b64"), k.identity())
    eq("generation", f.getLong("generation"), k.generation().toLong())
    eq("attr", f.s("attr_ltlv_hex"), hex(k.exportAttributes()))
    eq("ed25519", f.s("ed25519_seed_hex"), hex(k.ed25519PrivateKey().exportBytes()))
    eq("cu25519", f.s("cu25519_hex"), hex(k.x25519PrivateKey().exportBytes()))
    eq("rsa", f.s("rsa_pqd_hex"), hex(k.exportRsaPqd()))
    eq("authring ed", f.s("authring_ed25519_hex"), hex(k.ed25519AuthringBytes()))
    eq("authring cu", f.s("authring_cu25519_hex"), hex(k.cu25519AuthringBytes()))
    eq("share keys", f.getJSONArray("share_keys").objs().map { Triple(it.s("node_b64"), it.s("key_hex"), it.getInt("flags")) }, shareKeyRows(k))
    fun who(email: String?, user: String?) = if (email != null) "email:$email" else "user:$user"
    eq("pending out", f.getJSONArray("pending_out").objs().map { it.s("node_b64") to who(it.optS("email"), it.optS("user_b64")) },
        k.pendingOutShares().map { it.node to who(it.email, it.userHandle) })
    eq("pending in", f.getJSONArray("pending_in").objs().map { Triple(it.s("node_key"), it.s("user_b64"), it.s("key_hex")) },
        k.pendingInShares().map { Triple(it.node, it.sharer, hex(it.storedKeyField)) })
    for (p in k.pendingInShares()) {
        if (p.isLegacyBase64) eq("legacy key decoded", hex(b64d(String(p.storedKeyField))), p.encryptedShareKey?.let { hex(it) })
    }
    eq("backups", f.s("backups_ltlv_hex"), hex(k.exportBackups()))
    val w = f.getJSONObject("warnings")
    val whex = JSONObject()
    for (name in w.keys()) whex.put(name, hex(w.getString(name).toByteArray()))
    eq("warnings", hex(ltlvOfHexObject(whex)), hex(k.warnings().toBytes()))
    eq("cv warning", w.optS("cv") == "1", k.contactVerificationWarning())
    eq("unknown", f.s("other_hex"), hex(k.exportUnknownRecords()))
}

private fun checkWebFields(k: KeysContainer, f: JSONObject) {
    eq("web generation", f.getLong("generation"), k.generation().toLong())
    val pi = f.getJSONObject("pending_in")
    eq("web pending in", pi.keys().asSequence().sorted().map { it to pi.getString(it) }.toList(),
        k.pendingInShares().map { it.node to hex(b64d(it.sharer) + it.storedKeyField) })
    eq("web share keys", f.getJSONArray("share_keys").objs().map { Triple(it.s("node_b64"), it.s("key_hex"), it.getInt("flags")).toString() }.sorted(),
        shareKeyRows(k).map { it.toString() }.sorted())
}

private fun checkReseal(mk: MasterKey, k: KeysContainer, me: String, allowEmptyRsa: Boolean) {
    val sealed = k.seal(mk)
    eq("generation + 1", k.generation() + 1u, sealed.generation())
    val back = KeysContainer.open(mk, sealed.toBytes().d(), me, sealed.generation(), allowEmptyRsa, null)
    eq("unknown kept", hex(k.exportUnknownRecords()), hex(back.exportUnknownRecords()))
    eq("attr kept", hex(k.exportAttributes()), hex(back.exportAttributes()))
    eq("backups kept", hex(k.exportBackups()), hex(back.exportBackups()))
    eq("share keys kept", shareKeyRows(k), shareKeyRows(back))
    var p = back.exportPlaintext(back.generation())
    for (t in WRITE_ORDER) {
        eq("tag order", t, p[0].toInt() and 0xff)
        val n = ((p[1].toInt() and 0xff) shl 16) or ((p[2].toInt() and 0xff) shl 8) or (p[3].toInt() and 0xff)
        p = p.copyOfRange(4 + n, p.size)
    }
    eq("then the unknown records", hex(k.exportUnknownRecords()), hex(p))
}

private fun checkOpen(c: Case) {
    val what = c.str("what")
    val mk = MasterKey.fromBytes(c.hex("master_key_hex").d())
    val blob = b64d(c.str("attribute_b64"))
    val me = c.str("expected_user_b64")
    val last = c.u64("last_seen_generation").toUInt()
    val sdk = c.obj("sdk")
    val web = c.obj("webclient")
    val sdkOk = sdk.getBoolean("accepted")
    val webOk = web.getBoolean("accepted")
    eq("agree", sdkOk == webOk, c.bool("agree"))
    val expected = expectedVerdict(what, sdkOk, webOk)
    val (k, err) = attempt { KeysContainer.open(mk, blob.d(), me, last, false, null) }
    when {
        expected == null && k != null -> {
            checkFields(k, sdk.getJSONObject("fields"))
            if (webOk) checkWebFields(k, web.getJSONObject("fields"))
            checkReseal(mk, k, me, false)
        }
        expected != null && err != null -> eq("$what: error kind", expected, err)
        expected == null -> throw Mismatch("$what: refused with $err, expected accept")
        else -> throw Mismatch("$what: accepted, expected $expected")
    }
    if (what == "empty RSA") {
        val lenient = KeysContainer.open(mk, blob.d(), me, last, true, null)
        eq("no RSA key", true, lenient.rsaPrivateKey() == null)
        checkFields(lenient, sdk.getJSONObject("fields"))
        checkReseal(mk, lenient, me, true)
    }
}

private fun ltlvEntries(m: LtlvMap) = m.keys().map { listOf(hex(it), hex(m.get(it.d())!!)) }

fun checkKeysContainer(c: Case) {
    when (val kind = c.str("kind")) {
        "derive_key" -> {
            val raw = c.hex("master_key_hex")
            val k = deriveKeysContainerKeyFromBytes(raw.d())
            val (mk, _) = attempt { MasterKey.fromBytes(raw.d()) }
            if (mk != null) eq("typed path", hex(k.exportBytes()), hex(deriveKeysContainerKey(mk).exportBytes()))
            c.expectHex("derived_key_hex", k.exportBytes())
        }
        "seal" -> checkSeal(c)
        "open" -> checkOpen(c)
        "ltlv_encode" -> {
            c.info("what")
            val entries = c.arr("entries").let { a -> (0 until a.length()).map { a.getJSONArray(it).let { e -> e.getString(0).toByteArray() to unhex(e.getString(1)) } } }
            val web = ltlvEncode(entries.map { it.first }, entries.map { it.second })
            c.expectHex("webclient_hex", web)
            val m = LtlvMap()
            for ((k, v) in entries) m.insert(k.d(), v.d())
            c.expectHex("sdk_hex", m.toBytes())
            val d = c.obj("sdk_decode_of_webclient_bytes")
            val (decoded, _) = attempt { LtlvMap.fromBytes(web.d()) }
            eq("decoded", d.getBoolean("accepted"), decoded != null)
            val want = d.getJSONArray("map").let { a -> (0 until a.length()).map { a.getJSONArray(it).let { e -> listOf(e.getString(0), e.getString(1)) } } }
            eq("decoded map", want, ltlvEntries(decoded!!))
        }
        "ltlv_long_value" -> {
            c.info("note")
            eq("value rule", "byte[i] = (i * 7 + 5) % 251, 65535 bytes", c.str("value_rule"))
            val value = ByteArray(65535) { i -> ((i * 7 + 5) % 251).toByte() }
            val key = c.str("key").toByteArray()
            val blob = ltlvEncode(listOf(key), listOf(value))
            eq("encoded_len", c.u64("encoded_len"), blob.size.toLong())
            val prefix = c.hex("encoded_prefix_hex")
            eq("prefix", hex(prefix), hex(blob.copyOf(prefix.size)))
            c.expectHex("encoded_sha256", MessageDigest.getInstance("SHA-256").digest(blob))
            val (back, _) = attempt { LtlvMap.fromBytes(blob.d()) }
            eq("decoded", c.bool("sdk_decoded"), back != null)
            eq("value back", hex(value), back!!.get(key.d())?.let { hex(it) })
        }
        "ltlv_decode" -> {
            c.info("what")
            val input = c.hex("input_hex")
            val sdk = c.obj("sdk")
            val web = c.obj("webclient")
            val accept = sdk.getBoolean("accepted") && !web.getBoolean("threw")
            val (m, err) = attempt { LtlvMap.fromBytes(input.d()) }
            if (m == null) {
                if (accept) throw Mismatch("refused ($err), both clients accept")
                eq("error kind", "Malformed", err)
                return
            }
            if (!accept) throw Mismatch("accepted, both clients refuse")
            eq("decoded entries", sdk.optJSONArray("map")?.length() ?: 0, m.size().toInt())
            eq("web map", web.optJSONArray("map")?.length(), m.size().toInt())
        }
        else -> throw Skip("unknown keys_container kind $kind")
    }
}

// ----------------------------------------------------------------------------- key_signature
private fun pubkFromNE(nE: ByteArray): ByteArray {
    val n = nE.copyOfRange(0, 256)
    val e = nE.copyOfRange(256, nE.size)
    val lead = e[0].toInt() and 0xff
    val bits = if (lead == 0) e.size * 8 else e.size * 8 - (Integer.numberOfLeadingZeros(lead) - 24)
    return byteArrayOf(0x08, 0x00) + n + byteArrayOf((bits shr 8).toByte(), bits.toByte()) + e
}

private val METHOD_BYTE = mapOf(AuthMethod.SEEN to 0, AuthMethod.FINGERPRINT_COMPARED to 1, AuthMethod.SIGNATURE_VERIFIED to 2)
private val METHOD_BY_BYTE = listOf(AuthMethod.SEEN, AuthMethod.FINGERPRINT_COMPARED, AuthMethod.SIGNATURE_VERIFIED)

fun checkKeySignature(c: Case) {
    when (val kind = c.str("kind")) {
        "keypair" -> {
            c.info("what")
            val seed = Ed25519PrivateKey.fromBytes(c.hex("seed_hex").d())
            eq("seed_b64", hex(b64d(c.str("seed_b64"))), hex(seed.exportBytes()))
            val pub = seed.publicKey()
            c.expectHex("public_hex", pub.toBytes())
            c.expectStr("public_b64", pub.toB64())
            eq("public round trip", pub, Ed25519PublicKey.fromB64(c.str("public_b64")))
            val fp = pub.fingerprint()
            c.expectHex("fingerprint_hex", fp.toBytes())
            eq("fingerprint hex", c.str("fingerprint_hex"), fp.toHex())
            c.expectStr("fingerprint_b64", base64Encode(fp.toBytes().d()))
            val cred = pub.credentials()
            c.expectStr("credentials", cred.text())
            c.expectStr("credentials_grouped", cred.grouped())
        }
        "rsa_signed_bytes" -> {
            c.info("what", "note", "sdk_setkey_ok")
            val pubk = c.hex("pubk_hex")
            val sdk = c.hex("signed_bytes_hex")
            val web = c.hex("webclient_signed_bytes_hex")
            val agree = c.bool("sdk_equals_webclient")
            eq("sdk_equals_webclient", agree, sdk.contentEquals(web))
            c.expectHex("sdk_fingerprint_hex", Fingerprint.of(sdk.d()).toBytes())
            c.expectHex("webclient_fingerprint_hex", Fingerprint.of(web.d()).toBytes())
            val (key, err) = attempt { rsaPublicKeyForSignature(pubk.d()) }
            if (key == null) {
                if (agree) throw Mismatch("refused a key both clients sign alike: $err")
                if (err !in listOf("Unsupported", "InvalidKey")) throw Mismatch("unexpected error kind $err")
                return
            }
            if (!agree) throw Mismatch("accepted a key the two clients sign differently")
            eq("signed bytes", hex(sdk), hex(rsaSignedBytes(key)))
        }
        "sign" -> {
            c.info("what")
            val seed = Ed25519PrivateKey.fromBytes(c.hex("seed_hex").d())
            c.expectHex("signer_public_hex", seed.publicKey().toBytes())
            val ts = c.u64("timestamp").toULong()
            val keyBytes = c.hex("key_bytes_hex")
            c.expectHex("signed_message_hex", keySignatureMessage(keyBytes.d(), ts))
            val generic = KeySignature.sign(seed, keyBytes.d(), ts)
            val typed = when (val t = c.str("key_type")) {
                "Cu25519" -> seed.signX25519Key(X25519PublicKey.fromBytes(keyBytes.d()), ts)
                "RSA" -> {
                    val key = RsaPublicKey.fromBytes(pubkFromNE(keyBytes).d())
                    eq("rebuilt key signs the same bytes", hex(keyBytes), hex(rsaSignedBytes(key)))
                    seed.signRsaKey(key, ts)
                }
                else -> throw Mismatch("unknown key_type $t")
            }
            eq("typed = generic", generic, typed)
            c.expectHex("signature_hex", generic.toBytes())
            c.expectStr("signature_b64", generic.toB64())
            eq("timestamp", ts, generic.verify(seed.publicKey(), keyBytes.d()))
        }
        "verify" -> {
            c.info("what", "key_type", "verifier_time")
            val keyBytes = c.hex("key_bytes_hex")
            val blob = c.hex("signature_hex")
            val sdk = c.bool("sdk_accepts")
            val web = c.opt("webclient_result") as? Boolean
            val webSizeError = c.optStr("webclient_error") != null
            val python = c.bool("python_strict_72_accepts")
            val want = sdk && web != false && !webSizeError
            eq("rule = strict python verdict", python, want)
            val signerBytes = c.hex("signer_public_hex")
            val (ts, err) = attempt {
                val signer = Ed25519PublicKey.fromBytes(signerBytes.d())
                KeySignature.fromBytes(blob.d()).verify(signer, keyBytes.d())
            }
            if (ts == null) {
                eq("accepted", want, false)
                if (err !in listOf("SignatureInvalid", "Malformed", "InvalidKey")) throw Mismatch("unexpected error kind $err")
                return
            }
            eq("accepted", want, true)
            eq("timestamp", java.nio.ByteBuffer.wrap(blob, 0, 8).long.toULong(), ts)
        }
        "authring_serialize" -> {
            c.info("note")
            val out = java.io.ByteArrayOutputStream()
            for (r in c.arr("records").objs()) {
                eq("confidence", 0, r.getInt("confidence"))
                out.write(b64d(r.s("user_b64")))
                out.write(r.h("fingerprint_hex"))
                out.write(r.getInt("method"))
            }
            val insertion = out.toByteArray()
            c.expectHex("webclient_hex", insertion)
            val ring = Authring.fromBytes(insertion.d())
            c.expectHex("sdk_hex", ring.toBytes())
            eq("same ring", ring, Authring.fromBytes(c.hex("sdk_hex").d()))
            eq("tlv round trip", ring, Authring.fromTlvBytes(ring.toTlvBytes().d()))
        }
        "authring_parse" -> {
            c.info("what")
            val ringBytes = c.hex("ring_hex")
            val sdk = c.obj("sdk")
            val web = c.obj("webclient")
            eq("sdk excess_data_logged", false, sdk.getBoolean("excess_data_logged"))
            val sdkRecords = sdk.getJSONArray("records").objs()
            val webRecords = web.getJSONArray("records").objs()
            if (ringBytes.size % 29 != 0) {
                eq("webclient has one record more", sdkRecords.size + 1, webRecords.size)
                val (_, err) = attempt { Authring.fromBytes(ringBytes.d()) }
                eq("trailing bytes", "Malformed", err)
                return
            }
            val ring = Authring.fromBytes(ringBytes.d())
            val kept = sdkRecords.filter { it.getInt("auth_method") <= 2 }.map { Triple(it.s("user_b64"), it.s("fingerprint_hex"), it.getInt("auth_method")) }
            val dropped = sdkRecords.count { it.getInt("auth_method") > 2 }
            val webKept = webRecords.map {
                Triple(it.optString("user_b64", ""), it.optString("fingerprint_hex", ""), it.optInt("method", 99) or (it.optInt("confidence", 99) shl 4)).toString()
            }.sorted()
            eq("webclient keeps the same records", kept.map { it.toString() }.sorted(), webKept)
            eq("records (SDK order)", kept, ring.records().map { Triple(it.user, hex(it.fingerprint), METHOD_BYTE.getValue(it.method)) })
            eq("dropped", dropped, ring.droppedRecords().toInt())
            val sdkOut = unhex(sdk.s("reserialized_hex"))
            val want = (0 until sdkOut.size / 29).map { sdkOut.copyOfRange(29 * it, 29 * it + 29) }.filter { (it[28].toInt() and 0xff) <= 2 }
            eq("reserialized", want.joinToString("") { hex(it) }, hex(ring.toBytes()))
        }
        else -> throw Skip("unknown key_signature kind $kind")
    }
}

// ------------------------------------------------------------------------------ key_exchange
private const val GATE_A_PRIVATE = "3c1e7132be03294cf08fdbd5be2d5e5ed3fba9db58c861a0d02f9fb1303569d0"
private const val GATE_B_PUBLIC = "5ea99c060da3b04716ce0eb8e75fd919d5119150bf02dee8375c59dd131ba611"

/** The peer key as a contact's signature would make it usable. */
private fun verified(peer: ByteArray): VerifiedX25519PublicKey {
    val contact = Ed25519PrivateKey.fromBytes(ByteArray(32) { 0x5a }.d())
    val key = X25519PublicKey.fromBytes(peer.d())
    val sig = contact.signX25519Key(key, 1_700_000_000uL).toBytes()
    return contact.publicKey().verifyX25519Key(key, sig.d())
}

/** HKDF-SHA256 (RFC 5869) with the JDK's HMAC: empty salt, info "strongvelope pairwise key", 16 bytes. */
private fun hkdfPairwise(shared: ByteArray): String {
    val extract = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(ByteArray(32), "HmacSHA256")) }
    val prk = extract.doFinal(shared)
    val expand = Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(prk, "HmacSHA256")) }
    return hex(expand.doFinal("strongvelope pairwise key".toByteArray() + byteArrayOf(1)).copyOf(16))
}

private fun openUniform(pk: PairwiseKey, blob: ByteArray) {
    val b = pk.openShareKey(blob.d()).exportBytes()
    if (b.any { it != b[0] }) throw Mismatch("pk blob opens to ${hex(b)}, not a uniform key")
    eq("reseal", hex(blob), hex(pk.sealShareKey(ShareKey.fromBytes(b.d()))))
}

fun checkKeyExchange(c: Case) {
    when (val kind = c.str("kind")) {
        "pairwise" -> {
            c.info("what", "note")
            val a = X25519PrivateKey.fromBytes(c.hex("a_private_hex").d())
            val b = X25519PrivateKey.fromBytes(c.hex("b_private_hex").d())
            c.expectHex("a_public_hex", a.publicKey().toBytes())
            c.expectHex("b_public_hex", b.publicKey().toBytes())
            val ab = PairwiseKey.derive(a, verified(c.hex("b_public_hex")))
            val ba = PairwiseKey.derive(b, verified(c.hex("a_public_hex")))
            c.expectHex("pairwise_key_hex", ab.exportBytes())
            eq("both sides", ab, ba)
            eq("HKDF(shared_secret)", hkdfPairwise(c.hex("shared_secret_hex")), hex(ab.exportBytes()))
            val share = ShareKey.fromBytes(c.hex("share_key_hex").d())
            val blob = ab.sealShareKey(share)
            c.expectHex("pk_blob_hex", blob)
            c.expectStr("pk_blob_b64", base64Encode(blob.d()))
            eq("B opens", share, ba.openShareKey(blob.d()))
        }
        "pairwise_self" -> {
            c.info("what")
            val a = X25519PrivateKey.fromBytes(c.hex("a_private_hex").d())
            val peer = c.hex("peer_public_hex")
            eq("peer is A's own key", hex(peer), hex(a.publicKey().toBytes()))
            c.expectHex("pairwise_key_hex", PairwiseKey.derive(a, verified(peer)).exportBytes())
        }
        "verification_gate" -> {
            val raw = (c.opt("peer_ed_authring_method") as? Number)?.toInt()
            val method = when {
                raw == null || raw == -1 -> null
                raw in 0..2 -> METHOD_BY_BYTE[raw]
                else -> throw Mismatch("method out of range")
            }
            val encrypts = c.bool("sdk_encrypts")
            eq("sdk_decrypts", encrypts, c.bool("sdk_decrypts"))
            eq("gate", encrypts, exchangeAllowed(method, false))
            val peer = ByteArray(8) { 9 }
            val ring = if (method == null) Authring() else Authring.fromBytes((peer + ByteArray(20) { 0x21 } + byteArrayOf(raw!!.toByte())).d())
            val (_, err) = attempt { checkExchangeAllowed(ring, base64Encode(peer.d()), false) }
            if (err == null) eq("allowed", encrypts, true) else {
                eq("refusal kind", "ApiMisuse", err)
                eq("allowed", encrypts, false)
            }
            val blob = c.optStr("pk_blob_hex")
            if (blob == null) eq("no blob when refused", encrypts, false) else {
                val pk = PairwiseKey.derive(X25519PrivateKey.fromBytes(unhex(GATE_A_PRIVATE).d()), verified(unhex(GATE_B_PUBLIC)))
                openUniform(pk, unhex(blob))
            }
        }
        "peer_key" -> {
            c.info("what")
            val mine = X25519PrivateKey.fromBytes(c.hex("my_private_hex").d())
            val peer = c.hex("peer_public_hex")
            val sdkOk = c.bool("sdk_scalarmult_ok")
            eq("agree", true, c.bool("agree"))
            eq("python shared", c.optStr("python_cryptography_shared_hex"), c.optStr("sdk_shared_hex"))
            val (k, err) = attempt { PairwiseKey.derive(mine, verified(peer)) }
            if (k == null) {
                eq("accepted", sdkOk, false)
                eq("kind", "InvalidKey", err)
                for (f in listOf("sdk_pairwise_key_hex", "sdk_pk_blob_hex")) eq(f, null, c.optStr(f))
                return
            }
            eq("accepted", sdkOk, true)
            c.expectHex("sdk_pairwise_key_hex", k.exportBytes())
            eq("HKDF(shared)", hkdfPairwise(c.hex("sdk_shared_hex")), hex(k.exportBytes()))
            openUniform(k, c.hex("sdk_pk_blob_hex"))
        }
        else -> throw Skip("unknown key_exchange kind $kind")
    }
}
