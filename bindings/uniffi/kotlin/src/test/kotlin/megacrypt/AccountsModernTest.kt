package megacrypt

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * Modern accounts (issue 13): the life of a `^!keys` container and a share between two users, and
 * the attacks a malicious server can try, each refused with its code. docs/guide/modern-accounts.md
 * quotes these steps.
 */
class AccountsModernTest {
    private fun b64(s: String) = base64Encode(s.toByteArray().d())
    private val alice = b64("alice-01")
    private val bob = b64("bob--002")
    private val folder = b64("folder")
    private val now = 1_764_000_000u

    private class Account(val mk: MasterKey, val keys: NewAccountKeys, val published: Map<String, ByteArray>)

    private fun newAccount(user: String): Account {
        val mk = MasterKey.generate()
        val keys = bootstrapAccountKeys(mk, user, null, now) // null: an account without RSA key
        keys.markStored()
        return Account(mk, keys, keys.attributes().associate { it.name to it.value })
    }

    private fun login(mk: MasterKey, user: String, attribute: ByteArray, lastSeen: UInt, published: Map<String, ByteArray>): KeysContainer {
        // Open ^!keys at login: the app stores the last generation it has seen, outside the server.
        val keys = KeysContainer.open(mk, attribute.d(), user, lastSeen, true, null)
        val status = checkOwnKeysInContainer(
            keys, null, published.getValue("+puEd255").d(), published.getValue("+puCu255").d(), published.getValue("+sigCu255").d(), null,
        )
        assertEquals(OwnKeysStatus.CONSISTENT, status)
        return keys
    }

    /** Records a contact's keys: Ed25519 on first sight, X25519 through its key signature. */
    private fun verifyContact(keys: KeysContainer, contact: String, published: Map<String, ByteArray>): VerifiedX25519PublicKey {
        val ed = Ed25519PublicKey.fromBytes(published.getValue("+puEd255").d())
        val edRing = keys.ed25519Authring().observeEd25519Key(contact, ed)
        val cu = X25519PublicKey.fromBytes(published.getValue("+puCu255").d())
        val verified = ed.verifyX25519Key(cu, published.getValue("+sigCu255").d())
        val cuRing = keys.cu25519Authring().recordSignatureVerified(contact, verified, edRing)
        keys.setEd25519Authring(edRing)
        keys.setCu25519Authring(cuRing)
        return verified
    }

    @Test
    fun shareAFolderBetweenTwoModernAccounts() {
        val a0 = newAccount(alice)
        val b0 = newAccount(bob)
        assertEquals(listOf("*keyring", "+puCu255", "+puEd255", "+sigCu255", "^!keys"), a0.published.keys.sorted())
        val a = login(a0.mk, alice, a0.keys.sealedKeys().toBytes(), 1u, a0.published)
        val b = login(b0.mk, bob, b0.keys.sealedKeys().toBytes(), 1u, b0.published)

        // Alice shares a folder with Bob.
        val bobKey = verifyContact(a, bob, b0.published)
        checkExchangeAllowed(a.ed25519Authring(), bob, false)
        val shareKey = ShareKey.generate()
        val pkBlob = PairwiseKey.derive(a.x25519PrivateKey(), bobKey).sealShareKey(shareKey)
        a.insertShareKey(folder, shareKey, true)
        val sealed = a.seal(a0.mk)
        a.markStored(sealed)
        assertEquals(2u, sealed.generation())

        // Bob receives it.
        val aliceKey = verifyContact(b, alice, a0.published)
        val received = PairwiseKey.derive(b.x25519PrivateKey(), aliceKey).openShareKey(pkBlob.d())
        assertEquals(shareKey, received)
        b.insertShareKey(folder, received, true)
        assertEquals(1u, ShareKeyring.fromKeysContainer(b).size())
        val zero = base64Encode(ByteArray(16).d())
        assertNull(readOwnerShareKey(b0.mk, folder, zero, zero))
    }

