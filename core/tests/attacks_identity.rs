//! Attacks on contact keys and authrings: what a malicious server (or a man in the middle of the
//! key directory) can try against the identity module, each refused with its typed error and
//! without changing any state.
//!
//! The server stores and serves `+puEd255`, `+puCu255`, `+sigCu255`, `+sigPubk` and `pubk` for
//! every user; it can substitute any of them. It cannot forge Ed25519 signatures, and it cannot
//! change an authring inside `^!keys` (AES-GCM) — the authring tests model a corrupted or
//! differently-written ring, and a substituted key meeting an honest ring.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::identity::{
    AuthMethod, Authring, Ed25519PrivateKey, Ed25519PublicKey, KeySignature, PairwiseKey,
    VerifiedX25519PublicKey, X25519PrivateKey, X25519PublicKey, check_exchange_allowed,
    rsa_public_key_for_signature, rsa_signed_bytes,
};
use megacrypt::rsa::RsaPublicKey;
use megacrypt::tlv::TlvRecords;
use megacrypt::{ErrorKind, ShareKey, UserHandle};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::Value;

const BOB: UserHandle = UserHandle::from_bytes([0xb0; 8]);
const CAROL: UserHandle = UserHandle::from_bytes([0xca; 8]);

/// A contact as the key directory publishes it.
struct Contact {
    ed: Ed25519PrivateKey,
    cu: X25519PrivateKey,
    sig_cu255: [u8; 72],
}

fn contact(seed: u64) -> Contact {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let ed = Ed25519PrivateKey::generate(&mut rng).unwrap();
    let cu = X25519PrivateKey::generate(&mut rng).unwrap();
    let sig_cu255 = ed
        .sign_x25519_key(&cu.public_key(), 1_700_000_000)
        .to_bytes();
    Contact { ed, cu, sig_cu255 }
}

fn verified(c: &Contact) -> VerifiedX25519PublicKey {
    c.ed.public_key()
        .verify_x25519_key(&c.cu.public_key(), &c.sig_cu255)
        .unwrap()
        .0
}

fn kind<T: std::fmt::Debug>(r: megacrypt::Result<T>) -> ErrorKind {
    r.expect_err("must be refused").kind()
}

/// Bob's rings after an honest first contact.
fn honest_rings(bob: &Contact) -> (Authring, Authring) {
    let ed = Authring::new()
        .observe_ed25519_key(BOB, &bob.ed.public_key())
        .unwrap();
    let cu = Authring::new()
        .record_signature_verified(BOB, &verified(bob), &ed)
        .unwrap();
    (ed, cu)
}

#[test]
fn swapped_contact_x25519_key_fails_signature() {
    let bob = contact(1);
    let mallory = contact(2);
    // The server serves Mallory's X25519 key with Bob's Ed25519 key and Bob's signature.
    let r = bob
        .ed
        .public_key()
        .verify_x25519_key(&mallory.cu.public_key(), &bob.sig_cu255);
    assert_eq!(kind(r), ErrorKind::SignatureInvalid);
    // ... or with Mallory's own signature.
    let r = bob
        .ed
        .public_key()
        .verify_x25519_key(&mallory.cu.public_key(), &mallory.sig_cu255);
    assert_eq!(kind(r), ErrorKind::SignatureInvalid);
}

#[test]
fn signature_of_another_contact_is_refused() {
    // Carol's genuine key and signature presented as Bob's: Bob's Ed25519 key did not sign them.
    let bob = contact(1);
    let carol = contact(3);
    let r = bob
        .ed
        .public_key()
        .verify_x25519_key(&carol.cu.public_key(), &carol.sig_cu255);
    assert_eq!(kind(r), ErrorKind::SignatureInvalid);
}

#[test]
fn sig_cu255_replayed_as_sig_pubk_is_refused() {
    let bob = contact(1);
    let pubk = rsa_pubk(0);
    let key = RsaPublicKey::from_bytes(&pubk).unwrap();
    let r = bob.ed.public_key().verify_rsa_key(&key, &bob.sig_cu255);
    assert_eq!(kind(r), ErrorKind::SignatureInvalid);
    // The genuine +sigPubk verifies.
    let sig = bob.ed.sign_rsa_key(&key, 5).unwrap().to_bytes();
    assert_eq!(bob.ed.public_key().verify_rsa_key(&key, &sig).unwrap(), 5);
}

