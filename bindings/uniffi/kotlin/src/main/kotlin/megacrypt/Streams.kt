// Hand-written Kotlin helpers over the generated megacrypt bindings (package `megacrypt`):
// direct-buffer conversion for `&[u8]` inputs, and java.io streams that encrypt / decrypt through
// FileEncryptor / FileDecryptor. No cryptography here: every byte goes through the Rust core.
package megacrypt

import java.io.FilterInputStream
import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.nio.ByteBuffer

/**
 * Size of the pieces the stream helpers hand to Rust: the core's preferred feed length (16 MiB,
 * sixteen MEGA chunks whose MACs the engine computes side by side).
 */
val STREAM_PIECE_SIZE: Int = preferredFeedLength().toInt()

/**
 * Copies `length` bytes from `offset` into a new direct [ByteBuffer] (position 0), the form the
 * generated bindings take for byte inputs (Rust `&[u8]`, borrowed without a further copy).
 */
fun ByteArray.toDirectByteBuffer(offset: Int = 0, length: Int = size - offset): ByteBuffer {
    val buf = ByteBuffer.allocateDirect(length)
    buf.put(this, offset, length)
    buf.flip()
    return buf
}

/** A reusable direct staging buffer: one copy from the Java heap, none across the FFI. */
internal class DirectStage(initialCapacity: Int) {
    private var buf: ByteBuffer = ByteBuffer.allocateDirect(initialCapacity)

    fun load(src: ByteArray, offset: Int, length: Int): ByteBuffer {
        if (buf.capacity() < length) buf = ByteBuffer.allocateDirect(length)
        buf.clear()
        buf.put(src, offset, length)
        buf.flip()
        return buf
    }
}

/**
 * An [OutputStream] that encrypts everything written to it for upload and writes the ciphertext
 * to [out]. [close] (or [finish]) completes the MAC; then [fileKey] holds the key to store in the
 * node / link. Wrap it in a `BufferedOutputStream` if you write tiny pieces.
 *
 * Given the file's [fileSize] and [mtime] (seconds since the epoch), it also computes the `c`
 * fingerprint in the same pass, through the core's sequential builder ([SparseCrcFromStream]):
 * [fingerprint] is then available after [finish] (which fails with `SizeMismatch` if a different
 * number of bytes was written).
 */
class EncryptingOutputStream @JvmOverloads constructor(
    private val out: OutputStream,
    private val encryptor: FileEncryptor = FileEncryptor(),
    private val fileSize: Long? = null,
    private val mtime: Long? = null,
) : OutputStream() {
    private val stage = DirectStage(64 * 1024)
    private var key: FileKey? = null
    private val crc: SparseCrcFromStream? = fileSize?.let {
        require(mtime != null) { "a fingerprint needs both fileSize and mtime" }
        SparseCrcFromStream(it.toULong())
    }
    private var fp: FileFingerprint? = null

    /** The file's fingerprint (`c` attribute), available once finished if [fileSize] and [mtime] were given. */
    val fingerprint: FileFingerprint
        get() = fp ?: throw IllegalStateException(
            if (crc == null) "EncryptingOutputStream was created without fileSize and mtime" else "EncryptingOutputStream is not finished yet",
        )

    /** The file key, available once the stream is finished or closed. */
    val fileKey: FileKey
        get() = key ?: throw IllegalStateException("EncryptingOutputStream is not finished yet")

    override fun write(b: Int) = write(byteArrayOf(b.toByte()), 0, 1)

    override fun write(b: ByteArray, off: Int, len: Int) {
        if (key != null) throw IOException("EncryptingOutputStream is finished")
        var pos = off
        val end = off + len
        while (pos < end) {
            val n = minOf(STREAM_PIECE_SIZE, end - pos)
            val piece = stage.load(b, pos, n)
            if (crc != null) {
                crc.update(piece)
                piece.position(0)
            }
            out.write(encryptor.encrypt(piece))
            pos += n
        }
    }

    override fun flush() = out.flush()

    /** Completes the encryption (without closing [out]) and returns the file key. Idempotent. */
    fun finish(): FileKey {
        key?.let { return it }
        if (crc != null) {
            fp = FileFingerprint(fileSize!!.toULong(), crc.finish().toDirectByteBuffer(), mtime!!)
            crc.close()
        }
        val k = encryptor.finish()
        encryptor.close()
        out.flush()
        key = k
        return k
    }

    /** Finishes (if needed) and closes [out]. */
    override fun close() {
        try {
            finish()
        } finally {
            out.close()
        }
    }
}

/**
 * An [InputStream] that decrypts a downloaded file read from [input].
 *
 * Bytes returned before the end of the stream are **unverified**: the file's MAC is checked when
 * [input] reaches its end, and a mismatch (or, with [expectedSize], a wrong length) makes that
 * last `read` throw an [IOException] whose cause is the [CryptoException]. Read to the end and
 * only then trust (for example rename into place) what you read.
 */
class DecryptingInputStream @JvmOverloads constructor(
    input: InputStream,
    key: FileKey,
    private val expectedSize: Long? = null,
) : FilterInputStream(input) {
    private val decryptor = FileDecryptor(key)
    private val stage = DirectStage(64 * 1024)
    private var scratch = ByteArray(64 * 1024)
    private var verified: Long? = null
    private var failure: IOException? = null

    /** The verified length once the end of the stream was reached and the MAC matched. */
    val verifiedLength: Long?
        get() = verified

    override fun read(): Int {
        val one = ByteArray(1)
        while (true) {
            val n = read(one, 0, 1)
            if (n < 0) return -1
            if (n == 1) return one[0].toInt() and 0xff
        }
    }

    override fun read(b: ByteArray, off: Int, len: Int): Int {
        if (len == 0) return 0
        failure?.let { throw it }
        if (verified != null) return -1
        val want = minOf(len, STREAM_PIECE_SIZE)
        if (scratch.size < want) scratch = ByteArray(want)
        val n = `in`.read(scratch, 0, want)
        if (n < 0) {
            verify()
            return -1
        }
        if (n == 0) return 0
        val plain = decryptor.decryptUnverified(stage.load(scratch, 0, n))
        plain.copyInto(b, off)
        return n
    }

    private fun verify() {
        try {
            val len = if (expectedSize != null) {
                decryptor.finishWithSize(expectedSize.toULong())
            } else {
                decryptor.finish()
            }
            verified = len.toLong()
        } catch (e: CryptoException) {
            val io = IOException("download failed verification: ${e.message}", e)
            failure = io
            throw io
        } finally {
            decryptor.close()
        }
    }

    override fun skip(n: Long): Long = throw IOException("cannot skip in a verified download")

    override fun markSupported(): Boolean = false

    /** Closes [input] and releases the decryptor (an unfinished download stays unverified). */
    override fun close() {
        try {
            decryptor.close()
        } finally {
            super.close()
        }
    }
}
