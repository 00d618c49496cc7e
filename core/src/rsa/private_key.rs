//! The validated RSA private key: reading `privk` and the `^!keys` "pqd" form, writing them back,
//! and generating new keys.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crypto_bigint::{BoxedUint, NonZero};
use rand_core::TryCryptoRng;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use zeroize::Zeroizing;

use super::mpi::{MpiHeaderStyle, be_trimmed, push_mpi};
use super::rng::RecordingRng;
use super::validate::{parse_pqd, parse_privk_plain, validate};
use super::{DEFAULT_PUBLIC_EXPONENT, MAX_PRIVK_LEN, MODULUS_BITS, RsaPublicKey, opaque};
use crate::base64;
use crate::error::{Error, Result};
use crate::keys::{MasterKey, fill_random};
use crate::primitives::{aes, ct_eq, ecb_decrypt, ecb_encrypt};

/// A validated MEGA RSA private key.
///
/// Only [`from_encrypted_privk`](Self::from_encrypted_privk), [`from_privk_plain`](Self::from_privk_plain)
/// and [`generate`](Self::generate) make one, and every path runs the full validation, so a value of
/// this type is always a consistent key. Secret parts are zeroized on drop (crypto-bigint).
#[derive(Clone)]
pub struct RsaPrivateKey {
    pub(super) inner: rsa::RsaPrivateKey,
    pub(super) public: RsaPublicKey,
}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaPrivateKey(<redacted>, {:?})", self.public)
    }
}

impl RsaPrivateKey {
    /// Decrypts (AES-ECB under the master key) and validates an encrypted private key (`privk`
    /// of the `us`/`ug` responses), pinning it to `pinned` when the caller knows the account's
    /// public key (strongly recommended: without it, a wholly fake but consistent key cannot be
    /// told apart, see SECURITY.md).
    ///
    /// Every failure — base64, length, MPI structure, any validation check — is the same opaque
    /// [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
    pub fn from_encrypted_privk(
        privk_b64: &str,
        master_key: &MasterKey,
        pinned: Option<&RsaPublicKey>,
    ) -> Result<Self> {
        let mut blob = Zeroizing::new(base64::decode(privk_b64).map_err(|_| opaque())?);
        Self::from_encrypted_privk_bytes_in_place(&mut blob, master_key, pinned)
    }

    /// [`from_encrypted_privk`](Self::from_encrypted_privk) on raw bytes.
    pub fn from_encrypted_privk_bytes(
        privk: &[u8],
        master_key: &MasterKey,
        pinned: Option<&RsaPublicKey>,
    ) -> Result<Self> {
        let mut blob = Zeroizing::new(privk.to_vec());
        Self::from_encrypted_privk_bytes_in_place(&mut blob, master_key, pinned)
    }

    fn from_encrypted_privk_bytes_in_place(
        blob: &mut [u8],
        master_key: &MasterKey,
        pinned: Option<&RsaPublicKey>,
    ) -> Result<Self> {
        if blob.is_empty() || !blob.len().is_multiple_of(16) || blob.len() > MAX_PRIVK_LEN {
            return Err(opaque());
        }
        ecb_decrypt(&aes(master_key.as_bytes()), blob);
        Self::from_privk_plain(blob, pinned)
    }

    /// Parses and validates a decrypted private-key blob `MPI(P1) || MPI(P2) || MPI(d) || MPI(u) || pad`
    /// (pad < 16 bytes). Every failure is the opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
    pub fn from_privk_plain(blob: &[u8], pinned: Option<&RsaPublicKey>) -> Result<Self> {
        let c = parse_privk_plain(blob).ok_or_else(opaque)?;
        let (inner, public) = validate(&c, pinned).ok_or_else(opaque)?;
        Ok(RsaPrivateKey { inner, public })
    }

