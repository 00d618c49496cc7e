//! MEGA RSA: public/private keys with MEGA's MPI encoding and strict validation, session-id
//! decryption bound to the user handle, and legacy RSA key delivery. Every decryption failure is
//! the opaque `Decrypt`. Randomness (blinding, padding, key generation) comes from the OS.

use std::sync::Arc;

use megacrypt::UserHandle;
use megacrypt::rsa as mr;

use crate::error::FfiResult;
use crate::keys::{MasterKey, ShareKey};
use crate::rng::os_rng;

fn user(b64: &str) -> FfiResult<UserHandle> {
    Ok(UserHandle::from_b64(b64)?)
}

/// How an encoder writes MPI headers (readers accept both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum MpiHeaderStyle {
    /// `byte_count × 8`, as MEGA's SDK writes key blobs (byte-identical to the SDK's).
    ByteCount,
    /// The exact bit length, as the webclient writes keys.
    ExactBits,
}

impl From<MpiHeaderStyle> for mr::MpiHeaderStyle {
    fn from(s: MpiHeaderStyle) -> Self {
        match s {
            MpiHeaderStyle::ByteCount => mr::MpiHeaderStyle::ByteCount,
            MpiHeaderStyle::ExactBits => mr::MpiHeaderStyle::ExactBits,
        }
    }
}

/// A MEGA RSA public key (`MPI(n) || MPI(e)`, original bytes kept).
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct MegaRsaPublicKey(pub(crate) mr::MegaRsaPublicKey);

