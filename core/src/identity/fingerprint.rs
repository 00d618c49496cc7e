//! Key fingerprints and the credentials users compare.

use alloc::string::String;
use core::fmt;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::primitives::ct_eq;

/// The 20-byte fingerprint of a public key: the first 20 bytes of SHA-256 over the key bytes (SDK
/// `AuthRing::fingerprint`, webclient `authring.computeFingerprint`).
///
/// For Ed25519 and X25519 keys the key bytes are the 32-byte public key; for RSA they are the
/// signed bytes of [`super::rsa_signed_bytes`]. Equality is constant-time.
#[derive(Clone, Copy)]
pub struct Fingerprint([u8; 20]);

impl Fingerprint {
    /// Length in bytes.
    pub const LEN: usize = 20;

    /// The fingerprint of `key_bytes`.
    ///
    /// ```
    /// use megacrypt::identity::Fingerprint;
    /// // SHA-256("abc") starts with ba7816bf 8f01cfea 414140de 5dae2223 b00361a3.
    /// assert_eq!(Fingerprint::of(b"abc").to_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a3");
    /// ```
    pub fn of(key_bytes: &[u8]) -> Self {
        let digest = Sha256::digest(key_bytes);
        let mut fp = [0u8; 20];
        for (d, s) in fp.iter_mut().zip(digest.iter()) {
            *d = *s;
        }
        Fingerprint(fp)
    }

    /// Wraps 20 bytes (as stored in an authring record).
    pub const fn from_bytes(bytes: [u8; 20]) -> Self {
        Fingerprint(bytes)
    }

    /// Copies exactly 20 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        bytes
            .try_into()
            .map(Fingerprint)
            .map_err(|_| Error::malformed("fingerprint must be 20 bytes"))
    }

    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// Lower-case hex (as the webclient's `computeFingerprint` returns it).
    pub fn to_hex(&self) -> String {
        hex_string(&self.0, b"0123456789abcdef")
    }
}

impl PartialEq for Fingerprint {
    /// Constant-time comparison.
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}
impl Eq for Fingerprint {}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.to_hex())
    }
}

fn hex_string(bytes: &[u8], digits: &[u8; 16]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            s.push(char::from(
                digits.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    s
}

/// A user's credentials: the Ed25519 fingerprint as 40 upper-case hex characters (SDK
/// `MegaApi::getMyCredentials` / `Utils::stringToHex`), which two users compare out of band.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(String);

impl Credentials {
    /// The credentials of the Ed25519 key with this fingerprint.
    pub fn from_fingerprint(fp: &Fingerprint) -> Self {
        Credentials(hex_string(fp.as_bytes(), b"0123456789ABCDEF"))
    }

    /// The 40 upper-case hex characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form apps display: 10 groups of 4 characters separated by single spaces.
    ///
    /// ```
    /// use megacrypt::identity::{Credentials, Fingerprint};
    /// let c = Credentials::from_fingerprint(&Fingerprint::from_bytes([0xab; 20]));
    /// assert_eq!(c.grouped(), "ABAB ABAB ABAB ABAB ABAB ABAB ABAB ABAB ABAB ABAB");
    /// ```
    pub fn grouped(&self) -> String {
        let mut s = String::with_capacity(49);
        for (i, ch) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                s.push(' ');
            }
            s.push(ch);
        }
        s
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials({})", self.0)
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