#[test]
fn replaced_contact_ed25519_key_is_key_changed() {
    let bob = contact(1);
    let mallory = contact(2);
    let (ed, _) = honest_rings(&bob);
    let before = ed.clone();
    let r = ed.observe_ed25519_key(BOB, &mallory.ed.public_key());
    assert_eq!(kind(r), ErrorKind::KeyChanged);
    assert_eq!(ed, before, "nothing applied");
    // The user comparing credentials of the replaced key does not help either.
    let r = ed.record_fingerprint_compared(BOB, &mallory.ed.public_key());
    assert_eq!(kind(r), ErrorKind::KeyChanged);
}

#[test]
fn replaced_ed25519_and_x25519_keys_with_valid_signature_are_key_changed() {
    // The server replaces the whole identity: Mallory's Ed25519 key signed Mallory's X25519 key.
    let bob = contact(1);
    let mallory = contact(2);
    let (ed, cu) = honest_rings(&bob);
    let fake = verified(&mallory); // the signature itself is valid
    let r = cu.record_signature_verified(BOB, &fake, &ed);
    assert_eq!(kind(r), ErrorKind::KeyChanged);
    // A fresh contact whose Ed25519 key was never observed cannot be recorded either.
    let r = Authring::new().record_signature_verified(CAROL, &fake, &ed);
    assert_eq!(kind(r), ErrorKind::ApiMisuse);
}

#[test]
fn changed_x25519_key_with_valid_signature_is_key_changed() {
    // Bob's own Ed25519 key signs a new X25519 key (or the server replays an older signed one):
    // the official clients refuse a fingerprint change in the Cu25519 ring even when signed.
    let bob = contact(1);
    let (ed, cu) = honest_rings(&bob);
    let mut rng = ChaCha20Rng::seed_from_u64(9);
    let other = X25519PrivateKey::generate(&mut rng).unwrap().public_key();
    let sig = bob.ed.sign_x25519_key(&other, 1_800_000_000).to_bytes();
    let (v, _) = bob.ed.public_key().verify_x25519_key(&other, &sig).unwrap();
    let before = cu.clone();
    assert_eq!(
        kind(cu.record_signature_verified(BOB, &v, &ed)),
        ErrorKind::KeyChanged
    );
    assert_eq!(cu, before);
}

/// libsodium 1.0.18's small-order blocklist (`crypto_scalarmult/curve25519/ref10`), and the
/// non-canonical encodings of 0 and 1.
const SMALL_ORDER: [&str; 7] = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];

#[test]
fn small_order_x25519_point_is_refused() {
    // A malicious contact (who controls its own Ed25519 key, so the signature is valid) publishes a
    // small-order X25519 key to force a predictable pairwise key.
    let mallory = contact(2);
    let mine = contact(1).cu;
    for hex_point in SMALL_ORDER {
        let point = X25519PublicKey::from_slice(&hex::decode(hex_point).unwrap()).unwrap();
        let sig = mallory.ed.sign_x25519_key(&point, 1).to_bytes();
        let (v, _) = mallory
            .ed
            .public_key()
            .verify_x25519_key(&point, &sig)
            .unwrap();
        assert_eq!(
            kind(PairwiseKey::derive(&mine, &v)),
            ErrorKind::InvalidKey,
            "{hex_point}"
        );
    }
}

#[test]
fn truncated_or_extended_key_signature_is_refused() {
    let bob = contact(1);
    let pk = bob.ed.public_key();
    let key = bob.cu.public_key();
    for len in [0usize, 8, 64, 71] {
        let r = pk.verify_x25519_key(&key, &bob.sig_cu255[..len]);
        assert_eq!(kind(r), ErrorKind::Malformed, "{len} bytes");
    }
    // 73 bytes: the SDK ignores the tail, the webclient refuses; so does megacrypt.
    for tail in [[0u8].as_slice(), &[0xff; 8]] {
        let mut long = bob.sig_cu255.to_vec();
        long.extend_from_slice(tail);
        assert_eq!(
            kind(pk.verify_x25519_key(&key, &long)),
            ErrorKind::Malformed
        );
    }
    assert!(pk.verify_x25519_key(&key, &bob.sig_cu255).is_ok());
}

