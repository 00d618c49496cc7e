//! Sets and Elements (`core/src/sets/`): behaviour that mutation testing
//! (docs/mutation-testing.md) found unchecked — the sealing path that draws its IV from the
//! caller's RNG, and the UTF-8 check on decrypted names.
//!
//! Expected values come from first principles, not from megacrypt: the container layout
//! `0x10 ‖ IV(12) ‖ AES-128-GCM(ciphertext ‖ tag)` with no associated data and the TLV record
//! layout `key ‖ 0x00 ‖ len(2, big-endian) ‖ value` (docs/format/tlv.md, docs/format/sets.md),
//! checked here with the `aes-gcm` crate directly; the IV is the first 12 bytes the seeded RNG
//! gives.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use aes_gcm::Aes128Gcm;
use aes_gcm::aead::{AeadInOut, KeyInit};
use cipher::Array;
use megacrypt::sets::{self, ElementAttributes, ElementKey, SetAttributes, SetKey};
use megacrypt::tlv::TlvRecords;
use megacrypt::{ErrorKind, FileKey};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

/// Opens a mode-0x10 container with `aes-gcm` alone: returns (IV, TLV plaintext).
fn gcm_open(key: &[u8; 16], blob: &[u8]) -> ([u8; 12], Vec<u8>) {
    assert_eq!(blob[0], 0x10, "mode byte");
    assert!(blob.len() >= 1 + 12 + 16);
    let iv: [u8; 12] = blob[1..13].try_into().unwrap();
    let split = blob.len() - 16;
    let mut buf = blob[13..split].to_vec();
    let tag = Array::try_from(&blob[split..]).unwrap();
    Aes128Gcm::new(&Array::from(*key))
        .decrypt_inout_detached(&Array::from(iv), &[], buf.as_mut_slice().into(), &tag)
        .expect("the tag verifies under this key");
    (iv, buf)
}

/// The TLV record `key ‖ 0 ‖ len(2, BE) ‖ value`, written by hand.
fn tlv(key: &str, value: &[u8]) -> Vec<u8> {
    let mut out = key.as_bytes().to_vec();
    out.push(0);
    out.extend_from_slice(&(value.len() as u16).to_be_bytes());
    out.extend_from_slice(value);
    out
}

fn next_iv(rng: &ChaCha20Rng) -> [u8; 12] {
    let mut copy = rng.clone();
    let mut iv = [0u8; 12];
    copy.fill_bytes(&mut iv);
    iv
}

/// Set attributes are sealed under the Set key in mode 0x10 with an IV drawn from the caller's
/// RNG; the container opens with plain AES-GCM to exactly the TLV records.
#[test]
fn set_attributes_are_sealed_with_a_fresh_iv_under_the_set_key() {
    let key = [0x5a; 16];
    let sk = SetKey::from_bytes(key).unwrap();
    let mut attrs = SetAttributes::new();
    attrs.set_name(Some("Holiday")).unwrap();
    let mut rng = ChaCha20Rng::from_seed([9; 32]);
    let iv = next_iv(&rng);
    let at = sets::seal_set_attributes(&sk, &attrs, &mut rng).unwrap();
    assert_eq!(at.len(), 1 + 12 + tlv("n", b"Holiday").len() + 16);
    let (got_iv, plain) = gcm_open(&key, &at);
    assert_eq!(got_iv, iv);
    assert_eq!(plain, tlv("n", b"Holiday"));
    assert_eq!(
        sets::open_set_attributes(&sk, &at).unwrap().name(),
        Some("Holiday")
    );
    // The RNG moved on: the next seal uses a different IV, so a different container.
    let again = sets::seal_set_attributes(&sk, &attrs, &mut rng).unwrap();
    assert_ne!(again[1..13], at[1..13]);
    assert_eq!(gcm_open(&key, &again).1, tlv("n", b"Holiday"));
}

/// Element attributes are sealed under the *folded* node key `k[0..16] ⊕ k[16..32]` of a
/// 32-byte Element key, with an IV drawn from the caller's RNG.
#[test]
fn element_attributes_are_sealed_under_the_folded_key() {
    let mut node_key = [0u8; 32];
    for (i, b) in node_key.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(29).wrapping_add(3);
    }
    let mut folded = [0u8; 16];
    for i in 0..16 {
        folded[i] = node_key[i] ^ node_key[16 + i];
    }
    let ek = ElementKey::from_slice(&node_key).unwrap();
    assert_eq!(ek.attribute_key().as_bytes(), &folded);
    let mut attrs = ElementAttributes::new();
    attrs.set_name(Some("IMG_0042.jpg")).unwrap();
    let mut rng = ChaCha20Rng::from_seed([4; 32]);
    let iv = next_iv(&rng);
    let at = sets::seal_element_attributes(&ek, &attrs, &mut rng).unwrap();
    let (got_iv, plain) = gcm_open(&folded, &at);
    assert_eq!(got_iv, iv);
    assert_eq!(plain, tlv("n", b"IMG_0042.jpg"));
    assert_eq!(
        sets::open_element_attributes(&ek, &at).unwrap().name(),
        Some("IMG_0042.jpg")
    );

    // A 16-byte (legacy) Element key is used as it is.
    let legacy = ElementKey::from_slice(&[0x33; 16]).unwrap();
    assert_eq!(legacy.attribute_key().as_bytes(), &[0x33; 16]);
    let at = sets::seal_element_attributes(&legacy, &attrs, &mut rng).unwrap();
    assert_eq!(gcm_open(&[0x33; 16], &at).1, tlv("n", b"IMG_0042.jpg"));
}

