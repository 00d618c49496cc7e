//! area `key_exchange`: X25519 public keys, the pairwise key, the `pk` blob, degenerate peer keys
//! and the SDK's verification gate.
//!
//! megacrypt derives a pairwise key only from a `VerifiedX25519PublicKey`, which only a valid
//! `+sigCu255` yields; the harness therefore signs each peer key with a throw-away Ed25519 key
//! first, as a contact would have. `shared_secret_hex` is not exposed by megacrypt: it is checked
//! by recomputing the pairwise key from it with HKDF (RFC 5869) and comparing with megacrypt's.

use hkdf::Hkdf;
use megacrypt::identity::{
    AuthMethod, Authring, Ed25519PrivateKey, PairwiseKey, VerifiedX25519PublicKey,
    X25519PrivateKey, X25519PublicKey, check_exchange_allowed, exchange_allowed,
};
use megacrypt::{ErrorKind, ShareKey, UserHandle, base64};
use serde_json::Value;
use sha2::Sha256;

use crate::common::{Case, Tally, eq, ok, skip};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn check(c: &Case) -> Result<(), String> {
    match c.str("kind")? {
        "pairwise" => pairwise(c),
        "pairwise_self" => pairwise_self(c),
        "verification_gate" => gate(c),
        "peer_key" => peer_key(c),
        other => skip(&format!("unknown key_exchange kind {other}")),
    }
}

/// The peer key as a contact's signature would make it usable.
fn verified(peer: &[u8]) -> Result<VerifiedX25519PublicKey, String> {
    let contact = Ed25519PrivateKey::from_bytes([0x5a; 32]);
    let key = ok("peer key", X25519PublicKey::from_slice(peer))?;
    let sig = contact.sign_x25519_key(&key, 1_700_000_000).to_bytes();
    ok(
        "verify +sigCu255",
        contact.public_key().verify_x25519_key(&key, &sig),
    )
    .map(|(v, _)| v)
}

fn hkdf_pairwise(shared: &[u8]) -> [u8; 16] {
    let mut out = [0u8; 16];
    Hkdf::<Sha256>::new(None, shared)
        .expand(b"strongvelope pairwise key", &mut out)
        .unwrap();
    out
}

fn private(c: &Case, key: &str) -> Result<X25519PrivateKey, String> {
    Ok(X25519PrivateKey::from_bytes(c.hex_n::<32>(key)?))
}

/// Opens `blob` under `pk` and checks it is a share key of 16 equal bytes (the vectors' gate and
/// peer-key cases seal such a key without naming it), and that sealing it gives `blob` back.
fn open_uniform(pk: &PairwiseKey, blob: &[u8]) -> Result<(), String> {
    let share = ok("open pk blob", pk.open_share_key(blob))?;
    let b = share.as_bytes();
    if b.iter().any(|x| *x != b[0]) {
        return Err(format!(
            "pk blob opens to {}, not a uniform key",
            hex::encode(b)
        ));
    }
    eq(
        "reseal",
        &hex::encode(blob),
        &hex::encode(pk.seal_share_key(&share)),
    )
}

fn pairwise(c: &Case) -> Result<(), String> {
    c.info(&["what", "note"]);
    let a = private(c, "a_private_hex")?;
    let b = private(c, "b_private_hex")?;
    c.expect_hex("a_public_hex", a.public_key().as_bytes())?;
    c.expect_hex("b_public_hex", b.public_key().as_bytes())?;
    let ab = ok(
        "A derives",
        PairwiseKey::derive(&a, &verified(&c.hex("b_public_hex")?)?),
    )?;
    let ba = ok(
        "B derives",
        PairwiseKey::derive(&b, &verified(&c.hex("a_public_hex")?)?),
    )?;
    c.expect_hex("pairwise_key_hex", ab.as_bytes())?;
    eq("both sides", &ab, &ba)?;
    eq(
        "HKDF(shared_secret)",
        &hex::encode(hkdf_pairwise(&c.hex("shared_secret_hex")?)),
        &hex::encode(ab.as_bytes()),
    )?;
    let share = ok("share key", ShareKey::from_slice(&c.hex("share_key_hex")?))?;
    let blob = ab.seal_share_key(&share);
    c.expect_hex("pk_blob_hex", &blob)?;
    c.expect_str("pk_blob_b64", &base64::encode(&blob))?;
    eq("B opens", &ok("open", ba.open_share_key(&blob))?, &share)
}

