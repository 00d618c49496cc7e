//! Identity keys of modern accounts (issue 13): Ed25519 signing keys, X25519 keys, key signatures
//! (`+sigCu255`, `+sigPubk`), fingerprints and credentials, authrings, the verified contact key,
//! the pairwise key that carries share keys between users, and the verification gate.
//! Timestamps are JavaScript numbers (seconds); authentication methods are their core names
//! (`'seen'`, `'fingerprint-compared'`, `'signature-verified'`).

use crate::bindgen::*;
use megacrypt::identity as mi;
use megacrypt_foreign::accounts_modern as am;
use megacrypt_foreign::arg;

use crate::error::{JsResult, js};
use crate::keys::ShareKey;
use crate::rsa::RsaPublicKey;

fn ts(n: f64) -> JsResult<u64> {
    js(am::timestamp_from_js(n))
}

/// An Ed25519 private key (32-byte seed): the account's signing identity. Secret.
#[wasm_bindgen]
pub struct Ed25519PrivateKey(pub(crate) mi::Ed25519PrivateKey);

#[wasm_bindgen]
impl Ed25519PrivateKey {
    /// A fresh random seed from the platform CSPRNG.
    pub fn generate() -> JsResult<Ed25519PrivateKey> {
        js(am::generate_ed25519()).map(Self)
    }
    /// Imports a 32-byte seed (`InvalidKey` for another length).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(seed: &[u8]) -> JsResult<Ed25519PrivateKey> {
        js(am::ed25519_private_key(seed)).map(Self)
    }
    /// A copy of the 32-byte seed (secret material).
    #[wasm_bindgen(js_name = exportBytes)]
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// The public key (`+puEd255`).
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Ed25519PublicKey {
        Ed25519PublicKey(self.0.public_key())
    }
    /// Signs a contact's X25519 public key (`+sigCu255`) at `timestamp` (seconds).
    #[wasm_bindgen(js_name = signX25519Key)]
    pub fn sign_x25519_key(&self, key: &X25519PublicKey, timestamp: f64) -> JsResult<KeySignature> {
        Ok(KeySignature(self.0.sign_x25519_key(&key.0, ts(timestamp)?)))
    }
    /// Signs an RSA public key (`+sigPubk`) at `timestamp`.
    #[wasm_bindgen(js_name = signRsaKey)]
    pub fn sign_rsa_key(&self, key: &RsaPublicKey, timestamp: f64) -> JsResult<KeySignature> {
        js(self.0.sign_rsa_key(&key.0, ts(timestamp)?)).map(KeySignature)
    }
    /// Constant-time equality.
    pub fn equals(&self, other: &Ed25519PrivateKey) -> bool {
        self.0 == other.0
    }
}

/// An Ed25519 public key (`+puEd255`), validated (canonical, not of small order).
#[wasm_bindgen]
pub struct Ed25519PublicKey(pub(crate) mi::Ed25519PublicKey);

#[wasm_bindgen]
impl Ed25519PublicKey {
    /// Parses 32 bytes (`InvalidKey` otherwise).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<Ed25519PublicKey> {
        js(mi::Ed25519PublicKey::from_slice(bytes)).map(Self)
    }
    /// Parses the MEGA base64 of 32 bytes.
    #[wasm_bindgen(js_name = fromB64)]
    pub fn from_b64(b64: &str) -> JsResult<Ed25519PublicKey> {
        js(mi::Ed25519PublicKey::from_b64(b64)).map(Self)
    }
    /// The 32 bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// The MEGA base64 of the 32 bytes.
    #[wasm_bindgen(js_name = toB64)]
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// SHA-256 of the key, first 20 bytes.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint(self.0.fingerprint())
    }
    /// The credentials users compare to verify a contact.
    pub fn credentials(&self) -> Credentials {
        Credentials(self.0.credentials())
    }
    /// Verifies a contact's `+sigCu255` over `key` (strict 72 bytes): the only way to obtain a
    /// `VerifiedX25519PublicKey`.
    #[wasm_bindgen(js_name = verifyX25519Key)]
    pub fn verify_x25519_key(
        &self,
        key: &X25519PublicKey,
        signature: &[u8],
    ) -> JsResult<VerifiedX25519PublicKey> {
        js(self.0.verify_x25519_key(&key.0, signature)).map(|(v, _)| VerifiedX25519PublicKey(v))
    }
    /// Verifies a `+sigPubk`; returns the signature's timestamp.
    #[wasm_bindgen(js_name = verifyRsaKey)]
    pub fn verify_rsa_key(&self, key: &RsaPublicKey, signature: &[u8]) -> JsResult<f64> {
        js(self.0.verify_rsa_key(&key.0, signature)).map(arg::size_to_js)
    }
    /// Equality.
    pub fn equals(&self, other: &Ed25519PublicKey) -> bool {
        self.0 == other.0
    }
}

