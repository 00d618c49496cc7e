//! Identity keys, key signatures, authrings and credentials (`core/src/identity/`) and the
//! account's own keys (`core/src/account_keys/`): behaviour that mutation testing
//! (docs/mutation-testing.md) found unchecked.
//!
//! Expected values: RFC 8032 section 7.1 (Ed25519 test 1), RFC 7748 section 6.1 (X25519), SHA-256
//! computed with Python's `hashlib`, and byte layouts written by hand from
//! docs/format/identity-keys.md and docs/format/authrings.md.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::UserHandle;
use megacrypt::identity::{
    AuthMethod, Authring, Ed25519PrivateKey, Ed25519PublicKey, KeySignature, PairwiseKey,
    VerifiedX25519PublicKey, X25519PrivateKey, X25519PublicKey,
};
use megacrypt::tlv::TlvRecords;

/// The legacy authring attribute (`*!authring`, `*!authCu255`) of an account that has seen no
/// contact yet is a TLV container without records: an empty ring, not an error.
#[test]
fn legacy_authring_without_records_is_an_empty_ring() {
    let ring = Authring::from_tlv_records(&TlvRecords::new()).unwrap();
    assert!(ring.is_empty());
    let ring = Authring::from_tlv_bytes(&[]).unwrap();
    assert!(ring.is_empty());
    assert_eq!(ring.dropped_records(), 0);
}

/// RFC 8032, section 7.1, test 1: the public key of seed 9d61b19d...7f60.
const RFC8032_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
/// `RFC8032_PUBLIC` in MEGA base64 (Python `base64.urlsafe_b64encode`, padding removed).
const RFC8032_PUBLIC_B64: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const RFC8032_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
/// The first 20 bytes of SHA-256 of `RFC8032_PUBLIC` (Python `hashlib.sha256`).
const RFC8032_FINGERPRINT: &str = "21fe31dfa154a261626bf854046fd2271b7bed4b";

const BOB: UserHandle = UserHandle::from_bytes([0xb0; 8]);

fn rfc8032_public() -> Ed25519PublicKey {
    Ed25519PublicKey::from_slice(&hex::decode(RFC8032_PUBLIC).unwrap()).unwrap()
}

#[test]
fn ring_with_a_contact_is_not_empty() {
    let ring = Authring::new()
        .observe_ed25519_key(BOB, &rfc8032_public())
        .unwrap();
    assert!(!ring.is_empty());
    assert_eq!(ring.len(), 1);
    // Written as handle(8) || fingerprint(20) || method 0 ("seen").
    let mut want = vec![0xb0; 8];
    want.extend_from_slice(&hex::decode(RFC8032_FINGERPRINT).unwrap());
    want.push(0);
    assert_eq!(ring.to_bytes(), want);
    let back = Authring::from_bytes(&want).unwrap();
    assert!(!back.is_empty());
    assert!(back.without(&BOB).is_empty());
}

const CAROL: UserHandle = UserHandle::from_bytes([0xca; 8]);

/// A record `handle(8) || fingerprint(20) || method(1)`, by hand.
fn record(user: u8, fp: u8, method: u8) -> Vec<u8> {
    let mut r = vec![user; 8];
    r.extend_from_slice(&[fp; 20]);
    r.push(method);
    r
}

#[test]
fn forgetting_a_contact_keeps_the_others() {
    let ring =
        Authring::from_bytes(&[record(0xb0, 0x11, 2), record(0xca, 0x22, 1)].concat()).unwrap();
    let rest = ring.without(&BOB);
    assert_eq!(rest.to_bytes(), record(0xca, 0x22, 1));
    assert!(rest.get(&BOB).is_none());
    assert_eq!(
        rest.method_of(&CAROL),
        Some(AuthMethod::FingerprintCompared)
    );
    // Forgetting someone who is not there changes nothing.
    assert_eq!(ring.without(&UserHandle::from_bytes([1; 8])), ring);
}

