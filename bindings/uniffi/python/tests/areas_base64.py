"""Area `base64`: mirrors core/tests/vectors/area_base64.rs through the bindings."""
import megacrypt
from vectorlib import Mismatch, eq


def check_base64(c):
    kind = c.str("kind")
    if kind == "encode":
        data = c.hex("bytes_hex")
        eq("length", c.u64("length"), len(data))
        b64 = c.str("b64")
        eq("encode", b64, megacrypt.base64_encode(data))
        eq("decode", data, megacrypt.base64_decode(b64))
    elif kind == "a32":
        data = c.hex("bytes_hex")
        words = c.value("a32")
        eq("bytes_to_a32", words, megacrypt.bytes_to_a32(data))
        packed = megacrypt.a32_to_bytes(words)
        c.expect_hex("a32_to_bytes_hex", packed)
        c.expect_str("a32_b64", megacrypt.base64_encode(packed))
    elif kind == "decode_leniency":
        # Informational: what lenient decoders did. Ours is strict: whatever it accepts must decode
        # to the agreed value, and it rejects exactly the non-canonical inputs (first principles).
        c.info("normative", "agree")
        inp = c.str("input")
        megajs = c.str("megajs_hex")
        megapy = c.str("megapy_hex")
        alphabet_ok = all(ch.isascii() and (ch.isalnum() or ch in "-_+/") for ch in inp)
        len_ok = len(inp) % 4 != 1
        try:
            got = megacrypt.base64_decode(inp)
        except megacrypt.CryptoError as e:
            if alphabet_ok and len_ok:
                raise Mismatch(f"rejected canonical input {inp!r}: {e}")
            return
        if not (alphabet_ok and len_ok):
            raise Mismatch(f"accepted non-canonical input {inp!r}")
        eq("decoded (megajs)", megajs, got.hex())
        eq("decoded (mega.py)", megapy, got.hex())
    else:
        raise Mismatch(f"unknown kind {kind}")