/// An X25519 (Cu25519) private key. Secret.
#[wasm_bindgen]
pub struct X25519PrivateKey(pub(crate) mi::X25519PrivateKey);

#[wasm_bindgen]
impl X25519PrivateKey {
    /// A fresh random key from the platform CSPRNG.
    pub fn generate() -> JsResult<X25519PrivateKey> {
        js(am::generate_x25519()).map(Self)
    }
    /// Imports 32 raw bytes (`InvalidKey` otherwise).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<X25519PrivateKey> {
        js(am::x25519_private_key(bytes)).map(Self)
    }
    /// A copy of the 32 raw bytes (secret material).
    #[wasm_bindgen(js_name = exportBytes)]
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// The public key (`+puCu255`).
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> X25519PublicKey {
        X25519PublicKey(self.0.public_key())
    }
    /// Constant-time equality.
    pub fn equals(&self, other: &X25519PrivateKey) -> bool {
        self.0 == other.0
    }
}

/// An X25519 public key as published (`+puCu255`), not yet verified.
#[wasm_bindgen]
pub struct X25519PublicKey(pub(crate) mi::X25519PublicKey);

#[wasm_bindgen]
impl X25519PublicKey {
    /// 32 bytes (`InvalidKey` otherwise).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<X25519PublicKey> {
        js(mi::X25519PublicKey::from_slice(bytes)).map(Self)
    }
    /// The MEGA base64 of 32 bytes.
    #[wasm_bindgen(js_name = fromB64)]
    pub fn from_b64(b64: &str) -> JsResult<X25519PublicKey> {
        js(mi::X25519PublicKey::from_b64(b64)).map(Self)
    }
    /// The 32 bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// The MEGA base64 of the 32 bytes.
    #[wasm_bindgen(js_name = toB64)]
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// SHA-256 of the key, first 20 bytes.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint(self.0.fingerprint())
    }
    /// Equality.
    pub fn equals(&self, other: &X25519PublicKey) -> bool {
        self.0 == other.0
    }
}

/// A contact's X25519 public key whose key signature verified.
#[wasm_bindgen]
pub struct VerifiedX25519PublicKey(pub(crate) mi::VerifiedX25519PublicKey);

#[wasm_bindgen]
impl VerifiedX25519PublicKey {
    /// The key itself.
    pub fn key(&self) -> X25519PublicKey {
        X25519PublicKey(*self.0.key())
    }
    /// The Ed25519 key whose signature verified.
    pub fn signer(&self) -> Ed25519PublicKey {
        Ed25519PublicKey(*self.0.signer())
    }
    /// The signature's timestamp (seconds).
    #[wasm_bindgen(getter, js_name = signedAt)]
    pub fn signed_at(&self) -> f64 {
        arg::size_to_js(self.0.signed_at())
    }
    /// The key's fingerprint.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint(self.0.fingerprint())
    }
    /// The key's 32 bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// Equality.
    pub fn equals(&self, other: &VerifiedX25519PublicKey) -> bool {
        self.0 == other.0
    }
}

/// A 72-byte key signature (timestamp ‖ Ed25519 signature over `"keyauth" ‖ timestamp ‖ key`).
#[wasm_bindgen]
pub struct KeySignature(pub(crate) mi::KeySignature);