#[test]
fn rings_are_equal_only_with_the_same_records() {
    let a = Authring::from_bytes(&record(0xb0, 0x11, 2)).unwrap();
    let same = Authring::from_bytes(&record(0xb0, 0x11, 2)).unwrap();
    assert_eq!(a, same);
    for other in [
        record(0xb0, 0x11, 1), // another method
        record(0xb0, 0x12, 2), // another fingerprint
        record(0xca, 0x11, 2), // another user
    ] {
        assert_ne!(a, Authring::from_bytes(&other).unwrap());
    }
    assert_ne!(a, Authring::new());
    // A dropped record (unknown method byte 7) is not compared.
    let with_dropped =
        Authring::from_bytes(&[record(0xb0, 0x11, 2), record(0xca, 0x22, 7)].concat()).unwrap();
    assert_eq!(with_dropped.dropped_records(), 1);
    assert_eq!(with_dropped, a);
}

#[test]
fn ring_debug_lists_the_records() {
    let ring = Authring::from_bytes(&record(0xb0, 0x11, 2)).unwrap();
    let d = format!("{ring:?}");
    assert!(d.starts_with('['), "{d}");
    assert!(d.contains("SignatureVerified"), "{d}");
    assert_eq!(format!("{:?}", Authring::new()), "[]");
}

/// RFC 7748, section 6.1: Alice's and Bob's private keys and Alice's public key.
const RFC7748_ALICE: &str = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const RFC7748_BOB: &str = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const RFC7748_ALICE_PUBLIC: &str =
    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
/// `RFC7748_ALICE_PUBLIC` in MEGA base64 (Python `base64.urlsafe_b64encode`, padding removed).
const RFC7748_ALICE_PUBLIC_B64: &str = "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo";

fn x25519_private(h: &str) -> X25519PrivateKey {
    X25519PrivateKey::from_slice(&hex::decode(h).unwrap()).unwrap()
}

#[test]
fn x25519_keys_compare_print_and_encode() {
    let alice = x25519_private(RFC7748_ALICE);
    let bob = x25519_private(RFC7748_BOB);
    assert_eq!(alice, x25519_private(RFC7748_ALICE));
    assert_ne!(alice, bob);
    assert_eq!(format!("{alice:?}"), "X25519PrivateKey(<redacted>)");
    let public = alice.public_key();
    assert_eq!(hex::encode(public.as_bytes()), RFC7748_ALICE_PUBLIC);
    assert_eq!(public.to_b64(), RFC7748_ALICE_PUBLIC_B64);
    assert_eq!(
        X25519PublicKey::from_b64(RFC7748_ALICE_PUBLIC_B64).unwrap(),
        public
    );
    assert_eq!(
        format!("{public:?}"),
        format!("X25519PublicKey({RFC7748_ALICE_PUBLIC_B64})")
    );
}

/// The vector file's `+sigCu255` signing case (`data/key_signature.json`, made by MEGA's SDK).
fn sig_cu255_case() -> serde_json::Value {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("data/key_signature.json")).unwrap();
    v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "sign" && c["what"] == "+sigCu255")
        .unwrap()
        .clone()
}

#[test]
fn verified_x25519_key_carries_the_signed_time_and_signer() {
    let c = sig_cu255_case();
    let signer = Ed25519PublicKey::from_slice(
        &hex::decode(c["signer_public_hex"].as_str().unwrap()).unwrap(),
    )
    .unwrap();
    let key =
        X25519PublicKey::from_slice(&hex::decode(c["key_bytes_hex"].as_str().unwrap()).unwrap())
            .unwrap();
    let sig = hex::decode(c["signature_hex"].as_str().unwrap()).unwrap();
    let (verified, ts) = signer.verify_x25519_key(&key, &sig).unwrap();
    assert_eq!(ts, 1_659_127_748);
    assert_eq!(verified.signed_at(), 1_659_127_748);
    assert_eq!(verified.key(), &key);
    assert_eq!(verified.as_bytes(), key.as_bytes());
    assert_eq!(verified.signer(), &signer);
    assert_eq!(hex::encode(signer.as_bytes()), RFC8032_PUBLIC);
    assert_eq!(verified.fingerprint(), key.fingerprint());
    let d = format!("{verified:?}");
    assert!(d.starts_with("VerifiedX25519PublicKey {"), "{d}");
    assert!(d.contains("signed_at: 1659127748"), "{d}");
    assert!(
        d.contains(&format!("Ed25519PublicKey({RFC8032_PUBLIC_B64})")),
        "{d}"
    );
    // The signature blob: its timestamp, never the signature bytes.
    let blob = KeySignature::from_bytes(&sig).unwrap();
    let d = format!("{blob:?}");
    assert!(d.starts_with("KeySignature {"), "{d}");
    assert!(d.contains("timestamp: 1659127748"), "{d}");
    assert!(!d.contains("signature"), "{d}");
}

