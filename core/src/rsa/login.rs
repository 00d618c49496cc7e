//! The login step of accounts with an RSA key: the session id and [`open_login_session`]
//! (docs/format/login.md#session-id-from-csid).

use alloc::string::String;
use core::fmt;

use rand_core::TryCryptoRng;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{RsaPrivateKey, RsaPublicKey};
use crate::base64;
use crate::error::{Error, Result};
use crate::handles::UserHandle;
use crate::keys::MasterKey;
use crate::primitives::ct_eq;

/// A 43-byte MEGA session id (sent as `sid`, 58 base64 characters). Secret: zeroized on drop,
/// redacted `Debug`, constant-time equality.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SessionId([u8; 43]);

impl SessionId {
    /// Length in bytes.
    pub const LEN: usize = 43;

    /// Wraps 43 bytes (for example a checked `tsid`).
    pub const fn from_bytes(bytes: [u8; 43]) -> Self {
        SessionId(bytes)
    }

    /// The raw bytes. Handle with care: this is a bearer credential.
    pub fn as_bytes(&self) -> &[u8; 43] {
        &self.0
    }

    /// The base64 form used as the `sid` query parameter. Handle with care.
    pub fn to_b64(&self) -> String {
        base64::encode(&self.0)
    }

    /// The user-handle binding check of the official clients
    /// (docs/format/login.md#user-handle-binding): bytes 16..27 must be the 11-character base64 of
    /// the logged-in user's handle. Comparison in constant time.
    ///
    /// This is what stops the server from using the login as an RSA decryption oracle for
    /// arbitrary ciphertexts: a plaintext that is not a session id of this user is never returned.
    pub fn verify_user_handle(&self, user: &UserHandle) -> Result<()> {
        let want = user.to_b64();
        match self.0.get(16..27) {
            Some(got) if ct_eq(got, want.as_bytes()) => Ok(()),
            _ => Err(Error::decrypt()),
        }
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionId(<redacted>)")
    }
}

impl PartialEq for SessionId {
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}
impl Eq for SessionId {}

/// The login step for accounts with an RSA key (docs/format/login.md#session-id-from-csid): decrypt
/// and validate `privk` under the master key, decrypt `csid`, and bind the session id to `user`
/// (the `u` of the `us` response, or better the handle pinned from earlier sessions).
///
/// One opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt) for every failure.
pub fn open_login_session<R: TryCryptoRng + ?Sized>(
    master_key: &MasterKey,
    privk_b64: &str,
    csid_b64: &str,
    user: &UserHandle,
    pinned: Option<&RsaPublicKey>,
    rng: &mut R,
) -> Result<(RsaPrivateKey, SessionId)> {
    let key = RsaPrivateKey::from_encrypted_privk(privk_b64, master_key, pinned)?;
    let sid = key.decrypt_session_id(csid_b64, user, rng)?;
    Ok((key, sid))
}
