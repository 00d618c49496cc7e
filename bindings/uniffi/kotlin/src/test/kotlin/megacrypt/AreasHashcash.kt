// Area `hashcash`: mirrors core/tests/vectors/area_hashcash.rs through the bindings.
package megacrypt

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
