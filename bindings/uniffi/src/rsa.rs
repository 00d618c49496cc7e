//! MEGA RSA: public/private keys with MEGA's MPI encoding and strict validation, session-id
//! decryption bound to the user handle, and legacy RSA key delivery. Every decryption failure is
//! the opaque `Decrypt`. Randomness (blinding, padding, key generation) comes from the OS.

use std::sync::Arc;

use megacrypt::rsa::{self as mr, MpiHeaderStyle};
use megacrypt_foreign::ops;

use crate::error::FfiResult;
use crate::keys::{MasterKey, ShareKey};
use crate::rng::os_rng;

/// How an encoder writes MPI headers (readers accept both).
#[uniffi::remote(Enum)]
pub enum MpiHeaderStyle {
    /// `byte_count × 8`, as MEGA's SDK writes key blobs (byte-identical to the SDK's).
    ByteCount,
    /// The exact bit length, as the webclient writes keys.
    ExactBits,
}

/// An RSA public key (`MPI(n) || MPI(e)`, original bytes kept). Equal when `n` and `e` are.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct RsaPublicKey(pub(crate) mr::RsaPublicKey);

#[uniffi::export]
impl RsaPublicKey {
    /// Parses and validates `MPI(n) || MPI(e)` (the `pubk` field).
    #[uniffi::constructor]
    pub fn from_bytes(pubk: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(RsaPublicKey(mr::RsaPublicKey::from_bytes(pubk)?)))
    }

    /// Parses the base64 `pubk` field.
    #[uniffi::constructor]
    pub fn from_b64(pubk_b64: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(RsaPublicKey(mr::RsaPublicKey::from_b64(
            &pubk_b64,
        )?)))
    }

    /// The key bytes as received (or encoded).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }

    /// The key bytes in base64.
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }

    /// The public exponent.
    pub fn exponent(&self) -> u32 {
        self.0.exponent()
    }

    /// The modulus, big-endian.
    pub fn modulus(&self) -> Vec<u8> {
        self.0.modulus_bytes()
    }

    /// Byte length of the modulus.
    pub fn modulus_length(&self) -> u32 {
        megacrypt_foreign::arg::len_u32(self.0.modulus_len())
    }

    /// RSA-encrypts key material for another user with MEGA's padding (legacy share-key
    /// delivery, inbox uploads); returns `MPI(c)`.
    pub fn encrypt_key(&self, payload: &[u8]) -> FfiResult<Vec<u8>> {
        Ok(self.0.encrypt_key(payload, &mut os_rng())?)
    }

    /// `encrypt_key`, base64-encoded.
    pub fn encrypt_key_b64(&self, payload: &[u8]) -> FfiResult<String> {
        Ok(self.0.encrypt_key_b64(payload, &mut os_rng())?)
    }
}

/// A 43-byte session id: a bearer credential, exported only explicitly.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct SessionId(pub(crate) mr::SessionId);

#[uniffi::export]
impl SessionId {
    /// Exports the 43 raw bytes. Secret.
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }

    /// Exports the base64 `sid`. Secret.
    pub fn export_b64(&self) -> String {
        self.0.to_b64()
    }

    /// Checks that the session id carries this user's handle (base64, 11 characters).
    pub fn verify_user_handle(&self, user_handle_b64: String) -> FfiResult<()> {
        Ok(ops::verify_user_handle(&self.0, &user_handle_b64)?)
    }
}

/// A validated RSA private key.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct RsaPrivateKey(pub(crate) mr::RsaPrivateKey);

#[uniffi::export]
impl RsaPrivateKey {
    /// Decrypts and validates the base64 `privk` under the master key, pinned to `pinned` when the
    /// account's public key is known (strongly recommended). Opaque `Decrypt` on any failure.
    #[uniffi::constructor]
    pub fn from_encrypted_privk(
        privk_b64: String,
        master_key: Arc<MasterKey>,
        pinned: Option<Arc<RsaPublicKey>>,
    ) -> FfiResult<Arc<Self>> {
        let pinned = pinned.as_ref().map(|p| &p.0);
        Ok(Arc::new(RsaPrivateKey(
            mr::RsaPrivateKey::from_encrypted_privk(&privk_b64, &master_key.0, pinned)?,
        )))
    }

    /// `from_encrypted_privk` on raw bytes.
    #[uniffi::constructor]
    pub fn from_encrypted_privk_bytes(
        privk: &[u8],
        master_key: Arc<MasterKey>,
        pinned: Option<Arc<RsaPublicKey>>,
    ) -> FfiResult<Arc<Self>> {
        let pinned = pinned.as_ref().map(|p| &p.0);
        Ok(Arc::new(RsaPrivateKey(
            mr::RsaPrivateKey::from_encrypted_privk_bytes(privk, &master_key.0, pinned)?,
        )))
    }

