package example

import megacrypt.*
import java.io.ByteArrayOutputStream

fun fileMetadataExample() {
    // Upload: encrypt and fingerprint in one pass; the `c` attribute carries the mtime.
    val plaintext = ByteArray(100) { it.toByte() }
    val out = EncryptingOutputStream(ByteArrayOutputStream(), FileEncryptor(), plaintext.size.toLong(), 1_700_000_000L)
    out.use { it.write(plaintext) }
    val fp = out.fingerprint
    check(fp.toCAttribute() == "2IDUDIExcicOatw3dZqBIQQA8VNl") // docs/format/fingerprint.md
    check(fp.crc().contentEquals(computeSparseCrc(plaintext.toDirectByteBuffer())))

    // Sync: parse a node's `c` strictly and compare as the SDK does (mtime within 2 s).
    val node = FileFingerprint.parse("2IDUDIExcicOatw3dZqBIQQA8VNl", 100u)
    check(node.matches(FileFingerprint(100u, fp.crc().toDirectByteBuffer(), 1_700_000_002L)))

    // Media attributes (fa types 8 and 9), under the node key.
    val mediaKey = MediaKey.fromNodeKey(ByteArray(32) { it.toByte() }.toDirectByteBuffer())
    val props = MediaProperties(width = 1920u, height = 1080u, fps = 30u, playtime = 125u, shortformat = 1u,
        containerId = 0u, videoCodecId = 0u, audioCodecId = 0u)
    check(encodeMediaAttributes(props, mediaKey) == "8*84HFaf1djdQ")
    check(decodeMediaAttributes("470:8*84HFaf1djdQ", mediaKey) == props)

    // Location: the shareable `l` attribute.
    check(encodeLocationL(51.5007, -0.1246) == "1D7JUel_")
    check(Math.abs(decodeLocationL("1D7JUel_").latitude - 51.5007) < 1e-5)

    // The upload request checksum: POST to <upload URL> + urlSuffix(start).
    val checksum = UploadChecksum()
    checksum.update(byteArrayOf(0xbc.toByte()).toDirectByteBuffer())
    check(checksum.urlSuffix(0u) == "/0?d=vAAAAAAAAAAAAAAA")

    // CloudRAID: recombine five of the six parts (here without part 1, rebuilt from parity).
    check(cloudraidPartSizes(1000u) == listOf<ULong>(208u, 208u, 208u, 200u, 192u, 192u))
    val data = ByteArray(20) { it.toByte() }
    val parity = ByteArray(16) { i -> (data[i].toInt() xor (if (i < 4) data[16 + i].toInt() else 0)).toByte() }
    val raid = Recombiner(20u, 1u)
    raid.feed(0u, parity.toDirectByteBuffer())
    raid.feed(2u, data.copyOfRange(16, 20).toDirectByteBuffer())
    check(raid.drain().contentEquals(data))
    raid.finish()
}
