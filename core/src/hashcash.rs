//! Hashcash proof-of-work that MEGA's API may demand (docs/format/hashcash.md).
//!
//! The API answers a request with HTTP 402 and `X-Hashcash: 1:<easiness>:<timestamp>:<token>`
//! (token: 48 bytes in 64 base64 characters). The client finds a 4-byte `nonce` such that the first
//! four bytes of `SHA-256(nonce || token × 262 144)` (12 MiB), read big-endian, are at most
//! `threshold(easiness)`, and resends the request with `X-Hashcash: 1:<token>:<B64(nonce)>`.
//!
//! This module is pure: parse the challenge, [`solve`] it (or [`solve_with`] and the
//! `parallel` feature), format the response. The search order is megajs's (the nonce bytes as a
//! little-endian counter from 0), so the first solution found is the same as megajs's; the parallel
//! solver returns that same first solution.

use crate::Parallelism;
use alloc::string::String;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};

use crate::base64;
use crate::error::{Error, Result};

/// Token length in bytes.
pub const TOKEN_LEN: usize = 48;
/// How many times the token is repeated in the hashed message.
pub const TOKEN_REPEAT: usize = 262_144;
/// Repetitions per `update` call (a 192 KiB buffer; 64 calls make the message).
const CHUNK_REPEAT: usize = 4096;

/// A parsed `X-Hashcash` challenge header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashcashChallenge {
    /// The easiness byte (0 = hardest, 255 = easiest).
    pub easiness: u8,
    /// The timestamp field, kept verbatim (not used by the puzzle).
    pub timestamp: String,
    /// The token, raw.
    pub token: [u8; TOKEN_LEN],
    token_b64: String,
}

impl HashcashChallenge {
    /// Parses `1:<easiness>:<timestamp>:<token>`. Only version 1 exists (the SDK rejects others).
    pub fn parse(header: &str) -> Result<Self> {
        let bad = || Error::malformed("hashcash challenge is malformed");
        let mut parts = header.trim().split(':');
        let (Some(v), Some(e), Some(ts), Some(tok), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(bad());
        };
        if v != "1" {
            return Err(Error::unsupported("hashcash version is not 1"));
        }
        if e.is_empty() || e.len() > 3 || !e.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let easiness = e.parse::<u8>().map_err(|_| bad())?;
        let token = base64::decode_array::<TOKEN_LEN>(tok).map_err(|_| bad())?;
        Ok(HashcashChallenge {
            easiness,
            timestamp: String::from(ts),
            token,
            token_b64: String::from(tok),
        })
    }

    /// The threshold the hash prefix must not exceed.
    pub fn threshold(&self) -> u32 {
        threshold(self.easiness)
    }

    /// Expected attempts for this challenge (see [`expected_attempts`]).
    pub fn expected_attempts(&self) -> u64 {
        expected_attempts(self.easiness)
    }

    /// Solves trying at most `max_attempts` nonces (see [`solve_bounded`]).
    pub fn solve_bounded(&self, max_attempts: u32) -> Result<Option<[u8; 4]>> {
        solve_bounded(&self.token, self.easiness, max_attempts)
    }

    /// Solves the puzzle (single-threaded). The work is chosen by the server: check
    /// [`expected_attempts`](Self::expected_attempts) first or use
    /// [`solve_bounded`](Self::solve_bounded).
    pub fn solve(&self) -> Result<[u8; 4]> {
        solve(&self.token, self.easiness)
    }

    /// Solves the puzzle on the calling thread or, with [`Parallelism::ThreadPool`] (feature
    /// `parallel`), on all cores; the same answer as [`solve`](Self::solve) either way.
    pub fn solve_with(&self, parallelism: Parallelism) -> Result<[u8; 4]> {
        solve_with(&self.token, self.easiness, parallelism)
    }

