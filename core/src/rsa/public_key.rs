//! The RSA public key (`pubk`) and the SDK's RSA encryption of key material for another user.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use crypto_bigint::BoxedUint;
use rand_core::TryCryptoRng;
use rsa::traits::PublicKeyParts;
use zeroize::Zeroizing;

use super::MAX_MODULUS_BITS;
use super::mpi::{MpiHeaderStyle, be_trimmed, bit_len, limb_bits, push_mpi, split_mpi, uint};
use crate::base64;
use crate::error::{Error, Result};
use crate::keys::fill_random;

/// A MEGA RSA public key (`pubk`: `MPI(n) || MPI(e)`, docs/format/rsa.md#public-key-blob).
///
/// The original bytes are kept: key fingerprints and the `+sigPubk` signature cover the exact
/// `n || e` bytes as first written (the webclient pads `e` to 4 bytes), so a key must never be
/// re-serialised canonically before those checks.
#[derive(Clone)]
pub struct RsaPublicKey {
    pub(super) inner: rsa::RsaPublicKey,
    /// Byte length `K` of the modulus.
    pub(super) k: usize,
    pub(super) e: u32,
    /// The blob as received (or as we encoded it), `MPI(n) || MPI(e)` without trailing bytes.
    blob: Vec<u8>,
    /// `n || e` magnitudes in their original byte form (zero bytes before `e` kept).
    raw_n_e: Vec<u8>,
}

impl RsaPublicKey {
    /// Parses a `pubk` blob: `MPI(n) || MPI(e)` followed by at most 15 ignored bytes.
    ///
    /// `n` must be odd and 1024–8192 bits; `e` odd, at least 3 and below 2³² (MEGA uses 17 and 257).
    pub fn from_bytes(pubk: &[u8]) -> Result<Self> {
        let bad = || Error::invalid_key("RSA public key is malformed");
        let (n_mag, rest) = split_mpi(pubk).ok_or_else(bad)?;
        let (e_mag, tail) = split_mpi(rest).ok_or_else(bad)?;
        if tail.len() >= 16 {
            return Err(bad());
        }
        let n_bits = bit_len(n_mag);
        if !(1024..=MAX_MODULUS_BITS as usize).contains(&n_bits) {
            return Err(bad());
        }
        if bit_len(e_mag) > 32 {
            return Err(bad());
        }
        let e = e_mag.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let e = u32::try_from(e).map_err(|_| bad())?;
        if e < 3 || e % 2 == 0 {
            return Err(bad());
        }
        let n = uint(n_mag, limb_bits(n_bits).ok_or_else(bad)?).ok_or_else(bad)?;
        let inner = rsa::RsaPublicKey::new(n, BoxedUint::from(u64::from(e))).map_err(|_| bad())?;
        let blob_len = pubk.len() - tail.len();
        let mut raw_n_e = n_mag.to_vec();
        raw_n_e.extend_from_slice(e_mag);
        Ok(RsaPublicKey {
            inner,
            k: n_bits.div_ceil(8),
            e,
            blob: pubk.get(..blob_len).ok_or_else(bad)?.to_vec(),
            raw_n_e,
        })
    }

    /// Parses a base64 `pubk` (the `pubk` field of `ug`/`uk`).
    pub fn from_b64(pubk_b64: &str) -> Result<Self> {
        let bytes = base64::decode(pubk_b64)
            .map_err(|_| Error::invalid_key("RSA public key is malformed"))?;
        Self::from_bytes(&bytes)
    }

    pub(super) fn from_parts(n: &BoxedUint, e: u32) -> Result<Self> {
        let mut blob = Vec::new();
        let n_mag = be_trimmed(n);
        push_mpi(&mut blob, &n_mag, MpiHeaderStyle::ByteCount)?;
        push_mpi(&mut blob, &e.to_be_bytes(), MpiHeaderStyle::ByteCount)?;
        Self::from_bytes(&blob)
    }

    /// The `pubk` blob `MPI(n) || MPI(e)` (the bytes received, without ignored trailing bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.blob.clone()
    }

    /// The `pubk` blob in MEGA base64.
    pub fn to_b64(&self) -> String {
        base64::encode(&self.blob)
    }

    /// `n || e` in their original byte form without MPI headers: what key fingerprints and the
    /// `+sigPubk` signature cover (SDK `serializekeyforjs`, docs/format/rsa.md#public-key-blob).
    pub fn n_e_bytes(&self) -> &[u8] {
        &self.raw_n_e
    }

    /// The public exponent.
    pub fn exponent(&self) -> u32 {
        self.e
    }

    /// The modulus as minimal big-endian bytes.
    pub fn modulus_bytes(&self) -> Vec<u8> {
        be_trimmed(self.inner.n().as_ref()).to_vec()
    }

    /// The modulus length in bytes (`K`; 256 for MEGA's 2048-bit keys).
    pub fn modulus_len(&self) -> usize {
        self.k
    }

    /// RSA-encrypts key material for another user with MEGA's padding
    /// (docs/format/rsa.md#encryption): `payload || random bytes` up to `K − 2` bytes, raw RSA,
    /// output `MPI(c)` with the exact bit count (as the SDK writes it).
    ///
    /// Used for legacy share-key delivery and for files put into another user's inbox. MEGA's
    /// current key-manager mode no longer RSA-encrypts share keys; prefer the pairwise-key path.
    pub fn encrypt_key<R: TryCryptoRng + ?Sized>(
        &self,
        payload: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>> {
        let len = self
            .k
            .checked_sub(2)
            .ok_or(Error::misuse("RSA modulus too small"))?;
        if payload.is_empty() || payload.len() > len {
            return Err(Error::misuse("RSA payload must be 1..=K-2 bytes"));
        }
        let mut pt = Zeroizing::new(vec![0u8; len]);
        let (head, pad) = pt.split_at_mut(payload.len());
        head.copy_from_slice(payload);
        fill_random(rng, pad)?;
        let prec = self.inner.n().as_ref().bits_precision();
        let m = Zeroizing::new(uint(&pt, prec).ok_or(Error::misuse("RSA payload too long"))?);
        let c = rsa::hazmat::rsa_encrypt(&self.inner, &m)
            .map_err(|_| Error::misuse("RSA encryption failed"))?;
        let mut out = Vec::with_capacity(self.k + 2);
        push_mpi(&mut out, &be_trimmed(&c), MpiHeaderStyle::ExactBits)?;
        Ok(out)
    }

    /// [`encrypt_key`](Self::encrypt_key), base64-encoded (about 344 characters for 2048-bit keys).
    pub fn encrypt_key_b64<R: TryCryptoRng + ?Sized>(
        &self,
        payload: &[u8],
        rng: &mut R,
    ) -> Result<String> {
        self.encrypt_key(payload, rng).map(|c| base64::encode(&c))
    }
}

impl PartialEq for RsaPublicKey {
    /// Equal when `n` and `e` are equal (however they were encoded).
    fn eq(&self, other: &Self) -> bool {
        self.e == other.e && self.inner.n().as_ref() == other.inner.n().as_ref()
    }
}
impl Eq for RsaPublicKey {}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RsaPublicKey({} bits, e = {})",
            self.inner.n().as_ref().bits(),
            self.e
        )
    }
}
