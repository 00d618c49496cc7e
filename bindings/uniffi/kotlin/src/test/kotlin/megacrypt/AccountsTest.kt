package megacrypt

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.security.SecureRandom

/** Round trips and failure categories of the account-level bindings (first principles). */
class AccountsTest {
    private val rnd = SecureRandom()
    private fun random(n: Int) = ByteArray(n).also { rnd.nextBytes(it) }

    @Test
    fun tlvContainerRoundTripAndTamper() {
        val key = AesKey.generate()
        val recs = TlvRecords()
        recs.insert("prCu255", random(32).d())
        val blob = sealContainer(key, recs, ContainerMode.AES_GCM12X16, false)
        assertEquals(0x10, blob[0].toInt())
        val opened = openContainer(key, blob.d())
        assertArrayEquals(recs.get("prCu255"), opened.records.get("prCu255"))
        val bad = blob.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }
        assertThrows<CryptoException.Decrypt> { openContainer(key, bad.d()) }
        assertThrows<CryptoException.Unsupported> { sealContainer(key, recs, ContainerMode.AES_GCM10X8, false) }
    }

    @Test
    fun nodeAndShareKeysWrap() {
        val mk = MasterKey.generate()
        val fk = encryptFile(random(100).d()).key
        val wrapped = wrapNodeKey(mk.toAesKey(), NodeKey.File(fk))
        val back = unwrapNodeKey(mk.toAesKey(), wrapped.d())
        assertTrue(back is NodeKey.File && back.key == fk)
        val sk = ShareKey.generate()
        val ok = base64Encode(wrapShareKey(mk, sk).d())
        val ha = base64Encode(handleAuth(mk, "AAAAAAAA").d())
        assertEquals(sk, unwrapOwnerShareKey(mk, "AAAAAAAA", ok, ha))
        assertThrows<CryptoException.Decrypt> { unwrapOwnerShareKey(mk, "BBBBBBBB", ok, ha) }
    }
}
