"""Modern accounts through the Python bindings (issue 13): the life of a `^!keys` container and a
share between two users, and the attacks a malicious server can try, each refused with its code.
Properties from first principles; byte-exact checks are in the vector harness. The guide
docs/guide/modern-accounts.md quotes these steps."""
import pytest

import megacrypt as m

ALICE = m.base64_encode(b"alice-01")
BOB = m.base64_encode(b"bob--002")
FOLDER = m.base64_encode(b"folder")
NOW = 1_764_000_000


def new_account(user):
    mk = m.MasterKey.generate()
    keys = m.bootstrap_account_keys(mk, user, None, NOW)  # None: an account without RSA key
    keys.mark_stored()
    published = {a.name: a.value for a in keys.attributes()}
    return mk, keys, published


def login(mk, user, attribute, last_seen, published):
    # Open ^!keys at login: the app stores the last generation it has seen, outside the server.
    keys = m.KeysContainer.open(mk, attribute, user, last_seen, True, None)
    status = m.check_own_keys_in_container(
        keys, None, published["+puEd255"], published["+puCu255"], published["+sigCu255"], None)
    assert status == m.OwnKeysStatus.CONSISTENT
    return keys


def verify_contact(keys, contact, published):
    """Records a contact's keys: Ed25519 on first sight, X25519 through its key signature."""
    ed = m.Ed25519PublicKey.from_bytes(published["+puEd255"])
    ed_ring = keys.ed25519_authring().observe_ed25519_key(contact, ed)
    cu = m.X25519PublicKey.from_bytes(published["+puCu255"])
    verified = ed.verify_x25519_key(cu, published["+sigCu255"])
    cu_ring = keys.cu25519_authring().record_signature_verified(contact, verified, ed_ring)
    keys.set_ed25519_authring(ed_ring)
    keys.set_cu25519_authring(cu_ring)
    return verified


def test_share_a_folder_between_two_modern_accounts():
    alice_mk, alice_new, alice_pub = new_account(ALICE)
    bob_mk, bob_new, bob_pub = new_account(BOB)
    assert sorted(alice_pub) == ["*keyring", "+puCu255", "+puEd255", "+sigCu255", "^!keys"]
    alice = login(alice_mk, ALICE, alice_new.sealed_keys().to_bytes(), 1, alice_pub)
    bob = login(bob_mk, BOB, bob_new.sealed_keys().to_bytes(), 1, bob_pub)

    # Alice shares a folder with Bob.
    bob_key = verify_contact(alice, BOB, bob_pub)
    m.check_exchange_allowed(alice.ed25519_authring(), BOB, False)
    share_key = m.ShareKey.generate()
    pk_blob = m.PairwiseKey.derive(alice.x25519_private_key(), bob_key).seal_share_key(share_key)
    alice.insert_share_key(FOLDER, share_key, True)
    sealed = alice.seal(alice_mk)
    alice.mark_stored(sealed)
    assert sealed.generation() == 2

    # Bob receives it.
    alice_key = verify_contact(bob, ALICE, alice_pub)
    received = m.PairwiseKey.derive(bob.x25519_private_key(), alice_key).open_share_key(pk_blob)
    assert received == share_key
    bob.insert_share_key(FOLDER, received, True)
    ring = m.ShareKeyring.from_keys_container(bob)
    assert ring.size() == 1
    # Current accounts send an all-zero `ok`: the key is the one in ^!keys.
    zero = m.base64_encode(bytes(16))
    assert m.read_owner_share_key(bob_mk, FOLDER, zero, zero) is None


def test_seal_open_round_trip_and_server_attacks():
    mk, new, published = new_account(ALICE)
    first = new.sealed_keys().to_bytes()
    keys = login(mk, ALICE, first, 1, published)
    keys.add_pending_out_share(FOLDER, None, "carol@example.com")
    keys.add_pending_in_share(FOLDER, BOB, bytes(range(16)))
    sealed = keys.seal(mk)
    again = m.KeysContainer.open(mk, sealed.to_bytes(), ALICE, sealed.generation(), True, None)
    assert again.generation() == 2
    assert again.pending_out_shares() == [m.PendingOutShare(node=FOLDER, user_handle=None, email="carol@example.com")]
    assert again.pending_in_share(FOLDER).encrypted_share_key == bytes(range(16))
    # The server serves the older container again: a rollback.
    with pytest.raises(m.CryptoError.Rollback):
        m.KeysContainer.open(mk, first, ALICE, 2, True, None)
    # The server serves another user's container.
    with pytest.raises(m.CryptoError.WrongAccount):
        m.KeysContainer.open(mk, first, BOB, 0, True, None)
    # A flipped byte.
    bad = bytearray(first)
    bad[-1] ^= 1
    with pytest.raises(m.CryptoError.Decrypt):
        m.KeysContainer.open(mk, bytes(bad), ALICE, 0, True, None)
    # An account with RSA key never accepts an empty RSA record.
    with pytest.raises(m.CryptoError.InvalidKey):
        m.KeysContainer.open(mk, first, ALICE, 0, False, None)
    # Exactly one recipient per pending out-share.
    with pytest.raises(m.CryptoError.ApiMisuse):
        keys.add_pending_out_share(FOLDER, BOB, "x@y")


def test_substituted_contact_keys_are_refused():
    mk, new, published = new_account(ALICE)
    _, _, bob_pub = new_account(BOB)
    _, _, mallory_pub = new_account(BOB)
    keys = login(mk, ALICE, new.sealed_keys().to_bytes(), 1, published)
    verify_contact(keys, BOB, bob_pub)
    # The server replaces Bob's Ed25519 key: the fingerprint changed.
    with pytest.raises(m.CryptoError.KeyChanged):
        keys.ed25519_authring().observe_ed25519_key(BOB, m.Ed25519PublicKey.from_bytes(mallory_pub["+puEd255"]))
    # The server swaps Bob's X25519 key: Bob's signature does not cover it.
    bob_ed = m.Ed25519PublicKey.from_bytes(bob_pub["+puEd255"])
    with pytest.raises(m.CryptoError.SignatureInvalid):
        bob_ed.verify_x25519_key(m.X25519PublicKey.from_bytes(mallory_pub["+puCu255"]), bob_pub["+sigCu255"])
    # A 73-byte signature blob.
    with pytest.raises(m.CryptoError.Malformed):
        m.KeySignature.from_bytes(bob_pub["+sigCu255"] + b"\0")
    # A contact never seen cannot receive share keys.
    with pytest.raises(m.CryptoError.ApiMisuse):
        m.check_exchange_allowed(m.Authring(), BOB, False)
    # Published keys that do not match the account's own: KeyChanged.
    with pytest.raises(m.CryptoError.KeyChanged):
        m.check_own_keys(keys.ed25519_private_key(), keys.x25519_private_key(),
                         bob_pub["+puEd255"], published["+puCu255"], published["+sigCu255"], None, None)


def test_credentials_and_identity_keys():
    ed = m.Ed25519PrivateKey.generate()
    assert m.Ed25519PrivateKey.from_bytes(ed.export_bytes()) == ed
    cred = ed.public_key().credentials()
    assert len(cred.text()) == 40 and cred.text() == cred.text().upper()
    assert cred.grouped().replace(" ", "") == cred.text()
    with pytest.raises(m.CryptoError.InvalidKey):
        m.Ed25519PrivateKey.from_bytes(bytes(31))
    with pytest.raises(m.CryptoError.InvalidKey):
        m.Ed25519PublicKey.from_bytes(bytes(32))  # small order
