// Area handlers `sets` and `user_attributes` for the Kotlin vector harness: they mirror
// core/tests/vectors/area_sets.rs and area_user_attributes.rs (the same fields read, the same
// verdicts), through the bindings.
package megacrypt

import org.json.JSONArray
import org.json.JSONObject

private fun b64e(b: ByteArray) = base64Encode(b.d())
private fun b64d(s: String) = base64Decode(s)

/** Checks that [s] is the MEGA base64 of exactly [n] bytes (a Set id, an Element id, a handle). */
private fun b64Id(s: String?, n: Int, what: String): String {
    if (s == null || s.length != (4 * n + 2) / 3 || b64d(s).size != n) throw Mismatch("$what: $s is not $n bytes in base64")
    return s
}

/** A JSON member as a Kotlin value: null for a missing or null member. */
private fun JSONObject.v(key: String): Any? = if (has(key) && !isNull(key)) get(key) else null
private fun JSONObject.s(key: String): String? = v(key) as? String
private fun JSONObject.l(key: String): Long? = (v(key) as? Number)?.toLong()

private fun recordsTlv(obj: Any, decode: (String) -> ByteArray): ByteArray {
    val o = obj as? JSONObject ?: throw Mismatch("records is not an object")
    val r = TlvRecords()
    for (k in o.keys()) r.insert(k, decode(o.get(k) as? String ?: throw Mismatch("record value is not a string")).d())
    return r.toBytes()
}

private fun textRecords(o: Any) = recordsTlv(o) { it.toByteArray(Charsets.UTF_8) }
private fun hexRecords(o: Any) = recordsTlv(o) { unhex(it) }

private fun setKeyOf(c: Case) = SetKey.fromBytes(c.hex("set_key_hex").d())
private fun masterKeyOf(c: Case) = MasterKey.fromBytes(c.hex("master_key_hex").d())

private fun cryptoError(block: () -> Unit): CryptoException? =
    try {
        block()
        null
    } catch (e: CryptoException) {
        e
    }

// ------------------------------------------------------------------------------------------- sets
fun checkSets(c: Case) {
    c.info("what")
    when (val kind = c.str("kind")) {
        "set_key" -> setKeyCase(c)
        "element_key" -> elementKeyCase(c)
        "set_attributes" -> setAttributesCase(c)
        "element_attributes" -> elementAttributesCase(c)
        "aesp_read" -> aespRead(c)
        "collection_link" -> collectionLinkCase(c)
        "preview_node" -> previewNode(c)
        else -> throw Skip("unknown sets kind $kind")
    }
}

private fun setKeyCase(c: Case) {
    val mk = masterKeyOf(c)
    val sk = setKeyOf(c)
    eq("rng_hex", c.str("rng_hex"), c.str("set_key_hex"))
    val k = wrapSetKey(mk, sk)
    c.expectHex("k_hex", k)
    c.expectStr("k_b64", b64e(k))
    eq("unwrap", hex(sk.exportBytes()), hex(unwrapSetKey(mk, k.d()).exportBytes()))
    val ty = setTypeFromCode(c.u64("type").toUInt())
    c.expectStr("asp_request", "\"a\":\"asp\",\"k\":\"${b64e(k)}\",\"t\":${setTypeCode(ty)}")
}

private fun orderSuffix(c: Case): String {
    val o = c.opt("order") ?: return ""
    if (o !is Int && o !is Long) throw Mismatch("order is not an integer")
    return ",\"o\":$o"
}

