//! Login: the v1 and v2 password KDFs, user hashes, the master key and the session challenge
//! (core `megacrypt::kdf` and `megacrypt::session`).

use crate::bindgen::*;
use megacrypt::kdf;
use megacrypt::session;
use megacrypt_foreign::{arg, ops};

use crate::error::{JsResult, js};
use crate::keys::{AuthKey, MasterKey, PasswordKey};

/// The v1 (pre-2018 accounts) password key: 65 536 AES rounds over the password packed the
/// webclient's way (one byte per UTF-16 code unit).
#[wasm_bindgen(js_name = prepareKeyV1)]
pub fn prepare_key_v1(password: &str) -> JsResult<PasswordKey> {
    js(kdf::prepare_key_v1(password)).map(PasswordKey)
}

/// The v1 password key over explicit password bytes (for other clients' conventions).
#[wasm_bindgen(js_name = prepareKeyV1Bytes)]
pub fn prepare_key_v1_bytes(password: &[u8]) -> JsResult<PasswordKey> {
    js(kdf::prepare_key_v1_bytes(password)).map(PasswordKey)
}

/// The webclient's password packing: one byte per UTF-16 code unit (low 8 bits).
#[wasm_bindgen(js_name = jsPackPassword)]
pub fn js_pack_password(password: &str) -> Vec<u8> {
    kdf::js_pack_password(password).to_vec()
}

/// The v1 user hash `uh` (8 bytes). `encoding`: `'webclient'` (default) or `'sdk'`; they differ
/// only for non-ASCII addresses.
#[wasm_bindgen(js_name = userHashV1)]
pub fn user_hash_v1(
    email: &str,
    password_key: &PasswordKey,
    encoding_name: Option<String>,
) -> JsResult<Vec<u8>> {
    let encoding = match encoding_name.as_deref() {
        Some(name) => Some(js(arg::name(name))?),
        None => None,
    };
    Ok(ops::user_hash_v1(email, &password_key.0, encoding).to_vec())
}

/// The v2 login keys: PBKDF2-HMAC-SHA512 (100 000 iterations) → password key + auth key.
#[wasm_bindgen]
pub struct V2Keys(kdf::V2Keys);

#[wasm_bindgen]
impl V2Keys {
    /// The password key (unwraps the master key).
    #[wasm_bindgen(getter, js_name = passwordKey)]
    pub fn password_key(&self) -> PasswordKey {
        PasswordKey(self.0.password_key.clone())
    }
    /// The auth key (sent as `uh`).
    #[wasm_bindgen(getter, js_name = authKey)]
    pub fn auth_key(&self) -> AuthKey {
        AuthKey(self.0.auth_key.clone())
    }
    /// The `uh` value sent at login (base64 of the auth key).
    #[wasm_bindgen(js_name = userHashB64)]
    pub fn user_hash_b64(&self) -> String {
        self.0.user_hash_b64()
    }
    /// The first 16 bytes of SHA-256(auth key), stored by the server.
    #[wasm_bindgen(js_name = hashedAuthKey)]
    pub fn hashed_auth_key(&self) -> Vec<u8> {
        self.0.hashed_auth_key().to_vec()
    }
}

/// Derives the v2 keys from a password (UTF-8) and the 32-byte salt.
#[wasm_bindgen(js_name = deriveV2)]
pub fn derive_v2(password: &str, salt: &[u8]) -> JsResult<V2Keys> {
    js(kdf::derive_v2(password, salt)).map(V2Keys)
}

/// Derives the v2 keys from password bytes and the 32-byte salt.
#[wasm_bindgen(js_name = deriveV2Bytes)]
pub fn derive_v2_bytes(password: &[u8], salt: &[u8]) -> JsResult<V2Keys> {
    js(kdf::derive_v2_bytes(password, salt)).map(V2Keys)
}

