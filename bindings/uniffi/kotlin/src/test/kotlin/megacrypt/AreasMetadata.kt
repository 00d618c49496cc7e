// Areas for file metadata (issue 14): `fingerprint`, `media_attributes`, `gps`, `upload_checksum`
// and `cloudraid`. Each mirrors core/tests/vectors/area_<area>.rs (area_media.rs for
// `media_attributes`) through the bindings.
package megacrypt

import org.json.JSONArray
import org.json.JSONObject
import java.math.BigInteger

/** byte[i] = (i * 7 + seed) % 251. */
fun linBytes(size: Int, seed: Long): ByteArray = ByteArray(size) { i -> ((i.toLong() * 7 + seed) % 251).toByte() }

/** xorshift32 from `seed`, one step per byte, byte = x & 0xFF. */
fun xsBytes(size: Int, seed: Long): ByteArray {
    var x = seed.toInt()
    return ByteArray(size) {
        x = x xor (x shl 13)
        x = x xor (x ushr 17)
        x = x xor (x shl 5)
        x.toByte()
    }
}

private fun u64Exact(c: Case, key: String): ULong {
    val v = c.value(key)
    val big = (v as? Number)?.let { BigInteger(it.toString()) } ?: throw Mismatch("field $key is not a number")
    if (big.signum() < 0 || big.bitLength() > 64) throw Mismatch("field $key is not a u64")
    return big.toLong().toULong()
}

private fun i64(c: Case, key: String): Long = (c.value(key) as? Number)?.toLong() ?: throw Mismatch("field $key is not an integer")

private fun longs(a: JSONArray): List<Long> = (0 until a.length()).map { a.getLong(it) }

private fun offsets(plan: SparsePlan): List<Long> = plan.ranges().map { it.offset.toLong() }

private fun crcViaRanges(plan: SparsePlan, data: ByteArray): ByteArray {
    val b = plan.builder()
    for (r in plan.ranges()) b.feed(data.toDirectByteBuffer(r.offset.toInt(), r.length.toInt()))
    return b.finish()
}

private inline fun <T> orNull(block: () -> T): T? = try {
    block()
} catch (e: CryptoException) {
    null
}

// ---------------------------------------------------------------------------------- fingerprint
fun checkFingerprint(c: Case) {
    when (val kind = c.str("kind")) {
        "generate" -> fingerprintGenerate(c)
        "serialize" -> {
            val crc = c.hex("crc_hex")
            val fp = FileFingerprint(0u, crc.d(), i64(c, "mtime"))
            c.expectStr("c_attribute", fp.toCAttribute())
            val back = FileFingerprint.parse(c.str("c_attribute"), 0u)
            eq("crc round trip", hex(crc), hex(back.crc()))
            eq("decoded_mtime", i64(c, "decoded_mtime"), back.mtime())
            c.info("note")
        }
        "decode" -> fingerprintDecode(c)
        "serialize64" -> c.expectHex("encoded_hex", serialize64Encode(u64Exact(c, "value")))
        "unserialize64" -> {
            val input = c.hex("input_hex").copyOfRange(0, c.u64("available_len").toInt())
            val r = orNull { serialize64Decode(input.d()) }
            eq("accepted", c.bool("accepted"), r != null)
            if (r != null) {
                eq("value", u64Exact(c, "value"), r.value)
                eq("consumed", c.u64("consumed"), r.consumed.toLong())
            } else {
                eq("value", null, c.opt("value"))
                eq("consumed", null, c.opt("consumed"))
            }
            c.info("what")
        }
        "app_prefix_decode" -> {
            val fp = orNull { FileFingerprint.parseAppFingerprint(c.str("app_fingerprint")) }
            eq("accepted", c.bool("accepted"), fp != null)
            if (fp != null) {
                c.expectStr("c_attribute", fp.toCAttribute())
                eq("size", c.u64("size"), fp.size().toLong())
            } else {
                eq("c_attribute", null, c.opt("c_attribute"))
                eq("size", null, c.opt("size"))
            }
        }
        else -> throw Mismatch("unknown kind $kind")
    }
}