private fun elementKeyCase(c: Case) {
    val sk = setKeyOf(c)
    val setId = b64Id(c.str("set_id_b64"), 8, "set id")
    val node = b64Id(c.str("node_handle_b64"), 6, "node handle")
    val nk = c.hex("node_key_hex")
    val ek = ElementKey.fromBytes(nk.d())
    val k = wrapElementKey(sk, ek)
    c.expectHex("k_hex", k)
    c.expectStr("k_b64", b64e(k))
    eq("unwrap", hex(ek.exportBytes()), hex(unwrapElementKey(sk, k.d()).exportBytes()))
    val ecb = c.hex("ecb_k_hex")
    eq("ECB first block", hex(ecb.copyOfRange(0, 16)), hex(k.copyOfRange(0, 16)))
    if (ecb.copyOfRange(16, ecb.size).contentEquals(k.copyOfRange(16, k.size))) throw Mismatch("ECB and CBC agree on the second block")
    val wrong = try { unwrapElementKey(sk, ecb.d()) } catch (e: CryptoException) { null }
    if (wrong != null && wrong.exportBytes().contentEquals(ek.exportBytes())) {
        throw Mismatch("an ECB-wrapped Element key unwrapped to the node key")
    }
    c.expectStr("aep_request", "\"a\":\"aep\",\"s\":\"$setId\",\"h\":\"$node\",\"k\":\"${b64e(k)}\"${orderSuffix(c)}")
}

private fun setAttributesCase(c: Case) {
    val sk = setKeyOf(c)
    val newSet = c.str("path").startsWith("create")
    var attrs = c.opt("existing_records")?.let { SetAttributes.fromBytes(textRecords(it).d()) } ?: SetAttributes()
    val ids = c.opt("element_ids_b64") as? JSONArray
    val elements = if (ids == null) listOf() else (0 until ids.length()).map { ids.opt(it) as? String ?: "" }
    val change = c.obj("change")
    if (change.has("name")) attrs = attrs.withName(change.s("name"))
    if (change.has("cover_b64")) attrs = attrs.withCover(change.s("cover_b64"))
    val checked = cryptoError { attrs.checkCover(newSet, elements) }
    if (c.has("sdk_error")) {
        c.info("sdk_error", "sdk_error_name", "rng_hex", "master_key_hex", "set_id_b64")
        eq("request_sent", false, c.bool("request_sent"))
        if (checked !is CryptoException.ApiMisuse) throw Mismatch("SDK refused with API_EARGS, megacrypt: $checked")
        return
    }
    if (checked != null) throw checked
    eq("records", hex(textRecords(c.value("records"))), hex(attrs.toBytes()))
    val rng = c.hex("rng_hex")
    var kB64: String? = null
    val at: ByteArray
    if (newSet) {
        val mk = masterKeyOf(c)
        eq("rng Set key", hex(rng.copyOfRange(0, 16)), hex(sk.exportBytes()))
        val iv = c.hex("iv_hex")
        eq("rng IV", hex(rng.copyOfRange(16, rng.size)), hex(iv))
        kB64 = b64e(wrapSetKey(mk, sk))
        at = hazmatSealSetAttributesWithIv(sk, attrs, iv.d())
    } else if (c.opt("iv_drawn") == false) {
        at = hazmatSealSetAttributesWithIv(sk, attrs, rng.d())
    } else {
        val iv = c.hex("iv_hex")
        eq("rng IV", hex(rng), hex(iv))
        at = hazmatSealSetAttributesWithIv(sk, attrs, iv.d())
    }
    if (attrs.toBytes().isEmpty()) eq("at of cleared attributes", 0, at.size) else c.expectHex("tlv_hex", attrs.toBytes())
    c.expectHex("at_hex", at)
    c.expectStr("at_b64", b64e(at))
    eq("reopened", hex(attrs.toBytes()), hex(openSetAttributes(sk, at.d()).toBytes()))
    val request = if (kB64 != null) {
        "\"a\":\"asp\",\"k\":\"$kB64\",\"t\":0,\"at\":\"${b64e(at)}\""
    } else {
        "\"a\":\"asp\",\"id\":\"${b64Id(c.str("set_id_b64"), 8, "set id")}\",\"at\":\"${b64e(at)}\""
    }
    c.expectStr("asp_request", request)
}