/// Derives the v2 keys with the salt as the server sends it (base64).
#[wasm_bindgen(js_name = deriveV2B64Salt)]
pub fn derive_v2_b64_salt(password: &str, salt_b64: &str) -> JsResult<V2Keys> {
    js(kdf::derive_v2_b64_salt(password, salt_b64)).map(V2Keys)
}

/// The v2 salt for a 16-byte client random value (account creation).
#[wasm_bindgen(js_name = v2Salt)]
pub fn v2_salt(client_random_value: &[u8]) -> JsResult<Vec<u8>> {
    Ok(js(ops::v2_salt(client_random_value))?.to_vec())
}

/// A fresh 16-byte client random value (account creation).
#[wasm_bindgen(js_name = generateClientRandomValue)]
pub fn generate_client_random_value() -> JsResult<Vec<u8>> {
    Ok(js(kdf::generate_client_random_value(&mut crate::rng()))?.to_vec())
}

/// PBKDF2 iterations of the v2 KDF.
#[wasm_bindgen(js_name = v2Iterations)]
pub fn v2_iterations() -> u32 {
    kdf::V2_ITERATIONS
}

/// Wraps the master key under the password key (the account's `k`).
#[wasm_bindgen(js_name = encryptMasterKey)]
pub fn encrypt_master_key(password_key: &PasswordKey, master_key: &MasterKey) -> Vec<u8> {
    session::encrypt_master_key(&password_key.0, &master_key.0).to_vec()
}

/// Unwraps the master key (`k`, 16 bytes); a wrong password gives `Decrypt` or `InvalidKey`.
#[wasm_bindgen(js_name = decryptMasterKey)]
pub fn decrypt_master_key(password_key: &PasswordKey, encrypted: &[u8]) -> JsResult<MasterKey> {
    js(session::decrypt_master_key(&password_key.0, encrypted)).map(MasterKey)
}

/// Unwraps the master key from the base64 `k` field.
#[wasm_bindgen(js_name = decryptMasterKeyB64)]
pub fn decrypt_master_key_b64(
    password_key: &PasswordKey,
    encrypted_b64: &str,
) -> JsResult<MasterKey> {
    js(session::decrypt_master_key_b64(
        &password_key.0,
        encrypted_b64,
    ))
    .map(MasterKey)
}

/// Checks an ephemeral session's `tsid` against the master key (`Decrypt` if it does not match).
#[wasm_bindgen(js_name = checkTsid)]
pub fn check_tsid(master_key: &MasterKey, tsid: &[u8]) -> JsResult<()> {
    js(session::check_tsid(&master_key.0, tsid))
}

/// Checks a base64 `tsid`; returns its bytes (the session id to use).
#[wasm_bindgen(js_name = checkTsidB64)]
pub fn check_tsid_b64(master_key: &MasterKey, tsid_b64: &str) -> JsResult<Vec<u8>> {
    js(session::check_tsid_b64(&master_key.0, tsid_b64))
}

/// The `up` request data for a new ephemeral account.
#[wasm_bindgen]
pub struct EphemeralAccount(session::EphemeralAccount);

#[wasm_bindgen]
impl EphemeralAccount {
    /// `k`: the master key wrapped under the password key (16 bytes).
    #[wasm_bindgen(getter, js_name = encryptedMasterKey)]
    pub fn encrypted_master_key(&self) -> Vec<u8> {
        self.0.encrypted_master_key.to_vec()
    }
    /// `ts`: a random 16-byte self-challenge followed by its encryption under the master key.
    #[wasm_bindgen(getter)]
    pub fn ts(&self) -> Vec<u8> {
        self.0.ts.to_vec()
    }
}

/// Builds the `up` request data for a new ephemeral account.
#[wasm_bindgen(js_name = createEphemeralAccount)]
pub fn create_ephemeral_account(
    password_key: &PasswordKey,
    master_key: &MasterKey,
) -> JsResult<EphemeralAccount> {
    js(session::create_ephemeral_account(
        &mut crate::rng(),
        &password_key.0,
        &master_key.0,
    ))
    .map(EphemeralAccount)
}