private fun fingerprintGenerate(c: Case) {
    val size = c.u64("size")
    val seed = c.u64("data_seed")
    val data = when (val rule = c.str("data_rule")) {
        "lin" -> linBytes(size.toInt(), seed)
        "xs" -> xsBytes(size.toInt(), seed)
        else -> throw Mismatch("unknown data rule $rule")
    }
    val crc = computeSparseCrc(data.d())
    c.expectHex("crc_hex", crc)
    c.expectStr("crc_b64", base64Encode(crc.d()))
    // The same CRC from one sequential pass in odd pieces, and from the plan's ranges.
    val stream = SparseCrcFromStream(size.toULong())
    var pos = 0
    while (pos < data.size) {
        val n = minOf(65_521, data.size - pos)
        stream.update(data.toDirectByteBuffer(pos, n))
        pos += n
    }
    eq("sequential builder", hex(crc), hex(stream.finish()))
    val plan = SparsePlan(size.toULong())
    eq("ranges builder", hex(crc), hex(crcViaRanges(plan, data)))
    val fp = FileFingerprint(size.toULong(), crc.d(), i64(c, "mtime"))
    c.expectStr("c_attribute", fp.toCAttribute())
    if (size <= 2L shl 20) {
        // The stream helper computes the same fingerprint in its encryption pass.
        val out = EncryptingOutputStream(java.io.ByteArrayOutputStream(), FileEncryptor(), size, fp.mtime())
        out.use { it.write(data) }
        c.expectStr("c_attribute", out.fingerprint.toCAttribute())
    }
    c.expectStr("app_fingerprint", fp.toAppFingerprint())
    val back = FileFingerprint.parseAppFingerprint(fp.toAppFingerprint())
    eq("app fingerprint parses back", Triple(size, hex(crc), fp.mtime()), Triple(back.size().toLong(), hex(back.crc()), back.mtime()))
    eq("parsed fingerprint matches", true, fp.matches(back))
    if (!c.has("sparse_offsets")) return
    eq("sparse_offsets", longs(c.arr("sparse_offsets")), offsets(plan))
    val legacy = longs(c.arr("legacy_offsets"))
    val fa = legacyFaPlan(size.toULong())
    eq("legacy_fa_applicable", c.bool("legacy_fa_applicable"), fa != null)
    if (fa != null) {
        eq("legacy_offsets", legacy, offsets(fa))
        val faCrc = computeSparseCrcWith(fa, data.d())
        eq("legacy FA via ranges", hex(faCrc), hex(crcViaRanges(fa, data)))
        c.expectHex("legacy_fa_hex", faCrc)
        c.expectStr("legacy_fa_b64", base64Encode(faCrc.d()))
        eq("legacy_fa_equals_crc", c.bool("legacy_fa_equals_crc"), faCrc.contentEquals(crc))
        val lanes = (0 until 4).map { i -> faCrc.copyOfRange(4 * i, 4 * i + 4).contentEquals(crc.copyOfRange(4 * i, 4 * i + 4)) }
        val want = c.arr("legacy_lanes_equal_to_crc").let { a -> (0 until a.length()).map { a.getBoolean(it) } }
        eq("legacy_lanes_equal_to_crc", want, lanes)
    } else {
        // Not applicable: the 32-bit offsets equal the correct ones.
        eq("legacy_offsets", legacy, offsets(plan))
    }
    val ia = legacyIaPlan(size.toULong()) ?: throw Mismatch("legacy IA plan missing")
    eq("legacy_ia_read_offsets", longs(c.arr("legacy_ia_read_offsets")), offsets(ia))
    val iaCrc = computeSparseCrcWith(ia, data.d())
    c.expectHex("legacy_ia_hex", iaCrc)
    c.expectStr("legacy_ia_b64", base64Encode(iaCrc.d()))
}

/** The SDK's verdict is `accepted`; a refusal of ours passes only if the input is not the canonical
 *  encoding of what the SDK read (megacrypt refuses the lax spellings the SDK tolerates). */
private fun fingerprintDecode(c: Case) {
    val input = c.str("c_attribute")
    c.info("what")
    var err: CryptoException? = null
    val ours = try {
        FileFingerprint.parse(input, 0u)
    } catch (e: CryptoException) {
        err = e
        null
    }
    if (!c.bool("accepted")) {
        if (ours != null) throw Mismatch("accepted what the SDK refuses: ${ours.toCAttribute()}")
        eq("error kind", "Malformed", err!!::class.simpleName)
        return
    }
    val crc = c.hex("crc_hex")
    val mtime = i64(c, "mtime")
    if (ours != null) {
        eq("crc", hex(crc), hex(ours.crc()))
        eq("mtime", mtime, ours.mtime())
    } else if (FileFingerprint(0u, crc.d(), mtime).toCAttribute() == input) {
        throw Mismatch("refused the canonical encoding")
    }
}

