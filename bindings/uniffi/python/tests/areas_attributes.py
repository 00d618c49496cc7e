"""Area `attributes`: mirrors core/tests/vectors/area_attributes.rs through the bindings."""
import json

import megacrypt
from vectorlib import Mismatch, Skip, eq


def node_key_attr(nk):
    return megacrypt.node_key_attribute_key(nk)


def check_attributes(c):
    kind = c.str("kind")
    if kind == "roundtrip":
        c.info("flags", "megapy_decrypted", "megapy_decrypts_to_same")
        nk = megacrypt.node_key_from_bytes(c.hex("node_key_hex"))
        eq("key_type", c.str("key_type"), "file" if isinstance(nk, megacrypt.NodeKey.FILE) else "folder")
        key = node_key_attr(nk)
        c.expect_hex("aes_key_hex", key.export_bytes())
        attrs = c.value("attrs")
        # Canonical form: JSON.stringify (compact, key order kept, raw UTF-8).
        text = json.dumps(attrs, separators=(",", ":"), ensure_ascii=False)
        plain = b"MEGA" + text.encode("utf-8")
        plain += bytes(-len(plain) % 16)
        c.expect_hex("plaintext_hex", plain)
        sealed = megacrypt.seal_node_attributes_json(key, text)
        c.expect_str("ciphertext_b64", megacrypt.base64_encode(sealed))
        opened = megacrypt.open_node_attributes_b64(key, c.str("ciphertext_b64"))
        eq("opened attrs", attrs, json.loads(opened.json()))
        eq("name", attrs.get("n") if isinstance(attrs.get("n"), str) else None, opened.name())
        mp = c.value("megapy_form")
        mp_open = megacrypt.open_node_attributes_b64(key, mp["ciphertext_b64"])
        eq("megapy form attrs", attrs, json.loads(mp_open.json()))
        mp_plain = b"MEGA" + mp_open.json().encode("utf-8")
        mp_plain += bytes(-len(mp_plain) % 16)
        eq("megapy_form.plaintext_hex", mp["plaintext_hex"], mp_plain.hex())
    elif kind == "decrypt_fails":
        c.info("what", "megapy_error")
        eq("megajs_ok", c.bool("megajs_ok"), False)
        eq("megapy_ok", c.bool("megapy_ok"), False)
        key = megacrypt.AesKey.from_bytes(c.hex("aes_key_hex"))
        try:
            megacrypt.open_node_attributes_b64(key, c.str("ciphertext_b64"))
        except (megacrypt.CryptoError.Decrypt, megacrypt.CryptoError.Malformed):
            return
        raise Mismatch("decrypted although both implementations reject it")
    else:
        raise Skip(f"unknown attributes kind {kind}")
