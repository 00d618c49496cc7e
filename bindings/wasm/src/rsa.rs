//! MEGA RSA: the user's public key (`pubk`), the account's private key (`privk`) and the login
//! session id it decrypts — core `megacrypt::rsa`.

use crate::bindgen::*;
use megacrypt::rsa::{self as core_rsa, MpiHeaderStyle};
use megacrypt_foreign::{arg, ops};

use crate::error::{JsResult, js};
use crate::keys::{MasterKey, ShareKey};

/// The MPI header style named `'byte-count'` (default: the SDK's) or `'exact-bits'`.
fn style(name: Option<String>) -> JsResult<MpiHeaderStyle> {
    js(arg::name_or(name.as_deref(), MpiHeaderStyle::ByteCount))
}

/// A user's RSA public key (`pubk`).
#[wasm_bindgen]
pub struct RsaPublicKey(pub(crate) core_rsa::RsaPublicKey);

#[wasm_bindgen]
impl RsaPublicKey {
    /// Parses a `pubk` blob (`MPI(n) || MPI(e)`), validating it.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(pubk: &[u8]) -> JsResult<RsaPublicKey> {
        js(core_rsa::RsaPublicKey::from_bytes(pubk)).map(RsaPublicKey)
    }
    /// Parses a base64 `pubk`.
    #[wasm_bindgen(js_name = fromB64)]
    pub fn from_b64(pubk_b64: &str) -> JsResult<RsaPublicKey> {
        js(core_rsa::RsaPublicKey::from_b64(pubk_b64)).map(RsaPublicKey)
    }
    /// The `pubk` blob.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }
    /// The `pubk` blob in MEGA base64.
    #[wasm_bindgen(js_name = toB64)]
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// The public exponent.
    #[wasm_bindgen(getter)]
    pub fn exponent(&self) -> u32 {
        self.0.exponent()
    }
    /// The modulus length in bytes.
    #[wasm_bindgen(getter, js_name = modulusLength)]
    pub fn modulus_length(&self) -> usize {
        self.0.modulus_len()
    }
    /// Constant-time equality.
    pub fn equals(&self, other: &RsaPublicKey) -> bool {
        self.0 == other.0
    }
    /// The modulus (big-endian).
    #[wasm_bindgen(getter)]
    pub fn modulus(&self) -> Vec<u8> {
        self.0.modulus_bytes()
    }
    /// RSA-encrypts 16 or 32 bytes of key material for this user (MEGA padding); returns `MPI(c)`.
    #[wasm_bindgen(js_name = encryptKey)]
    pub fn encrypt_key(&self, key: &[u8]) -> JsResult<Vec<u8>> {
        js(self.0.encrypt_key(key, &mut crate::rng()))
    }
    /// RSA-encrypts 16 or 32 bytes of key material for this user (MEGA padding), base64.
    #[wasm_bindgen(js_name = encryptKeyB64)]
    pub fn encrypt_key_b64(&self, key: &[u8]) -> JsResult<String> {
        js(self.0.encrypt_key_b64(key, &mut crate::rng()))
    }
}

/// The account's RSA private key (validated against its public key on load).
#[wasm_bindgen]
pub struct RsaPrivateKey(pub(crate) core_rsa::RsaPrivateKey);