// ----------------------------------------------------------------------------- media_attributes
private fun propsFrom(v: JSONObject) = MediaProperties(
    width = v.getLong("width").toUInt(), height = v.getLong("height").toUInt(), fps = v.getLong("fps").toUInt(),
    playtime = v.getLong("playtime").toUInt(), shortformat = v.getLong("shortformat").toUInt(),
    containerId = v.getLong("containerid").toUInt(), videoCodecId = v.getLong("videocodecid").toUInt(),
    audioCodecId = v.getLong("audiocodecid").toUInt(),
)

/** The SDK's answer when there is no (usable) type 8 entry. */
private val SDK_DEFAULT = MediaProperties(0u, 0u, 0u, 0u, 254u, 0u, 0u, 0u)

private fun expectMediaDecoded(c: Case, key: MediaKey) {
    val want = propsFrom(c.obj("decoded"))
    val got = try {
        decodeMediaAttributes(c.str("node_fa_string"), key)
    } catch (e: CryptoException) {
        if (want != SDK_DEFAULT) throw e
        // A truncated or garbled entry: the SDK reports "no information", megacrypt refuses it.
        eq("error kind", "Malformed", e::class.simpleName)
        return
    }
    if (want == SDK_DEFAULT) eq("decoded (no entry)", null, got) else eq("decoded", want, got)
}

fun checkMediaAttributes(c: Case) {
    c.info("what", "note")
    when (val kind = c.str("kind")) {
        "xxtea" -> {
            val key = MediaKey.fromBytes(c.hex("key_hex").d())
            val plain = c.hex("plaintext_hex")
            val ct = xxteaEncrypt(key, plain.d())
            c.expectHex("ciphertext_hex", ct)
            eq("decrypts back", hex(plain), hex(xxteaDecrypt(key, ct.d())))
        }
        "encode" -> {
            val key = MediaKey.fromNodeKey(c.hex("node_key_hex").d())
            val fields = JSONObject()
            for (k in listOf("width", "height", "fps", "playtime", "shortformat", "containerid", "videocodecid", "audiocodecid")) {
                fields.put(k, c.value(k))
            }
            val props = propsFrom(fields)
            c.expectHex("type8_plain_hex", mediaType8Plain(props))
            c.expectStr("fa_entries", encodeMediaAttributes(props, key))
            expectMediaDecoded(c, key)
        }
        "decode" -> expectMediaDecoded(c, MediaKey.fromNodeKey(c.hex("node_key_hex").d()))
        else -> throw Mismatch("unknown kind $kind")
    }
}

// ----------------------------------------------------------------------------------------- gps
private const val INVALID_COORDINATE = -200.0

/** A {value, hex} double; the hex form (C99 hexadecimal float) is exact and is the one compared. */
private fun double(c: Case, key: String): Double {
    val v = c.obj(key)
    val exact = java.lang.Double.parseDouble(v.getString("hex"))
    if (Math.abs(exact - v.getDouble("value")) > Math.abs(exact) * 1e-12) throw Mismatch("$key: value and hex disagree")
    return exact
}

private fun expectCoordsDecoded(c: Case, got: Coordinates?) {
    val lat = double(c, "decoded_latitude")
    val lon = double(c, "decoded_longitude")
    eq("decoded_latitude", lat.toRawBits(), (got?.latitude ?: INVALID_COORDINATE).toRawBits())
    eq("decoded_longitude", lon.toRawBits(), (got?.longitude ?: INVALID_COORDINATE).toRawBits())
}

private fun expectUpdates(c: Case, got: LocationAttributes) {
    val want = c.obj("attr_updates")
    eq("attr_updates.l", want.optString("l", null), got.l)
    eq("attr_updates.gp", want.optString("gp", null), got.gp)
}

private fun masterKey(c: Case) = MasterKey.fromBytes(c.hex("master_key_hex").d())

private fun usk(c: Case): UnshareableKey? {
    val mk = masterKey(c)
    return c.optStr("usk_b64")?.let { UnshareableKey.fromUskAttribute(mk, it) }
}

