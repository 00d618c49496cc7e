//! areas `rsa` and `rsa_tamper`: MEGA RSA key blobs, csid → session id, RSA share keys, and
//! tampered private keys that must be rejected.
//!
//! File-level fields (`key`, `master_key_hex`, `pubk_b64`, `csid_b64`) are checked once per file;
//! if that fails, every case of the file fails with the reason.

use std::convert::Infallible;

use megacrypt::handles::UserHandle;
use megacrypt::rsa::{MpiHeaderStyle, RsaPrivateKey, RsaPublicKey};
use megacrypt::{ErrorKind, MasterKey, base64};
use rand_core::{TryCryptoRng, TryRng};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok};

/// An "RNG" that replays fixed bytes: lets `encrypt_key` reproduce a vector's exact padding, so
/// the ciphertext can be compared byte for byte.
pub struct Replay(pub Vec<u8>);

impl TryRng for Replay {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        assert!(dst.len() <= self.0.len(), "replay RNG exhausted");
        let rest = self.0.split_off(dst.len());
        dst.copy_from_slice(&self.0);
        self.0 = rest;
        Ok(())
    }
}
impl TryCryptoRng for Replay {}

fn rng() -> rand_chacha::ChaCha20Rng {
    rand_core::SeedableRng::seed_from_u64(4)
}

fn hex_field(v: &Value, key: &str) -> Result<Vec<u8>, String> {
    let s = v
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("key.{key} missing"))?;
    hex::decode(s).map_err(|e| format!("key.{key}: {e}"))
}

fn trim(b: &[u8]) -> &[u8] {
    let i = b.iter().position(|x| *x != 0).unwrap_or(b.len());
    &b[i..]
}

/// Checks the file's `key` object and returns the validated private key.
fn check_key(key: &Value) -> Result<RsaPrivateKey, String> {
    let mk = MasterKey::from_slice(&hex_field(key, "master_key_hex")?)
        .map_err(|e| format!("master key: {e}"))?;
    let pubk_b64 = key["pubk_b64"].as_str().ok_or("pubk_b64 missing")?;
    let pubk = ok("pubk", RsaPublicKey::from_b64(pubk_b64))?;
    eq("pubk bytes", &hex_field(key, "pubk_hex")?, &pubk.to_bytes())?;
    eq("pubk b64", pubk_b64, pubk.to_b64().as_str())?;
    eq(
        "n",
        trim(&hex_field(key, "n_hex")?),
        pubk.modulus_bytes().as_slice(),
    )?;
    eq(
        "e",
        &key["e"].as_u64().ok_or("e missing")?,
        &u64::from(pubk.exponent()),
    )?;
    eq(
        "bits",
        &key["bits"].as_u64().ok_or("bits missing")?,
        &(pubk.modulus_len() as u64 * 8),
    )?;
    let privk_b64 = key["privk_enc_b64"]
        .as_str()
        .ok_or("privk_enc_b64 missing")?;
    // Pinned and unpinned (exponent found among the small candidates, primes tested).
    let sk = ok(
        "privk (pinned)",
        RsaPrivateKey::from_encrypted_privk(privk_b64, &mk, Some(&pubk)),
    )?;
    let unpinned = ok(
        "privk (no pin)",
        RsaPrivateKey::from_encrypted_privk(privk_b64, &mk, None),
    )?;
    eq("derived public key", &pubk, unpinned.public_key())?;
    // Re-encode: the vector's plaintext blob minus its padding, in the header style it uses
    // (rsa_sdk.json lists the SDK's byte-count headers in key.mpi_headers).
    let plain = hex_field(key, "privk_plain_hex")?;
    let pad = key["privk_padding_len"]
        .as_u64()
        .ok_or("privk_padding_len missing")? as usize;
    let style = if key.get("mpi_headers").is_some() {
        MpiHeaderStyle::ByteCount
    } else {
        MpiHeaderStyle::ExactBits
    };
    let ours = ok("encode", sk.to_privk_plain(style))?;
    eq(
        "privk_plain_hex (without padding)",
        &hex::encode(&plain[..plain.len() - pad]),
        &hex::encode(&*ours),
    )?;
    // The components, read back from our encoding.
    let mut rest: &[u8] = &ours;
    for name in ["p_hex", "q_hex", "d_hex", "u_hex"] {
        let bits = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        let (mag, r) = rest[2..].split_at(bits.div_ceil(8));
        eq(name, trim(&hex_field(key, name)?), trim(mag))?;
        rest = r;
    }
    if let Some(h) = key.get("mpi_headers") {
        let want: Vec<u64> = h["privk"]
            .as_array()
            .ok_or("mpi_headers.privk")?
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        let mut got = Vec::new();
        let mut rest: &[u8] = &ours;
        while rest.len() >= 2 {
            let bits = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
            got.push(bits as u64);
            rest = &rest[2 + bits.div_ceil(8)..];
        }
        eq("mpi_headers.privk", &want, &got)?;
    }
    // Our own encryption of the blob must round-trip (padding is random, so no byte comparison).
    let enc = ok("encrypt_privk", sk.encrypt_privk(&mk, style, &mut rng()))?;
    eq("privk length", &privk_b64.len(), &enc.len())?;
    let back = ok(
        "re-read",
        RsaPrivateKey::from_encrypted_privk(&enc, &mk, Some(&pubk)),
    )?;
    eq(
        "re-read encoding",
        &hex::encode(&*ours),
        &hex::encode(&*back.to_privk_plain(style).unwrap()),
    )?;
    Ok(sk)
}