#[wasm_bindgen]
impl RsaPrivateKey {
    /// Decrypts and validates the base64 `privk` with the master key (the public exponent is
    /// found among the small candidates). Failures are the opaque `Decrypt`.
    #[wasm_bindgen(js_name = fromEncryptedPrivk)]
    pub fn from_encrypted_privk(
        privk_b64: &str,
        master_key: &MasterKey,
    ) -> JsResult<RsaPrivateKey> {
        js(core_rsa::RsaPrivateKey::from_encrypted_privk(
            privk_b64,
            &master_key.0,
            None,
        ))
        .map(RsaPrivateKey)
    }
    /// Like `fromEncryptedPrivk`, and the key must match `pinned` (the account's known `pubk`).
    #[wasm_bindgen(js_name = fromEncryptedPrivkPinned)]
    pub fn from_encrypted_privk_pinned(
        privk_b64: &str,
        master_key: &MasterKey,
        pinned: &RsaPublicKey,
    ) -> JsResult<RsaPrivateKey> {
        js(core_rsa::RsaPrivateKey::from_encrypted_privk(
            privk_b64,
            &master_key.0,
            Some(&pinned.0),
        ))
        .map(RsaPrivateKey)
    }
    /// The public key.
    #[wasm_bindgen(getter, js_name = publicKey)]
    pub fn public_key(&self) -> RsaPublicKey {
        RsaPublicKey(self.0.public_key().clone())
    }
    /// Encrypts the private key under the master key (`privk`, base64). `style`: the MPI header
    /// style, `'byte-count'` (default, the SDK's) or `'exact-bits'` (the webclient's).
    #[wasm_bindgen(js_name = encryptPrivk)]
    pub fn encrypt_privk(&self, master_key: &MasterKey, style: Option<String>) -> JsResult<String> {
        js(self
            .0
            .encrypt_privk(&master_key.0, self::style(style)?, &mut crate::rng()))
    }
    /// Decrypts the login `csid` and checks that it is a session id of `userHandle` (base64).
    /// Anything else is the opaque `Decrypt`.
    #[wasm_bindgen(js_name = decryptSessionId)]
    pub fn decrypt_session_id(&self, csid_b64: &str, user_handle_b64: &str) -> JsResult<SessionId> {
        js(ops::decrypt_session_id(&self.0, csid_b64, user_handle_b64)).map(SessionId)
    }
    /// Decrypts a `csid` without the user-handle binding check. Prefer `decryptSessionId`, which
    /// refuses anything that is not this user's session id.
    #[wasm_bindgen(js_name = decryptSessionIdUnbound)]
    pub fn decrypt_session_id_unbound(&self, csid_b64: &str) -> JsResult<SessionId> {
        js(self
            .0
            .decrypt_session_id_unbound(csid_b64, &mut crate::rng()))
        .map(SessionId)
    }
    /// Decrypts an RSA-encrypted share key (legacy share delivery).
    #[wasm_bindgen(js_name = decryptShareKey)]
    pub fn decrypt_share_key(&self, ct_b64: &str) -> JsResult<ShareKey> {
        js(self.0.decrypt_share_key(ct_b64, &mut crate::rng())).map(ShareKey)
    }
    /// Exports the plain `privk` blob (secret; `style` as in `encryptPrivk`).
    #[wasm_bindgen(js_name = exportPrivkPlain)]
    pub fn export_privk_plain(&self, style: Option<String>) -> JsResult<Vec<u8>> {
        Ok(js(self.0.to_privk_plain(self::style(style)?))?.to_vec())
    }
    /// Decrypts RSA-encrypted key material of `length` 16 or 32 bytes (legacy share keys).
    #[wasm_bindgen(js_name = decryptKeyBytes)]
    pub fn decrypt_key_bytes(&self, ct_b64: &str, length: u32) -> JsResult<Vec<u8>> {
        js(ops::decrypt_key_bytes(&self.0, ct_b64, length))
    }
}

/// A 43-byte session id: a bearer credential, exported only explicitly.
#[wasm_bindgen]
pub struct SessionId(core_rsa::SessionId);

#[wasm_bindgen]
impl SessionId {
    /// Exports the 43 raw bytes. Secret.
    #[wasm_bindgen(js_name = exportBytes)]
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// Exports the base64 `sid`. Secret.
    #[wasm_bindgen(js_name = exportB64)]
    pub fn export_b64(&self) -> String {
        self.0.to_b64()
    }
    /// Checks that the session id carries this user's handle (base64, 11 characters).
    #[wasm_bindgen(js_name = verifyUserHandle)]
    pub fn verify_user_handle(&self, user_handle_b64: &str) -> JsResult<()> {
        js(ops::verify_user_handle(&self.0, user_handle_b64))
    }
    /// Constant-time equality.
    pub fn equals(&self, other: &SessionId) -> bool {
        self.0 == other.0
    }
}