#[wasm_bindgen]
impl KeySignature {
    /// Parses exactly 72 bytes (`Malformed` otherwise).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(blob: &[u8]) -> JsResult<KeySignature> {
        js(mi::KeySignature::from_bytes(blob)).map(Self)
    }
    /// Parses the MEGA base64 of 72 bytes.
    #[wasm_bindgen(js_name = fromB64)]
    pub fn from_b64(b64: &str) -> JsResult<KeySignature> {
        js(mi::KeySignature::from_b64(b64)).map(Self)
    }
    /// Signs arbitrary key bytes.
    pub fn sign(
        signer: &Ed25519PrivateKey,
        key_bytes: &[u8],
        timestamp: f64,
    ) -> JsResult<KeySignature> {
        Ok(Self(mi::KeySignature::sign(
            &signer.0,
            key_bytes,
            ts(timestamp)?,
        )))
    }
    /// The 72 bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }
    /// The MEGA base64 of the 72 bytes.
    #[wasm_bindgen(js_name = toB64)]
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// The signed timestamp (seconds).
    #[wasm_bindgen(getter)]
    pub fn timestamp(&self) -> f64 {
        arg::size_to_js(self.0.timestamp())
    }
    /// The 64-byte Ed25519 signature.
    pub fn signature(&self) -> Vec<u8> {
        self.0.signature().to_vec()
    }
    /// Verifies over `keyBytes` under `signer` (strict); returns the timestamp.
    pub fn verify(&self, signer: &Ed25519PublicKey, key_bytes: &[u8]) -> JsResult<f64> {
        js(self.0.verify(&signer.0, key_bytes)).map(arg::size_to_js)
    }
    /// Equality.
    pub fn equals(&self, other: &KeySignature) -> bool {
        self.0 == other.0
    }
}

/// The message a key signature covers: `"keyauth" ‖ timestamp (8 bytes, big-endian) ‖ key`.
#[wasm_bindgen(js_name = keySignatureMessage)]
pub fn key_signature_message(key_bytes: &[u8], timestamp: f64) -> JsResult<Vec<u8>> {
    Ok(mi::signed_message(key_bytes, ts(timestamp)?))
}

/// The bytes a key signature over this RSA public key covers.
#[wasm_bindgen(js_name = rsaSignedBytes)]
pub fn rsa_signed_bytes(key: &RsaPublicKey) -> JsResult<Vec<u8>> {
    js(mi::rsa_signed_bytes(&key.0))
}

/// Parses a `pubk` for signing or verifying its key signature (`Unsupported` for the forms the
/// official clients sign differently).
#[wasm_bindgen(js_name = rsaPublicKeyForSignature)]
pub fn rsa_public_key_for_signature(pubk: &[u8]) -> JsResult<RsaPublicKey> {
    js(mi::rsa_public_key_for_signature(pubk)).map(RsaPublicKey)
}

/// The first 20 bytes of SHA-256 of a public key.
#[wasm_bindgen]
pub struct Fingerprint(pub(crate) mi::Fingerprint);

#[wasm_bindgen]
impl Fingerprint {
    /// The fingerprint of a public key's bytes.
    pub fn of(key_bytes: &[u8]) -> Fingerprint {
        Self(mi::Fingerprint::of(key_bytes))
    }
    /// Exactly 20 bytes (`Malformed` otherwise).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<Fingerprint> {
        js(am::fingerprint(bytes)).map(Self)
    }
    /// The 20 bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// Lower-case hex.
    #[wasm_bindgen(js_name = toHex)]
    pub fn to_hex(&self) -> String {
        self.0.to_hex()
    }
    /// The credentials shown to users for this fingerprint.
    pub fn credentials(&self) -> Credentials {
        Credentials(mi::Credentials::from_fingerprint(&self.0))
    }
    /// Constant-time equality.
    pub fn equals(&self, other: &Fingerprint) -> bool {
        self.0 == other.0
    }
}

/// The 40 upper-case hex digits of an Ed25519 fingerprint that two users compare.
#[wasm_bindgen]
pub struct Credentials(pub(crate) mi::Credentials);

#[wasm_bindgen]
impl Credentials {
    /// The 40 hex digits.
    pub fn text(&self) -> String {
        self.0.as_str().to_string()
    }
    /// Ten groups of four digits separated by spaces.
    pub fn grouped(&self) -> String {
        self.0.grouped()
    }
    /// Equality.
    pub fn equals(&self, other: &Credentials) -> bool {
        self.0 == other.0
    }
}