/// No attributes seal to an empty `at` (the SDK's "attributes cleared") without drawing from
/// the RNG, and an empty `at` opens to no attributes.
#[test]
fn empty_attributes_seal_to_nothing() {
    let sk = SetKey::from_bytes([1; 16]).unwrap();
    let mut rng = ChaCha20Rng::from_seed([2; 32]);
    let before = next_iv(&rng);
    assert!(
        sets::seal_set_attributes(&sk, &SetAttributes::new(), &mut rng)
            .unwrap()
            .is_empty()
    );
    let ek = ElementKey::from_slice(&[7; 16]).unwrap();
    assert!(
        sets::seal_element_attributes(&ek, &ElementAttributes::new(), &mut rng)
            .unwrap()
            .is_empty()
    );
    assert_eq!(next_iv(&rng), before, "no IV was drawn");
    assert!(
        sets::open_set_attributes(&sk, &[])
            .unwrap()
            .records()
            .is_empty()
    );
    assert!(
        sets::open_element_attributes(&ek, &[])
            .unwrap()
            .records()
            .is_empty()
    );
    // An empty name removes the record, as `None` does.
    let mut attrs = SetAttributes::new();
    attrs.set_name(Some("x")).unwrap();
    attrs.set_name(Some("")).unwrap();
    assert_eq!(attrs.name(), None);
    assert!(
        sets::seal_set_attributes(&sk, &attrs, &mut rng)
            .unwrap()
            .is_empty()
    );
    let mut attrs = ElementAttributes::new();
    attrs.set_name(Some("y")).unwrap();
    attrs.set_name(Some("")).unwrap();
    assert_eq!(attrs.name(), None);
    assert!(attrs.records().is_empty());
}

/// A decrypted name that is not UTF-8 is `Malformed`, for Sets and for Elements, whether it comes
/// from records or from a container that authenticates.
#[test]
fn names_that_are_not_utf8_are_refused() {
    let mut bad = TlvRecords::new();
    bad.insert("n", &[0x66, 0xff, 0x6f]).unwrap();
    assert_eq!(
        SetAttributes::from_records(bad.clone()).unwrap_err().kind(),
        ErrorKind::Malformed
    );
    assert_eq!(
        ElementAttributes::from_records(bad.clone())
            .unwrap_err()
            .kind(),
        ErrorKind::Malformed
    );
    let mut good = TlvRecords::new();
    good.insert("n", "Été".as_bytes()).unwrap();
    good.insert("x", &[0xff]).unwrap();
    assert_eq!(
        SetAttributes::from_records(good.clone()).unwrap().name(),
        Some("Été")
    );
    assert_eq!(
        ElementAttributes::from_records(good).unwrap().name(),
        Some("Été")
    );

    // The same through the sealed form: a container the server (or another client) wrote with
    // a non-UTF-8 name authenticates but is refused.
    let sk = SetKey::from_bytes([0x21; 16]).unwrap();
    let at = megacrypt::hazmat::seal_container_with_iv(
        sk.as_aes_key(),
        &bad,
        megacrypt::tlv::ContainerMode::AesGcm12x16,
        &[3; 12],
        &megacrypt::policy::CompatibilityPolicy::default(),
    )
    .unwrap();
    assert_eq!(
        sets::open_set_attributes(&sk, &at).unwrap_err().kind(),
        ErrorKind::Malformed
    );
    let ek = ElementKey::Legacy(megacrypt::AesKey::from_bytes([0x21; 16]).unwrap());
    assert_eq!(
        sets::open_element_attributes(&ek, &at).unwrap_err().kind(),
        ErrorKind::Malformed
    );
}

/// Attributes sealed under one Set key do not open under another (GCM tag): `Decrypt`.
#[test]
fn attributes_do_not_open_under_another_key() {
    let mut rng = ChaCha20Rng::from_seed([5; 32]);
    let mut attrs = SetAttributes::new();
    attrs.set_name(Some("mine")).unwrap();
    let at =
        sets::seal_set_attributes(&SetKey::from_bytes([1; 16]).unwrap(), &attrs, &mut rng).unwrap();
    assert_eq!(
        sets::open_set_attributes(&SetKey::from_bytes([2; 16]).unwrap(), &at)
            .unwrap_err()
            .kind(),
        ErrorKind::Decrypt
    );
}

/// An Element key is read by its length (32 = node key, 16 = legacy), and its bytes come back
/// unchanged; a file key converts into the 32-byte form.
#[test]
fn element_key_forms() {
    let node_key: [u8; 32] = core::array::from_fn(|i| i as u8);
    let ek = ElementKey::from_slice(&node_key).unwrap();
    assert!(matches!(ek, ElementKey::File(_)));
    assert_eq!(ek.to_bytes().as_slice(), &node_key);
    let fk = FileKey::from_node_key(&node_key).unwrap();
    assert_eq!(ElementKey::from(fk), ek);
    let legacy = ElementKey::from_slice(&[9; 16]).unwrap();
    assert!(matches!(legacy, ElementKey::Legacy(_)));
    assert_eq!(legacy.to_bytes().as_slice(), &[9; 16]);
    for len in [0, 15, 17, 24, 31, 33, 48] {
        assert_eq!(
            ElementKey::from_slice(&vec![1; len]).unwrap_err().kind(),
            ErrorKind::InvalidKey,
            "{len}"
        );
    }
}