private fun elementAttributesCase(c: Case) {
    val sk = setKeyOf(c)
    val setId = b64Id(c.str("set_id_b64"), 8, "set id")
    val node = b64Id(c.str("node_handle_b64"), 6, "node handle")
    val nk = c.hex("node_key_hex")
    val ek = ElementKey.fromBytes(nk.d())
    c.expectHex("attr_key_hex", ek.attributeKey().exportBytes())
    val attrs = ElementAttributes.fromBytes(textRecords(c.value("records")).d())
    c.expectHex("tlv_hex", attrs.toBytes())
    val at = hazmatSealElementAttributesWithIv(ek, attrs, c.hex("iv_hex").d())
    c.expectHex("at_hex", at)
    c.expectStr("at_b64", b64e(at))
    eq("reopened", hex(attrs.toBytes()), hex(openElementAttributes(ek, at.d()).toBytes()))
    val firstHalf = ElementKey.fromBytes(nk.copyOfRange(0, 16).d())
    val opens = cryptoError { openElementAttributes(firstHalf, at.d()) } == null
    eq("opens_with_first_half_only", c.bool("opens_with_first_half_only"), opens)
    val k = wrapElementKey(sk, ek)
    c.expectStr("k_b64", b64e(k))
    c.expectStr(
        "aep_request",
        "\"a\":\"aep\",\"s\":\"$setId\",\"h\":\"$node\",\"k\":\"${b64e(k)}\"${orderSuffix(c)},\"at\":\"${b64e(at)}\"",
    )
}

/** What megacrypt reads from one Set of an `aesp` or `aft` answer. */
private class ReadSet(val key: SetKey, val type: Long?, val attrs: SetAttributes?)

/** The Set, or the error of its attributes (dropped on Decrypt). */
private fun readSet(s: JSONObject, key: SetKey): Any {
    val at = s.s("at")
    var attrs: SetAttributes? = null
    if (at != null) {
        try {
            attrs = openSetAttributes(key, b64d(at).d())
        } catch (e: CryptoException) {
            return e
        }
    }
    val t = s.l("t")?.takeIf { it >= 0 }?.let { setTypeCode(setTypeFromCode(it.toUInt())).toLong() }
    return ReadSet(key, t, attrs)
}

private fun JSONArray.objects(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }

private fun aespRead(c: Case) {
    c.info("sdk_log")
    val mk = masterKeyOf(c)
    val aesp = JSONObject(c.str("aesp_json"))
    val kept = linkedMapOf<String, ReadSet>()
    val dropped = mutableListOf<String>()
    for (s in aesp.getJSONArray("s").objects()) {
        val id = b64Id(s.s("id") ?: "", 8, "set id")
        val key = unwrapSetKey(mk, b64d(s.s("k") ?: "").d())
        when (val r = readSet(s, key)) {
            is CryptoException.Decrypt -> dropped.add(id)
            is CryptoException -> throw Mismatch("Set $id: unexpected error $r")
            is ReadSet -> kept[id] = r
        }
    }
    val exported = mutableMapOf<String, String>()
    aesp.optJSONArray("p")?.objects()?.forEach { p -> exported[p.s("s") ?: ""] = b64Id(p.s("ph") ?: "", 6, "public handle") }
    val wantDropped = c.arr("dropped_set_ids_b64").let { a -> (0 until a.length()).map { a.opt(it) as? String ?: "" } }
    eq("dropped Sets", wantDropped, dropped.toList())
    val wantSets = c.arr("sdk_sets").objects()
    eq("number of Sets", wantSets.size, kept.size)
    for (w in wantSets) {
        val id = w.s("id_b64") ?: ""
        val r = kept[id] ?: throw Mismatch("Set $id not kept")
        eq("Set key", w.s("set_key_hex") ?: "", hex(r.key.exportBytes()))
        eq("type", w.l("type"), r.type)
        eq("has_attrs", w.v("has_attrs") as? Boolean, r.attrs != null)
        eq("name", w.s("name") ?: "", r.attrs?.name() ?: "")
        eq("cover", w.s("cover_b64"), r.attrs?.cover())
        eq("public handle", w.s("public_handle_b64"), exported[id])
    }
    val wantElements = c.arr("sdk_elements").objects()
    var nKept = 0
    for (e in aesp.getJSONArray("e").objects()) {
        val id = b64Id(e.s("id") ?: "", 8, "element id")
        val set = kept[e.s("s") ?: ""] ?: continue // Elements of a dropped Set are dropped with it.
        nKept++
        val w = wantElements.find { it.s("id_b64") == id } ?: throw Mismatch("Element $id kept by megacrypt, not by the SDK")
        val ek = unwrapElementKey(set.key, b64d(e.s("k") ?: "").d())
        eq("Element key", w.s("key_hex") ?: "", hex(ek.exportBytes()))
        val attrs = e.s("at")?.let { openElementAttributes(ek, b64d(it).d()) }
        eq("has_attrs", w.v("has_attrs") as? Boolean, attrs != null)
        eq("Element name", w.s("name") ?: "", attrs?.name() ?: "")
        eq("order", w.l("order"), e.l("o"))
        eq("Set", w.s("set_b64"), e.s("s"))
        eq("node", w.s("node_handle_b64"), e.s("h"))
    }
    eq("number of Elements", wantElements.size, nKept)
}

