//! What a [`Totp`] reports about itself and what its `Debug` hides, where mutation testing
//! (docs/mutation-testing.md) found no test looking.
//! The codes themselves are checked against RFC 6238 in `totp_rfc.rs`.
#![allow(clippy::unwrap_used, missing_docs)]

use megacrypt::totp::{Totp, TotpAlgorithm};

#[test]
fn a_totp_reports_the_parameters_it_was_made_with() {
    // RFC 4648 §10: "MZXW6YTBOI" is base32 of "foobar".
    for (alg, digits, period) in [
        (TotpAlgorithm::Sha256, 8u8, 60u32),
        (TotpAlgorithm::Sha512, 10, 7),
        (TotpAlgorithm::Sha1, 6, 30),
    ] {
        let t = Totp::new("MZXW6YTBOI", alg, digits, period).unwrap();
        assert_eq!(t.algorithm(), alg);
        assert_eq!(t.digits(), digits);
        assert_eq!(t.period(), period);
        assert_eq!(t.code_at(0).len(), usize::from(digits));
    }
}

#[test]
fn totp_debug_shows_parameters_not_the_secret() {
    // Secret "foobar": no spelling of it may appear (text, hex, base32, decimal bytes).
    let t = Totp::new("MZXW6YTBOI", TotpAlgorithm::Sha256, 8, 60).unwrap();
    let shown = format!("{t:?}");
    assert!(shown.starts_with("Totp"), "{shown}");
    assert!(shown.contains("Sha256"), "{shown}");
    assert!(shown.contains("digits: 8"), "{shown}");
    assert!(shown.contains("period: 60"), "{shown}");
    for secret in ["foobar", "666f6f", "MZXW6", "102, 111"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

// RFC 6238 Appendix B, SHA-1, 8 digits: 1111111109 s and 1111111111 s fall in adjacent 30 s
// periods (37037036 and 37037037) with the codes 07081804 and 14050471.
const SEED_SHA1: &[u8] = b"12345678901234567890";

#[test]
fn verify_tries_every_period_of_the_window_not_only_the_earliest() {
    let t = Totp::from_secret(SEED_SHA1, TotpAlgorithm::Sha1, 8, 30).unwrap();
    // The code of the *next* period, checked one period early: the last candidate of the window.
    assert!(t.verify("14050471", 1111111109, 1).unwrap());
    // And from far below: the match sits in the middle of a wide window.
    assert!(t.verify("14050471", 1111111111 - 30 * 5, 7).unwrap());
    assert!(!t.verify("14050471", 1111111109, 0).unwrap());
}

#[test]
fn the_widest_window_is_accepted_and_one_more_is_misuse() {
    let t = Totp::from_secret(SEED_SHA1, TotpAlgorithm::Sha1, 8, 30).unwrap();
    assert_eq!(megacrypt::totp::MAX_WINDOW, 100);
    assert!(t.verify("14050471", 1111111111 + 30 * 100, 100).unwrap());
    assert!(!t.verify("14050471", 1111111111 + 30 * 101, 100).unwrap());
    let err = t.verify("14050471", 1111111111, 101).unwrap_err();
    assert_eq!(err.kind(), megacrypt::ErrorKind::ApiMisuse);
}