    /// Imports a decrypted private-key blob (secret import point).
    #[uniffi::constructor]
    pub fn from_privk_plain(
        blob: &[u8],
        pinned: Option<Arc<RsaPublicKey>>,
    ) -> FfiResult<Arc<Self>> {
        let pinned = pinned.as_ref().map(|p| &p.0);
        Ok(Arc::new(RsaPrivateKey(
            mr::RsaPrivateKey::from_privk_plain(blob, pinned)?,
        )))
    }

    /// Generates a new 2048-bit key pair with e = 17 (as MEGA's SDK does).
    #[uniffi::constructor]
    pub fn generate() -> FfiResult<Arc<Self>> {
        Ok(Arc::new(RsaPrivateKey(mr::RsaPrivateKey::generate(
            &mut os_rng(),
        )?)))
    }

    /// Generates a new 2048-bit key pair with e = 17, 257 or 65537.
    #[uniffi::constructor]
    pub fn generate_with_exponent(e: u32) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(RsaPrivateKey(
            mr::RsaPrivateKey::generate_with_exponent(&mut os_rng(), e)?,
        )))
    }

    /// The matching public key.
    pub fn public_key(&self) -> Arc<RsaPublicKey> {
        Arc::new(RsaPublicKey(self.0.public_key().clone()))
    }

    /// Exports the unpadded private-key blob. Secret material.
    pub fn export_privk_plain(&self, style: MpiHeaderStyle) -> FfiResult<Vec<u8>> {
        Ok(self.0.to_privk_plain(style)?.to_vec())
    }

    /// The encrypted private key (base64) for `up` / set-key-pair, under the master key.
    pub fn encrypt_privk(
        &self,
        master_key: Arc<MasterKey>,
        style: MpiHeaderStyle,
    ) -> FfiResult<String> {
        Ok(self.0.encrypt_privk(&master_key.0, style, &mut os_rng())?)
    }

    /// Decrypts a `csid` and checks it carries `user_handle_b64`'s handle.
    pub fn decrypt_session_id(
        &self,
        csid_b64: String,
        user_handle_b64: String,
    ) -> FfiResult<Arc<SessionId>> {
        Ok(Arc::new(SessionId(ops::decrypt_session_id(
            &self.0,
            &csid_b64,
            &user_handle_b64,
        )?)))
    }

    /// Decrypts a `csid` **without** the user-handle check (call `verify_user_handle` yourself).
    pub fn decrypt_session_id_unbound(&self, csid_b64: String) -> FfiResult<Arc<SessionId>> {
        Ok(Arc::new(SessionId(
            self.0
                .decrypt_session_id_unbound(&csid_b64, &mut os_rng())?,
        )))
    }

    /// Decrypts RSA-encrypted key material and returns its first `len` (16 or 32) bytes. Secret.
    pub fn decrypt_key_bytes(&self, ct_b64: String, len: u32) -> FfiResult<Vec<u8>> {
        Ok(ops::decrypt_key_bytes(&self.0, &ct_b64, len)?)
    }

    /// Decrypts a legacy RSA-encrypted share key.
    pub fn decrypt_share_key(&self, ct_b64: String) -> FfiResult<Arc<ShareKey>> {
        Ok(Arc::new(ShareKey(
            self.0.decrypt_share_key(&ct_b64, &mut os_rng())?,
        )))
    }
}

/// The result of an RSA login.
#[derive(uniffi::Record)]
pub struct LoginSession {
    /// The validated private key.
    pub private_key: Arc<RsaPrivateKey>,
    /// The session id, bound to the user.
    pub session_id: Arc<SessionId>,
}

/// The RSA login step: decrypt and validate `privk`, decrypt `csid`, bind it to the user.
#[uniffi::export]
pub fn open_login_session(
    master_key: Arc<MasterKey>,
    privk_b64: String,
    csid_b64: String,
    user_handle_b64: String,
    pinned: Option<Arc<RsaPublicKey>>,
) -> FfiResult<LoginSession> {
    let (k, sid) = ops::open_login_session(
        &master_key.0,
        &privk_b64,
        &csid_b64,
        &user_handle_b64,
        pinned.as_ref().map(|p| &p.0),
    )?;
    Ok(LoginSession {
        private_key: Arc::new(RsaPrivateKey(k)),
        session_id: Arc::new(SessionId(sid)),
    })
}
