"""Behaviour of the Python bindings that the vectors do not cover: error mapping, objects that
refuse use after finish, the file-like helpers, misuse reporting. Expected values come from the
vectors or first principles, never from megacrypt itself."""
import io
import os

import pytest

import megacrypt
import megacrypt_io

# file_encrypt.json case (size 16, seed 228): key, nonce, node key from megajs / mega.py.
KEY = bytes.fromhex("a4571b5a6f9e976b9f240882c4d62b9a")
NONCE = bytes.fromhex("6ae9613b8a48d730")
NODE_KEY_B64 = "zr56YeXWQFuppdKaKAFsJmrpYTuKSNcwNoHaGOzXR7w"
PLAINTEXT_16 = bytes((i * 7 + 228) % 251 for i in range(16))


def test_error_hierarchy_has_one_class_per_core_category():
    names = {"InvalidKey", "Malformed", "Decrypt", "MacMismatch", "SizeMismatch", "ApiMisuse", "Unsupported", "Rng", "SignatureInvalid", "KeyChanged", "Rollback", "WrongAccount"}
    for n in names:
        cls = getattr(megacrypt.CryptoError, n)
        assert issubclass(cls, megacrypt.CryptoError)
        assert issubclass(cls, Exception)


def test_invalid_key_and_malformed_inputs_raise_their_category():
    with pytest.raises(megacrypt.CryptoError.InvalidKey):
        megacrypt.AesKey.from_bytes(bytes(16))  # all zero
    with pytest.raises(megacrypt.CryptoError.InvalidKey):
        megacrypt.AesKey.from_bytes(b"short")
    with pytest.raises(megacrypt.CryptoError.InvalidKey):
        megacrypt.FileKey.from_node_key(bytes(32))  # equal halves
    with pytest.raises(megacrypt.CryptoError.Malformed):
        megacrypt.base64_decode("a,b")
    with pytest.raises(megacrypt.CryptoError.ApiMisuse):
        megacrypt.MetaMacAccumulator(megacrypt.AesKey.from_bytes(KEY), 16).insert_index(0, b"short")


def test_byte_inputs_must_be_bytes():
    with pytest.raises(TypeError):
        megacrypt.AesKey.from_bytes(bytearray(KEY))


def test_keys_are_opaque_and_export_explicitly():
    k = megacrypt.AesKey.from_bytes(KEY)
    assert KEY.hex() not in repr(k) and KEY.hex() not in str(k)
    assert k.export_bytes() == KEY
    assert k == megacrypt.AesKey.from_b64(megacrypt.base64_encode(KEY))
    assert k != megacrypt.AesKey.generate()
    fk = megacrypt.FileKey.from_b64(NODE_KEY_B64)
    assert fk.aes_key() == k
    assert fk.nonce() == NONCE
    assert megacrypt.base64_encode(fk.export_node_key()) == NODE_KEY_B64
    nk = megacrypt.node_key_from_bytes(fk.export_node_key())
    assert isinstance(nk, megacrypt.NodeKey.FILE)
    assert megacrypt.node_key_attribute_key(nk) == k
    folder = megacrypt.node_key_from_bytes(KEY)
    assert isinstance(folder, megacrypt.NodeKey.FOLDER)


def test_finished_encryptor_refuses_further_use():
    enc = megacrypt.FileEncryptor.with_key(megacrypt.ContentKey.from_parts(megacrypt.AesKey.from_bytes(KEY), NONCE))
    ct = enc.encrypt(PLAINTEXT_16)
    key = enc.finish()
    assert key.export_b64() == NODE_KEY_B64
    for call in (lambda: enc.encrypt(b"x"), enc.finish, enc.bytes_processed, lambda: enc.export_state(False)):
        with pytest.raises(megacrypt.CryptoError.ApiMisuse, match="already finished"):
            call()
    dec = megacrypt.FileDecryptor(key)
    assert dec.decrypt_unverified(ct) == PLAINTEXT_16
    assert dec.finish() == 16
    with pytest.raises(megacrypt.CryptoError.ApiMisuse, match="already finished"):
        dec.decrypt_unverified(ct)
    acc = megacrypt.MetaMacAccumulator(key.aes_key(), 0)
    # empty file: 8 zero bytes (docs/format/files.md#empty-and-short-files)
    assert acc.finish() == bytes(8)
    with pytest.raises(megacrypt.CryptoError.ApiMisuse, match="already finished"):
        acc.finish()