    /// Generates a new 2048-bit key pair with e = 17 (as MEGA's SDK does), for a new account.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
        Self::generate_with_exponent(rng, DEFAULT_PUBLIC_EXPONENT)
    }

    /// Generates a new 2048-bit key pair with public exponent 17, 257 or 65537.
    ///
    /// The key is round-tripped through the blob encoding and the full validation before it is
    /// returned, so it is guaranteed to be readable by [`from_privk_plain`](Self::from_privk_plain)
    /// (and by MEGA's clients, whose checks are a subset).
    pub fn generate_with_exponent<R: TryCryptoRng + ?Sized>(rng: &mut R, e: u32) -> Result<Self> {
        if ![17, 257, 65537].contains(&e) {
            return Err(Error::misuse("public exponent must be 17, 257 or 65537"));
        }
        for _ in 0..8 {
            let mut adapter = RecordingRng::new(&mut *rng);
            let key = rsa::RsaPrivateKey::new_with_exp(
                &mut adapter,
                MODULUS_BITS,
                BoxedUint::from(u64::from(e)),
            );
            if adapter.failed {
                return Err(Error::rng());
            }
            let Ok(key) = key else { continue };
            let [p1, p2] = key.primes() else { continue };
            if p1.bits() != 1024 || p2.bits() != 1024 || key.n().as_ref().bits() != 2048 {
                continue;
            }
            let Some(u) = p1.as_ref().invert_odd_mod(p2).into_option() else {
                continue;
            };
            let u = Zeroizing::new(u);
            let mut blob = Zeroizing::new(Vec::new());
            for part in [p1.as_ref(), p2.as_ref(), key.d(), &u] {
                push_mpi(&mut blob, &be_trimmed(part), MpiHeaderStyle::ByteCount)?;
            }
            let public = RsaPublicKey::from_parts(key.n().as_ref(), e)?;
            // d can (very rarely) have ≤ 2000 bits, which MEGA's clients reject: draw again then.
            if let Ok(k) = Self::from_privk_plain(&blob, Some(&public)) {
                return Ok(k);
            }
        }
        Err(Error::rng())
    }

    /// The matching public key (the pinned one, or derived from the validated components).
    pub fn public_key(&self) -> &RsaPublicKey {
        &self.public
    }

    /// Parses and validates the short "pqd" form stored in `^!keys` (tag 18,
    /// docs/format/rsa.md#short-pqd-form): `MPI(P1) || MPI(P2) || MPI(d)` with nothing after it
    /// (`^!keys` is GCM-authenticated, so no padding). Same validation and opaque error as
    /// [`from_privk_plain`](Self::from_privk_plain).
    pub fn from_pqd_bytes(blob: &[u8], pinned: Option<&RsaPublicKey>) -> Result<Self> {
        if blob.len() < 512 {
            return Err(opaque());
        }
        let c = parse_pqd(blob).ok_or_else(opaque)?;
        let (inner, public) = validate(&c, pinned).ok_or_else(opaque)?;
        Ok(RsaPrivateKey { inner, public })
    }

    /// The short "pqd" form `MPI(P1) || MPI(P2) || MPI(d)` for `^!keys`.
    pub fn to_pqd_bytes(&self, style: MpiHeaderStyle) -> Result<Zeroizing<Vec<u8>>> {
        let [p1, p2] = self.inner.primes() else {
            return Err(Error::misuse("RSA key does not have two primes"));
        };
        let mut blob = Zeroizing::new(Vec::new());
        for part in [p1.as_ref(), p2.as_ref(), self.inner.d()] {
            push_mpi(&mut blob, &be_trimmed(part), style)?;
        }
        Ok(blob)
    }

    /// `true` when both keys have the same `P1`, `P2` (in the same order) and `d`, compared in
    /// constant time: the check that the login key equals the `^!keys` copy
    /// (docs/security-notes.md#checks-on-the-login-private-key, check 10).
    pub fn same_key_as(&self, other: &RsaPrivateKey) -> bool {
        match (
            self.to_pqd_bytes(MpiHeaderStyle::ByteCount),
            other.to_pqd_bytes(MpiHeaderStyle::ByteCount),
        ) {
            (Ok(a), Ok(b)) => ct_eq(&a, &b),
            _ => false,
        }
    }

    /// The unpadded private-key blob `MPI(P1) || MPI(P2) || MPI(d) || MPI(u)`.
    pub fn to_privk_plain(&self, style: MpiHeaderStyle) -> Result<Zeroizing<Vec<u8>>> {
        let [p1, p2] = self.inner.primes() else {
            return Err(Error::misuse("RSA key does not have two primes"));
        };
        let u = Zeroizing::new(
            p1.as_ref()
                .rem(
                    &NonZero::new(p2.as_ref().clone())
                        .into_option()
                        .ok_or(Error::misuse("bad prime"))?,
                )
                .invert_odd_mod(p2)
                .into_option()
                .ok_or(Error::misuse("bad prime"))?,
        );
        let mut blob = Zeroizing::new(Vec::new());
        for part in [p1.as_ref(), p2.as_ref(), self.inner.d(), &u] {
            push_mpi(&mut blob, &be_trimmed(part), style)?;
        }
        Ok(blob)
    }

    /// The encrypted private key for `up`/`CommandSetKeyPair`: the blob padded with 0–15 random
    /// bytes to a multiple of 16, AES-ECB under the master key, base64.
    pub fn encrypt_privk<R: TryCryptoRng + ?Sized>(
        &self,
        master_key: &MasterKey,
        style: MpiHeaderStyle,
        rng: &mut R,
    ) -> Result<String> {
        let mut blob = self.to_privk_plain(style)?;
        let pad = (16 - blob.len() % 16) % 16;
        let mut padding = [0u8; 16];
        let fill = padding.get_mut(..pad).ok_or(Error::misuse("padding"))?;
        fill_random(rng, fill)?;
        blob.extend_from_slice(fill);
        ecb_encrypt(&aes(master_key.as_bytes()), &mut blob);
        Ok(base64::encode(&blob))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_round_trip() {
        let mut rng: rand_chacha::ChaCha20Rng = rand_core::SeedableRng::seed_from_u64(17);
        let key = RsaPrivateKey::generate(&mut rng).unwrap();
        let public = key.public_key().clone();
        assert_eq!(public.exponent(), 17);
        assert_eq!(public.modulus_len(), 256);
        // pubk is SDK style: e written as 00 08 11.
        assert!(public.to_bytes().ends_with(&[0, 8, 0x11]));
        assert_eq!(RsaPublicKey::from_b64(&public.to_b64()).unwrap(), public);
        let mk = MasterKey::from_bytes([0x24; 16]).unwrap();
        for style in [MpiHeaderStyle::ByteCount, MpiHeaderStyle::ExactBits] {
            let privk = key.encrypt_privk(&mk, style, &mut rng).unwrap();
            let back = RsaPrivateKey::from_encrypted_privk(&privk, &mk, Some(&public)).unwrap();
            assert!(back.same_key_as(&key));
            let unpinned = RsaPrivateKey::from_encrypted_privk(&privk, &mk, None).unwrap();
            assert_eq!(unpinned.public_key(), &public);
            let pqd = key.to_pqd_bytes(style).unwrap();
            assert!(
                RsaPrivateKey::from_pqd_bytes(&pqd, Some(&public))
                    .unwrap()
                    .same_key_as(&key)
            );
            assert!(RsaPrivateKey::from_pqd_bytes(&pqd[..pqd.len() - 1], Some(&public)).is_err());
        }
        // Keys encrypted to it decrypt, including a payload with a leading zero byte.
        for payload in [[0x00u8; 16], [0x80; 16]] {
            let mut p = payload;
            p[15] = 1;
            let ct = public.encrypt_key_b64(&p, &mut rng).unwrap();
            assert_eq!(&key.decrypt_key_bytes(&ct, 16, &mut rng).unwrap()[..], &p);
        }
        let other = RsaPrivateKey::generate_with_exponent(&mut rng, 257).unwrap();
        assert!(!other.same_key_as(&key));
        assert_eq!(other.public_key().exponent(), 257);
        assert!(RsaPrivateKey::generate_with_exponent(&mut rng, 3).is_err());
    }
}
