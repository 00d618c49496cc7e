//! X25519 ("Cu25519") exchange keys (`prCu255` / `+puCu255`).

use core::fmt;

use rand_core::TryCryptoRng;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::fingerprint::Fingerprint;
use super::signing::Ed25519PublicKey;
use crate::base64;
use crate::error::{Error, Result};
use crate::keys::fill_random;
use crate::primitives::ct_eq;

/// An account's X25519 private key: 32 raw bytes, stored **unclamped** as generated (`^!keys` tag
/// 17, legacy `*keyring` record `prCu255`). Clamping happens inside every scalar multiplication
/// (libsodium `crypto_scalarmult`, x25519-dalek `StaticSecret`), so the stored bytes round-trip
/// unchanged.
///
/// Zeroized on drop; `Debug` prints no key bytes.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct X25519PrivateKey([u8; 32]);

impl X25519PrivateKey {
    /// Length in bytes.
    pub const LEN: usize = 32;

    /// Wraps 32 raw bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        X25519PrivateKey(bytes)
    }

    /// Copies exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let arr: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::invalid_key("X25519 private key must be 32 bytes"))?;
        Ok(X25519PrivateKey(arr))
    }

    /// Draws 32 fresh bytes from a CSPRNG (as the SDK's `ECDH` constructor does).
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
        let mut b = Zeroizing::new([0u8; 32]);
        fill_random(rng, b.as_mut())?;
        Ok(X25519PrivateKey(*b))
    }

    /// The raw bytes. Handle with care: this is secret material.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The public key `X25519(clamp(k), 9)` (`+puCu255`, libsodium `crypto_scalarmult_base`).
    pub fn public_key(&self) -> X25519PublicKey {
        let secret = StaticSecret::from(self.0);
        X25519PublicKey(PublicKey::from(&secret).to_bytes())
    }

    /// The X25519 shared secret with `peer`, or `None` when it is all zero (a small-order or
    /// otherwise degenerate peer point: non-contributory).
    pub(crate) fn shared_secret(&self, peer: &[u8; 32]) -> Option<Zeroizing<[u8; 32]>> {
        let secret = StaticSecret::from(self.0);
        let shared = secret.diffie_hellman(&PublicKey::from(*peer));
        if !shared.was_contributory() {
            return None;
        }
        Some(Zeroizing::new(shared.to_bytes()))
    }
}

impl fmt::Debug for X25519PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("X25519PrivateKey(<redacted>)")
    }
}

impl PartialEq for X25519PrivateKey {
    /// Constant-time comparison.
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}
impl Eq for X25519PrivateKey {}

/// A contact's X25519 public key as received (`+puCu255`), **not yet verified**.
///
/// Any 32 bytes are accepted here, as X25519 itself does (degenerate points are refused when a
/// shared secret is computed). Before it can be used it must pass
/// [`Ed25519PublicKey::verify_x25519_key`], which yields a [`VerifiedX25519PublicKey`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct X25519PublicKey([u8; 32]);

impl X25519PublicKey {
    /// Length in bytes.
    pub const LEN: usize = 32;

    /// Wraps 32 bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        X25519PublicKey(bytes)
    }

    /// Copies exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        bytes
            .try_into()
            .map(X25519PublicKey)
            .map_err(|_| Error::invalid_key("X25519 public key must be 32 bytes"))
    }

    /// Decodes the MEGA base64 attribute value (43 characters).
    pub fn from_b64(s: &str) -> Result<Self> {
        base64::decode_array::<32>(s)
            .map(X25519PublicKey)
            .map_err(|_| Error::invalid_key("X25519 public key must be 32 bytes"))
    }

    /// The 32 bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// MEGA base64 (the `+puCu255` attribute value).
    pub fn to_b64(&self) -> alloc::string::String {
        base64::encode(&self.0)
    }

    /// SHA-256(key)[0..20], what the X25519 authring records.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.0)
    }
}

impl fmt::Debug for X25519PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "X25519PublicKey({})", self.to_b64())
    }
}

/// A contact's X25519 public key whose `+sigCu255` signature verified under the contact's Ed25519
/// key. It can only be obtained from [`Ed25519PublicKey::verify_x25519_key`]; it is what
/// [`super::PairwiseKey::derive`] and [`super::Authring::record_signature_verified`] require.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct VerifiedX25519PublicKey {
    key: X25519PublicKey,
    signer: Ed25519PublicKey,
    signed_at: u64,
}

impl VerifiedX25519PublicKey {
    /// Only the signature check builds this.
    pub(crate) fn new(key: X25519PublicKey, signer: Ed25519PublicKey, signed_at: u64) -> Self {
        VerifiedX25519PublicKey {
            key,
            signer,
            signed_at,
        }
    }

    /// The verified key.
    pub const fn key(&self) -> &X25519PublicKey {
        &self.key
    }

    /// The 32 bytes of the verified key.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        self.key.as_bytes()
    }

    /// The Ed25519 key that signed it.
    pub const fn signer(&self) -> &Ed25519PublicKey {
        &self.signer
    }

    /// The signature's timestamp (seconds since 1970, as the signer claimed; not judged here).
    pub const fn signed_at(&self) -> u64 {
        self.signed_at
    }

    /// The fingerprint of the verified key.
    pub fn fingerprint(&self) -> Fingerprint {
        self.key.fingerprint()
    }
}

impl fmt::Debug for VerifiedX25519PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedX25519PublicKey")
            .field("key", &self.key)
            .field("signer", &self.signer)
            .field("signed_at", &self.signed_at)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn h32(s: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, b) in out.iter_mut().enumerate() {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    /// RFC 7748 section 6.1.
    #[test]
    fn rfc7748_diffie_hellman() {
        let alice = X25519PrivateKey::from_bytes(h32(
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
        ));
        let bob = X25519PrivateKey::from_bytes(h32(
            "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
        ));
        let alice_pub = h32("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        let bob_pub = h32("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        let shared = h32("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assert_eq!(alice.public_key().as_bytes(), &alice_pub);
        assert_eq!(bob.public_key().as_bytes(), &bob_pub);
        assert_eq!(*alice.shared_secret(&bob_pub).unwrap(), shared);
        assert_eq!(*bob.shared_secret(&alice_pub).unwrap(), shared);
        // The stored private bytes stay unclamped.
        assert_eq!(alice.as_bytes()[0], 0x77);
    }

    #[test]
    fn all_zero_shared_secret_is_refused() {
        let k = X25519PrivateKey::from_bytes([0x42; 32]);
        assert!(k.shared_secret(&[0; 32]).is_none());
    }
}