#[test]
fn fingerprint_and_credentials_print_as_hex() {
    let key = rfc8032_public();
    let fp = key.fingerprint();
    assert_eq!(fp.to_hex(), RFC8032_FINGERPRINT);
    assert_eq!(
        format!("{fp:?}"),
        format!("Fingerprint({RFC8032_FINGERPRINT})")
    );
    let cred = key.credentials();
    let upper = RFC8032_FINGERPRINT.to_uppercase();
    assert_eq!(cred.as_str(), upper);
    assert_eq!(cred.to_string(), upper);
    assert_eq!(format!("{cred:?}"), format!("Credentials({upper})"));
    // Ten groups of four, as the official clients show them (vector file, keypair case 1).
    assert_eq!(
        cred.grouped(),
        "21FE 31DF A154 A261 626B F854 046F D227 1B7B ED4B"
    );
    assert_eq!(
        format!("{key:?}"),
        format!("Ed25519PublicKey({RFC8032_PUBLIC_B64})")
    );
}

#[test]
fn ed25519_private_keys_compare_and_print_redacted() {
    let seed = hex::decode(RFC8032_SEED).unwrap();
    let key = Ed25519PrivateKey::from_slice(&seed).unwrap();
    assert_eq!(hex::encode(key.public_key().as_bytes()), RFC8032_PUBLIC);
    assert_eq!(key.as_bytes().as_slice(), seed.as_slice());
    assert_eq!(key, Ed25519PrivateKey::from_slice(&seed).unwrap());
    assert_ne!(key, Ed25519PrivateKey::from_bytes([0; 32]));
    assert_eq!(format!("{key:?}"), "Ed25519PrivateKey(<redacted>)");
    assert!(Ed25519PrivateKey::from_slice(&seed[..31]).is_err());
}

/// HKDF-SHA256 of the RFC 7748 shared secret (4a5d9d5b...1742), empty salt, info
/// "strongvelope pairwise key", 16 bytes (Python `cryptography` HKDF).
const RFC7748_PAIRWISE: &str = "057a86d37b314377b9f0a2392e2d9c54";

/// `key`, signed by the RFC 8032 test key and verified: the only way to a verified key.
fn verified(key: &X25519PublicKey) -> VerifiedX25519PublicKey {
    let signer = Ed25519PrivateKey::from_slice(&hex::decode(RFC8032_SEED).unwrap()).unwrap();
    let sig = signer.sign_x25519_key(key, 1_700_000_000).to_bytes();
    signer.public_key().verify_x25519_key(key, &sig).unwrap().0
}

#[test]
fn pairwise_keys_agree_compare_and_print_redacted() {
    let alice = x25519_private(RFC7748_ALICE);
    let bob = x25519_private(RFC7748_BOB);
    let ab = PairwiseKey::derive(&alice, &verified(&bob.public_key())).unwrap();
    let ba = PairwiseKey::derive(&bob, &verified(&alice.public_key())).unwrap();
    assert_eq!(hex::encode(ab.as_bytes()), RFC7748_PAIRWISE);
    assert_eq!(ab, ba);
    let other = X25519PrivateKey::from_bytes([0x42; 32]).public_key();
    let ao = PairwiseKey::derive(&alice, &verified(&other)).unwrap();
    assert_ne!(ab, ao);
    assert_eq!(format!("{ab:?}"), "PairwiseKey(<redacted>)");
}
