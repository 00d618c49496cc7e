//! TLV records and their encrypted containers (`core/src/tlv/`, formerly `userattr.rs`): behaviour that mutation
//! testing (docs/mutation-testing.md) found unchecked.
//!
//! Expected values: the mode-byte table and the TLV layout `key || 0x00 || len(2, big-endian) ||
//! value` of docs/format/tlv.md (from MEGA's SDK and webclient), written here by hand.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::AesKey;
use megacrypt::ErrorKind;
use megacrypt::hazmat::seal_container_with_iv;
use megacrypt::policy::CompatibilityPolicy;
use megacrypt::tlv::{ContainerMode, TlvRecords, open_container};

#[test]
fn container_mode_is_read_from_the_first_byte() {
    let table = [
        (0x00, ContainerMode::AesCcm12x16),
        (0x01, ContainerMode::AesCcm10x16),
        (0x02, ContainerMode::AesCcm10x8),
        (0x03, ContainerMode::AesGcm12x16Broken),
        (0x04, ContainerMode::AesGcm10x8Broken),
        (0x10, ContainerMode::AesGcm12x16),
        (0x11, ContainerMode::AesGcm10x8),
    ];
    for (byte, mode) in table {
        assert_eq!(
            ContainerMode::of_container(&[byte, 0xaa, 0xbb]).unwrap(),
            mode
        );
        assert_eq!(ContainerMode::of_container(&[byte]).unwrap(), mode);
    }
    for byte in [0x05, 0x0f, 0x12, 0x14, 0xff] {
        let e = ContainerMode::of_container(&[byte, 0x10]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported, "{byte:#x}");
    }
    let e = ContainerMode::of_container(&[]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Malformed);
}

#[test]
fn tlv_debug_lists_keys_not_values() {
    let mut r = TlvRecords::new();
    r.insert("prEd255", &[0x5a; 32]).unwrap();
    r.insert("prCu255", &[0x5b; 32]).unwrap();
    let d = format!("{r:?}");
    assert_eq!(d, r#"TlvRecords { keys: ["prCu255", "prEd255"] }"#);
}

/// A TLV length is 2 bytes: only the single empty-key record may be longer (written with length
/// `ff ff` and read as "everything after the header", as MEGA's SDK does); any other record over
/// 65 535 bytes is refused.
#[test]
fn tlv_value_over_65535_bytes_needs_the_single_empty_key() {
    let mut r = TlvRecords::new();
    r.insert("big", &vec![7u8; 65_535]).unwrap();
    let bytes = r.to_bytes().unwrap();
    assert_eq!(&bytes[..6], b"big\0\xff\xff");
    assert_eq!(TlvRecords::from_bytes(&bytes).unwrap(), r);
    r.insert("big", &vec![7u8; 65_536]).unwrap();
    let e = r.to_bytes().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ApiMisuse);
    // The empty key alone may.
    let mut r = TlvRecords::new();
    r.insert("", &vec![7u8; 65_536]).unwrap();
    let bytes = r.to_bytes().unwrap();
    assert_eq!(&bytes[..3], &[0, 0xff, 0xff]);
    assert_eq!(bytes.len(), 3 + 65_536);
}

/// Several records starting with the empty key are written and read back as records while the
/// whole is at most 65 537 bytes; from 65 538 bytes on a reader would take them for the single
/// oversize record, so the writer refuses.
#[test]
fn tlv_records_with_an_empty_key_up_to_65537_bytes_round_trip() {
    for (empty_len, total) in [(65_526usize, 65_534usize), (65_529, 65_537)] {
        let mut r = TlvRecords::new();
        r.insert("", &vec![7u8; empty_len]).unwrap();
        r.insert("x", b"1").unwrap();
        let bytes = r.to_bytes().unwrap();
        // "" 00 len(2) value, then "x" 00 00 01 "1".
        assert_eq!(bytes.len(), total);
        assert_eq!(&bytes[total - 5..], b"x\0\0\x011");
        let back = TlvRecords::from_bytes(&bytes).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.len(), 2);
    }
    let mut r = TlvRecords::new();
    r.insert("", &vec![7u8; 65_530]).unwrap();
    r.insert("x", b"1").unwrap();
    let e = r.to_bytes().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ApiMisuse);
}

/// A container without records is mode || IV || tag and nothing else: long enough to be opened.
/// The tags are those of the empty plaintext under key 000102...0f and IV 000102...0b, computed
/// with Python's `cryptography` (`AESGCM`, `AESCCM(tag_length=16)`).
#[test]
fn container_without_records_is_mode_iv_and_tag_only() {
    let key = AesKey::from_bytes(core::array::from_fn(|i| i as u8)).unwrap();
    let iv: Vec<u8> = (0..12).collect();
    for (mode, tag) in [
        (
            ContainerMode::AesGcm12x16,
            "435b9ba12d75a4be8a977ea3cd011890",
        ),
        (
            ContainerMode::AesCcm12x16,
            "a9452a1d712c00a7b1c3fab799f1bc51",
        ),
    ] {
        let mut blob = vec![mode.byte()];
        blob.extend_from_slice(&iv);
        blob.extend_from_slice(&hex::decode(tag).unwrap());
        assert_eq!(blob.len(), 29);
        let (m, records) = open_container(&key, &blob).unwrap();
        assert_eq!(m, mode);
        assert!(records.is_empty());
        let sealed = seal_container_with_iv(
            &key,
            &TlvRecords::new(),
            mode,
            &iv,
            &CompatibilityPolicy::strict(),
        )
        .unwrap();
        assert_eq!(sealed, blob);
        // One byte less cannot hold the tag.
        let e = open_container(&key, &blob[..28]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decrypt);
    }
}
