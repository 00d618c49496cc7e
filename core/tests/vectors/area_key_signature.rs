//! area `key_signature`: Ed25519 key pairs, fingerprints and credentials, key signatures
//! (`+sigCu255`, `+sigPubk`), the bytes an RSA key signature covers, and authrings.
//!
//! Verdicts where the official clients disagree follow megacrypt's rule (refuse what either client
//! refuses, except what an official client itself writes; a timestamp in the future is returned,
//! not judged):
//! - `verify`: accepted iff the SDK accepts, the webclient does not reject the signature
//!   (`webclient_result` false) and the webclient did not refuse the blob's size
//!   (`webclient_error`); a `webclient_result` of null without `webclient_error` is the webclient's
//!   clock check, which megacrypt leaves to the caller. This must also equal the strict Python
//!   check (`python_strict_72_accepts`).
//! - `rsa_signed_bytes`: keys for which the two clients sign different bytes are refused.
//! - `authring_parse`: a record with a method byte other than 0..=2 is dropped (webclient; the SDK
//!   keeps the byte as an unknown method); a ring whose length is not a multiple of 29 is refused
//!   (the SDK ignores the tail, the webclient turns it into a record).

use megacrypt::identity::{
    Authring, Ed25519PrivateKey, Ed25519PublicKey, Fingerprint, KeySignature, X25519PublicKey,
    rsa_public_key_for_signature, rsa_signed_bytes, signed_message,
};
use megacrypt::rsa::RsaPublicKey;
use megacrypt::{ErrorKind, UserHandle, base64};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok, skip};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn check(c: &Case) -> Result<(), String> {
    match c.str("kind")? {
        "keypair" => keypair(c),
        "rsa_signed_bytes" => rsa_bytes(c),
        "sign" => sign(c),
        "verify" => verify(c),
        "authring_serialize" => authring_serialize(c),
        "authring_parse" => authring_parse(c),
        other => skip(&format!("unknown key_signature kind {other}")),
    }
}

fn keypair(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    let seed = Ed25519PrivateKey::from_bytes(c.hex_n::<32>("seed_hex")?);
    eq(
        "seed_b64",
        &base64::decode(c.str("seed_b64")?).unwrap(),
        &seed.as_bytes().to_vec(),
    )?;
    let public = seed.public_key();
    c.expect_hex("public_hex", public.as_bytes())?;
    c.expect_str("public_b64", &public.to_b64())?;
    let parsed = ok(
        "public from b64",
        Ed25519PublicKey::from_b64(c.str("public_b64")?),
    )?;
    eq("public round trip", &parsed, &public)?;
    let fp = public.fingerprint();
    c.expect_hex("fingerprint_hex", fp.as_bytes())?;
    eq(
        "fingerprint hex",
        c.str("fingerprint_hex")?,
        fp.to_hex().as_str(),
    )?;
    c.expect_str("fingerprint_b64", &base64::encode(fp.as_bytes()))?;
    let cred = public.credentials();
    c.expect_str("credentials", cred.as_str())?;
    c.expect_str("credentials_grouped", &cred.grouped())
}

/// Builds a `pubk` from `n ‖ e` raw bytes of a 2048-bit key (n = the first 256 bytes), with the
/// MPI header of `e` covering its bytes as stored (the webclient's 4-byte `e` keeps its zero byte).
fn pubk_from_n_e(n_e: &[u8]) -> Vec<u8> {
    let (n, e) = n_e.split_at(256);
    let mut pubk = vec![0x08, 0x00];
    pubk.extend_from_slice(n);
    let e_bits = if e.first() == Some(&0) {
        (e.len() * 8) as u16
    } else {
        let lead = e[0].leading_zeros() as usize;
        (e.len() * 8 - lead) as u16
    };
    pubk.extend_from_slice(&e_bits.to_be_bytes());
    pubk.extend_from_slice(e);
    pubk
}

