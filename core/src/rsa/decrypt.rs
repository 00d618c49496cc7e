//! RSA decryption with the private key: constant-time CRT with the official clients'
//! fixed-length plaintext rule (docs/format/rsa.md#decryption-and-plaintext-extraction), for
//! session ids and RSA-delivered key material.

use alloc::vec;
use alloc::vec::Vec;

use crypto_bigint::{BoxedUint, Resize};
use rand_core::TryCryptoRng;
use rsa::traits::PublicKeyParts;
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

use super::mpi::{be_fixed, split_mpi, uint};
use super::rng::RecordingRng;
use super::{RsaPrivateKey, SessionId, opaque};
use crate::base64;
use crate::error::{Error, Result};
use crate::handles::UserHandle;
use crate::keys::ShareKey;

impl RsaPrivateKey {
    /// Raw CRT decryption of an `MPI(c)` ciphertext with the fixed-length plaintext rule of
    /// docs/format/rsa.md#decryption-and-plaintext-extraction, in constant time with respect to the
    /// plaintext.
    ///
    /// Returns `K − 1` bytes: the plaintext starting at offset 2 of the `K`-byte encoding of `m`
    /// when `m < 2^(8(K−2))` (what clients write), else at offset 1 (server `csid`s and very old
    /// clients); in the first case the last byte is zero filler. Callers take the first 16, 32 or
    /// 43 bytes. Rejects `c ≤ 1`, `c ≥ n − 1`, trailing bytes after the MPI, `m ≥ 2^(8(K−1))`, and a
    /// CRT result that does not re-encrypt to `c`.
    fn decrypt_fixed<R: TryCryptoRng + ?Sized>(
        &self,
        ct: &[u8],
        rng: &mut R,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let k = self.public.k;
        let (mag, rest) = split_mpi(ct).ok_or_else(opaque)?;
        if !rest.is_empty() || mag.len() > k {
            return Err(opaque());
        }
        let n = self.inner.n().as_ref();
        let c = uint(mag, n.bits_precision()).ok_or_else(opaque)?;
        let two = BoxedUint::from(2u64).resize(n.bits_precision());
        let n_minus_1 = n.wrapping_sub(BoxedUint::one_with_precision(n.bits_precision()));
        if c < two || c >= n_minus_1 {
            return Err(opaque());
        }
        let mut adapter = RecordingRng::new(rng);
        let m = rsa::hazmat::rsa_decrypt_and_check(&self.inner, Some(&mut adapter), &c)
            .map_err(|_| opaque())?;
        let m = Zeroizing::new(m);
        if adapter.failed {
            return Err(Error::rng());
        }
        let mk = be_fixed(&m, k).ok_or_else(opaque)?;
        let (first, body) = mk.split_first().ok_or_else(opaque)?;
        let second = body.first().copied().unwrap_or(0);
        let two_zeros = second.ct_eq(&0);
        let mut out = Zeroizing::new(vec![0u8; k - 1]);
        let shifted = body.iter().skip(1).copied().chain(core::iter::once(0u8));
        for ((o, a), b) in out.iter_mut().zip(body.iter()).zip(shifted) {
            *o = u8::conditional_select(a, &b, two_zeros);
        }
        if !bool::from(first.ct_eq(&0)) {
            return Err(opaque());
        }
        Ok(out)
    }

    /// Decrypts a `csid` into the 43-byte session id **and** checks that it carries `user`'s
    /// handle. Any failure is the opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
    pub fn decrypt_session_id<R: TryCryptoRng + ?Sized>(
        &self,
        csid_b64: &str,
        user: &UserHandle,
        rng: &mut R,
    ) -> Result<SessionId> {
        let sid = self.decrypt_session_id_unbound(csid_b64, rng)?;
        sid.verify_user_handle(user)?;
        Ok(sid)
    }

    /// Decrypts a `csid` into the 43-byte session id **without** the user-handle binding check.
    ///
    /// Only for callers that run [`SessionId::verify_user_handle`] themselves (and for
    /// known-answer vectors whose session ids are random bytes). A login must never use a session
    /// id that has not passed that check: [`decrypt_session_id`](Self::decrypt_session_id) does both.
    pub fn decrypt_session_id_unbound<R: TryCryptoRng + ?Sized>(
        &self,
        csid_b64: &str,
        rng: &mut R,
    ) -> Result<SessionId> {
        let ct = base64::decode(csid_b64).map_err(|_| opaque())?;
        let pt = self.decrypt_fixed(&ct, rng)?;
        let sid: [u8; 43] = pt
            .get(..43)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(opaque)?;
        Ok(SessionId::from_bytes(sid))
    }

    /// Decrypts RSA-encrypted key material (legacy share keys, node keys in another user's inbox,
    /// docs/format/share-keys.md#rsa-encrypted-node-keys) and returns its first `len` bytes (16 for
    /// folder/share keys, 32 for file keys). Opaque error on any failure.
    ///
    /// Never re-wrap the result under the master key automatically: an RSA-encrypted key can be
    /// made by anyone who knows the public key, the server included (the MEGAdrop ECB-oracle).
    pub fn decrypt_key_bytes<R: TryCryptoRng + ?Sized>(
        &self,
        ct_b64: &str,
        len: usize,
        rng: &mut R,
    ) -> Result<Zeroizing<Vec<u8>>> {
        if len != 16 && len != 32 {
            return Err(Error::misuse("RSA key material is 16 or 32 bytes"));
        }
        let ct = base64::decode(ct_b64).map_err(|_| opaque())?;
        let pt = self.decrypt_fixed(&ct, rng)?;
        Ok(Zeroizing::new(pt.get(..len).ok_or_else(opaque)?.to_vec()))
    }

    /// Decrypts a legacy RSA-encrypted share key (`sk` longer than 43 characters).
    pub fn decrypt_share_key<R: TryCryptoRng + ?Sized>(
        &self,
        ct_b64: &str,
        rng: &mut R,
    ) -> Result<ShareKey> {
        let bytes = self.decrypt_key_bytes(ct_b64, 16, rng)?;
        ShareKey::from_slice(&bytes).map_err(|_| opaque())
    }
}
