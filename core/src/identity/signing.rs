//! Ed25519 identity keys (`prEd255` / `+puEd255`).

use core::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rand_core::TryCryptoRng;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::fingerprint::{Credentials, Fingerprint};
use crate::base64;
use crate::error::{Error, Result};
use crate::keys::fill_random;
use crate::primitives::ct_eq;

/// An account's Ed25519 identity private key: the 32-byte RFC 8032 seed, as MEGA stores it in
/// `^!keys` tag 16 and in the legacy `*keyring` record `prEd255` (SDK `EdDSA`, libsodium
/// `crypto_sign_seed_keypair`; webclient `nacl.sign.keyPair.fromSeed`).
///
/// Zeroized on drop; `Debug` prints no key bytes.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Ed25519PrivateKey([u8; 32]);

impl Ed25519PrivateKey {
    /// Length in bytes.
    pub const LEN: usize = 32;

    /// Wraps a 32-byte seed. Every seed is a valid key (RFC 8032 hashes it).
    pub const fn from_bytes(seed: [u8; 32]) -> Self {
        Ed25519PrivateKey(seed)
    }

    /// Copies a seed of exactly 32 bytes.
    pub fn from_slice(seed: &[u8]) -> Result<Self> {
        let arr: [u8; 32] = seed
            .try_into()
            .map_err(|_| Error::invalid_key("Ed25519 seed must be 32 bytes"))?;
        Ok(Ed25519PrivateKey(arr))
    }

    /// Draws a fresh seed from a CSPRNG.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; 32]);
        fill_random(rng, seed.as_mut())?;
        Ok(Ed25519PrivateKey(*seed))
    }

    /// The seed. Handle with care: this is the account's identity.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The public key (`+puEd255`).
    ///
    /// ```
    /// use megacrypt::identity::Ed25519PrivateKey;
    /// // RFC 8032 section 7.1, test 1.
    /// let seed = [
    ///     0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec,
    ///     0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03,
    ///     0x1c, 0xae, 0x7f, 0x60,
    /// ];
    /// let public = Ed25519PrivateKey::from_bytes(seed).public_key();
    /// assert_eq!(public.to_b64(), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    /// ```
    pub fn public_key(&self) -> Ed25519PublicKey {
        let sk = SigningKey::from_bytes(&self.0);
        Ed25519PublicKey(sk.verifying_key())
    }

    /// A raw Ed25519 signature over `msg` (64 bytes). Used by [`super::KeySignature`].
    pub(crate) fn sign_raw(&self, msg: &[u8]) -> [u8; 64] {
        let sk = SigningKey::from_bytes(&self.0);
        sk.sign(msg).to_bytes()
    }
}

impl fmt::Debug for Ed25519PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519PrivateKey(<redacted>)")
    }
}

impl PartialEq for Ed25519PrivateKey {
    /// Constant-time comparison.
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}
impl Eq for Ed25519PrivateKey {}

/// An Ed25519 public key (`+puEd255`): a contact's identity.
///
/// Construction validates the point: the encoding must decompress, be canonical, and the point must
/// not have small order (libsodium's `crypto_sign_verify_detached`, which the SDK uses, refuses such
/// keys; a small-order key would let anyone forge "signatures").
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Ed25519PublicKey(VerifyingKey);

impl Ed25519PublicKey {
    /// Length in bytes.
    pub const LEN: usize = 32;

    /// Validates 32 bytes. Errors ([`crate::ErrorKind::InvalidKey`]): not a point, a non-canonical
    /// encoding, a small-order point.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        let bad = || Error::invalid_key("Ed25519 public key is not a valid point");
        let vk = VerifyingKey::from_bytes(bytes).map_err(|_| bad())?;
        if vk.to_edwards().compress().as_bytes() != bytes {
            return Err(Error::invalid_key("Ed25519 public key is not canonical"));
        }
        if vk.is_weak() {
            return Err(Error::invalid_key("Ed25519 public key has small order"));
        }
        Ok(Ed25519PublicKey(vk))
    }

    /// Validates a slice of exactly 32 bytes (see [`Self::from_bytes`]).
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let arr: &[u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::invalid_key("Ed25519 public key must be 32 bytes"))?;
        Self::from_bytes(arr)
    }

    /// Decodes the MEGA base64 attribute value (43 characters).
    pub fn from_b64(s: &str) -> Result<Self> {
        let arr = base64::decode_array::<32>(s)
            .map_err(|_| Error::invalid_key("Ed25519 public key must be 32 bytes"))?;
        Self::from_bytes(&arr)
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// MEGA base64 (the `+puEd255` attribute value).
    pub fn to_b64(&self) -> alloc::string::String {
        base64::encode(self.as_bytes())
    }

    /// SHA-256(key)[0..20], what the Ed25519 authring records.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(self.as_bytes())
    }

    /// The credentials users compare: the fingerprint as 40 upper-case hex characters.
    pub fn credentials(&self) -> Credentials {
        Credentials::from_fingerprint(&self.fingerprint())
    }

    /// Strict verification of a raw signature (RFC 8032 with canonical `S`, no small-order `R`).
    pub(crate) fn verify_raw(&self, msg: &[u8], sig: &[u8; 64]) -> bool {
        let sig = ed25519_dalek::Signature::from_bytes(sig);
        self.0.verify_strict(msg, &sig).is_ok()
    }
}

impl fmt::Debug for Ed25519PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ed25519PublicKey({})", self.to_b64())
    }
}
