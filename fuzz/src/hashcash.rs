//! Harnesses for hashcash challenges (core `hashcash`).

use megacrypt::hashcash::{self, HashcashChallenge};

use crate::lossy;

/// The `X-Hashcash` challenge parser (the solver is not fuzzed: its cost is the server's choice of
/// easiness, see docs/fuzzing.md).
pub fn hashcash_challenge(data: &[u8]) {
    let s = lossy(data);
    if let Ok(c) = HashcashChallenge::parse(&s) {
        assert_eq!(c.threshold(), hashcash::threshold(c.easiness));
        let resp = c.response(&[1, 2, 3, 4]);
        assert!(resp.starts_with("1:"));
        let again = HashcashChallenge::parse(&format!(
            "1:{}:{}:{}",
            c.easiness,
            c.timestamp,
            &resp[2..66]
        ))
        .expect("re-formatted challenge parses");
        assert_eq!(again.token, c.token);
    }
}
