import io

import megacrypt
from megacrypt_io import decrypt_stream, encrypt_stream

# Upload: encrypt a stream; the file key goes into the node (and the file link).
plaintext = b"hello, MEGA! " * 100_000
ciphertext = io.BytesIO()
key = encrypt_stream(io.BytesIO(plaintext), ciphertext)
link_key = key.export_b64()  # 43 characters of MEGA base64: secret

# Download: decrypt and verify (the MAC is checked at the end of the stream).
downloaded = io.BytesIO()
decrypt_stream(
    io.BytesIO(ciphertext.getvalue()),
    downloaded,
    megacrypt.FileKey.from_b64(link_key),
    expected_size=len(plaintext),
)
assert downloaded.getvalue() == plaintext

# Parallel transfers: one ChunkCipher, chunks in any order, one accumulator.
layout = megacrypt.ChunkLayout(len(plaintext))
cipher = megacrypt.ChunkCipher.from_file_key(key)
acc = megacrypt.MetaMacAccumulator(key.aes_key(), len(plaintext))
for chunk in reversed(layout.chunks()):
    part = ciphertext.getvalue()[chunk.offset : chunk.offset + chunk.length]
    acc.insert(chunk, cipher.decrypt_chunk_unverified(chunk, part).mac)
assert acc.verify(key) == len(plaintext)

# Every failure is a megacrypt.CryptoError subclass named after its category.
try:
    megacrypt.FileKey.from_b64("not a key")
except megacrypt.CryptoError.Malformed as e:
    print("rejected:", e)
