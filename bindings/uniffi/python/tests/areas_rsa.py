"""Areas `rsa` and `rsa_tamper`: mirror core/tests/vectors/area_rsa.rs through the bindings, except
the RSA *encryption* with replayed padding, which needs an injected RNG the bindings do not offer:
the RSA plaintext fields are checked against what decryption yields instead."""
import json

import megacrypt
from vectorlib import Mismatch, eq


def strip_zeros(b):
    return bytes(b).lstrip(b"\0")


def check_rsa_key(key):
    """Checks the file-level key object; returns the private key (raises Mismatch on any difference)."""
    mk = megacrypt.MasterKey.from_bytes(bytes.fromhex(key["master_key_hex"]))
    pubk = megacrypt.RsaPublicKey.from_b64(key["pubk_b64"])
    eq("pubk bytes", key["pubk_hex"], pubk.to_bytes().hex())
    eq("pubk b64", key["pubk_b64"], pubk.to_b64())
    eq("n", strip_zeros(bytes.fromhex(key["n_hex"])).hex(), strip_zeros(pubk.modulus()).hex())
    eq("e", key["e"], pubk.exponent())
    eq("bits", key["bits"], pubk.modulus_length() * 8)
    sk = megacrypt.RsaPrivateKey.from_encrypted_privk(key["privk_enc_b64"], mk, pubk)
    unpinned = megacrypt.RsaPrivateKey.from_encrypted_privk(key["privk_enc_b64"], mk, None)
    derived = unpinned.public_key()  # same (n, e); its MPI header style is not the blob's
    eq("derived public key (n, e)", (pubk.modulus(), pubk.exponent()), (derived.modulus(), derived.exponent()))
    plain = bytes.fromhex(key["privk_plain_hex"])
    style = megacrypt.MpiHeaderStyle.EXACT_BITS if "mpi_headers" not in key else megacrypt.MpiHeaderStyle.BYTE_COUNT
    ours = sk.export_privk_plain(style)
    eq("privk_plain_hex (without padding)", plain[: len(plain) - key["privk_padding_len"]].hex(), ours.hex())
    rest = ours
    for name in ("p_hex", "q_hex", "d_hex", "u_hex"):
        bits = (rest[0] << 8) | rest[1]
        n = (bits + 7) // 8
        eq(name, strip_zeros(bytes.fromhex(key[name])).hex(), strip_zeros(rest[2 : 2 + n]).hex())
        rest = rest[2 + n :]
    enc = sk.encrypt_privk(mk, style)
    eq("privk length", len(key["privk_enc_b64"]), len(enc))
    back = megacrypt.RsaPrivateKey.from_encrypted_privk(enc, mk, pubk)
    eq("re-read encoding", ours, back.export_privk_plain(style))
    return sk


def make_rsa_checker(data):
    try:
        sk, key_error = check_rsa_key(data.get("key") or {}), None
    except Exception as e:  # reported on every case of the file
        sk, key_error = None, e

    def check(c):
        if key_error is not None:
            raise Mismatch(f"file key: {type(key_error).__name__}: {key_error}")
        c.info("what", "flags", "megajs_sid", "megapy_sid", "megajs_key_hex", "megajs_rsa_plaintext_hex", "note")
        k = sk.public_key().modulus_length()
        kind = c.str("kind")
        if kind == "csid":
            csid = c.str("csid_b64")
            pt = c.hex("rsa_plaintext_hex")
            eq("plaintext length (K-2)", k - 2, len(pt))
            sid = sk.decrypt_session_id_unbound(csid)
            c.expect_str("sid_b64", sid.export_b64())
            eq("sid = first 43 bytes of the fixed-length plaintext", pt[:43], sid.export_bytes())
            if c.has("user_handle_b64"):
                user = c.str("user_handle_b64")
                accepts = c.bool("sdk_login_accepts")
                try:
                    bound = sk.decrypt_session_id(csid, user)
                except megacrypt.CryptoError as e:
                    eq("login accepted (user handle binding)", accepts, False)
                    eq("opaque error", "Decrypt", type(e).__name__)
                else:
                    eq("login accepted (user handle binding)", accepts, True)
                    eq("bound sid", sid.export_b64(), bound.export_b64())
        elif kind == "share_key":
            ct = c.str("ct_b64")
            pt = c.hex("rsa_plaintext_hex")
            want = c.hex("share_key_hex")
            eq("plaintext starts with the share key", want, pt[:16])
            eq("plaintext length (K-2)", k - 2, len(pt))
            got = sk.decrypt_share_key(ct).export_bytes()
            c.expect_hex("expected_share_key_hex", got)
            eq("share key", want, got)
            attr_ct = c.opt("folder_attr_ciphertext_b64")
            if isinstance(attr_ct, str):
                attrs = megacrypt.open_node_attributes_b64(megacrypt.AesKey.from_bytes(got), attr_ct)
                for name, v in (c.opt("megajs_attrs") or {}).items():
                    eq(f"attribute {name}", v, json.loads(attrs.get_json(name)))
        else:
            raise Mismatch(f"unknown kind {kind}")

    return check


def make_rsa_tamper_checker(data):
    try:
        setup = (
            megacrypt.MasterKey.from_bytes(bytes.fromhex(data["master_key_hex"])),
            megacrypt.RsaPublicKey.from_b64(data["pubk_b64"]),
            data["csid_b64"],
        )
        setup_error = None
    except Exception as e:
        setup, setup_error = None, e
    first_error = []

    def check(c):
        if setup_error is not None:
            raise Mismatch(f"file fields: {type(setup_error).__name__}: {setup_error}")
        mk, pubk, csid = setup
        c.info("attack", "block_index")
        privk = c.str("privk_enc_b64")
        try:
            sid = megacrypt.RsaPrivateKey.from_encrypted_privk(privk, mk, pubk).decrypt_session_id_unbound(csid)
            err = None
        except megacrypt.CryptoError as e:
            sid, err = None, e
        expect = c.str("expect")
        if expect == "accept":
            if err is not None:
                raise Mismatch(f"control case rejected: {type(err).__name__}: {err}")
            c.expect_str("sid_b64", sid.export_b64())
        elif expect == "reject":
            if err is None:
                raise Mismatch("tampered key accepted")
            eq("error category", "Decrypt", type(err).__name__)
            desc = f"{type(err).__name__}: {err}"
            if not first_error:
                first_error.append(desc)
            eq("same opaque error for every attack", first_error[0], desc)
        else:
            raise Mismatch(f"unknown expect {expect}")

    return check