/// One authring record.
#[wasm_bindgen]
pub struct AuthRecord(mi::AuthRecord);

#[wasm_bindgen]
impl AuthRecord {
    /// The contact (base64).
    #[wasm_bindgen(getter)]
    pub fn user(&self) -> String {
        am::user_b64(&self.0.user)
    }
    /// The fingerprint of the contact's key (20 bytes).
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> Vec<u8> {
        self.0.fingerprint.as_bytes().to_vec()
    }
    /// `'seen'`, `'fingerprint-compared'` or `'signature-verified'`.
    #[wasm_bindgen(getter)]
    pub fn method(&self) -> String {
        self.0.method.as_str().to_string()
    }
}

/// The trust records of contacts' keys (immutable: every update returns a new ring).
#[wasm_bindgen]
pub struct Authring(pub(crate) mi::Authring);

#[wasm_bindgen]
impl Authring {
    /// An empty ring.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Authring {
        Self(mi::Authring::new())
    }
    /// Whole 29-byte records (`Malformed` otherwise); unknown method bytes are dropped.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<Authring> {
        js(mi::Authring::from_bytes(bytes)).map(Self)
    }
    /// The legacy TLV form (decrypted `*!authring` / `*!authCu255` records).
    #[wasm_bindgen(js_name = fromTlvBytes)]
    pub fn from_tlv_bytes(bytes: &[u8]) -> JsResult<Authring> {
        js(mi::Authring::from_tlv_bytes(bytes)).map(Self)
    }
    /// The records, sorted as MEGA's SDK writes them.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }
    /// The legacy TLV form.
    #[wasm_bindgen(js_name = toTlvBytes)]
    pub fn to_tlv_bytes(&self) -> JsResult<Vec<u8>> {
        js(self.0.to_tlv_bytes()).map(|b| b.to_vec())
    }
    /// Records left out when parsing (unknown method byte).
    #[wasm_bindgen(getter, js_name = droppedRecords)]
    pub fn dropped_records(&self) -> u32 {
        arg::len_u32(self.0.dropped_records())
    }
    /// Number of records.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        arg::len_u32(self.0.len())
    }
    /// Every record, in the written order.
    pub fn records(&self) -> Vec<AuthRecord> {
        self.0.iter().map(|r| AuthRecord(*r)).collect()
    }
    /// The record of a user.
    pub fn get(&self, user_b64: &str) -> JsResult<Option<AuthRecord>> {
        js(am::authring_get(&self.0, user_b64)).map(|r| r.map(AuthRecord))
    }
    /// The recorded method of a user whose current fingerprint is `fingerprint` (undefined if
    /// unknown); `KeyChanged` if the ring holds another fingerprint.
    pub fn check(&self, user_b64: &str, fingerprint: &Fingerprint) -> JsResult<Option<String>> {
        js(am::authring_check(&self.0, user_b64, &fingerprint.0))
            .map(|m| m.map(|m| m.as_str().to_string()))
    }
    /// Records a contact's Ed25519 key on sight (`KeyChanged` if another key is recorded).
    #[wasm_bindgen(js_name = observeEd25519Key)]
    pub fn observe_ed25519_key(
        &self,
        user_b64: &str,
        key: &Ed25519PublicKey,
    ) -> JsResult<Authring> {
        js(am::authring_observe_ed25519_key(&self.0, user_b64, &key.0)).map(Self)
    }
    /// Records that the user compared the contact's credentials.
    #[wasm_bindgen(js_name = recordFingerprintCompared)]
    pub fn record_fingerprint_compared(
        &self,
        user_b64: &str,
        key: &Ed25519PublicKey,
    ) -> JsResult<Authring> {
        js(am::authring_record_fingerprint_compared(
            &self.0, user_b64, &key.0,
        ))
        .map(Self)
    }
    /// Records a verified key signature, given the Ed25519 ring that must hold the signer.
    #[wasm_bindgen(js_name = recordSignatureVerified)]
    pub fn record_signature_verified(
        &self,
        user_b64: &str,
        key: &VerifiedX25519PublicKey,
        ed_authring: &Authring,
    ) -> JsResult<Authring> {
        js(am::authring_record_signature_verified(
            &self.0,
            user_b64,
            &key.0,
            &ed_authring.0,
        ))
        .map(Self)
    }
    /// The ring without a user's record.
    pub fn remove(&self, user_b64: &str) -> JsResult<Authring> {
        js(am::authring_without(&self.0, user_b64)).map(Self)
    }
    /// Equality (same records).
    pub fn equals(&self, other: &Authring) -> bool {
        self.0 == other.0
    }
}

