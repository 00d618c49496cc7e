// Area `base64`: mirrors core/tests/vectors/area_base64.rs through the bindings.
package megacrypt

fun checkBase64(c: Case) {
    when (val kind = c.str("kind")) {
        "encode" -> {
            val bytes = c.hex("bytes_hex")
            eq("length", c.u64("length"), bytes.size.toLong())
            val b64 = c.str("b64")
            eq("encode", b64, base64Encode(bytes.d()))
            eq("decode", hex(bytes), hex(base64Decode(b64)))
        }
        "a32" -> {
            val bytes = c.hex("bytes_hex")
            val arr = c.arr("a32")
            val words = (0 until arr.length()).map { arr.getLong(it).toUInt() }
            eq("bytes_to_a32", words, bytesToA32(bytes.d()))
            val packed = a32ToBytes(words)
            c.expectHex("a32_to_bytes_hex", packed)
            c.expectStr("a32_b64", base64Encode(packed.d()))
        }
        "decode_leniency" -> {
            // Informational: what lenient decoders did. Ours is strict (first-principles rule as in
            // the Rust handler): accept exactly canonical unpadded base64, decoding to the agreed value.
            c.info("normative", "agree")
            val input = c.str("input")
            val megajs = c.str("megajs_hex")
            val megapy = c.str("megapy_hex")
            val alphabetOk = input.all { it.code < 128 && (it.isLetterOrDigit() || it in "-_+/") }
            val lenOk = input.length % 4 != 1
            val got = try {
                base64Decode(input)
            } catch (e: CryptoException) {
                if (alphabetOk && lenOk) throw Mismatch("rejected canonical input \"$input\": ${e.message}")
                return
            }
            if (!(alphabetOk && lenOk)) throw Mismatch("accepted non-canonical input \"$input\"")
            eq("decoded (megajs)", megajs, hex(got))
            eq("decoded (mega.py)", megapy, hex(got))
        }
        else -> throw Mismatch("unknown kind $kind")
    }
}
