// Area `file_encrypt` (core `file`): mirrors core/tests/vectors/area_file.rs through the bindings.
package megacrypt

import org.json.JSONArray

/** The vector file's plaintext_rule: byte[i] = (i * 7 + seed) % 251. */
fun plaintext(size: Int, seed: Long): ByteArray = ByteArray(size) { i -> ((i.toLong() * 7 + seed) % 251).toByte() }

/** Deterministic piece sizes (xorshift64), as in the Rust harness. */
fun splits(len: Int, seed0: Long): List<Int> {
    var seed = seed0
    val out = mutableListOf<Int>()
    var pos = 0
    while (pos < len) {
        seed = seed xor (seed shl 13)
        seed = seed xor (seed ushr 7)
        seed = seed xor (seed shl 17)
        val r = (seed ushr 8).toULong()
        val n = when ((seed.toULong() % 4u).toInt()) {
            0 -> r % 17u
            1 -> r % 70_000u
            2 -> r % 3_000_000u
            else -> r % 400u
        }.toInt()
        val m = minOf(n, len - pos)
        out.add(m)
        pos += m
    }
    return out
}

fun checkFileEncrypt(c: Case) {
    c.info("implementations_agree", "expected_produced_by", "notes")
    val size = c.u64("size").toInt()
    val pt = plaintext(size, c.u64("plaintext_seed"))
    val aes = AesKey.fromBytes(c.hex("key_hex").d())
    val nonce = c.hex("nonce_hex")
    val ck = ContentKey.fromParts(aes, nonce.d())
    eq("content key bytes", c.str("key_hex") + c.str("nonce_hex"), hex(ck.exportBytes()))
    val wantSha = c.str("ciphertext_sha256")
    val wantMm = c.str("meta_mac_hex")
    val wantNk = c.str("node_key_hex")
    val wantB64 = c.str("node_key_b64")
    fun checkKey(what: String, fk: FileKey) {
        eq("$what: meta_mac", wantMm, hex(fk.metaMac()))
        eq("$what: node_key_hex", wantNk, hex(fk.exportNodeKey()))
        eq("$what: node_key_b64", wantB64, fk.exportB64())
    }

    val layout = ChunkLayout(size.toULong())
    val want = c.arr("chunks")
    eq("chunks", (0 until want.length()).map { want.getJSONArray(it).let { p -> p.getLong(0) to p.getLong(1) } },
        layout.chunks().map { it.offset.toLong() to it.length.toLong() })

    // 1. One-shot.
    val one = hazmatEncryptFileWithKey(ck, pt.d())
    val ct = one.ciphertext
    eq("one-shot: ciphertext sha256", wantSha, sha256Hex(ct))
    checkKey("one-shot", one.key)

    // 2. Streaming with deterministic random splits.
    FileEncryptor.withKey(ck).use { enc ->
        val out = java.io.ByteArrayOutputStream()
        var pos = 0
        for (n in splits(size, 0x1234_5678_9abc_def1L xor size.toLong())) {
            out.write(enc.encrypt(pt.copyOfRange(pos, pos + n).d()))
            pos += n
        }
        eq("stream: bytes", size.toULong(), enc.bytesProcessed())
        checkKey("stream", enc.finish())
        eq("stream: ciphertext sha256", wantSha, sha256Hex(out.toByteArray()))
    }

    // 3. Chunk cipher in reverse order + accumulator; the multi-chunk call.
    val cc = ChunkCipher(ck)
    val acc = MetaMacAccumulator(aes, size.toULong())
    val out3 = ByteArray(size)
    val macs = arrayOfNulls<String>(layout.chunkCount().toInt())
    for (ch in layout.chunks().reversed()) {
        val from = ch.offset.toInt()
        val r = cc.encryptChunk(ch, pt.copyOfRange(from, from + ch.length.toInt()).d())
        r.data.copyInto(out3, from)
        acc.insert(ch, r.mac.d())
        macs[ch.index.toInt()] = hex(r.mac)
    }
    eq("chunk cipher: ciphertext sha256", wantSha, sha256Hex(out3))
    eq("accumulator: meta_mac", wantMm, hex(acc.finish()))
    val multi = cc.encryptChunks(layout, 0u, pt.d())
    eq("encrypt_chunks: ciphertext sha256", wantSha, sha256Hex(multi.data))
    eq("encrypt_chunks: macs", macs.toList(), multi.chunks.map { hex(it.mac) })
    (c.opt("chunk_macs_hex") as? JSONArray)?.let { list ->
        eq("chunk_macs_hex", (0 until list.length()).map { list.getString(it) }, macs.toList())
    }

    // 4. Decryption with the node key from the vector: one-shot, streaming, chunked, range.
    val dk = FileKey.fromB64(wantB64)
    eq("decrypt_file: plaintext", sha256Hex(pt), sha256Hex(decryptFile(dk, ct.d())))
    FileDecryptor(dk).use { dec ->
        val out = java.io.ByteArrayOutputStream()
        var pos = 0
        for (n in splits(size, 0xdeadbeefL xor size.toLong())) {
            out.write(dec.decryptUnverified(ct.copyOfRange(pos, pos + n).d()))
            pos += n
        }
        eq("stream decrypt: verified length", size.toULong(), dec.finishWithSize(size.toULong()))
        eq("stream decrypt: plaintext", sha256Hex(pt), sha256Hex(out.toByteArray()))
    }
    val dacc = MetaMacAccumulator(dk.aesKey(), size.toULong())
    val dcc = ChunkCipher.fromFileKey(dk)
    for (ch in layout.chunks()) {
        val from = ch.offset.toInt()
        val r = dcc.decryptChunkUnverified(ch, ct.copyOfRange(from, from + ch.length.toInt()).d())
        eq("chunk decrypt: plaintext", hex(pt.copyOfRange(from, from + ch.length.toInt())), hex(r.data))
        dacc.insert(ch, r.mac.d())
    }
    eq("accumulator verify", size.toULong(), dacc.verify(dk))
    if (size > 0) {
        val off = size / 3
        val end = minOf(size, off + 1000)
        val got = UnauthenticatedRangeDecryptor.fromFileKey(dk).decryptAtUnverified(off.toULong(), ct.copyOfRange(off, end).d())
        eq("range decrypt", hex(pt.copyOfRange(off, end)), hex(got))
    }

    // 5. Resumable state: stop half way, serialize, resume.
    if (size > 0) {
        val enc = FileEncryptor.withKey(ck)
        val half = size / 2
        val first = enc.encrypt(pt.copyOfRange(0, half).d())
        val state = TransferState.fromBytes(enc.exportState(false).toBytes().d())
        val from = state.resumeOffset().toInt()
        val enc2 = FileEncryptor.resume(ck, state)
        val rest = enc2.encrypt(pt.copyOfRange(from, size).d())
        eq("resumed: ciphertext sha256", wantSha, sha256Hex(first.copyOfRange(0, from) + rest))
        checkKey("resumed", enc2.finish())
    }

    // 6. Other implementations' keys (as the Rust harness).
    c.obj("implementations").optJSONObject("megajs")?.let { js ->
        val jsKey = FileKey.fromB64(js.getString("node_key_b64"))
        when {
            size == 0 -> decryptFile(jsKey, ct.d())
            js.opt("matches_expected") == false ->
                expectError("megajs divergent key", "MacMismatch") { decryptFile(jsKey, ct.d()) }
            else -> decryptFile(jsKey, ct.d())
        }
    }

    // Tampering.
    if (size > 0) {
        val bad = ct.copyOf()
        bad[size / 2] = (bad[size / 2].toInt() xor 0x10).toByte()
        expectError("tamper", "MacMismatch") { decryptFile(dk, bad.d()) }
    }
}