#[uniffi::export]
impl MegaRsaPublicKey {
    /// Parses and validates `MPI(n) || MPI(e)` (the `pubk` field).
    #[uniffi::constructor]
    pub fn from_bytes(pubk: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(MegaRsaPublicKey(
            mr::MegaRsaPublicKey::from_bytes(pubk)?,
        )))
    }

    /// Parses the base64 `pubk` field.
    #[uniffi::constructor]
    pub fn from_b64(pubk_b64: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(MegaRsaPublicKey(mr::MegaRsaPublicKey::from_b64(
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
    pub fn modulus_bytes(&self) -> Vec<u8> {
        self.0.modulus_bytes()
    }

    /// Byte length of the modulus.
    pub fn modulus_len(&self) -> u32 {
        u32::try_from(self.0.modulus_len()).unwrap_or(u32::MAX)
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

/// A 43-byte MEGA session id: a bearer credential, exported only explicitly.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct MegaSessionId(pub(crate) mr::MegaSessionId);

#[uniffi::export]
impl MegaSessionId {
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
        Ok(self.0.verify_user_handle(&user(&user_handle_b64)?)?)
    }
}

/// A validated MEGA RSA private key.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct MegaRsaPrivateKey(pub(crate) mr::MegaRsaPrivateKey);

#[uniffi::export]
impl MegaRsaPrivateKey {
    /// Decrypts and validates the base64 `privk` under the master key, pinned to `pinned` when the
    /// account's public key is known (strongly recommended). Opaque `Decrypt` on any failure.
    #[uniffi::constructor]
    pub fn from_encrypted_privk(
        privk_b64: String,
        master_key: Arc<MasterKey>,
        pinned: Option<Arc<MegaRsaPublicKey>>,
    ) -> FfiResult<Arc<Self>> {
        let pinned = pinned.as_ref().map(|p| &p.0);
        Ok(Arc::new(MegaRsaPrivateKey(
            mr::MegaRsaPrivateKey::from_encrypted_privk(&privk_b64, &master_key.0, pinned)?,
        )))
    }

    /// `from_encrypted_privk` on raw bytes.
    #[uniffi::constructor]
    pub fn from_encrypted_privk_bytes(
        privk: &[u8],
        master_key: Arc<MasterKey>,
        pinned: Option<Arc<MegaRsaPublicKey>>,
    ) -> FfiResult<Arc<Self>> {
        let pinned = pinned.as_ref().map(|p| &p.0);
        Ok(Arc::new(MegaRsaPrivateKey(
            mr::MegaRsaPrivateKey::from_encrypted_privk_bytes(privk, &master_key.0, pinned)?,
        )))
    }

    /// Imports a decrypted private-key blob (secret import point).
    #[uniffi::constructor]
    pub fn from_privk_plain(
        blob: &[u8],
        pinned: Option<Arc<MegaRsaPublicKey>>,
    ) -> FfiResult<Arc<Self>> {
        let pinned = pinned.as_ref().map(|p| &p.0);
        Ok(Arc::new(MegaRsaPrivateKey(
            mr::MegaRsaPrivateKey::from_privk_plain(blob, pinned)?,
        )))
    }

    /// Generates a new 2048-bit key pair with e = 17 (as MEGA's SDK does).
    #[uniffi::constructor]
    pub fn generate() -> FfiResult<Arc<Self>> {
        Ok(Arc::new(MegaRsaPrivateKey(
            mr::MegaRsaPrivateKey::generate(&mut os_rng())?,
        )))
    }

    /// Generates a new 2048-bit key pair with e = 17, 257 or 65537.
    #[uniffi::constructor]
    pub fn generate_with_exponent(e: u32) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(MegaRsaPrivateKey(
            mr::MegaRsaPrivateKey::generate_with_exponent(&mut os_rng(), e)?,
        )))
    }

    /// The matching public key.
    pub fn public_key(&self) -> Arc<MegaRsaPublicKey> {
        Arc::new(MegaRsaPublicKey(self.0.public_key().clone()))
    }

    /// Exports the unpadded private-key blob. Secret material.
    pub fn export_privk_plain(&self, style: MpiHeaderStyle) -> FfiResult<Vec<u8>> {
        Ok(self.0.to_privk_plain(style.into())?.to_vec())
    }

    /// The encrypted private key (base64) for `up` / set-key-pair, under the master key.
    pub fn encrypt_privk(
        &self,
        master_key: Arc<MasterKey>,
        style: MpiHeaderStyle,
    ) -> FfiResult<String> {
        Ok(self
            .0
            .encrypt_privk(&master_key.0, style.into(), &mut os_rng())?)
    }

    /// Decrypts a `csid` and checks it carries `user_handle_b64`'s handle.
    pub fn decrypt_session_id(
        &self,
        csid_b64: String,
        user_handle_b64: String,
    ) -> FfiResult<Arc<MegaSessionId>> {
        let sid = self
            .0
            .decrypt_session_id(&csid_b64, &user(&user_handle_b64)?, &mut os_rng())?;
        Ok(Arc::new(MegaSessionId(sid)))
    }

    /// Decrypts a `csid` **without** the user-handle check (call `verify_user_handle` yourself).
    pub fn decrypt_session_id_unbound(&self, csid_b64: String) -> FfiResult<Arc<MegaSessionId>> {
        Ok(Arc::new(MegaSessionId(
            self.0
                .decrypt_session_id_unbound(&csid_b64, &mut os_rng())?,
        )))
    }

    /// Decrypts RSA-encrypted key material and returns its first `len` (16 or 32) bytes. Secret.
    pub fn decrypt_key_bytes(&self, ct_b64: String, len: u32) -> FfiResult<Vec<u8>> {
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        Ok(self
            .0
            .decrypt_key_bytes(&ct_b64, len, &mut os_rng())?
            .to_vec())
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
    pub private_key: Arc<MegaRsaPrivateKey>,
    /// The session id, bound to the user.
    pub session_id: Arc<MegaSessionId>,
}

/// The RSA login step: decrypt and validate `privk`, decrypt `csid`, bind it to the user.
#[uniffi::export]
pub fn open_login_session(
    master_key: Arc<MasterKey>,
    privk_b64: String,
    csid_b64: String,
    user_handle_b64: String,
    pinned: Option<Arc<MegaRsaPublicKey>>,
) -> FfiResult<LoginSession> {
    let (k, sid) = mr::open_login_session(
        &master_key.0,
        &privk_b64,
        &csid_b64,
        &user(&user_handle_b64)?,
        pinned.as_ref().map(|p| &p.0),
        &mut os_rng(),
    )?;
    Ok(LoginSession {
        private_key: Arc::new(MegaRsaPrivateKey(k)),
        session_id: Arc::new(MegaSessionId(sid)),
    })
}