    /// The `X-Hashcash` header value to resend the request with: `1:<token>:<B64(nonce)>` (the
    /// token exactly as the server sent it).
    pub fn response(&self, nonce: &[u8; 4]) -> String {
        let mut s = String::from("1:");
        s.push_str(&self.token_b64);
        s.push(':');
        s.push_str(&base64::encode(nonce));
        s
    }
}

/// A token given as a slice: exactly [`TOKEN_LEN`] bytes ([`crate::ErrorKind::ApiMisuse`]
/// otherwise).
pub fn token_from_slice(bytes: &[u8]) -> Result<&[u8; TOKEN_LEN]> {
    bytes
        .try_into()
        .map_err(|_| Error::misuse("hashcash token must be 48 bytes"))
}

/// A nonce given as a slice: exactly 4 bytes ([`crate::ErrorKind::ApiMisuse`] otherwise).
pub fn nonce_from_slice(bytes: &[u8]) -> Result<&[u8; 4]> {
    bytes
        .try_into()
        .map_err(|_| Error::misuse("hashcash nonce must be 4 bytes"))
}

/// `threshold = (((e & 63) << 1) + 1) << ((e >> 6) · 7 + 3)` (SDK `thresholdFromEasiness`; never
/// overflows a u32: the largest is 2 130 706 432 for e = 255).
pub const fn threshold(easiness: u8) -> u32 {
    let e = easiness as u32;
    (((e & 63) << 1) + 1) << ((e >> 6) * 7 + 3)
}

/// The token repeated [`CHUNK_REPEAT`] times.
fn token_chunk(token: &[u8; TOKEN_LEN]) -> Vec<u8> {
    token.repeat(CHUNK_REPEAT)
}

fn prefix_with_chunk(chunk: &[u8], nonce: &[u8; 4]) -> u32 {
    let mut h = Sha256::new();
    h.update(nonce);
    for _ in 0..TOKEN_REPEAT / CHUNK_REPEAT {
        h.update(chunk);
    }
    let d = h.finalize();
    let mut p = [0u8; 4];
    for (dst, src) in p.iter_mut().zip(d.iter()) {
        *dst = *src;
    }
    u32::from_be_bytes(p)
}

/// The first four bytes of `SHA-256(nonce || token × 262 144)`, big-endian.
pub fn hash_prefix(token: &[u8; TOKEN_LEN], nonce: &[u8; 4]) -> u32 {
    prefix_with_chunk(&token_chunk(token), nonce)
}

/// `true` when `nonce` solves the puzzle.
pub fn verify(token: &[u8; TOKEN_LEN], easiness: u8, nonce: &[u8; 4]) -> bool {
    hash_prefix(token, nonce) <= threshold(easiness)
}

/// The expected number of attempts for `easiness`: `2³² / (threshold + 1)`. The server chooses the
/// easiness, so it chooses the work: easiness 0 means about 4.8·10⁸ hashes of 12 MiB. Callers
/// should refuse challenges above their budget, or use [`solve_bounded`].
pub const fn expected_attempts(easiness: u8) -> u64 {
    (1u64 << 32) / (threshold(easiness) as u64 + 1)
}

/// [`solve`] that gives up after `max_attempts` nonces: `Ok(None)` when none of them works, so
/// a hostile challenge cannot keep the caller busy for longer than it allows.
pub fn solve_bounded(
    token: &[u8; TOKEN_LEN],
    easiness: u8,
    max_attempts: u32,
) -> Result<Option<[u8; 4]>> {
    let chunk = token_chunk(token);
    let t = threshold(easiness);
    Ok((0..max_attempts)
        .map(u32::to_le_bytes)
        .find(|n| prefix_with_chunk(&chunk, n) <= t))
}

/// Solves the puzzle single-threaded: tries nonces as a little-endian counter from 0 (megajs's
/// order) and returns the first that works. Costs about `2³² / threshold` hashes of 12 MiB.
/// [`crate::ErrorKind::Unsupported`] if no 4-byte nonce works (practically impossible).
pub fn solve(token: &[u8; TOKEN_LEN], easiness: u8) -> Result<[u8; 4]> {
    let chunk = token_chunk(token);
    let t = threshold(easiness);
    (0..=u32::MAX)
        .map(u32::to_le_bytes)
        .find(|n| prefix_with_chunk(&chunk, n) <= t)
        .ok_or(Error::unsupported("hashcash puzzle has no 4-byte solution"))
}