fn pairwise_self(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    let a = private(c, "a_private_hex")?;
    let peer = c.hex("peer_public_hex")?;
    eq(
        "peer is A's own key",
        &hex::encode(&peer),
        &hex::encode(a.public_key().as_bytes()),
    )?;
    let k = ok("derive", PairwiseKey::derive(&a, &verified(&peer)?))?;
    c.expect_hex("pairwise_key_hex", k.as_bytes())
}

/// The keys of the first "generated" pairwise case (the vectors' gate cases use that pair).
const GATE_A_PRIVATE: &str = "3c1e7132be03294cf08fdbd5be2d5e5ed3fba9db58c861a0d02f9fb1303569d0";
const GATE_B_PUBLIC: &str = "5ea99c060da3b04716ce0eb8e75fd919d5119150bf02dee8375c59dd131ba611";

fn gate(c: &Case) -> Result<(), String> {
    let method = match c.opt("peer_ed_authring_method").and_then(Value::as_i64) {
        None | Some(-1) => None, // not in the ring / the SDK's AUTH_METHOD_UNKNOWN
        Some(m) => Some(
            AuthMethod::from_byte(u8::try_from(m).map_err(|e| e.to_string())?)
                .ok_or("method out of range")?,
        ),
    };
    let encrypts = c.bool("sdk_encrypts")?;
    eq("sdk_decrypts", &encrypts, &c.bool("sdk_decrypts")?)?;
    eq("gate", &encrypts, &exchange_allowed(method, false))?;
    // The same through an Ed25519 authring holding that record.
    let peer = UserHandle::from_bytes([9; 8]);
    let ring = match method {
        None => Authring::new(),
        Some(m) => {
            let mut rec = peer.as_bytes().to_vec();
            rec.extend_from_slice(&[0x21; 20]);
            rec.push(m.to_byte());
            ok("ring", Authring::from_bytes(&rec))?
        }
    };
    match check_exchange_allowed(&ring, &peer, false) {
        Ok(()) => eq("allowed", &encrypts, &true)?,
        Err(e) if e.kind() == ErrorKind::ApiMisuse => eq("allowed", &encrypts, &false)?,
        Err(e) => return Err(format!("unexpected error {e:?}")),
    }
    match c.opt_str("pk_blob_hex") {
        None => eq("no blob when refused", &encrypts, &false),
        Some(blob) => {
            let a = X25519PrivateKey::from_bytes(
                hex::decode(GATE_A_PRIVATE).unwrap().try_into().unwrap(),
            );
            let pk = ok(
                "derive",
                PairwiseKey::derive(&a, &verified(&hex::decode(GATE_B_PUBLIC).unwrap())?),
            )?;
            open_uniform(&pk, &hex::decode(blob).map_err(|e| e.to_string())?)
        }
    }
}

fn peer_key(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    let mine = private(c, "my_private_hex")?;
    let peer = c.hex("peer_public_hex")?;
    let sdk_ok = c.bool("sdk_scalarmult_ok")?;
    eq("agree", &c.bool("agree")?, &true)?;
    let python = c.opt_str("python_cryptography_shared_hex");
    eq("python shared", &python, &c.opt_str("sdk_shared_hex"))?;
    match PairwiseKey::derive(&mine, &verified(&peer)?) {
        Err(e) => {
            eq("accepted", &sdk_ok, &false)?;
            eq("kind", &ErrorKind::InvalidKey, &e.kind())?;
            for f in ["sdk_pairwise_key_hex", "sdk_pk_blob_hex"] {
                eq(f, &None, &c.opt_str(f))?;
            }
            Ok(())
        }
        Ok(k) => {
            eq("accepted", &sdk_ok, &true)?;
            c.expect_hex("sdk_pairwise_key_hex", k.as_bytes())?;
            eq(
                "HKDF(shared)",
                &hex::encode(hkdf_pairwise(&c.hex("sdk_shared_hex")?)),
                &hex::encode(k.as_bytes()),
            )?;
            open_uniform(&k, &c.hex("sdk_pk_blob_hex")?)
        }
    }
}