impl Default for Authring {
    fn default() -> Self {
        Self::new()
    }
}

/// The key two users share (HKDF-SHA256 of their X25519 shared secret). Secret.
#[wasm_bindgen]
pub struct PairwiseKey(mi::PairwiseKey);

#[wasm_bindgen]
impl PairwiseKey {
    /// Derives the key with a verified contact (`InvalidKey` for a small-order peer key).
    pub fn derive(
        mine: &X25519PrivateKey,
        peer: &VerifiedX25519PublicKey,
    ) -> JsResult<PairwiseKey> {
        js(mi::PairwiseKey::derive(&mine.0, &peer.0)).map(Self)
    }
    /// A copy of the 16 bytes (secret material).
    #[wasm_bindgen(js_name = exportBytes)]
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// Encrypts a share key for the contact (the 16-byte `pk` blob).
    #[wasm_bindgen(js_name = sealShareKey)]
    pub fn seal_share_key(&self, share_key: &ShareKey) -> Vec<u8> {
        self.0.seal_share_key(&share_key.0).to_vec()
    }
    /// Decrypts a `pk` blob (`Malformed` unless 16 bytes).
    #[wasm_bindgen(js_name = openShareKey)]
    pub fn open_share_key(&self, blob: &[u8]) -> JsResult<ShareKey> {
        js(self.0.open_share_key(blob)).map(ShareKey)
    }
    /// Constant-time equality.
    pub fn equals(&self, other: &PairwiseKey) -> bool {
        self.0 == other.0
    }
}

/// Whether share keys may be exchanged with a contact whose Ed25519 key has `method` in the
/// authring (undefined: not in the ring).
#[wasm_bindgen(js_name = exchangeAllowed)]
pub fn exchange_allowed(method: Option<String>, manual_verification: bool) -> JsResult<bool> {
    let m = js(am::optional_auth_method(method.as_deref()))?;
    Ok(mi::exchange_allowed(m, manual_verification))
}

/// The gate as a check: `ApiMisuse` when the contact is not verified enough.
#[wasm_bindgen(js_name = checkExchangeAllowed)]
pub fn check_exchange_allowed(
    ed_authring: &Authring,
    peer_b64: &str,
    manual_verification: bool,
) -> JsResult<()> {
    js(am::check_exchange_allowed(
        &ed_authring.0,
        peer_b64,
        manual_verification,
    ))
}

/// The login-time check of the account's own identity keys against `+puEd255`, `+puCu255` and
/// `+sigCu255`.
#[wasm_bindgen(js_name = checkOwnKeys)]
pub fn check_own_keys(
    ed25519: &Ed25519PrivateKey,
    x25519: &X25519PrivateKey,
    pu_ed255: &[u8],
    pu_cu255: &[u8],
    sig_cu255: &[u8],
) -> JsResult<()> {
    js(am::check_own_keys(
        &ed25519.0, &x25519.0, pu_ed255, pu_cu255, sig_cu255, None,
    ))
}

/// `checkOwnKeys` plus `+sigPubk` over the account's RSA public key.
#[wasm_bindgen(js_name = checkOwnKeysWithRsa)]
pub fn check_own_keys_with_rsa(
    ed25519: &Ed25519PrivateKey,
    x25519: &X25519PrivateKey,
    pu_ed255: &[u8],
    pu_cu255: &[u8],
    sig_cu255: &[u8],
    rsa: &RsaPublicKey,
    sig_pubk: &[u8],
) -> JsResult<()> {
    js(am::check_own_keys(
        &ed25519.0,
        &x25519.0,
        pu_ed255,
        pu_cu255,
        sig_cu255,
        Some((&rsa.0, sig_pubk)),
    ))
}
