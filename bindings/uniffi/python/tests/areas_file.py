"""Area `file_encrypt` (core `file`): mirrors core/tests/vectors/area_file.rs through the
bindings."""
import hashlib

import megacrypt
from vectorlib import eq, expect_error


def plaintext(size, seed):
    """The vector file's plaintext_rule: byte[i] = (i * 7 + seed) % 251 (period 251)."""
    period = bytes((i * 7 + seed) % 251 for i in range(251))
    return (period * (size // 251 + 1))[:size]


def sha(b):
    return hashlib.sha256(b).hexdigest()


def splits(length, seed):
    """Deterministic piece sizes (xorshift64), like the Rust harness."""
    mask = (1 << 64) - 1
    out, pos = [], 0
    while pos < length:
        seed ^= (seed << 13) & mask
        seed ^= seed >> 7
        seed ^= (seed << 17) & mask
        n = [(seed >> 8) % 17, (seed >> 8) % 70_000, (seed >> 8) % 3_000_000, (seed >> 8) % 400][seed % 4]
        n = min(n, length - pos)
        out.append(n)
        pos += n
    return out


def check_file_encrypt(c):
    c.info("implementations_agree", "expected_produced_by", "notes")
    size = c.u64("size")
    pt = plaintext(size, c.u64("plaintext_seed"))
    aes = megacrypt.AesKey.from_bytes(c.hex("key_hex"))
    nonce = c.hex("nonce_hex")
    ck = megacrypt.ContentKey.from_parts(aes, nonce)
    eq("content key bytes", c.hex("key_hex") + nonce, ck.export_bytes())
    want_sha = c.str("ciphertext_sha256")
    want_mm = c.str("meta_mac_hex")
    want_nk = c.str("node_key_hex")
    want_b64 = c.str("node_key_b64")

    def check_key(what, fk):
        eq(f"{what}: meta_mac", want_mm, fk.meta_mac().hex())
        eq(f"{what}: node_key_hex", want_nk, fk.export_node_key().hex())
        eq(f"{what}: node_key_b64", want_b64, fk.export_b64())

    layout = megacrypt.ChunkLayout(size)
    eq("chunks", [tuple(p) for p in c.value("chunks")], [(ch.offset, ch.length) for ch in layout.chunks()])

    # 1. One-shot.
    one = megacrypt.hazmat_encrypt_file_with_key(ck, pt)
    ct = one.ciphertext
    eq("one-shot: ciphertext sha256", want_sha, sha(ct))
    check_key("one-shot", one.key)

    # 2. Streaming with deterministic random splits.
    enc = megacrypt.FileEncryptor.with_key(ck)
    parts, pos = [], 0
    for n in splits(size, 0x9E3779B97F4A7C15 ^ size):
        parts.append(enc.encrypt(pt[pos:pos + n]))
        pos += n
    eq("stream: bytes", size, enc.bytes_processed())
    check_key("stream", enc.finish())
    eq("stream: ciphertext sha256", want_sha, sha(b"".join(parts)))

    # 3. Chunk cipher in reverse order + accumulator; the multi-chunk call.
    cc = megacrypt.ChunkCipher(ck)
    acc = megacrypt.MetaMacAccumulator(aes, size)
    out = bytearray(size)
    macs = [None] * layout.chunk_count()
    for ch in reversed(layout.chunks()):
        r = cc.encrypt_chunk(ch, pt[ch.offset:ch.offset + ch.length])
        out[ch.offset:ch.offset + ch.length] = r.data
        acc.insert(ch, r.mac)
        macs[ch.index] = r.mac
    eq("chunk cipher: ciphertext sha256", want_sha, sha(bytes(out)))
    eq("accumulator: meta_mac", want_mm, acc.finish().hex())
    multi = cc.encrypt_chunks(layout, 0, pt)
    eq("encrypt_chunks: ciphertext sha256", want_sha, sha(multi.data))
    eq("encrypt_chunks: macs", [m.hex() for m in macs], [x.mac.hex() for x in multi.chunks])
    want_macs = c.opt("chunk_macs_hex")
    if want_macs is not None:
        eq("chunk_macs_hex", want_macs, [m.hex() for m in macs])

    # 4. Decryption with the node key from the vector: one-shot, streaming, chunked, range.
    dk = megacrypt.FileKey.from_b64(want_b64)
    eq("decrypt_file: plaintext", sha(pt), sha(megacrypt.decrypt_file(dk, ct)))
    dec = megacrypt.FileDecryptor(dk)
    parts, pos = [], 0
    for n in splits(size, 0xDEADBEEF ^ size):
        parts.append(dec.decrypt_unverified(ct[pos:pos + n]))
        pos += n
    eq("stream decrypt: verified length", size, dec.finish_with_size(size))
    eq("stream decrypt: plaintext", sha(pt), sha(b"".join(parts)))
    dacc = megacrypt.MetaMacAccumulator(dk.aes_key(), size)
    dcc = megacrypt.ChunkCipher.from_file_key(dk)
    for ch in layout.chunks():
        r = dcc.decrypt_chunk_unverified(ch, ct[ch.offset:ch.offset + ch.length])
        eq("chunk decrypt: plaintext", pt[ch.offset:ch.offset + ch.length], r.data)
        dacc.insert(ch, r.mac)
    eq("accumulator verify", size, dacc.verify(dk))
    if size > 0:
        rd = megacrypt.UnauthenticatedRangeDecryptor.from_file_key(dk)
        off = size // 3
        eq("range decrypt", pt[off:off + 1000], rd.decrypt_at_unverified(off, ct[off:off + 1000]))

    # 5. Resumable state: stop an upload half way, serialize, resume.
    if size > 0:
        enc = megacrypt.FileEncryptor.with_key(ck)
        half = size // 2
        first = enc.encrypt(pt[:half])
        state = megacrypt.TransferState.from_bytes(enc.export_state(False).to_bytes())
        frm = state.resume_offset()
        enc2 = megacrypt.FileEncryptor.resume(ck, state)
        rest = enc2.encrypt(pt[frm:])
        eq("resumed: ciphertext sha256", want_sha, sha(first[:frm] + rest))
        check_key("resumed", enc2.finish())

    # 6. Other implementations' keys (as the Rust harness): megajs's empty-file key is accepted,
    #    its divergent keys are rejected as MAC mismatches.
    js = c.value("implementations").get("megajs")
    if js is not None:
        js_key = megacrypt.FileKey.from_b64(js["node_key_b64"])
        if size == 0:
            megacrypt.decrypt_file(js_key, ct)
        elif js.get("matches_expected") is False:
            expect_error("megajs divergent key", "MacMismatch", lambda: megacrypt.decrypt_file(js_key, ct))
        else:
            megacrypt.decrypt_file(js_key, ct)

    # Tampering.
    if size > 0:
        bad = bytearray(ct)
        bad[size // 2] ^= 0x10
        expect_error("tamper", "MacMismatch", lambda: megacrypt.decrypt_file(dk, bytes(bad)))
