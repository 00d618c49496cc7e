"""Round trips and failure categories of the account-level bindings (RSA, shares, encrypted user
attributes): properties from first principles; byte-exact checks are in the vector harness."""
import os

import pytest

import megacrypt


def test_tlv_container_round_trip_tamper_and_short_tag_policy():
    key = megacrypt.AesKey.generate()
    recs = megacrypt.TlvRecords()
    recs.insert("prCu255", os.urandom(32))
    recs.insert("prEd255", os.urandom(32))
    blob = megacrypt.seal_container(key, recs, megacrypt.ContainerMode.AES_GCM12X16, False)
    assert blob[0] == 0x10  # mode byte of AES-GCM 12/16
    opened = megacrypt.open_container(key, blob)
    assert opened.mode == megacrypt.ContainerMode.AES_GCM12X16
    assert opened.records.records() == recs.records()
    bad = bytearray(blob)
    bad[-1] ^= 1
    with pytest.raises(megacrypt.CryptoError.Decrypt):
        megacrypt.open_container(key, bytes(bad))
    with pytest.raises(megacrypt.CryptoError.Unsupported):
        megacrypt.seal_container(key, recs, megacrypt.ContainerMode.AES_GCM10X8, False)
    short = megacrypt.seal_container(key, recs, megacrypt.ContainerMode.AES_GCM10X8, True)
    assert megacrypt.open_container(key, short).records.get("prCu255") == recs.get("prCu255")
    with pytest.raises(megacrypt.CryptoError.Unsupported):
        megacrypt.container_mode_from_byte(0x7F)


def test_node_keys_wrap_under_master_and_share_keys():
    mk = megacrypt.MasterKey.generate()
    fk = megacrypt.encrypt_file(b"x" * 100).key
    nk = megacrypt.NodeKey.FILE(fk)
    wrapped = megacrypt.wrap_node_key(mk.to_aes_key(), nk)
    assert len(wrapped) == 32
    back = megacrypt.unwrap_node_key(mk.to_aes_key(), wrapped)
    assert isinstance(back, megacrypt.NodeKey.FILE) and back.key == fk
    with pytest.raises(megacrypt.CryptoError.Decrypt):
        megacrypt.unwrap_node_key(mk.to_aes_key(), wrapped[:20])
    sk = megacrypt.ShareKey.generate()
    ok = megacrypt.base64_encode(megacrypt.wrap_share_key(mk, sk))
    ha = megacrypt.base64_encode(megacrypt.handle_auth(mk, "AAAAAAAA"))
    assert megacrypt.unwrap_owner_share_key(mk, "AAAAAAAA", ok, ha) == sk
    with pytest.raises(megacrypt.CryptoError.Decrypt):
        megacrypt.unwrap_owner_share_key(mk, "BBBBBBBB", ok, ha)


def test_rsa_key_pair_privk_and_key_delivery():
    priv = megacrypt.RsaPrivateKey.generate()
    pub = priv.public_key()
    assert pub.exponent() == 17 and pub.modulus_length() == 256
    mk = megacrypt.MasterKey.generate()
    privk = priv.encrypt_privk(mk, megacrypt.MpiHeaderStyle.BYTE_COUNT)
    again = megacrypt.RsaPrivateKey.from_encrypted_privk(privk, mk, pub)
    assert again.public_key().to_bytes() == pub.to_bytes()
    with pytest.raises(megacrypt.CryptoError.Decrypt):
        megacrypt.RsaPrivateKey.from_encrypted_privk(privk, megacrypt.MasterKey.generate(), None)
    payload = os.urandom(16)
    ct = pub.encrypt_key_b64(payload)
    assert again.decrypt_key_bytes(ct, 16) == payload
    share = again.decrypt_share_key(ct)
    assert share.export_bytes() == payload
    assert megacrypt.RsaPublicKey.from_b64(pub.to_b64()).to_bytes() == pub.to_bytes()
