//! Identity keys of modern accounts (issue 13): Ed25519 signing keys, X25519 keys, key signatures
//! (`+sigCu255`, `+sigPubk`), fingerprints and credentials, authrings, the verified contact key,
//! the pairwise key that carries share keys between users, and the verification gate.

use std::sync::Arc;

use megacrypt::identity::{self as mi, AuthMethod};
use megacrypt_foreign::accounts_modern as am;

use crate::error::FfiResult;
use crate::keys::ShareKey;
use crate::rsa::RsaPublicKey;

/// How a contact's key was authenticated (an authring record's method).
#[uniffi::remote(Enum)]
pub enum AuthMethod {
    /// Recorded on first sight (trust on first use).
    Seen,
    /// The user compared the credentials out of band.
    FingerprintCompared,
    /// A key signature by the contact's (already recorded) Ed25519 key verified.
    SignatureVerified,
}

/// An Ed25519 private key (32-byte seed): the account's signing identity. Secret.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct Ed25519PrivateKey(pub(crate) mi::Ed25519PrivateKey);

#[uniffi::export]
impl Ed25519PrivateKey {
    /// A fresh random seed from the operating system's CSPRNG.
    #[uniffi::constructor]
    pub fn generate() -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(am::generate_ed25519()?)))
    }
    /// Imports a 32-byte seed (`InvalidKey` for another length).
    #[uniffi::constructor]
    pub fn from_bytes(seed: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(am::ed25519_private_key(seed)?)))
    }
    /// Exports the 32-byte seed. Secret material.
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// The public key (`+puEd255`).
    pub fn public_key(&self) -> Arc<Ed25519PublicKey> {
        Arc::new(Ed25519PublicKey(self.0.public_key()))
    }
    /// Signs a contact's X25519 public key (`+sigCu255`) at `timestamp` (seconds).
    pub fn sign_x25519_key(&self, key: Arc<X25519PublicKey>, timestamp: u64) -> Arc<KeySignature> {
        Arc::new(KeySignature(self.0.sign_x25519_key(&key.0, timestamp)))
    }
    /// Signs an RSA public key (`+sigPubk`) at `timestamp`; `Unsupported` for a key whose signed
    /// bytes the official clients disagree on.
    pub fn sign_rsa_key(
        &self,
        key: Arc<RsaPublicKey>,
        timestamp: u64,
    ) -> FfiResult<Arc<KeySignature>> {
        Ok(Arc::new(KeySignature(
            self.0.sign_rsa_key(&key.0, timestamp)?,
        )))
    }
}

/// An Ed25519 public key (`+puEd255`), validated (canonical, not of small order).
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct Ed25519PublicKey(pub(crate) mi::Ed25519PublicKey);

#[uniffi::export]
impl Ed25519PublicKey {
    /// Parses 32 bytes (`InvalidKey` for another length, a non-canonical or small-order point).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(mi::Ed25519PublicKey::from_slice(bytes)?)))
    }
    /// Parses the MEGA base64 of 32 bytes.
    #[uniffi::constructor]
    pub fn from_b64(b64: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(mi::Ed25519PublicKey::from_b64(&b64)?)))
    }
    /// The 32 bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// The MEGA base64 of the 32 bytes.
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// SHA-256 of the key, first 20 bytes (what authrings store).
    pub fn fingerprint(&self) -> Arc<Fingerprint> {
        Arc::new(Fingerprint(self.0.fingerprint()))
    }
    /// The 40-hex-digit credentials users compare to verify a contact.
    pub fn credentials(&self) -> Arc<Credentials> {
        Arc::new(Credentials(self.0.credentials()))
    }
    /// Verifies a contact's `+sigCu255` over `key`: the only way to obtain a
    /// [`VerifiedX25519PublicKey`]. Strict 72-byte blob (`Malformed` otherwise);
    /// `SignatureInvalid` when it does not verify.
    pub fn verify_x25519_key(
        &self,
        key: Arc<X25519PublicKey>,
        signature: &[u8],
    ) -> FfiResult<Arc<VerifiedX25519PublicKey>> {
        let (v, _) = self.0.verify_x25519_key(&key.0, signature)?;
        Ok(Arc::new(VerifiedX25519PublicKey(v)))
    }
    /// Verifies a `+sigPubk` over an RSA public key; returns the signature's timestamp.
    pub fn verify_rsa_key(&self, key: Arc<RsaPublicKey>, signature: &[u8]) -> FfiResult<u64> {
        Ok(self.0.verify_rsa_key(&key.0, signature)?)
    }
}

