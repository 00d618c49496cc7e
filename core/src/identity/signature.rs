//! Key signatures (`+sigCu255`, `+sigPubk`): `ts(8) ‖ Ed25519(seed, "keyauth" ‖ ts(8) ‖ key)`.

use alloc::vec::Vec;
use core::fmt;

use super::exchange::{VerifiedX25519PublicKey, X25519PublicKey};
use super::signing::{Ed25519PrivateKey, Ed25519PublicKey};
use crate::base64;
use crate::error::{Error, Result};
use crate::rsa::RsaPublicKey;

/// The prefix of every signed message (SDK `EdDSA::signKey`, webclient `authring.signKey`).
pub const KEYAUTH_PREFIX: &[u8; 7] = b"keyauth";

/// Length of a key signature blob: 8-byte timestamp and 64-byte Ed25519 signature.
pub const KEY_SIGNATURE_LEN: usize = 72;

/// The message a key signature covers: `"keyauth" ‖ ts (u64 big-endian) ‖ key_bytes` (SDK
/// `EdDSA::signKey`/`verifyKey`, webclient `authring.signKey`).
///
/// ```
/// use megacrypt::identity::signed_message;
/// assert_eq!(signed_message(&[0xaa], 1), b"keyauth\0\0\0\0\0\0\0\x01\xaa");
/// ```
pub fn signed_message(key_bytes: &[u8], timestamp: u64) -> Vec<u8> {
    let mut msg = Vec::with_capacity(KEYAUTH_PREFIX.len() + 8 + key_bytes.len());
    msg.extend_from_slice(KEYAUTH_PREFIX);
    msg.extend_from_slice(&timestamp.to_be_bytes());
    msg.extend_from_slice(key_bytes);
    msg
}

/// A key signature: the timestamp the signer claims and a 64-byte Ed25519 signature. The wire form
/// (the attribute value) is exactly [`KEY_SIGNATURE_LEN`] bytes, `ts(8, big-endian) ‖ sig(64)`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct KeySignature {
    timestamp: u64,
    signature: [u8; 64],
}

impl KeySignature {
    /// Parses the 72-byte blob. Any other length is [`crate::ErrorKind::Malformed`]: the webclient
    /// refuses it ("bad signature size"); the SDK would ignore bytes after the 72nd, megacrypt does
    /// not.
    pub fn from_bytes(blob: &[u8]) -> Result<Self> {
        let arr: &[u8; KEY_SIGNATURE_LEN] = blob
            .try_into()
            .map_err(|_| Error::malformed("key signature must be exactly 72 bytes"))?;
        let (ts, sig) = arr.split_at(8);
        let timestamp = u64::from_be_bytes(
            ts.try_into()
                .map_err(|_| Error::malformed("key signature"))?,
        );
        let signature: [u8; 64] = sig
            .try_into()
            .map_err(|_| Error::malformed("key signature"))?;
        Ok(KeySignature {
            timestamp,
            signature,
        })
    }

    /// Decodes the MEGA base64 attribute value (96 characters).
    pub fn from_b64(s: &str) -> Result<Self> {
        let blob = base64::decode(s).map_err(|_| Error::malformed("key signature base64"))?;
        Self::from_bytes(&blob)
    }

    /// The 72-byte blob.
    pub fn to_bytes(&self) -> [u8; KEY_SIGNATURE_LEN] {
        let mut out = [0u8; KEY_SIGNATURE_LEN];
        let (ts, sig) = out.split_at_mut(8);
        ts.copy_from_slice(&self.timestamp.to_be_bytes());
        sig.copy_from_slice(&self.signature);
        out
    }

    /// The blob in MEGA base64 (the attribute value).
    pub fn to_b64(&self) -> alloc::string::String {
        base64::encode(&self.to_bytes())
    }

    /// The timestamp the signer put in (seconds since 1970; unverified until [`Self::verify`]).
    pub const fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// The 64-byte Ed25519 signature.
    pub const fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// Signs `key_bytes` at `timestamp`. Use the typed
    /// [`Ed25519PrivateKey::sign_x25519_key`]/[`Ed25519PrivateKey::sign_rsa_key`] for MEGA's two
    /// signed keys.
    pub fn sign(signer: &Ed25519PrivateKey, key_bytes: &[u8], timestamp: u64) -> Self {
        let signature = signer.sign_raw(&signed_message(key_bytes, timestamp));
        KeySignature {
            timestamp,
            signature,
        }
    }