fn rsa_bytes(c: &Case) -> Result<(), String> {
    c.info(&["what", "note", "sdk_setkey_ok"]);
    let pubk = c.hex("pubk_hex")?;
    let sdk = c.hex("signed_bytes_hex")?;
    let web = c.hex("webclient_signed_bytes_hex")?;
    let agree = c.bool("sdk_equals_webclient")?;
    eq("sdk_equals_webclient", &agree, &(sdk == web))?;
    // The recorded fingerprints are SHA-256(signed bytes)[0..20] of each client's bytes.
    c.expect_hex("sdk_fingerprint_hex", Fingerprint::of(&sdk).as_bytes())?;
    c.expect_hex(
        "webclient_fingerprint_hex",
        Fingerprint::of(&web).as_bytes(),
    )?;
    match rsa_public_key_for_signature(&pubk) {
        Ok(key) => {
            if !agree {
                return Err("accepted a key the two clients sign differently".into());
            }
            let ours = ok("rsa_signed_bytes", rsa_signed_bytes(&key))?;
            eq("signed bytes", &hex::encode(&sdk), &hex::encode(&ours))
        }
        Err(e) if agree => Err(format!("refused a key both clients sign alike: {e:?}")),
        Err(e) if matches!(e.kind(), ErrorKind::Unsupported | ErrorKind::InvalidKey) => Ok(()),
        Err(e) => Err(format!("unexpected error kind {e:?}")),
    }
}

fn sign(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    let seed = Ed25519PrivateKey::from_bytes(c.hex_n::<32>("seed_hex")?);
    c.expect_hex("signer_public_hex", seed.public_key().as_bytes())?;
    let ts = c.u64("timestamp")?;
    let key_bytes = c.hex("key_bytes_hex")?;
    c.expect_hex("signed_message_hex", &signed_message(&key_bytes, ts))?;
    let generic = KeySignature::sign(&seed, &key_bytes, ts);
    let typed = match c.str("key_type")? {
        "Cu25519" => {
            let key = ok("x25519 key", X25519PublicKey::from_slice(&key_bytes))?;
            seed.sign_x25519_key(&key, ts)
        }
        "RSA" => {
            let key = ok(
                "rsa key",
                RsaPublicKey::from_bytes(&pubk_from_n_e(&key_bytes)),
            )?;
            eq(
                "rebuilt key signs the same bytes",
                &hex::encode(&key_bytes),
                &hex::encode(ok("signed bytes", rsa_signed_bytes(&key))?),
            )?;
            ok("sign_rsa_key", seed.sign_rsa_key(&key, ts))?
        }
        other => return Err(format!("unknown key_type {other}")),
    };
    eq("typed = generic", &typed, &generic)?;
    c.expect_hex("signature_hex", &generic.to_bytes())?;
    c.expect_str("signature_b64", &generic.to_b64())?;
    // And it verifies, returning the timestamp.
    let got = ok(
        "verify own signature",
        generic.verify(&seed.public_key(), &key_bytes),
    )?;
    eq("timestamp", &ts, &got)
}

fn verify(c: &Case) -> Result<(), String> {
    c.info(&["what", "key_type"]);
    // megacrypt does not judge the clock: the verifier's clock only matters to the webclient.
    c.info(&["verifier_time"]);
    let key_bytes = c.hex("key_bytes_hex")?;
    let blob = c.hex("signature_hex")?;
    let sdk = c.bool("sdk_accepts")?;
    let web = c.opt("webclient_result").and_then(Value::as_bool);
    let web_size_error = c.opt_str("webclient_error").is_some();
    let python = c.bool("python_strict_72_accepts")?;
    let want = sdk && web != Some(false) && !web_size_error;
    eq("rule = strict python verdict", &python, &want)?;

    let result = Ed25519PublicKey::from_slice(&c.hex("signer_public_hex")?).and_then(|signer| {
        KeySignature::from_bytes(&blob).and_then(|s| s.verify(&signer, &key_bytes))
    });
    match result {
        Ok(ts) => {
            eq("accepted", &want, &true)?;
            eq(
                "timestamp",
                &u64::from_be_bytes(blob[..8].try_into().unwrap()),
                &ts,
            )
        }
        Err(e) => {
            eq("accepted", &want, &false)?;
            if matches!(
                e.kind(),
                ErrorKind::SignatureInvalid | ErrorKind::Malformed | ErrorKind::InvalidKey
            ) {
                Ok(())
            } else {
                Err(format!("unexpected error kind {e:?}"))
            }
        }
    }
}

fn record_bytes(user_b64: &str, fp_hex: &str, method: u64) -> Result<Vec<u8>, String> {
    let user = ok("user", UserHandle::from_b64(user_b64))?;
    let mut out = user.as_bytes().to_vec();
    out.extend(hex::decode(fp_hex).map_err(|e| e.to_string())?);
    out.push(u8::try_from(method).map_err(|e| e.to_string())?);
    Ok(out)
}