fun checkGps(c: Case) {
    when (val kind = c.str("kind")) {
        "l", "gp" -> {
            val lat = double(c, "latitude")
            val lon = double(c, "longitude")
            var key: UnshareableKey? = null
            if (kind == "gp") {
                key = usk(c) ?: throw Mismatch("usk missing")
                c.expectHex("usk_key_hex", key.exportBytes())
            }
            val (lat24, lon24) = coordinatesTo24bit(lat, lon)
            eq("lat24", c.u64("lat24"), lat24.toLong())
            eq("lon24", c.u64("lon24"), lon24.toLong())
            eq("sdk_error", 0, (c.value("sdk_error") as Number).toInt())
            val l = encodeLocationL(lat, lon)
            c.expectStr("l", l)
            if (key == null) {
                expectUpdates(c, shareableLocationAttributes(lat, lon))
                expectCoordsDecoded(c, decodeLocationL(l))
            } else {
                c.expectHex("gp_plain_hex", "unshare/$l".toByteArray())
                val gp = encodeLocationGp(lat, lon, key)
                c.expectStr("gp", gp)
                expectUpdates(c, unshareableLocationAttributes(lat, lon, key))
                expectCoordsDecoded(c, decodeLocationGp(gp, key))
            }
        }
        "encode_edge" -> gpsEncodeEdge(c)
        "decode" -> {
            val attrs = c.obj("attributes")
            val key = usk(c)
            c.info("what")
            if (!c.bool("file_node")) {
                // The SDK reads coordinates of file nodes only; nodeCoordinates is for file nodes.
                expectCoordsDecoded(c, null)
                return
            }
            expectCoordsDecoded(c, nodeCoordinates(attrs.optString("l", null), attrs.optString("gp", null), key))
        }
        else -> throw Mismatch("unknown kind $kind")
    }
}

private fun gpsEncodeEdge(c: Case) {
    val lat = double(c, "latitude")
    val lon = double(c, "longitude")
    val unshareable = c.bool("unshareable")
    val key = usk(c)
    val sdkError = (c.value("sdk_error") as Number).toLong()
    c.info("what", "sdk_error_name")
    val bothInvalid = lat == INVALID_COORDINATE && lon == INVALID_COORDINATE
    val lat24 = (c.value("lat24") as Number).toLong()
    val lon24 = (c.value("lon24") as Number).toLong()
    val attrs = try {
        when {
            bothInvalid -> clearedLocationAttributes()
            unshareable && key == null -> {
                // The SDK answers API_EKEY; without *~usk there is no UnshareableKey to pass.
                if (orNull { UnshareableKey.fromUskAttribute(masterKey(c), "") } != null) {
                    throw Mismatch("no usk, no key: an empty *~usk was accepted")
                }
                eq("sdk_error", -14L, sdkError)
                eq("attr_updates", 0, c.obj("attr_updates").length())
                return
            }
            unshareable -> unshareableLocationAttributes(lat, lon, key!!)
            else -> shareableLocationAttributes(lat, lon)
        }
    } catch (e: CryptoException) {
        eq("error kind", "ApiMisuse", e::class.simpleName)
        eq("sdk refuses too", true, sdkError != 0L)
        val inRange = { v: Long -> v in 0 until (1L shl 24) }
        eq("SDK values out of range", false, inRange(lat24) && inRange(lon24))
        eq("attr_updates", 0, c.obj("attr_updates").length())
        return
    }
    eq("sdk_error", 0L, sdkError)
    if (!bothInvalid) {
        val (a, b) = coordinatesTo24bit(lat, lon)
        eq("lat24", lat24, a.toLong())
        eq("lon24", lon24, b.toLong())
    }
    expectUpdates(c, attrs)
}

// ----------------------------------------------------------------------------- upload_checksum
private fun checksumInPieces(body: ByteArray, step0: Int): UploadChecksum {
    val step = maxOf(step0, 1)
    val s = UploadChecksum()
    var pos = 0
    while (pos < body.size) {
        val n = minOf(step, body.size - pos)
        s.update(body.toDirectByteBuffer(pos, n))
        pos += n
    }
    return s
}