private val HOSTS = mapOf("https://mega.nz" to LinkHost.MEGA_NZ, "https://mega.app" to LinkHost.MEGA_APP)

private fun collectionLinkCase(c: Case) {
    when (val op = c.str("op")) {
        "build" -> {
            val host = HOSTS[c.str("host")] ?: throw Mismatch("unknown host ${c.str("host")}")
            val h = c.hex("public_handle_hex")
            if (h.size != 6) throw Mismatch("public_handle_hex: expected 6 bytes")
            c.expectStr("public_handle_b64", b64e(h))
            val link = CollectionLink(b64e(h), setKeyOf(c))
            c.expectStr("url", link.toUrlOn(host))
            c.expectStr("legacy_format_url", "") // there is no legacy form of a collection link
            val back = CollectionLink.parse(link.toUrlOn(host))
            eq("re-parse host", host, back.host())
            eq("re-parse", link.toUrl(), back.toUrl())
        }
        "parse" -> {
            c.info("sdk_error", "sdk_error_name")
            val url = c.str("url")
            val strict = c.bool("strict_parse_accepts")
            val sdk = c.bool("accepted")
            var link: CollectionLink? = null
            val err = cryptoError { link = CollectionLink.parse(url) }
            val l = link
            when {
                l != null && strict -> {
                    eq("SDK accepts", true, sdk)
                    c.expectStr("public_handle_b64", l.publicHandle())
                    c.expectHex("set_key_hex", l.setKey().exportBytes())
                    val any = parseLink(url)
                    if (any !is AnyLink.Collection) throw Mismatch("parseLink gave $any")
                    eq("parseLink", l, any.link)
                }
                l == null && !strict -> {
                    if (err !is CryptoException.Malformed) throw Mismatch("error kind: expected Malformed, got $err")
                    c.info("public_handle_b64", "set_key_hex")
                }
                l != null -> throw Mismatch("accepted a link outside the written form")
                else -> throw Mismatch("refused the written form: $err")
            }
        }
        else -> throw Skip("unknown collection_link op $op")
    }
}

/** The JSON string token of a name without its quotes (what the SDK keeps). */
private fun jsonToken(s: String): String = buildString {
    // serde_json's escaping: the two mandatory escapes, the short forms, \u00xx for the rest of C0.
    for (ch in s) {
        when (ch) {
            '"' -> append("\\\"")
            '\\' -> append("\\\\")
            '\n' -> append("\\n")
            '\r' -> append("\\r")
            '\t' -> append("\\t")
            '\b' -> append("\\b")
            '\u000c' -> append("\\f")
            else -> if (ch < ' ') append("\\u%04x".format(ch.code)) else append(ch)
        }
    }
}

