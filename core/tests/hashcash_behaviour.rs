#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]
//! Hashcash (`core/src/hashcash.rs`): the challenge parser's strictness and the bounded solver's
//! limit. The known answers (area `hashcash`, megajs's solver) pin hashing, thresholds and the
//! search order.

use megacrypt::hashcash::{self, HashcashChallenge};
use megacrypt::{ErrorKind, base64};

/// A challenge megajs solved (vectors area `hashcash`): at easiness 250 its first solution is
/// the nonce counter 5, so counters 0 to 4 do not solve it.
const TOKEN_B64: &str = "5XUrdWxGkYWrh7kYA6rzR9cBpXdMwmR1l-TbXRdZXqUHiDytXKYsHK-8CkE6IRMP";
const EASINESS: u8 = 250;
const FIRST_SOLUTION: u32 = 5;

fn token() -> [u8; hashcash::TOKEN_LEN] {
    base64::decode_array(TOKEN_B64).unwrap()
}

/// The easiness is one to three decimal digits. Rust's integer parser alone would also take a
/// leading `+` or extra leading zeros; a server does not get to send either.
#[test]
fn easiness_is_one_to_three_decimal_digits() {
    let parse = |e: &str| HashcashChallenge::parse(&format!("1:{e}:1700000000:{TOKEN_B64}"));
    assert_eq!(parse("0").unwrap().easiness, 0);
    assert_eq!(parse("007").unwrap().easiness, 7);
    assert_eq!(parse("255").unwrap().easiness, 255);
    for bad in ["", "+25", "+5", "0255", "0007", "2 5", "25a", "256", "999"] {
        assert_eq!(
            parse(bad).unwrap_err().kind(),
            ErrorKind::Malformed,
            "easiness {bad:?}"
        );
    }
}

/// The timestamp is kept as sent, and the response echoes the token exactly as the server wrote
/// it: `1:<token>:<B64(nonce)>`.
#[test]
fn challenge_keeps_its_fields_verbatim() {
    let ch = HashcashChallenge::parse(&format!("1:{EASINESS}:1700000003:{TOKEN_B64}")).unwrap();
    assert_eq!(ch.timestamp, "1700000003");
    assert_eq!(ch.token, token());
    assert_eq!(ch.threshold(), hashcash::threshold(EASINESS));
    assert_eq!(
        ch.expected_attempts(),
        hashcash::expected_attempts(EASINESS)
    );
    assert_eq!(
        ch.response(&FIRST_SOLUTION.to_le_bytes()),
        format!("1:{TOKEN_B64}:BQAAAA")
    );
}

/// `solve_bounded(n)` tries exactly the counters `0..n`: with as many attempts as the first
/// solution's counter it gives up, with one more it finds megajs's answer.
#[test]
fn bounded_solver_tries_exactly_max_attempts_counters() {
    let ch = HashcashChallenge::parse(&format!("1:{EASINESS}:1700000003:{TOKEN_B64}")).unwrap();
    assert_eq!(ch.solve_bounded(FIRST_SOLUTION).unwrap(), None);
    assert_eq!(
        ch.solve_bounded(FIRST_SOLUTION + 1).unwrap(),
        Some(FIRST_SOLUTION.to_le_bytes())
    );
    assert_eq!(
        hashcash::solve_bounded(&token(), EASINESS, FIRST_SOLUTION + 1).unwrap(),
        Some(FIRST_SOLUTION.to_le_bytes())
    );
    for counter in 0..FIRST_SOLUTION {
        assert!(!hashcash::verify(
            &token(),
            EASINESS,
            &counter.to_le_bytes()
        ));
    }
}

/// The expected work is `2³² / (threshold + 1)`, computed here from the thresholds of
/// docs/format/hashcash.md: the caller's budget check depends on it.
#[test]
fn expected_attempts_follow_from_the_threshold() {
    // threshold(192) = 1 << 24: 2^32 / (2^24 + 1) = 255.99… → 255.
    assert_eq!(hashcash::expected_attempts(192), 255);
    // threshold(100) = 74 752: 4 294 967 296 / 74 753 = 57 455.5… → 57 455.
    assert_eq!(hashcash::expected_attempts(100), 57_455);
}