/// The Ed25519 group order L, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

#[test]
fn non_canonical_s_is_refused() {
    // S' = S + L verifies under the cofactorless equation but is not canonical (tweetnacl, hence
    // the webclient, accepts it; libsodium and megacrypt refuse it).
    let bob = contact(1);
    let mut sig = bob.sig_cu255;
    let mut carry = 0u16;
    for (b, l) in sig[40..72].iter_mut().zip(L) {
        let s = u16::from(*b) + u16::from(l) + carry;
        *b = s as u8;
        carry = s >> 8;
    }
    assert_eq!(carry, 0, "S + L fits 256 bits for this signature");
    let r = bob
        .ed
        .public_key()
        .verify_x25519_key(&bob.cu.public_key(), &sig);
    assert_eq!(kind(r), ErrorKind::SignatureInvalid);
}

#[test]
fn flipped_timestamp_is_refused() {
    // The timestamp is signed: moving it (to look fresher or older) breaks the signature.
    let bob = contact(1);
    let mut sig = bob.sig_cu255;
    sig[7] ^= 1;
    let r = bob
        .ed
        .public_key()
        .verify_x25519_key(&bob.cu.public_key(), &sig);
    assert_eq!(kind(r), ErrorKind::SignatureInvalid);
}

#[test]
fn future_timestamp_is_returned_not_judged() {
    // Not a forgery: the caller's clock policy decides (the webclient refuses, the SDK accepts).
    let bob = contact(1);
    let sig = bob.ed.sign_x25519_key(&bob.cu.public_key(), u64::MAX);
    let (_, ts) = bob
        .ed
        .public_key()
        .verify_x25519_key(&bob.cu.public_key(), &sig.to_bytes())
        .unwrap();
    assert_eq!(ts, u64::MAX);
}

#[test]
fn small_order_or_non_canonical_ed25519_key_is_refused() {
    // With a small-order public key, "signatures" can be made without any private key.
    let identity = {
        let mut b = [0u8; 32];
        b[0] = 1;
        b
    };
    assert_eq!(
        kind(Ed25519PublicKey::from_bytes(&identity)),
        ErrorKind::InvalidKey
    );
    // The point of order 2 (y = -1).
    let mut minus_one = [0xff; 32];
    minus_one[0] = 0xec;
    minus_one[31] = 0x7f;
    assert_eq!(
        kind(Ed25519PublicKey::from_bytes(&minus_one)),
        ErrorKind::InvalidKey
    );
    // y = p + 1, a non-canonical encoding of the identity.
    let mut non_canonical = [0xff; 32];
    non_canonical[0] = 0xee;
    non_canonical[31] = 0x7f;
    assert_eq!(
        kind(Ed25519PublicKey::from_bytes(&non_canonical)),
        ErrorKind::InvalidKey
    );
    // Wrong lengths.
    assert_eq!(
        kind(Ed25519PublicKey::from_slice(&[7; 31])),
        ErrorKind::InvalidKey
    );
    assert_eq!(
        kind(Ed25519PublicKey::from_slice(&[7; 33])),
        ErrorKind::InvalidKey
    );
}

#[test]
fn authring_method_byte_tampering_does_not_raise_trust() {
    // A record whose byte is not an official method (e.g. 0x42, "confidence 4, signature
    // verified" in an old reading) is dropped, never read as verified.
    let bob = contact(1);
    let fp = bob.ed.public_key().fingerprint();
    for byte in [0x03u8, 0x12, 0x42, 0x80, 0xff] {
        let mut raw = BOB.as_bytes().to_vec();
        raw.extend_from_slice(fp.as_bytes());
        raw.push(byte);
        let ring = Authring::from_bytes(&raw).unwrap();
        assert_eq!(ring.method_of(&BOB), None, "{byte:#x}");
        assert_eq!(ring.dropped_records(), 1);
        assert_eq!(
            kind(check_exchange_allowed(&ring, &BOB, false)),
            ErrorKind::ApiMisuse
        );
    }
}

