//! Login key derivation (v1 `prepare_key` + user hash, v2 PBKDF2) and the master-key session
//! functions (wrap/unwrap, `tsid` check, ephemeral accounts).

use std::sync::Arc;

use megacrypt::kdf::{self, EmailEncoding};
use megacrypt::session;

use crate::error::FfiResult;
use crate::keys::{AuthKey, MasterKey, PasswordKey};
use crate::rng::os_rng;

/// How to turn the email into bytes for the v1 user hash (the official clients differ for
/// non-ASCII addresses).
#[uniffi::remote(Enum)]
pub enum EmailEncoding {
    /// The webclient's: Unicode lower case, one byte per UTF-16 code unit.
    Webclient,
    /// MEGA's C++ SDK: ASCII-only lower case, UTF-8 bytes.
    Sdk,
}

/// v1 (legacy) password key: 65 536 AES rounds over the password packed as MEGA's clients do.
#[uniffi::export]
pub fn prepare_key_v1(password: String) -> FfiResult<Arc<PasswordKey>> {
    Ok(Arc::new(PasswordKey(kdf::prepare_key_v1(&password)?)))
}

/// v1 password key over raw password bytes (for other packing conventions).
#[uniffi::export]
pub fn prepare_key_v1_bytes(password: &[u8]) -> FfiResult<Arc<PasswordKey>> {
    Ok(Arc::new(PasswordKey(kdf::prepare_key_v1_bytes(password)?)))
}

/// The password packed as MEGA's webclient and SDK pack it for the v1 KDF (secret material).
#[uniffi::export]
pub fn js_pack_password(password: String) -> Vec<u8> {
    kdf::js_pack_password(&password).to_vec()
}

/// The v1 login user hash `uh` (8 bytes); `encoding` defaults to the webclient's (the two differ
/// only for non-ASCII addresses).
#[uniffi::export]
pub fn user_hash_v1(
    email: String,
    password_key: Arc<PasswordKey>,
    encoding: Option<EmailEncoding>,
) -> Vec<u8> {
    megacrypt_foreign::ops::user_hash_v1(&email, &password_key.0, encoding).to_vec()
}

/// The keys derived by the v2 KDF.
#[derive(uniffi::Record)]
pub struct V2Keys {
    /// Unwraps the master key.
    pub password_key: Arc<PasswordKey>,
    /// Sent at login as `uh` (a credential).
    pub auth_key: Arc<AuthKey>,
    /// The login user hash: MEGA base64 of the auth key.
    pub user_hash_b64: String,
    /// `SHA-256(auth_key)[0..16]`, sent at signup and password change.
    pub hashed_auth_key: Vec<u8>,
}

impl From<kdf::V2Keys> for V2Keys {
    fn from(k: kdf::V2Keys) -> Self {
        V2Keys {
            user_hash_b64: k.user_hash_b64(),
            hashed_auth_key: k.hashed_auth_key().to_vec(),
            password_key: Arc::new(PasswordKey(k.password_key)),
            auth_key: Arc::new(AuthKey(k.auth_key)),
        }
    }
}

/// v2 key derivation: PBKDF2-HMAC-SHA512(password UTF-8, 32-byte salt, 100 000 iterations).
#[uniffi::export]
pub fn derive_v2(password: String, salt: &[u8]) -> FfiResult<V2Keys> {
    Ok(kdf::derive_v2(&password, salt)?.into())
}

/// v2 key derivation over raw password bytes.
#[uniffi::export]
pub fn derive_v2_bytes(password: &[u8], salt: &[u8]) -> FfiResult<V2Keys> {
    Ok(kdf::derive_v2_bytes(password, salt)?.into())
}

/// v2 key derivation with the salt in MEGA base64, as the `us0` answer returns it.
#[uniffi::export]
pub fn derive_v2_b64_salt(password: String, salt_b64: String) -> FfiResult<V2Keys> {
    Ok(kdf::derive_v2_b64_salt(&password, &salt_b64)?.into())
}

/// The v2 signup salt from a 16-byte client random value.
#[uniffi::export]
pub fn v2_salt(client_random_value: &[u8]) -> FfiResult<Vec<u8>> {
    Ok(megacrypt_foreign::ops::v2_salt(client_random_value)?.to_vec())
}

/// A fresh 16-byte client random value for signup (from the OS CSPRNG).
#[uniffi::export]
pub fn generate_client_random_value() -> FfiResult<Vec<u8>> {
    Ok(kdf::generate_client_random_value(&mut os_rng())?.to_vec())
}

/// PBKDF2 iterations of the v2 KDF.
#[uniffi::export]
pub fn v2_iterations() -> u32 {
    kdf::V2_ITERATIONS
}

/// Wraps the master key under the password key (the 16-byte `k` field).
#[uniffi::export]
pub fn encrypt_master_key(password_key: Arc<PasswordKey>, master_key: Arc<MasterKey>) -> Vec<u8> {
    session::encrypt_master_key(&password_key.0, &master_key.0).to_vec()
}

/// Unwraps the master key from the 16-byte `k` field (a wrong password is not detectable here).
#[uniffi::export]
pub fn decrypt_master_key(
    password_key: Arc<PasswordKey>,
    encrypted: &[u8],
) -> FfiResult<Arc<MasterKey>> {
    Ok(Arc::new(MasterKey(session::decrypt_master_key(
        &password_key.0,
        encrypted,
    )?)))
}

/// Unwraps the master key from the base64 `k` field.
#[uniffi::export]
pub fn decrypt_master_key_b64(
    password_key: Arc<PasswordKey>,
    encrypted_b64: String,
) -> FfiResult<Arc<MasterKey>> {
    Ok(Arc::new(MasterKey(session::decrypt_master_key_b64(
        &password_key.0,
        &encrypted_b64,
    )?)))
}

/// Checks an ephemeral-session `tsid` (32 or 43 bytes) against the master key (`Decrypt` if wrong).
#[uniffi::export]
pub fn check_tsid(master_key: Arc<MasterKey>, tsid: &[u8]) -> FfiResult<()> {
    Ok(session::check_tsid(&master_key.0, tsid)?)
}

/// Checks a base64 `tsid`; returns the decoded session id.
#[uniffi::export]
pub fn check_tsid_b64(master_key: Arc<MasterKey>, tsid_b64: String) -> FfiResult<Vec<u8>> {
    Ok(session::check_tsid_b64(&master_key.0, &tsid_b64)?)
}

/// What a client sends to create an ephemeral account (`up`).
#[derive(Debug, uniffi::Record)]
pub struct EphemeralAccount {
    /// `k`: the master key wrapped under the password key.
    pub encrypted_master_key: Vec<u8>,
    /// `ts`: a random self-challenge and its encryption under the master key (32 bytes).
    pub ts: Vec<u8>,
}

/// Builds the `up` request data for a new ephemeral account (randomness from the OS).
#[uniffi::export]
pub fn create_ephemeral_account(
    password_key: Arc<PasswordKey>,
    master_key: Arc<MasterKey>,
) -> FfiResult<EphemeralAccount> {
    let a = session::create_ephemeral_account(&mut os_rng(), &password_key.0, &master_key.0)?;
    Ok(EphemeralAccount {
        encrypted_master_key: a.encrypted_master_key.to_vec(),
        ts: a.ts.to_vec(),
    })
}
