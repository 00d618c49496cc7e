"""Area `hashcash`: mirrors core/tests/vectors/area_hashcash.rs through the bindings."""
import megacrypt
from vectorlib import Mismatch, eq


MAX_SOLVE_COUNTER = 8  # as the Rust handler: above this only megajs's answer is verified


def check_hashcash(c):
    token = megacrypt.base64_decode(c.str("token_b64"))
    easiness = c.u64("easiness")
    nonce = c.hex("nonce_hex")
    prefix = megacrypt.hashcash_prefix(token, nonce)
    c.expect_hex("hash_prefix_hex", prefix.to_bytes(4, "big"))
    kind = c.str("kind")
    if kind == "solve":
        ch = megacrypt.HashcashChallenge.parse(c.str("challenge"))
        eq("easiness", easiness, ch.easiness())
        eq("token", token, ch.token())
        eq("megajs's nonce solves it", True, megacrypt.hashcash_verify(token, easiness, nonce))
        c.expect_str("response", ch.response(nonce))
        counter = c.u64("nonce_counter")
        eq("nonce_counter", counter, int.from_bytes(nonce, "little"))
        if counter <= MAX_SOLVE_COUNTER:
            eq("solve", nonce, ch.solve())
    elif kind == "verify":
        eq("threshold", c.u64("threshold"), megacrypt.hashcash_threshold(easiness))
        eq("valid", c.bool("valid"), megacrypt.hashcash_verify(token, easiness, nonce))
    else:
        raise Mismatch(f"unknown kind {kind}")
