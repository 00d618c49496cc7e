//! area `ccm`: AES-CCM / AES-GCM with MEGA's nonce and tag sizes, and encrypted TLV containers
//! (docs/format/tlv.md).

use megacrypt::policy::CompatibilityPolicy;
use megacrypt::tlv::{self, ContainerCipher, ContainerMode, TlvRecords};
use megacrypt::{AesKey, ErrorKind, base64};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn mode_by_name(name: &str) -> Result<ContainerMode, String> {
    Ok(match name {
        "AES_CCM_12_16" => ContainerMode::AesCcm12x16,
        "AES_CCM_10_16" => ContainerMode::AesCcm10x16,
        "AES_CCM_10_08" => ContainerMode::AesCcm10x8,
        "AES_GCM_12_16_BROKEN" => ContainerMode::AesGcm12x16Broken,
        "AES_GCM_10_08_BROKEN" => ContainerMode::AesGcm10x8Broken,
        "AES_GCM_12_16" => ContainerMode::AesGcm12x16,
        "AES_GCM_10_08" => ContainerMode::AesGcm10x8,
        other => return Err(format!("unknown mode {other}")),
    })
}

fn key(c: &Case) -> Result<AesKey, String> {
    AesKey::from_slice(&c.hex("key_hex")?).map_err(|e| format!("key: {e}"))
}

fn check(c: &Case) -> Result<(), String> {
    c.info(&["what", "note"]);
    match c.str("kind")? {
        kind @ ("ccm" | "gcm") => {
            let mode = mode_by_name(c.str("mode")?)?;
            let want_cipher = if kind == "ccm" {
                ContainerCipher::Ccm
            } else {
                ContainerCipher::Gcm
            };
            eq("cipher", &want_cipher, &mode.cipher())?;
            eq("nonce_len", &c.u64("nonce_len")?, &(mode.iv_len() as u64))?;
            eq("tag_len", &c.u64("tag_len")?, &(mode.tag_len() as u64))?;
            let k = key(c)?;
            let nonce = c.hex("nonce_hex")?;
            let aad = c.hex("aad_hex")?;
            let pt = c.hex("plaintext_hex")?;
            let sealed = ok(
                "seal",
                megacrypt::hazmat::aead_seal(mode, &k, &nonce, &aad, &pt),
            )?;
            let (ct, tag) = sealed.split_at(pt.len());
            c.expect_hex("ciphertext_hex", ct)?;
            c.expect_hex("tag_hex", tag)?;
            let opened = ok(
                "open",
                megacrypt::hazmat::aead_open(mode, &k, &nonce, &aad, &sealed),
            )?;
            eq("plaintext", &pt[..], &opened[..])?;
            // Every single-bit change of ciphertext or tag is rejected with the opaque error.
            for i in 0..sealed.len() {
                let mut bad = sealed.clone();
                bad[i] ^= 0x01;
                match megacrypt::hazmat::aead_open(mode, &k, &nonce, &aad, &bad) {
                    Err(e) if e.kind() == ErrorKind::Decrypt => {}
                    other => return Err(format!("bit flip at byte {i}: {other:?}")),
                }
            }
            Ok(())
        }
        "tlv_container" => {
            let mut records = TlvRecords::new();
            for (k, v) in c
                .value("records_hex")?
                .as_object()
                .ok_or("records_hex is not an object")?
            {
                let v = hex::decode(v.as_str().ok_or("record value not a string")?)
                    .map_err(|e| e.to_string())?;
                records.insert(k, &v).map_err(|e| e.to_string())?;
            }
            c.expect_hex("tlv_hex", &ok("tlv", records.to_bytes())?)?;
            eq(
                "parse tlv_hex",
                &records,
                &ok("parse", TlvRecords::from_bytes(&c.hex("tlv_hex")?))?,
            )?;
            let mode = mode_by_name(c.str("mode")?)?;
            eq(
                "encryption_setting",
                &c.u64("encryption_setting")?,
                &u64::from(mode.byte()),
            )?;
            if let Some(cipher) = c.opt_str("cipher") {
                let want = if cipher == "GCM" {
                    ContainerCipher::Gcm
                } else {
                    ContainerCipher::Ccm
                };
                eq("cipher", &want, &mode.cipher())?;
            }
            let k = key(c)?;
            let iv = c.hex("iv_hex")?;
            // The vectors include 8-byte-tag modes, which are write-protected by default.
            let sealed = ok(
                "seal",
                megacrypt::hazmat::seal_container_with_iv(
                    &k,
                    &records,
                    mode,
                    &iv,
                    &CompatibilityPolicy::OFFICIAL_CLIENT,
                ),
            )?;
            c.expect_hex("container_hex", &sealed)?;
            c.expect_str("container_b64", &base64::encode(&sealed))?;
            if mode.tag_len() < 16 {
                let strict = megacrypt::hazmat::seal_container_with_iv(
                    &k,
                    &records,
                    mode,
                    &iv,
                    &CompatibilityPolicy::STRICT,
                );
                eq(
                    "short-tag write refused by default",
                    &Some(ErrorKind::Unsupported),
                    &strict.err().map(|e| e.kind()),
                )?;
            }
            let (got_mode, got) = ok("open", tlv::open_container(&k, &c.hex("container_hex")?))?;
            eq("mode", &mode, &got_mode)?;
            eq("records", &records, &got)
        }
        other => Err(format!("unknown kind {other}")),
    }
}
