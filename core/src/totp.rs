//! Time-based one-time passwords (RFC 6238) for password-manager items
//! (`docs/format/password-items.md`).
//!
//! A [`Totp`] holds the shared secret (decoded from base32, zeroized on drop), the HMAC hash, the
//! number of digits (6 to 10) and the period in seconds (at least 1), validated as MEGA's SDK
//! validates them (`src/totp.cpp` `validateFields`). The time is always given by the caller, in
//! seconds since the Unix epoch (`T0 = 0`): the core has no clock.
//!
//! The code is RFC 4226 HOTP over the counter `T = time / period` (big-endian u64) with dynamic
//! truncation: `offset = last byte & 0x0f`, 31 bits from the HMAC at `offset`, modulo
//! `10^digits`, left-padded with zeros.
//!
//! ```
//! use megacrypt::totp::{Totp, TotpAlgorithm};
//! // RFC 6238 Appendix B, SHA-1 seed "12345678901234567890" in base32.
//! let totp = Totp::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", TotpAlgorithm::Sha1, 8, 30)?;
//! assert_eq!(totp.code_at(59).as_str(), "94287082");
//! assert!(totp.verify("94287082", 59 + 30, 1)?);
//! assert!(!totp.verify("94287082", 59 + 30, 0)?);
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha512};
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The HMAC hash of a TOTP (`alg` in a password item: `"sha1"`, `"sha256"`, `"sha512"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum TotpAlgorithm {
    /// HMAC-SHA-1 (the default).
    #[default]
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl TotpAlgorithm {
    /// `"sha1"`, `"sha256"` or `"sha512"`, as MEGA writes them.
    pub const fn as_str(self) -> &'static str {
        match self {
            TotpAlgorithm::Sha1 => "sha1",
            TotpAlgorithm::Sha256 => "sha256",
            TotpAlgorithm::Sha512 => "sha512",
        }
    }

    /// Parses exactly `"sha1"`, `"sha256"` or `"sha512"` (SDK `charTohashAlgorithm`); anything
    /// else is [`crate::ErrorKind::Unsupported`].
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "sha1" => Ok(TotpAlgorithm::Sha1),
            "sha256" => Ok(TotpAlgorithm::Sha256),
            "sha512" => Ok(TotpAlgorithm::Sha512),
            _ => Err(Error::unsupported("TOTP: unknown hash algorithm")),
        }
    }
}

/// Fewest digits allowed (SDK `MIN_ALLOWED_DIGITS_TOTP`).
pub const MIN_DIGITS: u8 = 6;
/// Most digits allowed (SDK `MAX_ALLOWED_DIGITS_TOTP`: the 31-bit truncated value has 10).
pub const MAX_DIGITS: u8 = 10;
/// The default number of digits.
pub const DEFAULT_DIGITS: u8 = 6;
/// The default period in seconds.
pub const DEFAULT_PERIOD: u32 = 30;
/// The widest verification window accepted by [`Totp::verify`] (periods on each side).
pub const MAX_WINDOW: u32 = 100;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn base32_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a')),
        b'2'..=b'7' => Some(u32::from(c - b'2') + 26),
        _ => None,
    }
}

/// Decodes RFC 4648 base32 the way MEGA's SDK reads TOTP secrets (`src/totp.cpp`
/// `isValidBase32Key`, `toByteBlock`): letters of either case and the digits `2`–`7`; `=` only as
/// a trailing run (padding is optional and its length not checked); bits left over after the last
/// whole byte are dropped. Any other character is [`crate::ErrorKind::Malformed`].
///
/// ```
/// use megacrypt::totp::decode_base32;
/// assert_eq!(&*decode_base32("MZXW6YTBOI======")?, b"foobar");
/// assert_eq!(&*decode_base32("mzxw6ytboi")?, b"foobar");
/// assert!(decode_base32("MZXW6=YTBOI").is_err());
/// # Ok::<(), megacrypt::Error>(())
/// ```
pub fn decode_base32(s: &str) -> Result<Zeroizing<Vec<u8>>> {
    let data = s.trim_end_matches('=');
    let mut out = Zeroizing::new(Vec::with_capacity(data.len() * 5 / 8));
    let mut bits: u32 = 0;
    let mut count: u32 = 0;
    for &c in data.as_bytes() {
        let v = base32_value(c).ok_or(Error::malformed("base32: invalid character"))?;
        bits = ((bits << 5) | v) & 0x1fff;
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push(((bits >> count) & 0xff) as u8);
        }
    }
    Ok(out)
}