/// [`solve`], on all cores with rayon when `parallelism` is [`Parallelism::ThreadPool`] and the
/// crate has the `parallel` feature; returns the same (first in counter order) nonce.
///
/// Nonces are tried in consecutive batches of one per thread, so every thread works on the
/// lowest untried counters (a plain parallel search over the whole 2³² range would give the second
/// thread counters from 2³¹ on, all wasted).
pub fn solve_with(
    token: &[u8; TOKEN_LEN],
    easiness: u8,
    parallelism: Parallelism,
) -> Result<[u8; 4]> {
    #[cfg(feature = "parallel")]
    if parallelism.uses_threads() {
        return solve_on_pool(token, easiness);
    }
    let _ = parallelism;
    solve(token, easiness)
}

#[cfg(feature = "parallel")]
fn solve_on_pool(token: &[u8; TOKEN_LEN], easiness: u8) -> Result<[u8; 4]> {
    use rayon::prelude::*;
    let chunk = token_chunk(token);
    let t = threshold(easiness);
    let batch = u64::try_from(rayon::current_num_threads().max(1)).unwrap_or(1);
    let end_all = 1u64 << 32;
    let mut start = 0u64;
    while start < end_all {
        let end = (start + batch).min(end_all);
        let found = (start..end)
            .into_par_iter()
            .filter_map(|i| u32::try_from(i).ok())
            .map(u32::to_le_bytes)
            .find_first(|n| prefix_with_chunk(&chunk, n) <= t);
        if let Some(n) = found {
            return Ok(n);
        }
        start = end;
    }
    Err(Error::unsupported("hashcash puzzle has no 4-byte solution"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_solver_gives_up() {
        // Easiness 0: threshold 8, about 4.8e8 expected attempts; two attempts almost surely fail.
        assert_eq!(expected_attempts(0), (1u64 << 32) / 9);
        assert_eq!(expected_attempts(255), 2);
        let tok = [7u8; TOKEN_LEN];
        match solve_bounded(&tok, 0, 2).unwrap() {
            None => {}
            Some(n) => assert!(verify(&tok, 0, &n)),
        }
        assert_eq!(solve_bounded(&tok, 0, 0).unwrap(), None);
        // With enough attempts the bounded solver finds the unbounded one's answer.
        assert_eq!(
            solve_bounded(&tok, 255, 64).unwrap(),
            Some(solve(&tok, 255).unwrap())
        );
    }

    // Thresholds as tabulated in docs/format/hashcash.md#threshold.
    #[test]
    fn thresholds() {
        assert_eq!(threshold(0), 8);
        assert_eq!(threshold(100), 74_752);
        assert_eq!(threshold(180), 13_762_560);
        assert_eq!(threshold(192), 16_777_216);
        assert_eq!(threshold(255), 2_130_706_432);
    }

    #[test]
    fn parse_rejects_bad_headers() {
        let tok = base64::encode(&[7u8; 48]);
        let ok = HashcashChallenge::parse(&alloc::format!("1:200:1700000000:{tok}")).unwrap();
        assert_eq!(ok.easiness, 200);
        assert_eq!(ok.response(&[1, 0, 0, 0]), alloc::format!("1:{tok}:AQAAAA"));
        for bad in [
            alloc::format!("2:200:1:{tok}"),
            alloc::format!("1:256:1:{tok}"),
            alloc::format!("1:-1:1:{tok}"),
            alloc::format!("1:200:1:{tok}:x"),
            alloc::format!("1:200:{tok}"),
            String::from("1:200:1:AAAA"),
            String::new(),
        ] {
            assert!(HashcashChallenge::parse(&bad).is_err(), "{bad}");
        }
    }
}