#[test]
fn authring_fingerprint_tampering_is_key_changed() {
    let bob = contact(1);
    let (ed, _) = honest_rings(&bob);
    let mut raw = ed.to_bytes();
    raw[10] ^= 0x01; // a fingerprint byte
    let tampered = Authring::from_bytes(&raw).unwrap();
    assert_eq!(
        kind(tampered.observe_ed25519_key(BOB, &bob.ed.public_key())),
        ErrorKind::KeyChanged
    );
}

#[test]
fn authring_truncation_or_extension_is_refused() {
    let bob = contact(1);
    let (ed, _) = honest_rings(&bob);
    let raw = ed.to_bytes();
    assert_eq!(kind(Authring::from_bytes(&raw[..28])), ErrorKind::Malformed);
    let mut long = raw.clone();
    long.extend_from_slice(&[1, 2, 3, 4, 5]);
    assert_eq!(kind(Authring::from_bytes(&long)), ErrorKind::Malformed);
}

#[test]
fn legacy_authring_tlv_with_extra_records_is_refused() {
    let bob = contact(1);
    let (ed, _) = honest_rings(&bob);
    let mut tlv = ed.to_tlv_records().unwrap();
    assert_eq!(Authring::from_tlv_records(&tlv).unwrap(), ed);
    tlv.insert("x", b"smuggled").unwrap();
    assert_eq!(kind(Authring::from_tlv_records(&tlv)), ErrorKind::Malformed);
    let mut other_key = TlvRecords::new();
    other_key.insert("authring", &ed.to_bytes()).unwrap();
    assert_eq!(
        kind(Authring::from_tlv_records(&other_key)),
        ErrorKind::Malformed
    );
}

#[test]
fn verified_credentials_are_never_lowered() {
    let bob = contact(1);
    let (ed, _) = honest_rings(&bob);
    let compared = ed
        .record_fingerprint_compared(BOB, &bob.ed.public_key())
        .unwrap();
    assert_eq!(
        compared.method_of(&BOB),
        Some(AuthMethod::FingerprintCompared)
    );
    // Seeing the key again keeps the stronger method.
    let again = compared
        .observe_ed25519_key(BOB, &bob.ed.public_key())
        .unwrap();
    assert_eq!(again.method_of(&BOB), Some(AuthMethod::FingerprintCompared));
    // And the serialized form carries it.
    assert_eq!(Authring::from_bytes(&again.to_bytes()).unwrap(), again);
}

#[test]
fn unseen_contact_gets_no_share_key() {
    let ring = Authring::new();
    assert_eq!(
        kind(check_exchange_allowed(&ring, &BOB, false)),
        ErrorKind::ApiMisuse
    );
    // With manual verification, "seen" is not enough.
    let bob = contact(1);
    let (ed, _) = honest_rings(&bob);
    assert!(check_exchange_allowed(&ed, &BOB, false).is_ok());
    assert_eq!(
        kind(check_exchange_allowed(&ed, &BOB, true)),
        ErrorKind::ApiMisuse
    );
}

#[test]
fn pk_blob_of_wrong_length_is_refused() {
    let alice = contact(4);
    let bob = contact(1);
    let pk = PairwiseKey::derive(&alice.cu, &verified(&bob)).unwrap();
    for len in [0usize, 15, 17, 32] {
        assert_eq!(
            kind(pk.open_share_key(&vec![0x33; len])),
            ErrorKind::Malformed
        );
    }
    // The blob is ECB: under another pairwise key it opens to a different key (the caller
    // confirms a share key by decrypting the share's node attributes).
    let share = ShareKey::from_bytes([0x44; 16]).unwrap();
    let blob = pk.seal_share_key(&share);
    let carol = contact(3);
    let other = PairwiseKey::derive(&carol.cu, &verified(&bob)).unwrap();
    assert_ne!(other.open_share_key(&blob).unwrap(), share);
    assert_eq!(pk.open_share_key(&blob).unwrap(), share);
}

