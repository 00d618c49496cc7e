//! `ContentKey` (issue 12): a file's AES content key and CTR nonce, the key of an upload before
//! its meta-MAC exists. Expected values come from the known-answer vectors in
//! `core/tests/data/file_encrypt.json` (key, nonce, meta-MAC and packed node key of each case,
//! produced by megajs and mega.py), from the byte layout documented in docs/resumable-state.md,
//! and from the raw output of the seeded ChaCha20 generator (rand_chacha).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::file::{FileEncryptor, MetaMacAccumulator, TransferDirection, TransferState};
use megacrypt::{AesKey, ContentKey, ErrorKind, FileKey, MetaMac, Nonce};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use serde_json::Value;

struct Case {
    key: [u8; 16],
    nonce: [u8; 8],
    meta_mac: [u8; 8],
    node_key: [u8; 32],
    node_key_b64: String,
}

fn cases() -> Vec<Case> {
    let v: Value = serde_json::from_str(include_str!("data/file_encrypt.json")).unwrap();
    let h = |c: &Value, f: &str| hex::decode(c[f].as_str().unwrap()).unwrap();
    v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            key: h(c, "key_hex").try_into().unwrap(),
            nonce: h(c, "nonce_hex").try_into().unwrap(),
            meta_mac: h(c, "meta_mac_hex").try_into().unwrap(),
            node_key: h(c, "node_key_hex").try_into().unwrap(),
            node_key_b64: c["node_key_b64"].as_str().unwrap().to_owned(),
        })
        .collect()
}

fn key_then_nonce(c: &Case) -> [u8; 24] {
    let mut b = [0u8; 24];
    b[..16].copy_from_slice(&c.key);
    b[16..].copy_from_slice(&c.nonce);
    b
}

#[test]
fn byte_form_is_key_then_nonce() {
    let all = cases();
    assert!(!all.is_empty());
    for c in &all {
        let want = key_then_nonce(c);
        let ck = ContentKey::from_parts(
            AesKey::from_bytes(c.key).unwrap(),
            Nonce::from_bytes(c.nonce).unwrap(),
        );
        assert_eq!(*ck.to_bytes(), want);
        assert_eq!(ck.aes_key().as_bytes(), &c.key);
        assert_eq!(ck.nonce().as_bytes(), &c.nonce);
        assert_eq!(ContentKey::from_bytes(want).unwrap(), ck);
        assert_eq!(ContentKey::from_slice(&want).unwrap(), ck);
    }
    assert_eq!(ContentKey::LEN, 24);
}

#[test]
fn wrong_lengths_are_refused() {
    let bytes = [0x5a; 40];
    for len in [0, 8, 16, 23, 25, 32, 40] {
        let e = ContentKey::from_slice(&bytes[..len]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidKey, "{len} bytes");
    }
    assert!(ContentKey::from_slice(&bytes[..24]).is_ok());
}

#[test]
fn a_zero_key_or_nonce_is_refused() {
    let mut zero_key = [7u8; 24];
    zero_key[..16].fill(0);
    let mut zero_nonce = [7u8; 24];
    zero_nonce[16..].fill(0);
    for b in [zero_key, zero_nonce, [0; 24]] {
        assert_eq!(
            ContentKey::from_bytes(b).unwrap_err().kind(),
            ErrorKind::InvalidKey
        );
    }
}

#[test]
fn debug_prints_no_key_bytes() {
    let ck = ContentKey::from_bytes([0xab; 24]).unwrap();
    let s = format!("{ck:?}");
    assert_eq!(s, "ContentKey(<redacted>)");
    assert!(!s.to_lowercase().contains("ab"));
}

#[test]
fn generate_draws_the_key_then_the_nonce() {
    // The first 24 bytes of the generator's stream: 16 for the key, then 8 for the nonce (the
    // order FileEncryptor::new always used, so seeded uploads keep their bytes).
    let mut raw = [0u8; 24];
    ChaCha20Rng::from_seed([9; 32]).fill_bytes(&mut raw);
    let ck = ContentKey::generate(&mut ChaCha20Rng::from_seed([9; 32])).unwrap();
    assert_eq!(*ck.to_bytes(), raw);
    let enc = FileEncryptor::new(&mut ChaCha20Rng::from_seed([9; 32])).unwrap();
    assert_eq!(*enc.content_key().to_bytes(), raw);
}