private fun previewNode(c: Case) {
    when (val op = c.str("op")) {
        "node_attributes" -> {
            val ek = ElementKey.fromBytes(c.hex("element_key_hex").d())
            c.expectHex("attr_key_hex", ek.attributeKey().exportBytes())
            var a: NodeAttributes? = null
            val err = cryptoError { a = openPreviewNodeAttributesB64(ek, c.str("at_b64")) }
            if (!c.bool("sdk_ok")) {
                if (err !is CryptoException.Decrypt) throw Mismatch("wrong key: expected Decrypt, got $err")
                return
            }
            if (err != null) throw err
            val attrs = a!!
            c.expectStr("attr_json", attrs.json())
            val name = attrs.name() ?: throw Mismatch("no name")
            c.expectStr("json_name", name)
            c.expectStr("sdk_name", jsonToken(name))
            c.expectStr("sdk_fingerprint", attrs.getString("c") ?: throw Mismatch("no c"))
        }
        "aft" -> aft(c)
        else -> throw Skip("unknown preview_node op $op")
    }
}

private fun aft(c: Case) {
    c.info("aft_request")
    val link = CollectionLink.parse(c.str("link"))
    val answer = JSONObject(c.str("aft_json"))
    val s = answer.getJSONObject("s")
    eq("public handle", s.s("ph"), link.publicHandle())
    val set = when (val r = readSet(s, link.setKey())) {
        is ReadSet -> r
        else -> throw r as CryptoException
    }
    val w = c.obj("sdk_set")
    eq("Set id", w.s("id_b64"), s.s("id"))
    eq("Set key", w.s("set_key_hex") ?: "", hex(set.key.exportBytes()))
    val attrs = set.attrs ?: throw Mismatch("public Set without attributes")
    eq("Set name", w.s("name"), attrs.name())
    eq("cover", w.s("cover_b64"), attrs.cover())
    eq("public handle", w.s("public_handle_b64"), s.s("ph"))
    val nodes = answer.getJSONArray("n").objects()
    val want = c.arr("sdk_elements").objects()
    var nKept = 0
    for (e in answer.getJSONArray("e").objects()) {
        val node = nodes.find { it.v("h") == e.v("h") } ?: continue // no node metadata: dropped
        nKept++
        val id = e.s("id") ?: ""
        val we = want.find { it.s("id_b64") == id } ?: throw Mismatch("Element $id kept by megacrypt, not by the SDK")
        val ek = unwrapElementKey(set.key, b64d(e.s("k") ?: "").d())
        eq("Element key", we.s("key_hex") ?: "", hex(ek.exportBytes()))
        val ea = openElementAttributes(ek, b64d(e.s("at") ?: "").d())
        eq("Element name", we.s("name"), ea.name())
        eq("order", we.l("order"), e.l("o"))
        eq("node handle", we.s("node_handle_b64"), e.s("h"))
        val na = openPreviewNodeAttributesB64(ek, node.s("at") ?: "")
        val wn = we.optJSONObject("node") ?: JSONObject()
        eq("node name (SDK keeps escapes)", wn.s("name") ?: "", jsonToken(na.name() ?: ""))
        eq("fingerprint", wn.s("fingerprint"), na.getString("c"))
        eq("size", wn.l("size"), node.l("s"))
        eq("ts", wn.l("ts"), node.l("ts"))
        eq("fa", wn.s("fa"), node.s("fa"))
        eq("owner", wn.s("owner_b64"), node.s("u"))
    }
    eq("number of Elements", want.size, nKept)
}

// -------------------------------------------------------------------------------- user_attributes
fun checkUserAttributes(c: Case) {
    c.info("what")
    when (val kind = c.str("kind")) {
        "device_id_hash" -> {
            val id = c.hex("statsid_hex")
            eq("statsid_text", hex(c.str("statsid_text").toByteArray(Charsets.UTF_8)), hex(id))
            c.expectStr("device_id_hash", deviceIdHash(id.d()))
        }
        "tlv_attribute" -> tlvAttribute(c)
        else -> throw Skip("unknown user_attributes kind $kind")
    }
}

private fun utf8(v: ByteArray): String =
    Charsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(v)).toString()

private fun handleOf(v: ByteArray): String {
    if (v.size != 6) throw Mismatch("handle is not 6 bytes")
    return b64e(v)
}