/// An X25519 (Cu25519) private key: the account's key-exchange identity. Secret.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct X25519PrivateKey(pub(crate) mi::X25519PrivateKey);

#[uniffi::export]
impl X25519PrivateKey {
    /// A fresh random key from the operating system's CSPRNG.
    #[uniffi::constructor]
    pub fn generate() -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(am::generate_x25519()?)))
    }
    /// Imports 32 raw bytes (`InvalidKey` for another length).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(am::x25519_private_key(bytes)?)))
    }
    /// Exports the 32 raw bytes. Secret material.
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// The public key (`+puCu255`).
    pub fn public_key(&self) -> Arc<X25519PublicKey> {
        Arc::new(X25519PublicKey(self.0.public_key()))
    }
}

/// An X25519 public key as published (`+puCu255`), not yet verified: it cannot derive a pairwise
/// key until a key signature made it a [`VerifiedX25519PublicKey`].
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct X25519PublicKey(pub(crate) mi::X25519PublicKey);

#[uniffi::export]
impl X25519PublicKey {
    /// 32 bytes (`InvalidKey` for another length).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(mi::X25519PublicKey::from_slice(bytes)?)))
    }
    /// The MEGA base64 of 32 bytes.
    #[uniffi::constructor]
    pub fn from_b64(b64: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(mi::X25519PublicKey::from_b64(&b64)?)))
    }
    /// The 32 bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// The MEGA base64 of the 32 bytes.
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// SHA-256 of the key, first 20 bytes.
    pub fn fingerprint(&self) -> Arc<Fingerprint> {
        Arc::new(Fingerprint(self.0.fingerprint()))
    }
}

/// A contact's X25519 public key whose key signature verified under the contact's Ed25519 key.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct VerifiedX25519PublicKey(pub(crate) mi::VerifiedX25519PublicKey);

#[uniffi::export]
impl VerifiedX25519PublicKey {
    /// The key itself.
    pub fn key(&self) -> Arc<X25519PublicKey> {
        Arc::new(X25519PublicKey(*self.0.key()))
    }
    /// The Ed25519 key whose signature verified.
    pub fn signer(&self) -> Arc<Ed25519PublicKey> {
        Arc::new(Ed25519PublicKey(*self.0.signer()))
    }
    /// The signature's timestamp (seconds; not judged against any clock).
    pub fn signed_at(&self) -> u64 {
        self.0.signed_at()
    }
    /// The key's fingerprint.
    pub fn fingerprint(&self) -> Arc<Fingerprint> {
        Arc::new(Fingerprint(self.0.fingerprint()))
    }
    /// The key's 32 bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
}

/// A 72-byte key signature: 8-byte big-endian timestamp ‖ Ed25519 signature over
/// `"keyauth" ‖ timestamp ‖ key`.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct KeySignature(pub(crate) mi::KeySignature);

#[uniffi::export]
impl KeySignature {
    /// Parses exactly 72 bytes (`Malformed` otherwise).
    #[uniffi::constructor]
    pub fn from_bytes(blob: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(mi::KeySignature::from_bytes(blob)?)))
    }
    /// Parses the MEGA base64 of 72 bytes.
    #[uniffi::constructor]
    pub fn from_b64(b64: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(mi::KeySignature::from_b64(&b64)?)))
    }
    /// Signs arbitrary key bytes (the typed `sign*Key` methods of the private key are preferred).
    #[uniffi::constructor]
    pub fn sign(signer: Arc<Ed25519PrivateKey>, key_bytes: &[u8], timestamp: u64) -> Arc<Self> {
        Arc::new(Self(mi::KeySignature::sign(
            &signer.0, key_bytes, timestamp,
        )))
    }
    /// The 72 bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }
    /// The MEGA base64 of the 72 bytes.
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// The signed timestamp (seconds).
    pub fn timestamp(&self) -> u64 {
        self.0.timestamp()
    }
    /// The 64-byte Ed25519 signature.
    pub fn signature(&self) -> Vec<u8> {
        self.0.signature().to_vec()
    }
    /// Verifies over `key_bytes` under `signer` (strict); returns the timestamp.
    pub fn verify(&self, signer: Arc<Ed25519PublicKey>, key_bytes: &[u8]) -> FfiResult<u64> {
        Ok(self.0.verify(&signer.0, key_bytes)?)
    }
}

/// The message a key signature covers: `"keyauth" ‖ timestamp (8 bytes, big-endian) ‖ key`.
#[uniffi::export]
pub fn key_signature_message(key_bytes: &[u8], timestamp: u64) -> Vec<u8> {
    mi::signed_message(key_bytes, timestamp)
}

