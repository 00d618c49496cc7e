package example

import megacrypt.*
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream

fun quickstart() {
    // Upload: encrypt through an OutputStream; the file key goes into the node (and the link).
    val plaintext = "hello, MEGA! ".repeat(100_000).toByteArray()
    val ciphertext = ByteArrayOutputStream()
    val key = EncryptingOutputStream(ciphertext).use { out ->
        out.write(plaintext)
        out.finish()
    }
    val linkKey = key.exportB64() // 43 characters of MEGA base64: secret

    // Download: decrypt through an InputStream; the MAC is checked when the end is reached.
    val downloaded = DecryptingInputStream(
        ByteArrayInputStream(ciphertext.toByteArray()),
        FileKey.fromB64(linkKey),
        expectedSize = plaintext.size.toLong(),
    ).use { it.readBytes() }
    check(downloaded.contentEquals(plaintext))

    // Parallel transfers: one ChunkCipher (thread-safe), chunks in any order, one accumulator.
    // Byte inputs are direct ByteBuffers (borrowed by Rust without a copy).
    val layout = ChunkLayout(plaintext.size.toULong())
    val cipher = ChunkCipher.fromFileKey(key)
    MetaMacAccumulator(key.aesKey(), plaintext.size.toULong()).use { acc ->
        for (chunk in layout.chunks().reversed()) {
            val from = chunk.offset.toInt()
            val part = ciphertext.toByteArray().toDirectByteBuffer(from, chunk.length.toInt())
            acc.insert(chunk, cipher.decryptChunkUnverified(chunk, part).mac.toDirectByteBuffer())
        }
        check(acc.verify(key) == plaintext.size.toULong())
    }

    // Every failure is a CryptoException subclass named after its category.
    try {
        FileKey.fromB64("not a key")
    } catch (e: CryptoException.Malformed) {
        println("rejected: ${e.message}")
    }
}
