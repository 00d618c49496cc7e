//! The streaming file engine (`core/src/file/stream.rs`): behaviour that mutation testing
//! (docs/mutation-testing.md) found unchecked. What it encrypts and verifies is checked elsewhere
//! against independent answers (the `file_encrypt` vectors, the block-by-block reference of
//! `file_props.rs`); here: what its `Debug` shows, and that it never shows the key.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::file::{FileDecryptor, FileEncryptor};
use megacrypt::{AesKey, ContentKey, Nonce};

fn content_key() -> ContentKey {
    ContentKey::from_parts(
        AesKey::from_bytes([0xab; 16]).unwrap(),
        Nonce::from_bytes([0xcd; 8]).unwrap(),
    )
}

/// Fails if `shown` holds a byte of `content_key()` (0xab) or of its nonce (0xcd), in decimal
/// or hex.
fn assert_no_key_byte(shown: &str) {
    for secret in ["171", "ab", "AB", "205", "cd", "CD"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

/// A transfer's `Debug` says how far it got, and holds neither the key nor the nonce (in any
/// of the usual spellings: decimal bytes, hex).
#[test]
fn debug_shows_progress_not_the_key() {
    let mut enc = FileEncryptor::with_key(content_key());
    let mut buf = vec![0u8; 1000];
    enc.encrypt_in_place(&mut buf);
    let shown = format!("{enc:?}");
    assert!(shown.starts_with("FileEncryptor"), "{shown}");
    assert!(shown.contains("bytes_processed: 1000"), "{shown}");
    assert_no_key_byte(&shown);

    let key = enc.finish();
    let mut dec = FileDecryptor::new(&key);
    dec.decrypt_unverified_in_place(&mut buf[..640]);
    let shown = format!("{dec:?}");
    assert!(shown.starts_with("FileDecryptor"), "{shown}");
    assert!(shown.contains("bytes_processed: 640"), "{shown}");
    assert_no_key_byte(&shown);
}

/// Buffer-to-buffer decryption writes the plaintext into the output buffer (not only into the
/// MAC), and the decryptor counts what it was given: decrypting a file in two `_to` calls gives
/// back the original bytes, and the file verifies.
#[test]
fn decrypt_to_writes_the_plaintext_and_counts_it() {
    let plaintext: Vec<u8> = (0..5000u32).map(|i| (i * 7 + 3) as u8).collect();
    let mut ciphertext = vec![0u8; plaintext.len()];
    let mut enc = FileEncryptor::with_key(content_key());
    enc.encrypt_to(&plaintext, &mut ciphertext).unwrap();
    assert_eq!(enc.bytes_processed(), 5000);
    let key = enc.finish();
    assert_ne!(ciphertext, plaintext);

    let mut dec = FileDecryptor::new(&key);
    assert_eq!(dec.bytes_processed(), 0);
    let mut out = vec![0u8; plaintext.len()];
    let (c1, c2) = ciphertext.split_at(1234);
    let (o1, o2) = out.split_at_mut(1234);
    dec.decrypt_unverified_to(c1, o1).unwrap();
    assert_eq!(dec.bytes_processed(), 1234);
    dec.decrypt_unverified_to(c2, o2).unwrap();
    assert_eq!(dec.bytes_processed(), 5000);
    assert_eq!(out, plaintext);
    assert_eq!(dec.finish_with_size(5000).unwrap().len(), 5000);
}
