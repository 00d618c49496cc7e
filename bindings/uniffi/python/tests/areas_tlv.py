"""Area `ccm` (core `tlv`: raw AEAD in the container modes and TLV containers): mirrors
core/tests/vectors/area_ccm.rs through the bindings."""
import megacrypt
from vectorlib import Mismatch, eq, expect_error


MODES = {
    "AES_CCM_12_16": "AES_CCM12X16",
    "AES_CCM_10_16": "AES_CCM10X16",
    "AES_CCM_10_08": "AES_CCM10X8",
    "AES_GCM_12_16_BROKEN": "AES_GCM12X16_BROKEN",
    "AES_GCM_10_08_BROKEN": "AES_GCM10X8_BROKEN",
    "AES_GCM_12_16": "AES_GCM12X16",
    "AES_GCM_10_08": "AES_GCM10X8",
}


def mode_by_name(name):
    if name not in MODES:
        raise Mismatch(f"unknown mode {name}")
    return getattr(megacrypt.ContainerMode, MODES[name])


def check_ccm(c):
    c.info("what", "note")
    kind = c.str("kind")
    key = megacrypt.AesKey.from_bytes(c.hex("key_hex"))
    if kind in ("ccm", "gcm"):
        mode = mode_by_name(c.str("mode"))
        info = megacrypt.container_mode_info(mode)
        eq("cipher", megacrypt.ContainerCipher.CCM if kind == "ccm" else megacrypt.ContainerCipher.GCM, info.cipher)
        eq("nonce_len", c.u64("nonce_len"), info.iv_length)
        eq("tag_len", c.u64("tag_len"), info.tag_length)
        nonce, aad, pt = c.hex("nonce_hex"), c.hex("aad_hex"), c.hex("plaintext_hex")
        sealed = megacrypt.hazmat_aead_seal(mode, key, nonce, aad, pt)
        c.expect_hex("ciphertext_hex", sealed[: len(pt)])
        c.expect_hex("tag_hex", sealed[len(pt):])
        eq("plaintext", pt, megacrypt.hazmat_aead_open(mode, key, nonce, aad, sealed))
        for i in range(len(sealed)):
            bad = bytearray(sealed)
            bad[i] ^= 1
            expect_error(f"bit flip at byte {i}", "Decrypt", lambda: megacrypt.hazmat_aead_open(mode, key, nonce, aad, bytes(bad)))
    elif kind == "tlv_container":
        records = megacrypt.TlvRecords()
        for k, v in c.value("records_hex").items():
            records.insert(k, bytes.fromhex(v))
        c.expect_hex("tlv_hex", records.to_bytes())
        eq("parse tlv_hex", records.records(), megacrypt.TlvRecords.from_bytes(c.hex("tlv_hex")).records())
        mode = mode_by_name(c.str("mode"))
        info = megacrypt.container_mode_info(mode)
        eq("encryption_setting", c.u64("encryption_setting"), info.byte)
        cipher = c.opt("cipher")
        if cipher is not None:
            eq("cipher", megacrypt.ContainerCipher.GCM if cipher == "GCM" else megacrypt.ContainerCipher.CCM, info.cipher)
        iv = c.hex("iv_hex")
        sealed = megacrypt.hazmat_seal_container_with_iv(key, records, mode, iv, True)
        c.expect_hex("container_hex", sealed)
        c.expect_str("container_b64", megacrypt.base64_encode(sealed))
        if info.tag_length < 16:
            expect_error("short-tag write refused by default", "Unsupported",
                         lambda: megacrypt.hazmat_seal_container_with_iv(key, records, mode, iv, False))
        opened = megacrypt.open_container(key, c.hex("container_hex"))
        eq("mode", mode, opened.mode)
        eq("records", records.records(), opened.records.records())
    else:
        raise Mismatch(f"unknown kind {kind}")