    /// Verifies that `signer` signed `key_bytes` with this signature (strict Ed25519: canonical `S`,
    /// no small-order `R`). Returns the signed timestamp; judging it against a clock is the
    /// caller's business. Error: [`crate::ErrorKind::SignatureInvalid`].
    pub fn verify(&self, signer: &Ed25519PublicKey, key_bytes: &[u8]) -> Result<u64> {
        if signer.verify_raw(&signed_message(key_bytes, self.timestamp), &self.signature) {
            Ok(self.timestamp)
        } else {
            Err(Error::signature_invalid(
                "key signature does not verify under the contact's Ed25519 key",
            ))
        }
    }
}

impl fmt::Debug for KeySignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySignature")
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// The bytes a `+sigPubk` signature and an RSA key fingerprint cover: `n ‖ e` without MPI headers,
/// in the SDK's `AsymmCipher::serializekeyforjs` form (`n` without leading zero bytes, then as many
/// zero bytes as preceded `e` in the `pubk`, then `e` without leading zero bytes). For the
/// webclient's 4-byte `e` (`00 01 00 01`) this keeps the zero byte, as both clients sign.
///
/// Refused ([`crate::ErrorKind::Unsupported`]): a modulus MPI with leading zero bytes, where the SDK
/// and the webclient sign different bytes (see `docs/format/identity-keys.md`).
pub fn rsa_signed_bytes(key: &RsaPublicKey) -> Result<Vec<u8>> {
    let raw = key.n_e_bytes();
    // n is at least 1024 bits, so its minimal form starts with a non-zero byte; a zero first byte
    // means the pubk stored n with leading zeros, which the SDK strips and the webclient keeps.
    if raw.first() == Some(&0) {
        return Err(Error::unsupported(
            "RSA modulus has leading zero bytes: the official clients sign different bytes",
        ));
    }
    Ok(raw.to_vec())
}

/// Parses a `pubk` for signing or verifying `+sigPubk`: [`RsaPublicKey::from_bytes`] with no
/// trailing bytes allowed and no leading zero bytes in `n`. With trailing bytes after `MPI(e)`, the
/// SDK inserts one zero byte per trailing byte before `e` in the signed bytes, the webclient does
/// not; such a key is refused ([`crate::ErrorKind::Unsupported`]) rather than signed one way.
pub fn rsa_public_key_for_signature(pubk: &[u8]) -> Result<RsaPublicKey> {
    let key = RsaPublicKey::from_bytes(pubk)?;
    if key.to_bytes().len() != pubk.len() {
        return Err(Error::unsupported(
            "RSA public key has trailing bytes: the official clients sign different bytes",
        ));
    }
    rsa_signed_bytes(&key)?;
    Ok(key)
}

impl Ed25519PrivateKey {
    /// The `+sigCu255` signature of this account's X25519 public key at `timestamp`.
    pub fn sign_x25519_key(&self, key: &X25519PublicKey, timestamp: u64) -> KeySignature {
        KeySignature::sign(self, key.as_bytes(), timestamp)
    }

    /// The `+sigPubk` signature of this account's RSA public key at `timestamp` (over
    /// [`rsa_signed_bytes`]).
    pub fn sign_rsa_key(&self, key: &RsaPublicKey, timestamp: u64) -> Result<KeySignature> {
        Ok(KeySignature::sign(self, &rsa_signed_bytes(key)?, timestamp))
    }
}

impl Ed25519PublicKey {
    /// Checks a contact's `+sigCu255` (the 72-byte blob) over its `+puCu255`. On success returns
    /// the key as a [`VerifiedX25519PublicKey`] and the signed timestamp.
    ///
    /// Errors: [`crate::ErrorKind::Malformed`] (not 72 bytes),
    /// [`crate::ErrorKind::SignatureInvalid`] (a swapped key, another signer, a forged or
    /// non-canonical signature).
    pub fn verify_x25519_key(
        &self,
        key: &X25519PublicKey,
        signature: &[u8],
    ) -> Result<(VerifiedX25519PublicKey, u64)> {
        let sig = KeySignature::from_bytes(signature)?;
        let ts = sig.verify(self, key.as_bytes())?;
        Ok((VerifiedX25519PublicKey::new(*key, *self, ts), ts))
    }

    /// Checks a `+sigPubk` (the 72-byte blob) over an RSA public key; returns the signed timestamp.
    /// Errors as [`Self::verify_x25519_key`], plus those of [`rsa_signed_bytes`].
    pub fn verify_rsa_key(&self, key: &RsaPublicKey, signature: &[u8]) -> Result<u64> {
        let sig = KeySignature::from_bytes(signature)?;
        sig.verify(self, &rsa_signed_bytes(key)?)
    }
}