fn authring_serialize(c: &Case) -> Result<(), String> {
    c.info(&["note"]);
    let mut insertion_order = Vec::new();
    for r in c.value("records")?.as_array().ok_or("records")? {
        eq("confidence", &r["confidence"].as_u64(), &Some(0))?;
        insertion_order.extend(record_bytes(
            r["user_b64"].as_str().ok_or("user_b64")?,
            r["fingerprint_hex"].as_str().ok_or("fingerprint_hex")?,
            r["method"].as_u64().ok_or("method")?,
        )?);
    }
    // The webclient writes the records as given; the SDK sorted. Both orders read the same.
    c.expect_hex("webclient_hex", &insertion_order)?;
    let ring = ok("parse", Authring::from_bytes(&insertion_order))?;
    c.expect_hex("sdk_hex", &ring.to_bytes())?;
    let from_sdk = ok("parse sdk", Authring::from_bytes(&c.hex("sdk_hex")?))?;
    eq("same ring", &from_sdk, &ring)?;
    // The legacy TLV form round-trips.
    let tlv = ok("tlv", ring.to_tlv_bytes())?;
    eq(
        "tlv round trip",
        &ok("from tlv", Authring::from_tlv_bytes(&tlv))?,
        &ring,
    )
}

fn authring_parse(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    let ring_bytes = c.hex("ring_hex")?;
    let sdk = c.value("sdk")?;
    let web = c.value("webclient")?;
    let sdk_records = sdk["records"].as_array().ok_or("sdk.records")?;
    let web_records = web["records"].as_array().ok_or("webclient.records")?;
    eq(
        "sdk excess_data_logged",
        &sdk["excess_data_logged"],
        &Value::Bool(false),
    )?;
    let parsed = Authring::from_bytes(&ring_bytes);
    if ring_bytes.len() % 29 != 0 {
        // Evidence of the disagreement: the webclient made a record of the tail, the SDK did not.
        eq(
            "webclient has one record more",
            &web_records.len(),
            &(sdk_records.len() + 1),
        )?;
        return match parsed {
            Err(e) if e.kind() == ErrorKind::Malformed => Ok(()),
            other => Err(format!("trailing bytes: expected Malformed, got {other:?}")),
        };
    }
    let ring = ok("parse", parsed)?;
    // Expected: the SDK's records whose method an official writer produces; the webclient must
    // have kept exactly those.
    let mut kept = Vec::new();
    let mut dropped = 0usize;
    for r in sdk_records {
        let m = r["auth_method"].as_u64().ok_or("auth_method")?;
        if m <= 2 {
            kept.push((
                r["user_b64"].as_str().ok_or("user_b64")?.to_string(),
                r["fingerprint_hex"]
                    .as_str()
                    .ok_or("fingerprint_hex")?
                    .to_string(),
                m,
            ));
        } else {
            dropped += 1;
        }
    }
    let mut web_kept: Vec<(String, String, u64)> = web_records
        .iter()
        .map(|r| {
            (
                r["user_b64"].as_str().unwrap_or_default().to_string(),
                r["fingerprint_hex"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                r["method"].as_u64().unwrap_or(99) | (r["confidence"].as_u64().unwrap_or(99) << 4),
            )
        })
        .collect();
    let mut sorted_kept = kept.clone();
    sorted_kept.sort();
    web_kept.sort();
    eq("webclient keeps the same records", &sorted_kept, &web_kept)?;
    let got: Vec<(String, String, u64)> = ring
        .iter()
        .map(|r| {
            (
                r.user.to_b64(),
                hex::encode(r.fingerprint.as_bytes()),
                u64::from(r.method.to_byte()),
            )
        })
        .collect();
    eq("records (SDK order)", &kept, &got)?;
    eq("dropped", &dropped, &ring.dropped_records())?;
    // Re-serialised: the SDK's bytes without the dropped records.
    let sdk_out = hex::decode(sdk["reserialized_hex"].as_str().ok_or("reserialized_hex")?)
        .map_err(|e| e.to_string())?;
    let want: Vec<u8> = sdk_out
        .chunks(29)
        .filter(|r| r[28] <= 2)
        .flatten()
        .copied()
        .collect();
    eq(
        "reserialized",
        &hex::encode(want),
        &hex::encode(ring.to_bytes()),
    )
}
