//! areas `kdf_v1` and `kdf_v2`: login key derivation, user hash, v2 salt, and the master-key step
//! of a full login.

use megacrypt::kdf::{self, EmailEncoding};
use megacrypt::{PasswordKey, base64, session};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok, skip};

pub fn run_v1(file: &Value, t: &mut Tally) {
    t.run_cases(file, check_v1);
}

pub fn run_v2(file: &Value, t: &mut Tally) {
    t.run_cases(file, check_v2);
}

fn pk_hex(k: &PasswordKey) -> String {
    hex::encode(k.as_bytes())
}

/// `password_key_hex` must be what our v1 KDF derives from `password`.
fn check_password_key_v1(c: &Case) -> Result<PasswordKey, String> {
    let pk = ok("prepare_key_v1", kdf::prepare_key_v1(c.str("password")?))?;
    c.expect_hex("password_key_hex", pk.as_bytes())?;
    Ok(pk)
}

fn check_v1(c: &Case) -> Result<(), String> {
    match c.str("kind")? {
        "prepare_key" => {
            c.info(&["flags"]);
            let password = c.str("password")?;
            c.expect_hex("password_utf8_hex", password.as_bytes())?;
            let units = password.encode_utf16().count() as u64;
            eq(
                "password_utf16_code_units",
                &c.u64("password_utf16_code_units")?,
                &units,
            )?;
            if c.has("sdk_code_units") {
                eq("sdk_code_units", &c.u64("sdk_code_units")?, &units)?;
            }
            // The official packing, zero-padded to whole 32-bit words as the webclient's a32 array.
            let mut packed = kdf::js_pack_password(password).to_vec();
            packed.resize(packed.len().div_ceil(4) * 4, 0);
            c.expect_hex("js_a32_input_hex", &packed)?;
            let official = ok("prepare_key_v1", kdf::prepare_key_v1(password))?;
            c.expect_hex("key_official_hex", official.as_bytes())?;
            // The non-official conversions run through the same AES schedule.
            let utf8 = ok("utf8", kdf::prepare_key_v1_bytes(password.as_bytes()))?;
            c.expect_hex("key_utf8_hex", utf8.as_bytes())?;
            let latin1: Option<Vec<u8>> = password
                .chars()
                .map(|ch| u8::try_from(u32::from(ch)).ok())
                .collect();
            match (c.opt_str("key_latin1_hex"), latin1) {
                (Some(want), Some(bytes)) => {
                    let k = ok("latin1", kdf::prepare_key_v1_bytes(&bytes))?;
                    eq("key_latin1_hex", want, pk_hex(&k).as_str())?;
                }
                (None, None) => {}
                (want, got) => {
                    return Err(format!(
                        "key_latin1_hex: {want:?} vs latin1 encodable {}",
                        got.is_some()
                    ));
                }
            }
            // What megajs (UTF-8) and mega.py (Latin-1) computed in their login code.
            if let Some(m) = c.opt_str("megajs_login_key_hex") {
                eq("megajs_login_key_hex", m, pk_hex(&utf8).as_str())?;
                eq(
                    "megajs_matches_official",
                    &c.bool("megajs_matches_official")?,
                    &(utf8 == official),
                )?;
            }
            if c.has("megapy_matches_official") {
                c.info(&["megapy_login_error"]);
                let megapy = c.opt_str("megapy_login_key_hex");
                let matches = megapy.is_some_and(|m| m == pk_hex(&official));
                eq(
                    "megapy_matches_official",
                    &c.bool("megapy_matches_official")?,
                    &matches,
                )?;
                if let Some(m) = megapy {
                    eq(
                        "megapy_login_key_hex == key_latin1_hex",
                        &Some(m),
                        &c.opt_str("key_latin1_hex"),
                    )?;
                }
            }
            Ok(())
        }
        "stringhash" => {
            let email = c.str("email")?;
            c.expect_str("email_lowercased", &email.to_lowercase())?;
            if c.has("email_bytes") {
                eq("email_bytes", &c.u64("email_bytes")?, &(email.len() as u64))?;
            }
            let pk = check_password_key_v1(c)?;
            // ASCII addresses: both official encodings agree.
            let web = kdf::user_hash_v1_with(email, &pk, EmailEncoding::Webclient);
            let sdk = kdf::user_hash_v1_with(email, &pk, EmailEncoding::Sdk);
            eq("webclient vs sdk encoding", &web, &sdk)?;
            c.expect_str("uh_b64", &base64::encode(&web))
        }
        "stringhash_non_ascii" => {
            // Not normative (the clients disagree); each value is checked against the encoding
            // that produced it.
            c.info(&["normative", "flags"]);
            let email = c.str("email")?;
            c.expect_str("email_lowercased", &email.to_lowercase())
                .or_else(|e| {
                    // The SDK file records the ASCII-only lower-casing the SDK applies.
                    let ascii: String = email.chars().map(|ch| ch.to_ascii_lowercase()).collect();
                    if c.str("email_lowercased")? == ascii {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })?;
            let pk = if c.has("password") {
                check_password_key_v1(c)?
            } else {
                ok(
                    "password key",
                    PasswordKey::from_slice(&c.hex("password_key_hex")?),
                )?
            };
            let web = base64::encode(&kdf::user_hash_v1_with(
                email,
                &pk,
                EmailEncoding::Webclient,
            ));
            let sdk = base64::encode(&kdf::user_hash_v1_with(email, &pk, EmailEncoding::Sdk));
            if c.has("webclient_uh_b64") {
                c.expect_str("webclient_uh_b64", &web)?;
                c.expect_str("megapy_uh_b64", &web)?; // mega.py packs one byte per code unit too
                // megajs: Unicode lower case, UTF-8 bytes (a third convention, restated here).
                let utf8 = unicode_lower_utf8_hash(&email.to_lowercase(), &pk);
                c.expect_str("megajs_uh_b64", &utf8)?;
            } else {
                c.expect_str("uh_b64", &sdk)?;
                c.expect_str(
                    "python_restatement_code_units_unicode_lowercase_uh_b64",
                    &web,
                )?;
                let utf8 = unicode_lower_utf8_hash(&email.to_lowercase(), &pk);
                c.expect_str("python_restatement_utf8_unicode_lowercase_uh_b64", &utf8)?;
            }
            Ok(())
        }
        "login_v1" => {
            let email = c.str("email")?;
            let sent = c.str("email_sent")?;
            // The address handed to the `us` command: lower-cased by megajs/mega.py, as typed by
            // the SDK; either way the hash lower-cases it.
            if sent != email.to_lowercase() && sent != email {
                return Err(format!(
                    "email_sent {sent:?} is neither the address nor its lower case"
                ));
            }
            let pk = check_password_key_v1(c)?;
            c.expect_str("uh_b64", &base64::encode(&kdf::user_hash_v1(sent, &pk)))?;
            check_master_key(c, &pk)
        }
        other => skip(&format!("unknown kdf_v1 kind {other}")),
    }
}

/// megajs's convention for the user hash (UTF-8 bytes of the Unicode-lower-cased address), used
/// only to check the non-normative vector fields that record it.
fn unicode_lower_utf8_hash(lower: &str, pk: &PasswordKey) -> String {
    // For the SDK encoding the input is lower-cased ASCII-only; an already lower-cased input
    // makes it exactly "UTF-8 bytes of the given string".
    base64::encode(&kdf::user_hash_v1_with(lower, pk, EmailEncoding::Sdk))
}

/// The login's master-key step: unwrap `encrypted_master_key_b64` with the password key.
pub fn check_master_key(c: &Case, pk: &PasswordKey) -> Result<(), String> {
    let mk = ok(
        "decrypt master key",
        session::decrypt_master_key_b64(pk, c.str("encrypted_master_key_b64")?),
    )?;
    c.expect_hex("master_key_hex", mk.as_bytes())?;
    eq(
        "re-wrap",
        c.str("encrypted_master_key_b64")?,
        base64::encode(&session::encrypt_master_key(pk, &mk)).as_str(),
    )
}

fn check_v2(c: &Case) -> Result<(), String> {
    match c.str("kind")? {
        "derive" => {
            let password = c.str("password")?;
            c.expect_hex("password_utf8_hex", password.as_bytes())?;
            eq(
                "iterations",
                &c.u64("iterations")?,
                &u64::from(kdf::V2_ITERATIONS),
            )?;
            let salt = c.hex("salt_hex")?;
            c.expect_str("salt_b64", &base64::encode(&salt))?;
            let keys = ok("derive_v2", kdf::derive_v2(password, &salt))?;
            let mut dk = keys.password_key.as_bytes().to_vec();
            dk.extend_from_slice(keys.auth_key.as_bytes());
            c.expect_hex("derived_key_hex", &dk)?;
            c.expect_hex("password_key_hex", keys.password_key.as_bytes())?;
            c.expect_hex("auth_key_hex", keys.auth_key.as_bytes())?;
            c.expect_str("uh_b64", &keys.user_hash_b64())?;
            c.expect_hex("hashed_auth_key_hex", &keys.hashed_auth_key())
        }
        "salt_from_client_random_value" => {
            let crv = c.hex_n::<16>("client_random_value_hex")?;
            let salt = kdf::v2_salt(&crv);
            c.expect_hex("salt_hex", &salt)?;
            c.expect_str("salt_b64", &base64::encode(&salt))
        }
        "login_v2" => {
            let email = c.str("email")?;
            let sent = c.str("email_sent")?;
            if sent != email.to_lowercase() {
                return Err(format!(
                    "email_sent {sent:?} is not the lower-cased address"
                ));
            }
            let keys = ok(
                "derive_v2",
                kdf::derive_v2_b64_salt(c.str("password")?, c.str("salt_b64")?),
            )?;
            c.expect_hex("password_key_hex", keys.password_key.as_bytes())?;
            c.expect_str("uh_b64", &keys.user_hash_b64())?;
            check_master_key(c, &keys.password_key)
        }
        other => skip(&format!("unknown kdf_v2 kind {other}")),
    }
}