/// Encodes bytes as RFC 4648 base32 with `=` padding (upper case).
///
/// ```
/// assert_eq!(megacrypt::totp::encode_base32(b"fo"), "MZXQ====");
/// ```
pub fn encode_base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        for (d, s) in buf.iter_mut().zip(chunk) {
            *d = *s;
        }
        let n = buf.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                let idx = ((n >> (35 - 5 * i)) & 31) as usize;
                out.push(char::from(*ALPHABET.get(idx).unwrap_or(&b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A TOTP generator/verifier with validated parameters. Equality compares the secret in constant
/// time.
#[derive(Clone)]
pub struct Totp {
    secret: Zeroizing<Vec<u8>>,
    algorithm: TotpAlgorithm,
    digits: u8,
    period: u32,
}

impl PartialEq for Totp {
    fn eq(&self, other: &Self) -> bool {
        let secret: bool = self.secret.as_slice().ct_eq(other.secret.as_slice()).into();
        secret
            & (self.algorithm == other.algorithm)
            & (self.digits == other.digits)
            & (self.period == other.period)
    }
}
impl Eq for Totp {}

impl core::fmt::Debug for Totp {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Totp")
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .finish_non_exhaustive()
    }
}

impl Totp {
    /// Validates the parameters and decodes the base32 secret (see [`decode_base32`]). An empty
    /// secret (no base32 character) is [`crate::ErrorKind::InvalidKey`]; digits outside 6–10 and a
    /// zero period are [`crate::ErrorKind::Malformed`].
    pub fn new(
        secret_base32: &str,
        algorithm: TotpAlgorithm,
        digits: u8,
        period: u32,
    ) -> Result<Self> {
        let secret = decode_base32(secret_base32)?;
        if secret_base32.trim_end_matches('=').is_empty() {
            return Err(Error::invalid_key("TOTP: empty shared secret"));
        }
        Self::from_secret(&secret, algorithm, digits, period)
    }

    /// [`Totp::new`] with the raw secret bytes (at least one byte).
    pub fn from_secret(
        secret: &[u8],
        algorithm: TotpAlgorithm,
        digits: u8,
        period: u32,
    ) -> Result<Self> {
        if secret.is_empty() {
            return Err(Error::invalid_key("TOTP: empty shared secret"));
        }
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits) {
            return Err(Error::malformed("TOTP: digits must be between 6 and 10"));
        }
        if period == 0 {
            return Err(Error::malformed("TOTP: period must be at least 1 second"));
        }
        Ok(Totp {
            secret: Zeroizing::new(secret.to_vec()),
            algorithm,
            digits,
            period,
        })
    }

    /// The hash.
    pub fn algorithm(&self) -> TotpAlgorithm {
        self.algorithm
    }
    /// The number of digits.
    pub fn digits(&self) -> u8 {
        self.digits
    }
    /// The period in seconds.
    pub fn period(&self) -> u32 {
        self.period
    }

    /// The RFC 4226 HOTP value for a counter, as a zero-padded decimal string.
    pub fn hotp(&self, counter: u64) -> Zeroizing<String> {
        let msg = counter.to_be_bytes();
        let mac: Zeroizing<Vec<u8>> = Zeroizing::new(match self.algorithm {
            TotpAlgorithm::Sha1 => mac_of::<Hmac<Sha1>>(&self.secret, &msg),
            TotpAlgorithm::Sha256 => mac_of::<Hmac<Sha256>>(&self.secret, &msg),
            TotpAlgorithm::Sha512 => mac_of::<Hmac<Sha512>>(&self.secret, &msg),
        });
        let offset = usize::from(mac.last().copied().unwrap_or(0) & 0x0f);
        let mut word = [0u8; 4];
        for (d, s) in word.iter_mut().zip(mac.iter().skip(offset)) {
            *d = *s;
        }
        let bin = u64::from(u32::from_be_bytes(word) & 0x7fff_ffff);
        let value = bin % 10u64.pow(u32::from(self.digits));
        Zeroizing::new(alloc::format!(
            "{value:0width$}",
            width = usize::from(self.digits)
        ))
    }

    /// The code at `unix_time` (seconds since the epoch): HOTP of `unix_time / period`.
    pub fn code_at(&self, unix_time: u64) -> Zeroizing<String> {
        self.hotp(unix_time / u64::from(self.period))
    }

    /// Seconds until the code at `unix_time` changes (SDK `getRemainingValidTime`).
    pub fn remaining_seconds(&self, unix_time: u64) -> u32 {
        let p = u64::from(self.period);
        u32::try_from(p - unix_time % p).unwrap_or(self.period)
    }

    /// Checks a code at `unix_time`, accepting the codes of `window` periods before and after
    /// (clock drift). Every candidate is computed and compared in constant time; the answer does
    /// not depend on which one matched. A code of the wrong length is simply `false`; a window
    /// wider than [`MAX_WINDOW`] is [`crate::ErrorKind::ApiMisuse`].
    pub fn verify(&self, code: &str, unix_time: u64, window: u32) -> Result<bool> {
        if window > MAX_WINDOW {
            return Err(Error::misuse("TOTP: verification window too wide"));
        }
        if code.len() != usize::from(self.digits) {
            return Ok(false);
        }
        let now = unix_time / u64::from(self.period);
        let lo = now.saturating_sub(u64::from(window));
        let hi = now.saturating_add(u64::from(window));
        let mut found = Choice::from(0);
        let mut counter = lo;
        loop {
            let candidate = self.hotp(counter);
            found |= candidate.as_bytes().ct_eq(code.as_bytes());
            if counter >= hi {
                break;
            }
            counter += 1;
        }
        Ok(bool::from(found))
    }
}

fn mac_of<M: Mac + KeyInit>(key: &[u8], msg: &[u8]) -> Vec<u8> {
    match <M as KeyInit>::new_from_slice(key) {
        Ok(mut m) => {
            m.update(msg);
            m.finalize().into_bytes().to_vec()
        }
        // HMAC takes keys of any length.
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_compares_secret_and_every_parameter() {
        let t = |secret: &[u8], alg, digits, period| {
            Totp::from_secret(secret, alg, digits, period).unwrap()
        };
        let base = t(b"0123456789", TotpAlgorithm::Sha1, 6, 30);
        assert_eq!(base, t(b"0123456789", TotpAlgorithm::Sha1, 6, 30));
        assert_ne!(base, t(b"0123456788", TotpAlgorithm::Sha1, 6, 30));
        assert_ne!(base, t(b"01234567890", TotpAlgorithm::Sha1, 6, 30));
        assert_ne!(base, t(b"0123456789", TotpAlgorithm::Sha256, 6, 30));
        assert_ne!(base, t(b"0123456789", TotpAlgorithm::Sha1, 7, 30));
        assert_ne!(base, t(b"0123456789", TotpAlgorithm::Sha1, 6, 31));
    }

    #[test]
    fn parameters_are_validated() {
        let s = "GEZDGNBVGY3TQOJQ";
        assert!(Totp::new(s, TotpAlgorithm::Sha1, 5, 30).is_err());
        assert!(Totp::new(s, TotpAlgorithm::Sha1, 11, 30).is_err());
        assert!(Totp::new(s, TotpAlgorithm::Sha1, 6, 0).is_err());
        assert!(Totp::new("", TotpAlgorithm::Sha1, 6, 30).is_err());
        assert!(Totp::new("====", TotpAlgorithm::Sha1, 6, 30).is_err());
        assert!(Totp::new("GE ZD", TotpAlgorithm::Sha1, 6, 30).is_err());
        assert!(Totp::new(s, TotpAlgorithm::Sha1, 10, 1).is_ok());
        assert!(TotpAlgorithm::parse("SHA1").is_err());
        assert_eq!(TotpAlgorithm::parse("sha512").unwrap().as_str(), "sha512");
    }

    #[test]
    fn remaining_seconds_counts_down() {
        let t = Totp::new("GEZDGNBVGY3TQOJQ", TotpAlgorithm::Sha1, 6, 30).unwrap();
        assert_eq!(t.remaining_seconds(0), 30);
        assert_eq!(t.remaining_seconds(59), 1);
    }
}
