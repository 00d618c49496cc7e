//! The master key wrapping and the ephemeral-session id check (`core/src/session.rs`), where
//! mutation testing (docs/mutation-testing.md) found them unchecked.
//!
//! Expected values: FIPS-197 appendix C.1 (AES-128: key 000102...0f encrypts
//! 00112233...ff to 69c4e0d8...c55a); base64 written with Python's `base64` module.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::{ErrorKind, MasterKey, PasswordKey, session};

const FIPS_KEY: &str = "000102030405060708090a0b0c0d0e0f";
const FIPS_PLAIN: &str = "00112233445566778899aabbccddeeff";
const FIPS_CIPHER: &str = "69c4e0d86a7b0430d8cdb78070b4c55a";

fn b16(h: &str) -> [u8; 16] {
    hex::decode(h).unwrap().try_into().unwrap()
}

/// The master key of the FIPS-197 example: `tsid` = head || ... || AES_mk(head).
fn mk() -> MasterKey {
    MasterKey::from_bytes(b16(FIPS_KEY)).unwrap()
}

#[test]
fn master_key_is_wrapped_with_aes_ecb_under_the_password_key() {
    let pk = PasswordKey::from_bytes(b16(FIPS_KEY)).unwrap();
    let master = MasterKey::from_bytes(b16(FIPS_PLAIN)).unwrap();
    assert_eq!(
        hex::encode(session::encrypt_master_key(&pk, &master)),
        FIPS_CIPHER
    );
    let back = session::decrypt_master_key(&pk, &b16(FIPS_CIPHER)).unwrap();
    assert_eq!(back.as_bytes(), &b16(FIPS_PLAIN));
}

#[test]
fn tsid_of_32_bytes_is_head_and_its_encryption() {
    let tsid = hex::decode(format!("{FIPS_PLAIN}{FIPS_CIPHER}")).unwrap();
    session::check_tsid(&mk(), &tsid).unwrap();
    // Head and tail swapped: the tail is not the head's encryption.
    let swapped = hex::decode(format!("{FIPS_CIPHER}{FIPS_PLAIN}")).unwrap();
    let e = session::check_tsid(&mk(), &swapped).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decrypt);
}

/// The 43-byte form: 16-byte head, 11 bytes the check ignores, and the head's encryption as the
/// last 16 bytes.
#[test]
fn tsid_of_43_bytes_checks_its_last_16_bytes() {
    let middle: Vec<u8> = (0xa0..0xab).collect();
    let mut tsid = b16(FIPS_PLAIN).to_vec();
    tsid.extend_from_slice(&middle);
    tsid.extend_from_slice(&b16(FIPS_CIPHER));
    assert_eq!(tsid.len(), 43);
    session::check_tsid(&mk(), &tsid).unwrap();
    // The same as MEGA base64 (Python `base64.urlsafe_b64encode`, padding removed).
    let b64 = "ABEiM0RVZneImaq7zN3u_6ChoqOkpaanqKmqacTg2Gp7BDDYzbeAcLTFWg";
    assert_eq!(session::check_tsid_b64(&mk(), b64).unwrap(), tsid);
    // The encryption right after the head, then 11 bytes: the last 16 bytes do not match.
    let mut early = b16(FIPS_PLAIN).to_vec();
    early.extend_from_slice(&b16(FIPS_CIPHER));
    early.extend_from_slice(&middle);
    let e = session::check_tsid(&mk(), &early).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decrypt);
    // Other lengths are refused before any check.
    for len in [0, 16, 31, 33, 42, 44, 48] {
        let mut t = tsid.clone();
        t.resize(len, 0);
        let e = session::check_tsid(&mk(), &t).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed, "{len}");
    }
}
