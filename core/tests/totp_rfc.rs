//! TOTP and base32 against their RFCs: RFC 6238 Appendix B (all 18 rows) and RFC 4648 §10.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

use megacrypt::totp::{Totp, TotpAlgorithm, decode_base32, encode_base32};

/// RFC 6238 Appendix B: the seeds are the ASCII digits "1234567890" repeated to 20 (SHA-1),
/// 32 (SHA-256) and 64 (SHA-512) bytes; T0 = 0, X = 30 s, 8 digits.
const SEED_SHA1: &[u8] = b"12345678901234567890";
const SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
const SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

/// (time, SHA-1, SHA-256, SHA-512), transcribed from the RFC's table.
const ROWS: [(u64, &str, &str, &str); 6] = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
];

#[test]
fn rfc6238_appendix_b_all_18_rows() {
    let sha1 = Totp::from_secret(SEED_SHA1, TotpAlgorithm::Sha1, 8, 30).unwrap();
    let sha256 = Totp::from_secret(SEED_SHA256, TotpAlgorithm::Sha256, 8, 30).unwrap();
    let sha512 = Totp::from_secret(SEED_SHA512, TotpAlgorithm::Sha512, 8, 30).unwrap();
    for (t, a, b, c) in ROWS {
        assert_eq!(sha1.code_at(t).as_str(), a, "SHA-1 at {t}");
        assert_eq!(sha256.code_at(t).as_str(), b, "SHA-256 at {t}");
        assert_eq!(sha512.code_at(t).as_str(), c, "SHA-512 at {t}");
        assert!(sha1.verify(a, t, 0).unwrap());
        assert!(sha256.verify(b, t, 0).unwrap());
        assert!(sha512.verify(c, t, 0).unwrap());
    }
}

#[test]
fn rfc6238_seed_given_in_base32_gives_the_same_codes() {
    // The SHA-1 seed in base32, upper case, lower case and padded.
    for s in [
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ========",
    ] {
        let t = Totp::new(s, TotpAlgorithm::Sha1, 8, 30).unwrap();
        assert_eq!(t.code_at(1111111109).as_str(), "07081804", "{s}");
    }
}

#[test]
fn six_digit_codes_are_the_low_digits() {
    // Truncating to 6 digits keeps the last 6 of the 8-digit value (both are mod 10^n of one
    // 31-bit number).
    let t = Totp::from_secret(SEED_SHA1, TotpAlgorithm::Sha1, 6, 30).unwrap();
    assert_eq!(t.code_at(59).as_str(), "287082");
    assert_eq!(t.code_at(1111111109).as_str(), "081804");
}

#[test]
fn verify_window_accepts_neighbours_only() {
    let t = Totp::from_secret(SEED_SHA1, TotpAlgorithm::Sha1, 8, 30).unwrap();
    // 1111111109 and 1111111111 are in consecutive periods (37037036 and 37037037).
    assert!(t.verify("07081804", 1111111111, 1).unwrap());
    assert!(!t.verify("07081804", 1111111111, 0).unwrap());
    assert!(!t.verify("07081804", 1111111111 + 60, 1).unwrap());
    assert!(!t.verify("7081804", 1111111109, 1).unwrap());
    assert!(t.verify("07081804", 1111111109, 101).is_err());
}

#[test]
fn rfc4648_section_10_base32_vectors() {
    let cases: [(&[u8], &str); 7] = [
        (b"", ""),
        (b"f", "MY======"),
        (b"fo", "MZXQ===="),
        (b"foo", "MZXW6==="),
        (b"foob", "MZXW6YQ="),
        (b"fooba", "MZXW6YTB"),
        (b"foobar", "MZXW6YTBOI======"),
    ];
    for (raw, enc) in cases {
        assert_eq!(encode_base32(raw), enc);
        assert_eq!(&*decode_base32(enc).unwrap(), raw, "{enc}");
        assert_eq!(&*decode_base32(enc.trim_end_matches('=')).unwrap(), raw);
        assert_eq!(&*decode_base32(&enc.to_lowercase()).unwrap(), raw);
    }
}

#[test]
fn base32_refuses_foreign_characters_and_inner_padding() {
    for bad in [
        "MZXW6YTB0I",
        "MZXW6YTB1I",
        "MZ=XW",
        "MZXW 6YTB",
        "MZXW-6YTB",
        "é",
    ] {
        assert!(decode_base32(bad).is_err(), "{bad}");
    }
}