fun checkUploadChecksum(c: Case) {
    c.info("what")
    when (val kind = c.str("kind")) {
        "crc" -> {
            val len = c.u64("body_len")
            val body = if (c.has("body_hex")) {
                c.hex("body_hex")
            } else {
                val seed = c.u64("body_seed")
                val b = linBytes(len.toInt(), seed)
                eq("body_rule", "byte[i] = (i * 7 + $seed) % 251", c.str("body_rule"))
                eq("body_sha256", c.str("body_sha256"), sha256Hex(b))
                b
            }
            eq("body_len", len, body.size.toLong())
            val whole = checksumInPieces(body, body.size)
            c.expectHex("d_hex", whole.toBytes())
            c.expectStr("d_b64", whole.toB64())
            for (step in listOf(1, 5, 12, 13, 131_072)) {
                eq("split feed $step", hex(whole.toBytes()), hex(checksumInPieces(body, step).toBytes()))
            }
            eq("body_length", len, whole.bodyLength().toLong())
        }
        "upload_request" -> {
            val key = AesKey.fromBytes(c.hex("key_hex").d())
            val nonce = c.hex("nonce_hex")
            val pos = c.u64("pos")
            val npos = c.u64("npos")
            val seed = c.u64("plaintext_seed")
            c.info("plaintext_rule")
            val body = linBytes((npos - pos).toInt(), seed)
            val layout = ChunkLayout(npos.toULong())
            // AES-CTR does not involve the meta-MAC; the range "decryptor" encrypts at an offset.
            val ctr = UnauthenticatedRangeDecryptor(ContentKey.fromParts(key, nonce.d()))
            val chunks = mutableListOf<List<Long>>()
            val sum = UploadChecksum()
            for (ch in layout.chunks()) {
                val from = maxOf(ch.offset.toLong(), pos)
                val to = ch.offset.toLong() + ch.length.toLong()
                if (from >= to) continue
                val piece = ctr.decryptAtUnverified(from.toULong(), body.toDirectByteBuffer((from - pos).toInt(), (to - from).toInt()))
                piece.copyInto(body, (from - pos).toInt())
                sum.update(piece.d())
                chunks.add(listOf(from, to))
            }
            val want = c.arr("chunks").let { a -> (0 until a.length()).map { longs(a.getJSONArray(it)) } }
            eq("chunks", want, chunks)
            eq("ciphertext_sha256", c.str("ciphertext_sha256"), sha256Hex(body))
            if (c.has("ciphertext_hex")) c.expectHex("ciphertext_hex", body)
            c.expectStr("d_b64", sum.toB64())
            c.expectStr("url_suffix", sum.urlSuffix(pos.toULong()))
        }
        else -> throw Mismatch("unknown kind $kind")
    }
}

// ----------------------------------------------------------------------------------- cloudraid
/** Reference split, written from the layout description (MEGA's servers split; clients only
 *  recombine): sector k to part 1 + k mod 5, parity = XOR of each line's sectors zero-padded. */
fun raidSplit(data: ByteArray): List<ByteArray> {
    val parts = List(6) { java.io.ByteArrayOutputStream() }
    var k = 0
    while (k * 16 < data.size) {
        val from = k * 16
        parts[1 + k % 5].write(data, from, minOf(16, data.size - from))
        k++
    }
    var line = 0
    while (line < data.size) {
        val end = minOf(line + 80, data.size)
        val x = ByteArray(16)
        for (i in line until end) x[(i - line) % 16] = (x[(i - line) % 16].toInt() xor data[i].toInt()).toByte()
        parts[0].write(x, 0, minOf(end - line, 16))
        line += 80
    }
    return parts.map { it.toByteArray() }
}

/** Recombines [start, end) without `unused`, feeding the parts in uneven pieces (scaled with the
 *  file size so that large files take few calls). */
private fun recombine(parts: List<ByteArray>, size: Long, start: Long, end: Long, unused: Int): ByteArray {
    val r = Recombiner.withRange(size.toULong(), start.toULong(), end.toULong(), unused.toUInt())
    val ranges = (0 until 6).map { r.partRange(it.toUInt()) }
    val cursors = ranges.map { it?.offset?.toLong() ?: 0L }.toMutableList()
    val scale = maxOf(1L, size / 65_536)
    val out = java.io.ByteArrayOutputStream()
    while (true) {
        var progressed = false
        for (p in 0 until 6) {
            val rg = ranges[p] ?: continue
            val from = cursors[p]
            val to = (rg.offset + rg.length).toLong()
            if (from < to) {
                val n = minOf(to - from, (37L + 11 * p) * scale)
                r.feed(p.toUInt(), parts[p].toDirectByteBuffer(from.toInt(), n.toInt()))
                cursors[p] += n
                progressed = true
            }
            out.write(r.drain())
        }
        if (!progressed) break
    }
    out.write(r.drain())
    r.finish()
    return out.toByteArray()
}