    @Test
    fun sealOpenRoundTripAndServerAttacks() {
        val acc = newAccount(alice)
        val first = acc.keys.sealedKeys().toBytes()
        val keys = login(acc.mk, alice, first, 1u, acc.published)
        keys.addPendingOutShare(folder, null, "carol@example.com")
        keys.addPendingInShare(folder, bob, ByteArray(16) { it.toByte() }.d())
        val sealed = keys.seal(acc.mk)
        val again = KeysContainer.open(acc.mk, sealed.toBytes().d(), alice, sealed.generation(), true, null)
        assertEquals(2u, again.generation())
        assertEquals(listOf(PendingOutShare(folder, null, "carol@example.com")), again.pendingOutShares())
        assertEquals(hex(ByteArray(16) { it.toByte() }), hex(again.pendingInShare(folder)!!.encryptedShareKey!!))
        assertThrows<CryptoException.Rollback> { KeysContainer.open(acc.mk, first.d(), alice, 2u, true, null) }
        assertThrows<CryptoException.WrongAccount> { KeysContainer.open(acc.mk, first.d(), bob, 0u, true, null) }
        val bad = first.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }
        assertThrows<CryptoException.Decrypt> { KeysContainer.open(acc.mk, bad.d(), alice, 0u, true, null) }
        assertThrows<CryptoException.InvalidKey> { KeysContainer.open(acc.mk, first.d(), alice, 0u, false, null) }
        assertThrows<CryptoException.ApiMisuse> { keys.addPendingOutShare(folder, bob, "x@y") }
    }

    @Test
    fun substitutedContactKeysAreRefused() {
        val acc = newAccount(alice)
        val bobPub = newAccount(bob).published
        val mallory = newAccount(bob).published
        val keys = login(acc.mk, alice, acc.keys.sealedKeys().toBytes(), 1u, acc.published)
        verifyContact(keys, bob, bobPub)
        assertThrows<CryptoException.KeyChanged> {
            keys.ed25519Authring().observeEd25519Key(bob, Ed25519PublicKey.fromBytes(mallory.getValue("+puEd255").d()))
        }
        val bobEd = Ed25519PublicKey.fromBytes(bobPub.getValue("+puEd255").d())
        assertThrows<CryptoException.SignatureInvalid> {
            bobEd.verifyX25519Key(X25519PublicKey.fromBytes(mallory.getValue("+puCu255").d()), bobPub.getValue("+sigCu255").d())
        }
        assertThrows<CryptoException.Malformed> { KeySignature.fromBytes((bobPub.getValue("+sigCu255") + byteArrayOf(0)).d()) }
        assertThrows<CryptoException.ApiMisuse> { checkExchangeAllowed(Authring(), bob, false) }
        assertThrows<CryptoException.KeyChanged> {
            checkOwnKeys(
                keys.ed25519PrivateKey(), keys.x25519PrivateKey(), bobPub.getValue("+puEd255").d(),
                acc.published.getValue("+puCu255").d(), acc.published.getValue("+sigCu255").d(), null, null,
            )
        }
    }

    @Test
    fun credentialsAndIdentityKeys() {
        val ed = Ed25519PrivateKey.generate()
        assertEquals(ed, Ed25519PrivateKey.fromBytes(ed.exportBytes().d()))
        val cred = ed.publicKey().credentials()
        assertEquals(40, cred.text().length)
        assertEquals(cred.text(), cred.grouped().replace(" ", ""))
        assertThrows<CryptoException.InvalidKey> { Ed25519PrivateKey.fromBytes(ByteArray(31).d()) }
        assertThrows<CryptoException.InvalidKey> { Ed25519PublicKey.fromBytes(ByteArray(32).d()) }
        assertEquals(true, exchangeAllowed(AuthMethod.SEEN, false))
        assertEquals(false, exchangeAllowed(AuthMethod.SEEN, true))
    }
}
