package megacrypt

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.IOException
import java.security.SecureRandom

/**
 * Behaviour the vectors do not cover: error mapping, finished objects, the stream helpers.
 * Expected values come from the vectors (file_encrypt.json, size 16, seed 228) or first principles.
 */
class BindingsTest {
    private val key16 = unhex("a4571b5a6f9e976b9f240882c4d62b9a")
    private val nonce = unhex("6ae9613b8a48d730")
    private val nodeKeyB64 = "zr56YeXWQFuppdKaKAFsJmrpYTuKSNcwNoHaGOzXR7w"
    private val pt16 = plaintext(16, 228)
    private val rnd = SecureRandom()

    @Test
    fun errorCategoriesMapToExceptionClasses() {
        assertThrows<CryptoException.InvalidKey> { AesKey.fromBytes(ByteArray(16).d()) }
        assertThrows<CryptoException.InvalidKey> { AesKey.fromBytes(ByteArray(3).d()) }
        assertThrows<CryptoException.InvalidKey> { FileKey.fromNodeKey(ByteArray(32).d()) }
        assertThrows<CryptoException.Malformed> { base64Decode("a,b") }
        assertThrows<CryptoException.ApiMisuse> {
            MetaMacAccumulator(AesKey.fromBytes(key16.d()), 16u).insertIndex(0u, ByteArray(3).d())
        }
        // Kotlin sees one sealed hierarchy with the core's categories.
        val names = CryptoException::class.java.classes
            .filter { CryptoException::class.java.isAssignableFrom(it) }
            .map { it.simpleName }
            .toSet()
        assertEquals(
            setOf("InvalidKey", "Malformed", "Decrypt", "MacMismatch", "SizeMismatch", "ApiMisuse", "Unsupported", "Rng", "SignatureInvalid", "KeyChanged", "Rollback", "WrongAccount"),
            names,
        )
    }

    @Test
    fun keysAreOpaqueWithExplicitExport() {
        val k = AesKey.fromBytes(key16.d())
        assertFalse(k.toString().contains(hex(key16)))
        assertArrayEquals(key16, k.exportBytes())
        assertEquals(k, AesKey.fromB64(base64Encode(key16.d())))
        assertNotEquals(k, AesKey.generate())
        val fk = FileKey.fromB64(nodeKeyB64)
        assertEquals(k, fk.aesKey())
        assertArrayEquals(nonce, fk.nonce())
        assertEquals(nodeKeyB64, base64Encode(fk.exportNodeKey().d()))
        assertTrue(nodeKeyFromBytes(fk.exportNodeKey().d()) is NodeKey.File)
        assertTrue(nodeKeyFromBytes(key16.d()) is NodeKey.Folder)
    }

    @Test
    fun finishedObjectsRefuseFurtherUse() {
        val enc = FileEncryptor.withKey(ContentKey.fromParts(AesKey.fromBytes(key16.d()), nonce.d()))
        val ct = enc.encrypt(pt16.d())
        val key = enc.finish()
        assertEquals(nodeKeyB64, key.exportB64())
        val e = assertThrows<CryptoException.ApiMisuse> { enc.encrypt(pt16.d()) }
        assertTrue(e.message!!.contains("already finished"))
        assertThrows<CryptoException.ApiMisuse> { enc.finish() }
        val dec = FileDecryptor(key)
        assertArrayEquals(pt16, dec.decryptUnverified(ct.d()))
        assertEquals(16uL, dec.finish())
        assertThrows<CryptoException.ApiMisuse> { dec.finish() }
        val acc = MetaMacAccumulator(key.aesKey(), 0u)
        assertArrayEquals(ByteArray(8), acc.finish()) // empty file: 8 zero bytes
        assertThrows<CryptoException.ApiMisuse> { acc.finish() }
    }

    @Test
    fun tamperingAndTruncationAreReported() {
        val key = FileKey.fromB64(nodeKeyB64)
        val ct = hazmatEncryptFileWithKey(key.contentKey(), pt16.d()).ciphertext
        val bad = ct.copyOf().also { it[3] = (it[3].toInt() xor 1).toByte() }
        assertThrows<CryptoException.MacMismatch> { decryptFile(key, bad.d()) }
        val dec = FileDecryptor(key)
        dec.decryptUnverified(ct.copyOfRange(0, 8).d())
        assertThrows<CryptoException.SizeMismatch> { dec.finishWithSize(16u) }
    }

    @Test
    fun accumulatorRefusesDuplicatesAndMissingChunks() {
        val k = AesKey.fromBytes(key16.d())
        val size = 3uL * 131072uL + 5uL
        val layout = ChunkLayout(size)
        assertEquals(listOf(0L to 131072L, 131072L to 262144L, 393216L to 5L), layout.chunks().map { it.offset.toLong() to it.length.toLong() })
        val ch = layout.chunk(2u)!!
        val out = ChunkCipher(ContentKey.fromParts(k, nonce.d())).encryptChunk(ch, ByteArray(5).d())
        val acc = MetaMacAccumulator(k, size)
        acc.insert(ch, out.mac.d())
        assertThrows<CryptoException.ApiMisuse> { acc.insert(ch, out.mac.d()) }
        assertEquals(listOf(0u, 1u), acc.missingChunks().map { it.index })
        assertThrows<CryptoException.ApiMisuse> { acc.finish() }
    }

    @Test
    fun resumableStateRoundTrip() {
        val k = ContentKey.generate()
        val data = ByteArray(700_000).also { rnd.nextBytes(it) }
        val enc = FileEncryptor.withKey(k)
        val first = enc.encrypt(data.copyOfRange(0, 400_000).d())
        val state = TransferState.fromBytes(enc.exportState(true).toBytes().d())
        assertEquals(TransferDirection.UPLOAD, state.direction())
        assertNull(state.fileKey()) // an upload has no meta-MAC yet
        assertEquals(k, state.contentKey())
        assertNull(state.withoutKeyMaterial().contentKey())
        val from = state.resumeOffset().toInt()
        val enc2 = FileEncryptor.resume(state.contentKey()!!, state)
        val ct = first.copyOfRange(0, from) + enc2.encrypt(data.copyOfRange(from, data.size).d())
        assertArrayEquals(data, decryptFile(enc2.finish(), ct.d()))
        assertThrows<CryptoException.Malformed> { TransferState.fromBytes("MCTS\u0001garbage".toByteArray().d()) }
    }

    @Test
    fun streamsRoundTripAndReportTampering() {
        val data = ByteArray(3 * 1024 * 1024 + 12345).also { rnd.nextBytes(it) }
        val sink = ByteArrayOutputStream()
        val out = EncryptingOutputStream(sink)
        out.write(data, 0, 100)
        out.write(data[100].toInt())
        out.write(data, 101, data.size - 101)
        out.close()
        val ct = sink.toByteArray()
        assertEquals(data.size, ct.size)
        val back = DecryptingInputStream(ByteArrayInputStream(ct), out.fileKey, data.size.toLong()).use { it.readBytes() }
        assertArrayEquals(data, back)
        val bad = ct.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 0x80).toByte() }
        val e = assertThrows<IOException> {
            DecryptingInputStream(ByteArrayInputStream(bad), out.fileKey).use { it.readBytes() }
        }
        assertTrue(e.cause is CryptoException.MacMismatch)
        val e2 = assertThrows<IOException> {
            DecryptingInputStream(ByteArrayInputStream(ct, 0, ct.size - 1), out.fileKey, data.size.toLong()).use { it.readBytes() }
        }
        assertTrue(e2.cause is CryptoException.SizeMismatch)
        assertThrows<IOException> { out.write(1) }
    }
}