/// Encrypting `plaintext[..payload]` with the rest of it as "random" padding must give `ct`.
fn check_encrypt(
    pubk: &RsaPublicKey,
    plaintext: &[u8],
    payload: usize,
    ct_b64: &str,
) -> Result<(), String> {
    eq(
        "plaintext length (K-2)",
        &(pubk.modulus_len() - 2),
        &plaintext.len(),
    )?;
    let mut replay = Replay(plaintext[payload..].to_vec());
    let ct = ok(
        "encrypt_key",
        pubk.encrypt_key(&plaintext[..payload], &mut replay),
    )?;
    eq("RSA ciphertext (MPI)", ct_b64, base64::encode(&ct).as_str())
}

pub fn run(file: &Value, t: &mut Tally) {
    let key = check_key(&file["key"]);
    t.run_cases(file, |c| {
        let sk = key.as_ref().map_err(|e| format!("file key: {e}"))?;
        check(c, sk)
    });
}

fn check(c: &Case, sk: &RsaPrivateKey) -> Result<(), String> {
    c.info(&[
        "what",
        "flags",
        "megajs_sid",
        "megapy_sid",
        "megajs_key_hex",
        "megajs_rsa_plaintext_hex",
        "note",
    ]);
    let pubk = sk.public_key();
    match c.str("kind")? {
        "csid" => {
            let csid = c.str("csid_b64")?;
            let pt = c.hex("rsa_plaintext_hex")?;
            check_encrypt(pubk, &pt, 43, csid)?;
            let sid = ok("csid", sk.decrypt_session_id_unbound(csid, &mut rng()))?;
            c.expect_str("sid_b64", &sid.to_b64())?;
            eq(
                "sid = first 43 bytes of the fixed-length plaintext",
                &pt[..43],
                &sid.as_bytes()[..],
            )?;
            if c.has("user_handle_b64") {
                let user = ok(
                    "user handle",
                    UserHandle::from_b64(c.str("user_handle_b64")?),
                )?;
                let accepts = c.bool("sdk_login_accepts")?;
                let bound = sk.decrypt_session_id(csid, &user, &mut rng());
                eq(
                    "login accepted (user handle binding)",
                    &accepts,
                    &bound.is_ok(),
                )?;
                if let Err(e) = bound {
                    eq("opaque error", &ErrorKind::Decrypt, &e.kind())?;
                }
                eq(
                    "binding step alone",
                    &accepts,
                    &sid.verify_user_handle(&user).is_ok(),
                )?;
            }
            Ok(())
        }
        "share_key" => {
            let ct = c.str("ct_b64")?;
            let pt = c.hex("rsa_plaintext_hex")?;
            let want = c.hex("share_key_hex")?;
            eq("plaintext starts with the share key", &want[..], &pt[..16])?;
            check_encrypt(pubk, &pt, 16, ct)?;
            let got = sk.decrypt_share_key(ct, &mut rng());
            let got = ok("decrypt_share_key", got)?;
            c.expect_hex("expected_share_key_hex", got.as_bytes())?;
            eq("share key", &want[..], &got.as_bytes()[..])?;
            if let Some(attr_ct) = c.opt_str("folder_attr_ciphertext_b64") {
                // Node attributes encrypted with the share key
                // (docs/format/node-attributes.md#attribute-blob): decrypting them proves the key;
                // megajs's result is compared where it had one.
                let attrs = ok(
                    "folder attributes",
                    megacrypt::attributes::open_node_attributes_b64(got.as_aes_key(), attr_ct),
                )?;
                // When megajs failed on a case (flags: null here), ours must still decrypt.
                if let Some(Value::Object(m)) = c.opt("megajs_attrs") {
                    for (k, v) in m {
                        eq(&format!("attribute {k}"), &Some(v), &attrs.get(k))?;
                    }
                }
            }
            Ok(())
        }
        other => Err(format!("unknown kind {other}")),
    }
}

/// area `rsa_tamper`: every `reject` case must fail with the same opaque error, the control case
/// must give `sid_b64`.
pub fn run_tamper(file: &Value, t: &mut Tally) {
    let setup = (|| -> Result<_, String> {
        let mk = hex::decode(file["master_key_hex"].as_str().ok_or("master_key_hex")?)
            .map_err(|e| e.to_string())?;
        let mk = MasterKey::from_slice(&mk).map_err(|e| e.to_string())?;
        let pubk = ok(
            "pubk",
            RsaPublicKey::from_b64(file["pubk_b64"].as_str().ok_or("pubk_b64")?),
        )?;
        let csid = file["csid_b64"].as_str().ok_or("csid_b64")?.to_string();
        Ok((mk, pubk, csid))
    })();
    let mut first_error = None;
    t.run_cases(file, |c| {
        let (mk, pubk, csid) = setup.as_ref().map_err(|e| format!("file fields: {e}"))?;
        c.info(&["attack", "block_index"]);
        let privk = c.str("privk_enc_b64")?;
        let result = RsaPrivateKey::from_encrypted_privk(privk, mk, Some(pubk))
            .and_then(|sk| sk.decrypt_session_id_unbound(csid, &mut rng()));
        match (c.str("expect")?, result) {
            ("accept", Ok(sid)) => c.expect_str("sid_b64", &sid.to_b64()),
            ("accept", Err(e)) => Err(format!("control case rejected: {e:?}")),
            ("reject", Ok(_)) => Err("tampered key accepted".into()),
            ("reject", Err(e)) => {
                eq("error kind", &ErrorKind::Decrypt, &e.kind())?;
                let first = *first_error.get_or_insert(e);
                eq("same opaque error for every attack", &first, &e)
            }
            (other, _) => Err(format!("unknown expect {other}")),
        }
    });
}