def test_decryptor_reports_mac_and_size_mismatch():
    key = megacrypt.FileKey.from_b64(NODE_KEY_B64)
    enc = megacrypt.hazmat_encrypt_file_with_key(key.content_key(), PLAINTEXT_16)
    bad = bytearray(enc.ciphertext)
    bad[3] ^= 1
    dec = megacrypt.FileDecryptor(key)
    dec.decrypt_unverified(bytes(bad))
    with pytest.raises(megacrypt.CryptoError.MacMismatch):
        dec.finish()
    dec = megacrypt.FileDecryptor(key)
    dec.decrypt_unverified(enc.ciphertext[:8])
    with pytest.raises(megacrypt.CryptoError.SizeMismatch):
        dec.finish_with_size(16)
    with pytest.raises(megacrypt.CryptoError.MacMismatch):
        megacrypt.decrypt_file(key, bytes(bad))


def test_accumulator_refuses_duplicates_and_missing_chunks():
    key = megacrypt.AesKey.from_bytes(KEY)
    size = 3 * 131072 + 5
    layout = megacrypt.ChunkLayout(size)
    assert [(c.offset, c.length) for c in layout.chunks()] == [(0, 131072), (131072, 262144), (393216, 5)]
    cc = megacrypt.ChunkCipher(megacrypt.ContentKey.from_parts(key, NONCE))
    acc = megacrypt.MetaMacAccumulator(key, size)
    ch = layout.chunk(2)
    out = cc.encrypt_chunk(ch, bytes(5))
    acc.insert(ch, out.mac)
    with pytest.raises(megacrypt.CryptoError.ApiMisuse):
        acc.insert(ch, out.mac)
    assert [c.index for c in acc.missing_chunks()] == [0, 1]
    with pytest.raises(megacrypt.CryptoError.ApiMisuse):
        acc.finish()


def test_resumable_state_round_trip_and_hostile_input():
    key = megacrypt.ContentKey.generate()
    data = os.urandom(700_000)
    enc = megacrypt.FileEncryptor.with_key(key)
    assert enc.content_key() == key
    first = enc.encrypt(data[:400_000])
    state = enc.export_state(True)
    assert state.direction() == megacrypt.TransferDirection.UPLOAD
    restored = megacrypt.TransferState.from_bytes(state.to_bytes())
    assert restored.file_key() is None  # an upload has no meta-MAC yet
    assert restored.content_key() == key
    assert restored.without_key_material().content_key() is None
    frm = restored.resume_offset()
    enc2 = megacrypt.FileEncryptor.resume(restored.content_key(), restored)
    ct = first[:frm] + enc2.encrypt(data[frm:])
    fk = enc2.finish()
    assert megacrypt.decrypt_file(fk, ct) == data
    with pytest.raises(megacrypt.CryptoError.Malformed):
        megacrypt.TransferState.from_bytes(b"MCTS\x01garbage")


def test_file_like_helpers_round_trip_and_detect_tampering():
    data = os.urandom(3 * 1024 * 1024 + 12345)
    sink = io.BytesIO()
    key = megacrypt_io.encrypt_stream(io.BytesIO(data), sink, piece_size=300_000)
    ct = sink.getvalue()
    assert len(ct) == len(data)
    out = io.BytesIO()
    assert megacrypt_io.decrypt_stream(io.BytesIO(ct), out, key, expected_size=len(data)) == len(data)
    assert out.getvalue() == data
    # Through io.BufferedReader / read(): the last read raises on tampering.
    bad = bytearray(ct)
    bad[-1] ^= 0x80
    reader = io.BufferedReader(megacrypt_io.DecryptingReader(io.BytesIO(bytes(bad)), key))
    with pytest.raises(megacrypt.CryptoError.MacMismatch):
        while reader.read(65536):
            pass
    with pytest.raises(megacrypt.CryptoError.SizeMismatch):
        megacrypt_io.decrypt_stream(io.BytesIO(ct[:-1]), io.BytesIO(), key, expected_size=len(data))
    # Writer as a context manager.
    sink = io.BytesIO()
    with megacrypt_io.EncryptingWriter(sink) as w:
        w.write(b"hello")
        w.write(memoryview(b" world"))
    assert megacrypt.decrypt_file(w.file_key, sink.getvalue()) == b"hello world"
