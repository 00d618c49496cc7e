package megacrypt

import example.fileMetadataExample
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream
import java.io.File

/** docs/guide/file-metadata.md includes FileMetadataExample.kt verbatim: checked and run here. The
 *  stream helper's fingerprint is also checked against the vector files (AreasMetadata.kt). */
class FileMetadataTest {
    @Test
    fun guideContainsTheExampleVerbatim() {
        val source = File("src/test/kotlin/megacrypt/FileMetadataExample.kt").readText().trim()
        val guide = File("../../../docs/guide/file-metadata.md").readText()
        assertTrue(guide.contains(source), "docs/guide/file-metadata.md does not contain FileMetadataExample.kt verbatim")
    }

    @Test
    fun exampleRuns() {
        fileMetadataExample()
    }

    @Test
    fun streamFingerprintEqualsTheOneShotFunctionInOddPieces() {
        val data = ByteArray(70_001) { i -> ((i * 31 + 7) % 256).toByte() }
        val out = EncryptingOutputStream(ByteArrayOutputStream(), FileEncryptor(), data.size.toLong(), -5L)
        var pos = 0
        while (pos < data.size) {
            val n = minOf(4093, data.size - pos)
            out.write(data, pos, n)
            pos += n
        }
        out.close()
        val want = FileFingerprint(data.size.toULong(), computeSparseCrc(data.toDirectByteBuffer()).toDirectByteBuffer(), -5L)
        assertEquals(want.toCAttribute(), out.fingerprint.toCAttribute())
    }

    @Test
    fun streamRefusesAWrongAnnouncedSize() {
        val out = EncryptingOutputStream(ByteArrayOutputStream(), FileEncryptor(), 4L, 0L)
        out.write(byteArrayOf(1, 2, 3))
        assertThrows(CryptoException.SizeMismatch::class.java) { out.finish() }
    }
}