private fun existingBlob(c: Case, mk: MasterKey): ByteArray? {
    val b64 = c.optStr("existing_container_b64") ?: return null
    val blob = b64d(b64)
    val opened = openContainer(AesKey.fromBytes(mk.exportBytes().d()), blob.d())
    eq("existing records", hex(hexRecords(c.value("existing_records_hex"))), hex(opened.records.toBytes()))
    return blob
}

private fun tlvAttribute(c: Case) {
    val mk = masterKeyOf(c)
    val app = c.obj("app_values_b64")
    // The Rust handler iterates a BTreeMap: sorted by key.
    val values = app.keySet().sorted().map { it to b64d(app.getString(it)) }
    val get = { k: String -> values.firstOrNull { it.first == k }?.second }
    val attribute = c.str("attribute")
    var error: CryptoException? = null
    val tlv: ByteArray
    val seal: (ByteArray) -> ByteArray
    val reopen: (ByteArray) -> ByteArray
    when (attribute) {
        "*!cam" -> {
            eq("name", CameraUploadsFolders().attributeName(), attribute)
            var v = existingBlob(c, mk)?.let { CameraUploadsFolders.open(mk, it.d()) } ?: CameraUploadsFolders()
            get("h")?.let { v = v.withPrimary(handleOf(it)) }
            get("sh")?.let { v = v.withSecondary(handleOf(it)) }
            tlv = v.toBytes(); seal = { iv -> v.hazmatSealWithIv(mk, iv.d()) }
            reopen = { b -> CameraUploadsFolders.open(mk, b.d()).toBytes() }
        }
        "*!cf" -> {
            eq("name", ChatFilesFolder().attributeName(), attribute)
            var v = existingBlob(c, mk)?.let { ChatFilesFolder.open(mk, it.d()) } ?: ChatFilesFolder()
            v = v.withFolder(handleOf(get("h") ?: throw Mismatch("no h")))
            tlv = v.toBytes(); seal = { iv -> v.hazmatSealWithIv(mk, iv.d()) }
            reopen = { b -> ChatFilesFolder.open(mk, b.d()).toBytes() }
        }
        "*!>alias" -> {
            eq("name", ContactAliases().attributeName(), attribute)
            var v = existingBlob(c, mk)?.let { ContactAliases.open(mk, it.d()) } ?: ContactAliases()
            for ((k, b) in values) v = v.withAlias(k, utf8(b))
            tlv = v.toBytes(); seal = { iv -> v.hazmatSealWithIv(mk, iv.d()) }
            reopen = { b -> ContactAliases.open(mk, b.d()).toBytes() }
        }
        "*!dn" -> {
            eq("name", DeviceNames().attributeName(), attribute)
            var v = existingBlob(c, mk)?.let { DeviceNames.open(mk, it.d()) } ?: DeviceNames()
            // As the Rust handler: the verdict is the last call's.
            for ((k, b) in values) {
                error = cryptoError {
                    // setDriveName: the app passes the 8-byte drive id.
                    v = if (k.length == 11) v.withDrive(k, utf8(b)) else v.withDevice(k, utf8(b))
                }
            }
            tlv = v.toBytes(); seal = { iv -> v.hazmatSealWithIv(mk, iv.d()) }
            reopen = { b -> DeviceNames.open(mk, b.d()).toBytes() }
        }
        else -> throw Skip("no typed attribute $attribute")
    }
    val sdkError = c.opt("sdk_error")
    if (!((sdkError is Int && sdkError == 0) || (sdkError is Long && sdkError == 0L))) {
        c.info("sdk_error_name")
        eq("container_b64", true, c.value("container_b64") == JSONObject.NULL)
        if (error !is CryptoException.ApiMisuse) throw Mismatch("SDK refused (API_EEXIST), megacrypt: $error")
        return
    }
    error?.let { throw it }
    eq("records", hex(hexRecords(c.value("records_hex"))), hex(tlv))
    c.expectHex("tlv_hex", tlv)
    val blob = seal(c.hex("iv_hex"))
    c.expectHex("container_hex", blob)
    c.expectStr("container_b64", b64e(blob))
    eq("reopened", hex(tlv), hex(reopen(blob)))
}