private fun raidData(c: Case, size: Long): ByteArray {
    if (c.has("data_hex")) return c.hex("data_hex")
    val seed = c.u64("data_seed")
    eq("data_rule", "byte[i] = (i * 7 + $seed) % 251", c.str("data_rule"))
    return linBytes(size.toInt(), seed)
}

private fun jsonStrings(a: JSONArray): List<String> = (0 until a.length()).map { a.getString(it) }

fun checkCloudraid(c: Case) {
    val size = c.u64("file_size")
    c.info("note")
    when (val kind = c.str("kind")) {
        "part_sizes" -> eq("part_sizes", longs(c.arr("part_sizes")), cloudraidPartSizes(size.toULong()).map { it.toLong() })
        "split" -> {
            val data = raidData(c, size)
            eq("data_sha256", c.str("data_sha256"), sha256Hex(data))
            eq("part_sizes", longs(c.arr("part_sizes")), cloudraidPartSizes(size.toULong()).map { it.toLong() })
            val parts = raidSplit(data)
            if (c.has("parts_hex")) eq("parts_hex", jsonStrings(c.arr("parts_hex")), parts.map { hex(it) })
            eq("parts_sha256", jsonStrings(c.arr("parts_sha256")), parts.map { sha256Hex(it) })
            val recombined = c.obj("sdk_recombined_sha256")
            val recovered = c.obj("sdk_recovered_part_sha256")
            for ((label, unused) in listOf("none" to 0, "0" to 0, "1" to 1, "2" to 2, "3" to 3, "4" to 4, "5" to 5)) {
                val out = recombine(parts, size, 0, size, unused)
                eq("recombined without $label", recombined.getString(label), sha256Hex(out))
                if (unused > 0) eq("recovered part $label", recovered.getString(label), sha256Hex(raidSplit(out)[unused]))
            }
            checkRaidRequests(c, size)
        }
        "resume" -> {
            val data = raidData(c, size)
            val parts = raidSplit(data)
            val from = c.u64("resume_pos")
            val to = c.u64("read_to_pos")
            val rp = cloudraidResumePoint(from.toULong())
            eq("part_start", c.u64("part_start"), rp.partStart.toLong())
            eq("skipped_bytes", c.u64("skipped_bytes"), rp.skippedBytes.toLong())
            val want = c.obj("sdk_output_sha256")
            val sizes = cloudraidPartSizes(size.toULong()).map { it.toLong() }
            for ((label, unused) in listOf("none" to 0, "2" to 2)) {
                val r = Recombiner.withRange(size.toULong(), from.toULong(), to.toULong(), unused.toUInt())
                for (p in 0 until 6) {
                    if (p == unused) continue
                    eq("part range start", minOf(rp.partStart.toLong(), sizes[p]), r.partRange(p.toUInt())!!.offset.toLong())
                }
                eq("output without $label", want.getString(label), sha256Hex(recombine(parts, size, from, to, unused)))
            }
        }
        else -> throw Mismatch("unknown kind $kind")
    }
}

/** sdk_requests: per missing part, the ranges the SDK asked for; where it is a list, each used
 *  part's request must equal our part range (the large case only records counts: informational). */
private fun checkRaidRequests(c: Case, size: Long) {
    val req = c.obj("sdk_requests")
    val sizes = cloudraidPartSizes(size.toULong()).map { it.toLong() }
    for (label in req.keySet()) {
        val list = req.get(label) as? JSONArray ?: continue
        val unused = if (label == "none") 0 else label.toInt()
        val r = Recombiner(size.toULong(), unused.toUInt())
        for (entry in jsonStrings(list)) {
            val words = entry.split(" ")
            val part = words[0].removePrefix("c").toInt()
            val rest = words.drop(1)
            if (rest.firstOrNull() == "null") {
                if (label != "none") eq("unused part", unused, part)
                continue
            }
            val (a, b) = rest[0].split("-").map { it.toLong() }
            if (label == "none" && part == 0) {
                // With all six parts available the SDK also fetched parity; megacrypt needs five.
                eq("parity range", 0L to sizes[0], a to b)
                continue
            }
            val rg = r.partRange(part.toUInt())
            eq("request $entry ($label)", a to b, rg?.let { it.offset.toLong() to (it.offset + it.length).toLong() })
        }
    }
}