/// The bytes a key signature over this RSA public key covers (`Unsupported` for keys whose bytes
/// the official clients disagree on).
#[uniffi::export]
pub fn rsa_signed_bytes(key: Arc<RsaPublicKey>) -> FfiResult<Vec<u8>> {
    Ok(mi::rsa_signed_bytes(&key.0)?)
}

/// Parses a `pubk` for signing or verifying its key signature, refusing the forms the official
/// clients sign differently (`Unsupported`).
#[uniffi::export]
pub fn rsa_public_key_for_signature(pubk: &[u8]) -> FfiResult<Arc<RsaPublicKey>> {
    Ok(Arc::new(RsaPublicKey(mi::rsa_public_key_for_signature(
        pubk,
    )?)))
}

/// The first 20 bytes of SHA-256 of a public key.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct Fingerprint(pub(crate) mi::Fingerprint);

#[uniffi::export]
impl Fingerprint {
    /// The fingerprint of a public key's bytes.
    #[uniffi::constructor]
    pub fn of(key_bytes: &[u8]) -> Arc<Self> {
        Arc::new(Self(mi::Fingerprint::of(key_bytes)))
    }
    /// Exactly 20 bytes (`Malformed` otherwise).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(am::fingerprint(bytes)?)))
    }
    /// The 20 bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// Lower-case hex.
    pub fn to_hex(&self) -> String {
        self.0.to_hex()
    }
    /// The credentials shown to users for this fingerprint.
    pub fn credentials(&self) -> Arc<Credentials> {
        Arc::new(Credentials(mi::Credentials::from_fingerprint(&self.0)))
    }
}

/// The 40 upper-case hex digits of an Ed25519 fingerprint that two users compare.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct Credentials(pub(crate) mi::Credentials);

#[uniffi::export]
impl Credentials {
    /// The 40 hex digits.
    pub fn text(&self) -> String {
        self.0.as_str().to_string()
    }
    /// Ten groups of four digits separated by spaces (as the official apps show them).
    pub fn grouped(&self) -> String {
        self.0.grouped()
    }
}

/// One authring record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthRecord {
    /// The contact (base64).
    pub user: String,
    /// The fingerprint of the contact's key (20 bytes).
    pub fingerprint: Vec<u8>,
    /// How it was authenticated.
    pub method: AuthMethod,
}

fn record(r: &mi::AuthRecord) -> AuthRecord {
    AuthRecord {
        user: am::user_b64(&r.user),
        fingerprint: r.fingerprint.as_bytes().to_vec(),
        method: r.method,
    }
}

/// The trust records of contacts' keys (immutable: every update returns a new ring).
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct Authring(pub(crate) mi::Authring);

#[uniffi::export]
impl Authring {
    /// An empty ring.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self(mi::Authring::new()))
    }
    /// Whole 29-byte records (`Malformed` otherwise); records with an unknown method byte are
    /// dropped and counted.
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(mi::Authring::from_bytes(bytes)?)))
    }
    /// The legacy TLV form (the decrypted `*!authring` / `*!authCu255` records).
    #[uniffi::constructor]
    pub fn from_tlv_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(mi::Authring::from_tlv_bytes(bytes)?)))
    }
    /// The records, sorted as MEGA's SDK writes them.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes()
    }
    /// The legacy TLV form.
    pub fn to_tlv_bytes(&self) -> FfiResult<Vec<u8>> {
        Ok(self.0.to_tlv_bytes()?.to_vec())
    }
    /// Records left out when parsing (unknown method byte).
    pub fn dropped_records(&self) -> u32 {
        megacrypt_foreign::arg::len_u32(self.0.dropped_records())
    }
    /// Number of records.
    pub fn size(&self) -> u32 {
        megacrypt_foreign::arg::len_u32(self.0.len())
    }
    /// Every record, in the written order.
    pub fn records(&self) -> Vec<AuthRecord> {
        self.0.iter().map(record).collect()
    }
    /// The record of a user.
    pub fn get(&self, user_b64: String) -> FfiResult<Option<AuthRecord>> {
        Ok(am::authring_get(&self.0, &user_b64)?.as_ref().map(record))
    }
    /// Checks a contact's current fingerprint: the recorded method, none if unknown, `KeyChanged`
    /// if the ring holds another fingerprint.
    pub fn check(
        &self,
        user_b64: String,
        fingerprint: Arc<Fingerprint>,
    ) -> FfiResult<Option<AuthMethod>> {
        Ok(am::authring_check(&self.0, &user_b64, &fingerprint.0)?)
    }
    /// Records a contact's Ed25519 key on sight (`KeyChanged` if another key is recorded).
    pub fn observe_ed25519_key(
        &self,
        user_b64: String,
        key: Arc<Ed25519PublicKey>,
    ) -> FfiResult<Arc<Authring>> {
        Ok(Arc::new(Self(am::authring_observe_ed25519_key(
            &self.0, &user_b64, &key.0,
        )?)))
    }
    /// Records that the user compared the contact's credentials.
    pub fn record_fingerprint_compared(
        &self,
        user_b64: String,
        key: Arc<Ed25519PublicKey>,
    ) -> FfiResult<Arc<Authring>> {
        Ok(Arc::new(Self(am::authring_record_fingerprint_compared(
            &self.0, &user_b64, &key.0,
        )?)))
    }
    /// Records a verified key signature (in the X25519 ring), given the Ed25519 ring that must
    /// already hold the signer.
    pub fn record_signature_verified(
        &self,
        user_b64: String,
        key: Arc<VerifiedX25519PublicKey>,
        ed_authring: Arc<Authring>,
    ) -> FfiResult<Arc<Authring>> {
        Ok(Arc::new(Self(am::authring_record_signature_verified(
            &self.0,
            &user_b64,
            &key.0,
            &ed_authring.0,
        )?)))
    }
    /// The ring without a user's record.
    pub fn remove(&self, user_b64: String) -> FfiResult<Arc<Authring>> {
        Ok(Arc::new(Self(am::authring_without(&self.0, &user_b64)?)))
    }
}