#[test]
fn file_key_packs_its_content_key_and_meta_mac_into_the_node_key() {
    for c in &cases() {
        let ck = ContentKey::from_bytes(key_then_nonce(c)).unwrap();
        let fk = FileKey::from_parts(ck.clone(), MetaMac::from_bytes(c.meta_mac));
        assert_eq!(*fk.to_node_key(), c.node_key);
        assert_eq!(fk.to_b64(), c.node_key_b64);
        let back = FileKey::from_b64(&c.node_key_b64).unwrap();
        assert_eq!(back.content_key(), &ck);
        assert_eq!(*back.content_key().to_bytes(), key_then_nonce(c));
        assert_eq!(back.meta_mac().as_bytes(), &c.meta_mac);
        assert_eq!(back, fk);
    }
}

#[test]
fn an_upload_that_finishes_keeps_its_content_key() {
    let c = &cases()[1];
    let ck = ContentKey::from_bytes(key_then_nonce(c)).unwrap();
    let enc = FileEncryptor::with_key(ck.clone());
    assert_eq!(enc.content_key(), &ck);
    let fk = enc.finish();
    assert_eq!(fk.content_key(), &ck);
    // Nothing encrypted: the meta-MAC of an empty file is zero.
    assert_eq!(fk.meta_mac().as_bytes(), &[0; 8]);
}

/// The last 32 bytes of a state with key material: content key, nonce, meta-MAC
/// (docs/resumable-state.md).
fn key_field(state: &[u8]) -> &[u8] {
    &state[state.len() - 32..]
}

#[test]
fn an_upload_state_carries_a_content_key_and_no_file_key() {
    let c = &cases()[2];
    let ck = ContentKey::from_bytes(key_then_nonce(c)).unwrap();
    let mut enc = FileEncryptor::with_key(ck.clone());
    enc.encrypt_in_place(&mut vec![0x33; 1000]);
    let bytes = enc.export_state(true).unwrap().to_bytes();
    assert_eq!(&key_field(&bytes)[..24], &key_then_nonce(c));
    assert_eq!(&key_field(&bytes)[24..], &[0; 8]);
    let st = TransferState::from_bytes(&bytes).unwrap();
    assert_eq!(st.direction(), TransferDirection::Upload);
    assert!(st.file_key().is_none());
    assert_eq!(st.content_key(), Some(&ck));
    // Without key material: neither.
    let st = TransferState::from_bytes(&enc.export_state(false).unwrap().to_bytes()).unwrap();
    assert!(st.content_key().is_none() && st.file_key().is_none());
}

#[test]
fn an_upload_state_with_a_non_zero_meta_mac_is_malformed() {
    let c = &cases()[2];
    let ck = ContentKey::from_bytes(key_then_nonce(c)).unwrap();
    let mut enc = FileEncryptor::with_key(ck);
    enc.encrypt_in_place(&mut vec![0x33; 300_000]);
    let good = enc.export_state(true).unwrap().to_bytes().to_vec();
    for i in good.len() - 8..good.len() {
        let mut bad = good.clone();
        bad[i] = 1;
        assert_eq!(
            TransferState::from_bytes(&bad).unwrap_err().kind(),
            ErrorKind::Malformed,
            "meta-MAC byte {i}"
        );
        // The same bytes as a download state (direction byte 5 = 2) are a file key with that
        // meta-MAC.
        bad[5] = 2;
        let st = TransferState::from_bytes(&bad).unwrap();
        let fk = st.file_key().unwrap();
        assert_eq!(fk.meta_mac().as_bytes(), &bad[bad.len() - 8..]);
        assert_eq!(*fk.content_key().to_bytes(), key_then_nonce(c));
        assert_eq!(st.content_key(), Some(fk.content_key()));
    }
}

#[test]
fn accumulator_exports_each_direction_with_its_key_type() {
    let c = &cases()[3];
    let ck = ContentKey::from_bytes(key_then_nonce(c)).unwrap();
    let fk = FileKey::from_b64(&c.node_key_b64).unwrap();
    let acc = MetaMacAccumulator::new(ck.aes_key(), 5_000_000).unwrap();

    let up = TransferState::from_bytes(&acc.export_upload_state(Some(&ck)).to_bytes()).unwrap();
    assert_eq!(up.direction(), TransferDirection::Upload);
    assert_eq!(up.content_key(), Some(&ck));
    assert!(up.file_key().is_none());

    let bytes = acc.export_download_state(Some(&fk)).to_bytes();
    let want: Vec<u8> = key_then_nonce(c).into_iter().chain(c.meta_mac).collect();
    assert_eq!(key_field(&bytes), &want[..]);
    let down = TransferState::from_bytes(&bytes).unwrap();
    assert_eq!(down.direction(), TransferDirection::Download);
    assert_eq!(down.file_key(), Some(&fk));
    assert_eq!(down.content_key(), Some(&ck));

    let none = acc.export_upload_state(None);
    assert!(none.content_key().is_none());
}
