package megacrypt

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * TOTP (RFC 6238 Appendix B, transcribed from the RFC), password items, typed user attributes and
 * albums through the Kotlin bindings. Expected values come from the RFC or from first principles;
 * the byte-exact album and attribute checks are in the vector harness (AreasAlbums.kt).
 */
class AlbumsTest {
    private val seeds = mapOf(
        TotpAlgorithm.SHA1 to "12345678901234567890",
        TotpAlgorithm.SHA256 to "12345678901234567890123456789012",
        TotpAlgorithm.SHA512 to "1234567890123456789012345678901234567890123456789012345678901234",
    ).mapValues { it.value.toByteArray(Charsets.US_ASCII) }

    // RFC 6238 Appendix B: time, SHA-1, SHA-256, SHA-512; 8 digits, 30-second period.
    private val rfc6238 = listOf(
        listOf("59", "94287082", "46119246", "90693936"),
        listOf("1111111109", "07081804", "68084774", "25091201"),
        listOf("1111111111", "14050471", "67062674", "99943326"),
        listOf("1234567890", "89005924", "91819424", "93441116"),
        listOf("2000000000", "69279037", "90698825", "38618901"),
        listOf("20000000000", "65353130", "77737706", "47863826"),
    )

    @Test
    fun rfc6238AppendixB() {
        var rows = 0
        val algs = listOf(TotpAlgorithm.SHA1, TotpAlgorithm.SHA256, TotpAlgorithm.SHA512)
        for (row in rfc6238) {
            val time = row[0].toULong()
            for ((i, alg) in algs.withIndex()) {
                val seed = seeds.getValue(alg)
                assertEquals(row[i + 1], Totp.fromSecret(seed.d(), alg, 8u, 30u).codeAt(time), "$alg at $time")
                val b32 = encodeBase32(seed.d())
                assertArrayEquals(seed, decodeBase32(b32))
                assertEquals(row[i + 1], Totp(b32, alg, 8u, 30u).codeAt(time))
                rows++
            }
        }
        assertEquals(18, rows)
        // RFC 4648 section 10's example.
        assertEquals("MZXW6YTBOI======", encodeBase32("foobar".toByteArray().d()))
    }

    @Test
    fun totpVerifyWindowAndDigits() {
        val totp = Totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", TotpAlgorithm.SHA1, 8u, 30u)
        assertTrue(totp.verify("94287082", 59u, 0u))
        assertTrue(totp.verify("94287082", 89u, 1u))
        assertFalse(totp.verify("94287082", 89u, 0u))
        assertFalse(totp.verify("94287082", 119u, 1u))
        assertTrue(totp.verify("94287082", 119u, 2u))
        assertFalse(totp.verify("94287083", 59u, 1u))
        assertFalse(totp.verify("4287082", 59u, 1u))
        assertThrows<CryptoException.ApiMisuse> { totp.verify("94287082", 59u, 101u) }
        assertEquals(1u, totp.remainingSeconds(59u))
        assertEquals("287082", Totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", TotpAlgorithm.SHA1, 6u, 30u).codeAt(59u))
        assertThrows<CryptoException.Malformed> { Totp("GEZD", TotpAlgorithm.SHA1, 5u, 30u) }
        assertThrows<CryptoException.Malformed> { Totp("GEZD", TotpAlgorithm.SHA1, 6u, 0u) }
        assertThrows<CryptoException.InvalidKey> { Totp("====", TotpAlgorithm.SHA1, 6u, 30u) }
    }

    @Test
    fun passwordItemRoundTrip() {
        val src = """{"pwd":"hunter2","u":"alice","url":"https://example.com","n":"note",
            "totp":{"shse":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","t":"30","alg":"sha1","nd":"8"},"x":{"keep":1}}"""
        val item = PasswordItem.fromJson(src)
        assertFalse(item.isCreditCard())
        assertEquals("hunter2", item.exportPassword())
        assertEquals("alice", item.userName())
        assertEquals("94287082", item.totp()!!.toTotp().codeAt(59u))
        val out = JSONObject(item.toJson())
        assertEquals(30, out.getJSONObject("totp").get("t"))
        assertEquals(8, out.getJSONObject("totp").get("nd"))
        assertEquals(1, out.getJSONObject("x").get("keep"))
        assertEquals(item, PasswordItem.fromJson(item.toJson()))
        val attrs = item.toNodeAttributes(NodeAttributes.withName("example.com"))
        assertEquals(item, PasswordItem.fromNodeAttributes(attrs))
        val made = PasswordItem.password("pw").withTotp(TotpSpec("GEZDGNBVGY3TQOJQ", TotpAlgorithm.SHA256, 6u, 60u))
        val spec = JSONObject(made.toJson()).getJSONObject("totp")
        assertEquals(60, spec.get("t"))
        assertEquals("sha256", spec.get("alg"))
        assertNull(made.withoutTotp().totp())
        val card = PasswordItem.fromJson(PasswordItem.creditCard("4111111111111111").withCvv("123").toJson())
        assertTrue(card.isCreditCard())
        assertEquals("123", card.exportCvv())
        assertNull(card.exportPassword())
    }

    @Test
    fun passwordItemIsStrict() {
        assertThrows<CryptoException.Malformed> { PasswordItem.fromJson("""{"pwd":42}""") }
        assertThrows<CryptoException.Malformed> { PasswordItem.fromJson("not json") }
        assertThrows<CryptoException.Malformed> { PasswordItem.fromJson("""{"pwd":"x","totp":{"shse":"GEZD","nd":5}}""") }
        assertThrows<CryptoException.Unsupported> { PasswordItem.fromJson("""{"t":"z","pwd":"x"}""") }
        assertThrows<CryptoException.Malformed> { PasswordItem.fromJson("""{"t":"c","nu":"1","cvv":123}""") }
        assertThrows<CryptoException.ApiMisuse> { PasswordItem.password("x").withCvv("1") }
    }

    @Test
    fun albumsAndCollectionLinks() {
        val mk = MasterKey.generate()
        val sk = SetKey.generate()
        assertEquals(sk, unwrapSetKey(mk, wrapSetKey(mk, sk).d()))
        val at = sealSetAttributes(sk, SetAttributes().withName("Holiday"))
        assertEquals("Holiday", openSetAttributes(sk, at.d()).name())
        assertThrows<CryptoException.Decrypt> { openSetAttributes(SetKey.generate(), at.d()) }
        val link = CollectionLink("QylglsXZ", sk)
        val parsed = parseLink(link.toUrl())
        assertTrue(parsed is AnyLink.Collection)
        assertEquals(link, (parsed as AnyLink.Collection).link)
        assertEquals(LinkKind.COLLECTION, parsed.link.kind())
        assertThrows<CryptoException.Malformed> { CollectionLink.parse("https://mega.nz/collection/QylglsXZ!" + sk.exportB64()) }
    }

    @Test
    fun typedUserAttributes() {
        val mk = MasterKey.generate()
        val cam = CameraUploadsFolders().withPrimary("JGXrym5_")
        assertEquals("JGXrym5_", CameraUploadsFolders.open(mk, cam.seal(mk).d()).primary())
        val h = deviceIdHash("device".toByteArray().d())
        val names = DeviceNames().withDevice(h, "laptop")
        assertThrows<CryptoException.ApiMisuse> { names.withDrive("AQIDBAUGBwg", "laptop") }
        val bad = TlvRecords().also { it.insert("h", ByteArray(5).d()) }
        assertThrows<CryptoException.Malformed> { CameraUploadsFolders.fromBytes(bad.toBytes().d()) }
    }
}