/// The key two users share: HKDF-SHA256 of their X25519 shared secret. Secret.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct PairwiseKey(pub(crate) mi::PairwiseKey);

#[uniffi::export]
impl PairwiseKey {
    /// Derives the key with a verified contact (`InvalidKey` for a small-order peer key).
    #[uniffi::constructor]
    pub fn derive(
        mine: Arc<X25519PrivateKey>,
        peer: Arc<VerifiedX25519PublicKey>,
    ) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(mi::PairwiseKey::derive(&mine.0, &peer.0)?)))
    }
    /// Exports the 16 bytes. Secret material.
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.as_bytes().to_vec()
    }
    /// Encrypts a share key for the contact (the 16-byte `pk` blob).
    pub fn seal_share_key(&self, share_key: Arc<ShareKey>) -> Vec<u8> {
        self.0.seal_share_key(&share_key.0).to_vec()
    }
    /// Decrypts a `pk` blob (`Malformed` unless 16 bytes).
    pub fn open_share_key(&self, blob: &[u8]) -> FfiResult<Arc<ShareKey>> {
        Ok(Arc::new(ShareKey(self.0.open_share_key(blob)?)))
    }
}

/// Whether share keys may be exchanged with a contact whose Ed25519 key has `method` in the
/// authring (none: not in the ring) under the account's manual-verification setting.
#[uniffi::export]
pub fn exchange_allowed(method: Option<AuthMethod>, manual_verification: bool) -> bool {
    mi::exchange_allowed(method, manual_verification)
}

/// The gate as a check: `ApiMisuse` when the contact is not verified enough.
#[uniffi::export]
pub fn check_exchange_allowed(
    ed_authring: Arc<Authring>,
    peer_b64: String,
    manual_verification: bool,
) -> FfiResult<()> {
    Ok(am::check_exchange_allowed(
        &ed_authring.0,
        &peer_b64,
        manual_verification,
    )?)
}

/// The login-time check of the account's own identity keys against `+puEd255`, `+puCu255` and
/// `+sigCu255` (and `+sigPubk` over `rsa` when both are given): `KeyChanged`,
/// `SignatureInvalid` or `Malformed` on a mismatch.
#[uniffi::export]
pub fn check_own_keys(
    ed25519: Arc<Ed25519PrivateKey>,
    x25519: Arc<X25519PrivateKey>,
    pu_ed255: &[u8],
    pu_cu255: &[u8],
    sig_cu255: &[u8],
    rsa: Option<Arc<RsaPublicKey>>,
    sig_pubk: Option<Vec<u8>>,
) -> FfiResult<()> {
    let pair = match (&rsa, &sig_pubk) {
        (Some(k), Some(s)) => Some((&k.0, s.as_slice())),
        _ => None,
    };
    Ok(am::check_own_keys(
        &ed25519.0, &x25519.0, pu_ed255, pu_cu255, sig_cu255, pair,
    )?)
}