fn rsa_pubk(index: usize) -> Vec<u8> {
    let text = include_str!("data/key_signature.json");
    let v: Value = serde_json::from_str(text).unwrap();
    let cases: Vec<&Value> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "rsa_signed_bytes")
        .collect();
    hex::decode(cases[index]["pubk_hex"].as_str().unwrap()).unwrap()
}

#[test]
fn rsa_key_the_clients_sign_differently_is_refused() {
    let base = rsa_pubk(0);
    assert!(rsa_public_key_for_signature(&base).is_ok());
    // Trailing bytes after MPI(e): the SDK would sign zero bytes before e, the webclient not.
    let mut trailing = base.clone();
    trailing.extend_from_slice(&[0xaa, 0xbb, 0xcc]);
    assert_eq!(
        kind(rsa_public_key_for_signature(&trailing)),
        ErrorKind::Unsupported
    );
    // n with a leading zero byte: the SDK strips it, the webclient keeps it. An MPI longer than
    // the modulus is already refused by the key parser; one whose header covers the zero byte
    // (2048 bits announced, the top byte zero) parses, and is refused for signing.
    let mut padded = vec![0x08, 0x08, 0x00];
    padded.extend_from_slice(&base[2..]);
    assert!(rsa_public_key_for_signature(&padded).is_err());
    let mut zero_top = base.clone();
    zero_top[2] = 0;
    let key = RsaPublicKey::from_bytes(&zero_top).unwrap();
    assert_eq!(
        kind(rsa_public_key_for_signature(&zero_top)),
        ErrorKind::Unsupported
    );
    assert_eq!(kind(rsa_signed_bytes(&key)), ErrorKind::Unsupported);
    let signer = contact(1).ed;
    assert_eq!(kind(signer.sign_rsa_key(&key, 1)), ErrorKind::Unsupported);
}

#[test]
fn key_signature_blob_round_trips_only_at_72_bytes() {
    let bob = contact(1);
    let sig = KeySignature::from_bytes(&bob.sig_cu255).unwrap();
    assert_eq!(sig.to_bytes(), bob.sig_cu255);
    assert_eq!(sig.timestamp(), 1_700_000_000);
    assert_eq!(KeySignature::from_b64(&sig.to_b64()).unwrap(), sig);
}

#[test]
fn own_keys_served_by_the_server_must_match() {
    use megacrypt::identity::{PublishedIdentity, check_own_keys};
    let me = contact(1);
    let mallory = contact(2);
    let ed_pub = me.ed.public_key();
    let cu_pub = me.cu.public_key();
    let honest = PublishedIdentity {
        pu_ed255: ed_pub.as_bytes(),
        pu_cu255: cu_pub.as_bytes(),
        sig_cu255: &me.sig_cu255,
        rsa: None,
    };
    check_own_keys(&me.ed, &me.cu, &honest).unwrap();
    let m_ed = mallory.ed.public_key();
    let m_cu = mallory.cu.public_key();
    let swapped_ed = PublishedIdentity {
        pu_ed255: m_ed.as_bytes(),
        ..honest
    };
    assert_eq!(
        kind(check_own_keys(&me.ed, &me.cu, &swapped_ed)),
        ErrorKind::KeyChanged
    );
    let swapped_cu = PublishedIdentity {
        pu_cu255: m_cu.as_bytes(),
        ..honest
    };
    assert_eq!(
        kind(check_own_keys(&me.ed, &me.cu, &swapped_cu)),
        ErrorKind::KeyChanged
    );
    let foreign_sig = PublishedIdentity {
        sig_cu255: &mallory.sig_cu255,
        ..honest
    };
    assert_eq!(
        kind(check_own_keys(&me.ed, &me.cu, &foreign_sig)),
        ErrorKind::SignatureInvalid
    );
    let key = RsaPublicKey::from_bytes(&rsa_pubk(0)).unwrap();
    let forged_pubk_sig = PublishedIdentity {
        rsa: Some((&key, &mallory.sig_cu255)),
        ..honest
    };
    assert_eq!(
        kind(check_own_keys(&me.ed, &me.cu, &forged_pubk_sig)),
        ErrorKind::SignatureInvalid
    );
}
