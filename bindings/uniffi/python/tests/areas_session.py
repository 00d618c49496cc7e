"""Area `master_key` (core `session`: the master key and `tsid` of a login): mirrors
core/tests/vectors/area_master_key.rs through the bindings."""
import megacrypt
from vectorlib import Skip, eq


def b64(b):
    return megacrypt.base64_encode(bytes(b))


def check_master_key(c, pk):
    """The login's master-key step: unwrap encrypted_master_key_b64 with the password key."""
    mk = megacrypt.decrypt_master_key_b64(pk, c.str("encrypted_master_key_b64"))
    c.expect_hex("master_key_hex", mk.export_bytes())
    eq("re-wrap", c.str("encrypted_master_key_b64"), b64(megacrypt.encrypt_master_key(pk, mk)))


def check_master_key_area(c):
    kind = c.str("kind")
    pk_from_hex = lambda: megacrypt.PasswordKey.from_bytes(c.hex("password_key_hex"))
    if kind == "login_v1":
        pk = megacrypt.prepare_key_v1(c.str("password"))
        c.expect_hex("password_key_hex", pk.export_bytes())
        check_master_key(c, pk)
    elif kind == "login_v2":
        # As the Rust handler: the salt is not in this file; kdf_v2 covers the derivation.
        c.info("password")
        check_master_key(c, pk_from_hex())
    elif kind == "decrypt":
        check_master_key(c, pk_from_hex())
    elif kind == "tsid":
        c.info("what")
        pk = pk_from_hex()
        check_master_key(c, pk)
        mk = megacrypt.decrypt_master_key_b64(pk, c.str("encrypted_master_key_b64"))
        valid = c.bool("valid")
        try:
            sid = megacrypt.check_tsid_b64(mk, c.str("tsid_b64"))
        except megacrypt.CryptoError.Decrypt:
            eq("valid", valid, False)
            return
        eq("valid", valid, True)
        eq("sid is the tsid", c.str("tsid_b64"), b64(sid))
    else:
        raise Skip(f"unknown master_key kind {kind}")
