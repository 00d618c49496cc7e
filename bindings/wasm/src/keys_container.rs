//! The `^!keys` key-manager container of modern accounts and the account-key operations
//! (bootstrap, login-time checks, migration of a legacy account) — issue 13.

use crate::bindgen::*;
use megacrypt::account_keys as mak;
use megacrypt::keys_container as mkc;
use megacrypt_foreign::accounts_modern as am;
use megacrypt_foreign::arg;

use crate::error::{JsResult, js};
use crate::identity::{
    Authring, Ed25519PrivateKey, Ed25519PublicKey, KeySignature, X25519PrivateKey, X25519PublicKey,
};
use crate::keys::{AesKey, MasterKey, ShareKey};
use crate::rsa::{RsaPrivateKey, RsaPublicKey};
use crate::share::ShareKeyring;

/// A sealed `^!keys` attribute and the generation written in it.
#[wasm_bindgen]
pub struct SealedContainer(mkc::SealedContainer);

#[wasm_bindgen]
impl SealedContainer {
    /// The attribute bytes to store as `^!keys`.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.attribute().to_vec()
    }
    /// The attribute in MEGA base64.
    #[wasm_bindgen(js_name = toB64)]
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// The generation written; remember it once the server stored the attribute.
    #[wasm_bindgen(getter)]
    pub fn generation(&self) -> u32 {
        self.0.generation()
    }
}

/// One share key of the container, with its flags byte.
#[wasm_bindgen]
pub struct ShareKeyEntry(mkc::ShareKeyEntry);

#[wasm_bindgen]
impl ShareKeyEntry {
    /// The share root (base64).
    #[wasm_bindgen(getter)]
    pub fn node(&self) -> String {
        self.0.node().to_b64()
    }
    /// The share key (`InvalidKey` if the stored bytes are all zero).
    #[wasm_bindgen(js_name = shareKey)]
    pub fn share_key(&self) -> JsResult<ShareKey> {
        js(self.0.share_key()).map(ShareKey)
    }
    /// The 16 stored key bytes (secret material).
    #[wasm_bindgen(js_name = exportKeyBytes)]
    pub fn export_key_bytes(&self) -> Vec<u8> {
        self.0.key_bytes().to_vec()
    }
    /// The whole flags byte.
    #[wasm_bindgen(getter)]
    pub fn flags(&self) -> u8 {
        self.0.flags().bits()
    }
    /// Whether the key came through an authenticated channel.
    #[wasm_bindgen(getter, js_name = isTrusted)]
    pub fn is_trusted(&self) -> bool {
        self.0.flags().is_trusted()
    }
    /// Whether the share is in use.
    #[wasm_bindgen(getter, js_name = isInUse)]
    pub fn is_in_use(&self) -> bool {
        self.0.flags().is_in_use()
    }
}

/// A share sent before the recipient's key was verified (or to an e-mail without account).
#[wasm_bindgen]
pub struct PendingOutShare(mkc::PendingOutShare);

#[wasm_bindgen]
impl PendingOutShare {
    /// The share root (base64).
    #[wasm_bindgen(getter)]
    pub fn node(&self) -> String {
        am::pending_out_share_parts(&self.0).0
    }
    /// The recipient's user handle (base64), or undefined for an e-mail recipient.
    #[wasm_bindgen(getter, js_name = userHandle)]
    pub fn user_handle(&self) -> Option<String> {
        am::pending_out_share_parts(&self.0).1
    }
    /// The recipient's e-mail, or undefined for a user.
    #[wasm_bindgen(getter)]
    pub fn email(&self) -> Option<String> {
        am::pending_out_share_parts(&self.0).2
    }
}

/// A share received before the sharer's key was verified.
#[wasm_bindgen]
pub struct PendingInShare(mkc::PendingInShare);

#[wasm_bindgen]
impl PendingInShare {
    /// The share root (base64).
    #[wasm_bindgen(getter)]
    pub fn node(&self) -> String {
        self.0.node().to_b64()
    }
    /// The sharer (base64).
    #[wasm_bindgen(getter)]
    pub fn sharer(&self) -> String {
        self.0.sharer().to_b64()
    }
    /// The 16-byte `pk` blob, if the stored field holds one.
    #[wasm_bindgen(getter, js_name = encryptedShareKey)]
    pub fn encrypted_share_key(&self) -> Option<Vec<u8>> {
        self.0.encrypted_share_key().map(|k| k.to_vec())
    }
    /// The stored field as is (16 bytes, 22 base64 characters in the legacy form, or empty).
    #[wasm_bindgen(getter, js_name = storedKeyField)]
    pub fn stored_key_field(&self) -> Vec<u8> {
        self.0.stored_key_field().to_vec()
    }
    /// Whether the stored field is the legacy base64 form.
    #[wasm_bindgen(getter, js_name = isLegacyBase64)]
    pub fn is_legacy_base64(&self) -> bool {
        self.0.is_legacy_base64()
    }
}

/// An LTLV map (`^!keys` attributes, backups, warnings): byte keys to byte values.
#[wasm_bindgen]
pub struct LtlvMap(mkc::ltlv::LtlvMap);

#[wasm_bindgen]
impl LtlvMap {
    /// An empty map.
    #[wasm_bindgen(constructor)]
    pub fn new() -> LtlvMap {
        Self(mkc::ltlv::LtlvMap::new())
    }
    /// Decodes an LTLV blob (`Malformed` when cut short).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<LtlvMap> {
        js(mkc::ltlv::LtlvMap::from_bytes(bytes)).map(Self)
    }
    /// Encodes the map, keys sorted.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> JsResult<Vec<u8>> {
        js(self.0.to_bytes()).map(|b| b.to_vec())
    }
    /// Adds or replaces an entry.
    pub fn insert(&mut self, key: &[u8], value: &[u8]) -> JsResult<()> {
        js(self.0.insert(key, value))
    }
    /// The value of a key.
    pub fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.get(key).map(<[u8]>::to_vec)
    }
    /// Removes a key; returns whether it was there.
    pub fn remove(&mut self, key: &[u8]) -> bool {
        self.0.remove(key)
    }
    /// Number of entries.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        arg::len_u32(self.0.len())
    }
}

impl LtlvMap {
    /// The keys, sorted (each engine returns them as Uint8Arrays).
    pub(crate) fn key_list(&self) -> Vec<Vec<u8>> {
        self.0.iter().map(|(k, _)| k.to_vec()).collect()
    }
}

// Arrays of byte arrays cross the boundary in an engine-specific type (js_sys here, napi's
// Uint8Array in bindings/napi/src/byte_arrays.rs); everything else is shared.
#[cfg(not(megacrypt_napi))]
#[wasm_bindgen]
impl LtlvMap {
    /// The keys, sorted (Uint8Arrays).
    pub fn keys(&self) -> Vec<js_sys::Uint8Array> {
        self.key_list()
            .iter()
            .map(|k| js_sys::Uint8Array::from(k.as_slice()))
            .collect()
    }
}

impl Default for LtlvMap {
    fn default() -> Self {
        Self::new()
    }
}

/// Encodes entries in the given order (as the webclient writes them), without sorting.
#[cfg(not(megacrypt_napi))]
#[wasm_bindgen(js_name = ltlvEncode)]
pub fn ltlv_encode(
    keys: Vec<js_sys::Uint8Array>,
    values: Vec<js_sys::Uint8Array>,
) -> JsResult<Vec<u8>> {
    let k: Vec<Vec<u8>> = keys.iter().map(js_sys::Uint8Array::to_vec).collect();
    let v: Vec<Vec<u8>> = values.iter().map(js_sys::Uint8Array::to_vec).collect();
    js(am::ltlv_encode(&k, &v))
}

/// The decrypted, checked `^!keys` container.
#[wasm_bindgen]
pub struct KeysContainer(mkc::KeysContainer);

#[wasm_bindgen]
impl KeysContainer {
    /// A new container for a new account (version 1, generation 0, no RSA key until
    /// `setRsaPrivateKey`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        identity_b64: &str,
        creation_time: u32,
        ed25519: &Ed25519PrivateKey,
        x25519: &X25519PrivateKey,
    ) -> JsResult<KeysContainer> {
        js(am::new_keys_container(
            identity_b64,
            creation_time,
            &ed25519.0,
            &x25519.0,
        ))
        .map(Self)
    }
    /// Decrypts and checks a `^!keys` attribute for the account `expectedUser`: `Rollback` for a
    /// generation below `lastSeenGeneration`, `WrongAccount` for another user's container.
    /// `allowEmptyRsa` only for an account without RSA key.
    pub fn open(
        master_key: &MasterKey,
        attribute: &[u8],
        expected_user_b64: &str,
        last_seen_generation: u32,
        allow_empty_rsa: bool,
    ) -> JsResult<KeysContainer> {
        js(am::open_keys_container(
            &master_key.0,
            attribute,
            expected_user_b64,
            last_seen_generation,
            allow_empty_rsa,
            None,
        ))
        .map(Self)
    }
    /// `open`, and the container's RSA key must belong to `rsaPublicKey` (the login's).
    #[wasm_bindgen(js_name = openPinned)]
    pub fn open_pinned(
        master_key: &MasterKey,
        attribute: &[u8],
        expected_user_b64: &str,
        last_seen_generation: u32,
        rsa_public_key: &RsaPublicKey,
    ) -> JsResult<KeysContainer> {
        js(am::open_keys_container(
            &master_key.0,
            attribute,
            expected_user_b64,
            last_seen_generation,
            false,
            Some(&rsa_public_key.0),
        ))
        .map(Self)
    }
    /// Hazardous: parses a decrypted plaintext without the identity and generation checks.
    #[wasm_bindgen(js_name = parsePlaintext)]
    pub fn parse_plaintext(plaintext: &[u8], allow_empty_rsa: bool) -> JsResult<KeysContainer> {
        js(megacrypt::hazmat::keys_container::parse_plaintext(
            plaintext,
            &am::open_options(allow_empty_rsa, None),
        ))
        .map(Self)
    }
    /// Encrypts with a fresh IV, writing generation + 1; call `markStored` once stored.
    pub fn seal(&self, master_key: &MasterKey) -> JsResult<SealedContainer> {
        js(am::seal_keys_container(&self.0, &master_key.0)).map(SealedContainer)
    }
    /// Hazardous (known answers only): seals with a caller-chosen 12-byte IV.
    #[wasm_bindgen(js_name = hazmatSealWithIv)]
    pub fn hazmat_seal_with_iv(
        &self,
        master_key: &MasterKey,
        iv: &[u8],
    ) -> JsResult<SealedContainer> {
        js(am::seal_keys_container_with_iv(&self.0, &master_key.0, iv)).map(SealedContainer)
    }
    /// Hazardous: the plaintext a seal would encrypt, with `generation` in tag 4. Secret.
    #[wasm_bindgen(js_name = exportPlaintext)]
    pub fn export_plaintext(&self, generation: u32) -> JsResult<Vec<u8>> {
        js(megacrypt::hazmat::keys_container::to_plaintext(
            &self.0, generation,
        ))
        .map(|p| p.to_vec())
    }
    /// Records that `sealed` is now the stored attribute.
    #[wasm_bindgen(js_name = markStored)]
    pub fn mark_stored(&mut self, sealed: &SealedContainer) {
        self.0.mark_stored(&sealed.0);
    }
    /// Hazardous: overwrites the generation.
    #[wasm_bindgen(js_name = setGeneration)]
    pub fn set_generation(&mut self, generation: u32) {
        am::set_generation(&mut self.0, generation);
    }

    /// Tag 1: the format version.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> u8 {
        self.0.version()
    }
    /// Tag 2: creation time (seconds).
    #[wasm_bindgen(getter, js_name = creationTime)]
    pub fn creation_time(&self) -> u32 {
        self.0.creation_time()
    }
    /// Tag 3: the account's user handle (base64).
    #[wasm_bindgen(getter)]
    pub fn identity(&self) -> String {
        am::identity_b64(&self.0)
    }
    /// Tag 4: the generation read (or last stored).
    #[wasm_bindgen(getter)]
    pub fn generation(&self) -> u32 {
        self.0.generation()
    }
    /// Tag 5 as stored (an LTLV blob). Secret.
    #[wasm_bindgen(js_name = exportAttributes)]
    pub fn export_attributes(&self) -> Vec<u8> {
        self.0.attributes_raw().to_vec()
    }
    /// Hazardous: replaces tag 5 with a well-formed LTLV blob.
    #[wasm_bindgen(js_name = setAttributes)]
    pub fn set_attributes(&mut self, ltlv: &[u8]) -> JsResult<()> {
        js(megacrypt::hazmat::keys_container::set_attributes_raw(
            &mut self.0,
            ltlv,
        ))
    }

    /// Tag 16: the account's Ed25519 identity key.
    #[wasm_bindgen(js_name = ed25519PrivateKey)]
    pub fn ed25519_private_key(&self) -> Ed25519PrivateKey {
        Ed25519PrivateKey(self.0.ed25519_private_key())
    }
    /// Tag 17: the account's X25519 key.
    #[wasm_bindgen(js_name = x25519PrivateKey)]
    pub fn x25519_private_key(&self) -> X25519PrivateKey {
        X25519PrivateKey(self.0.x25519_private_key())
    }
    /// Replaces tags 16 and 17.
    #[wasm_bindgen(js_name = setIdentityPrivateKeys)]
    pub fn set_identity_private_keys(
        &mut self,
        ed25519: &Ed25519PrivateKey,
        x25519: &X25519PrivateKey,
    ) {
        self.0.set_identity_private_keys(&ed25519.0, &x25519.0);
    }
    /// Tag 18 parsed; undefined for an account without RSA key.
    #[wasm_bindgen(js_name = rsaPrivateKey)]
    pub fn rsa_private_key(&self) -> Option<RsaPrivateKey> {
        self.0.rsa_private_key().map(|k| RsaPrivateKey(k.clone()))
    }
    /// Tag 18 exactly as stored (pqd form). Secret.
    #[wasm_bindgen(js_name = exportRsaPqd)]
    pub fn export_rsa_pqd(&self) -> Vec<u8> {
        self.0.rsa_pqd_bytes().to_vec()
    }
    /// Replaces tag 18 with this RSA key.
    #[wasm_bindgen(js_name = setRsaPrivateKey)]
    pub fn set_rsa_private_key(&mut self, rsa: &RsaPrivateKey) -> JsResult<()> {
        js(self.0.set_rsa_private_key(Some(&rsa.0)))
    }
    /// Empties tag 18 (an account without RSA key).
    #[wasm_bindgen(js_name = clearRsaPrivateKey)]
    pub fn clear_rsa_private_key(&mut self) -> JsResult<()> {
        js(self.0.set_rsa_private_key(None))
    }
    /// Replaces tag 18 with a pqd blob kept byte for byte, validated as `open` validates it.
    #[wasm_bindgen(js_name = setRsaPqd)]
    pub fn set_rsa_pqd(&mut self, pqd: &[u8], allow_empty_rsa: bool) -> JsResult<()> {
        js(self
            .0
            .set_rsa_pqd_bytes(pqd, &am::open_options(allow_empty_rsa, None)))
    }

    /// Tag 32: contacts' Ed25519 keys.
    #[wasm_bindgen(js_name = ed25519Authring)]
    pub fn ed25519_authring(&self) -> JsResult<Authring> {
        js(self.0.ed25519_authring()).map(Authring)
    }
    /// Tag 33: contacts' X25519 keys.
    #[wasm_bindgen(js_name = cu25519Authring)]
    pub fn cu25519_authring(&self) -> JsResult<Authring> {
        js(self.0.cu25519_authring()).map(Authring)
    }
    /// Replaces tag 32.
    #[wasm_bindgen(js_name = setEd25519Authring)]
    pub fn set_ed25519_authring(&mut self, ring: &Authring) -> JsResult<()> {
        js(self.0.set_ed25519_authring(&ring.0))
    }
    /// Replaces tag 33.
    #[wasm_bindgen(js_name = setCu25519Authring)]
    pub fn set_cu25519_authring(&mut self, ring: &Authring) -> JsResult<()> {
        js(self.0.set_cu25519_authring(&ring.0))
    }
    /// Tag 32 exactly as stored.
    #[wasm_bindgen(js_name = ed25519AuthringBytes)]
    pub fn ed25519_authring_bytes(&self) -> Vec<u8> {
        self.0.authring_ed25519_raw().to_vec()
    }
    /// Tag 33 exactly as stored.
    #[wasm_bindgen(js_name = cu25519AuthringBytes)]
    pub fn cu25519_authring_bytes(&self) -> Vec<u8> {
        self.0.authring_cu25519_raw().to_vec()
    }
    /// Replaces tag 32 with whole 29-byte records, kept byte for byte.
    #[wasm_bindgen(js_name = setEd25519AuthringBytes)]
    pub fn set_ed25519_authring_bytes(&mut self, raw: &[u8]) -> JsResult<()> {
        js(self.0.set_authring_ed25519_raw(raw))
    }
    /// Replaces tag 33 with whole 29-byte records, kept byte for byte.
    #[wasm_bindgen(js_name = setCu25519AuthringBytes)]
    pub fn set_cu25519_authring_bytes(&mut self, raw: &[u8]) -> JsResult<()> {
        js(self.0.set_authring_cu25519_raw(raw))
    }

    /// The share key of a share root, if recorded.
    #[wasm_bindgen(js_name = shareKey)]
    pub fn share_key(&self, node_b64: &str) -> JsResult<Option<ShareKeyEntry>> {
        js(am::share_key_entry(&self.0, node_b64)).map(|e| e.map(|e| ShareKeyEntry(e.clone())))
    }
    /// Every share key, in the written order.
    #[wasm_bindgen(js_name = shareKeys)]
    pub fn share_keys(&self) -> Vec<ShareKeyEntry> {
        self.0
            .share_keys()
            .map(|e| ShareKeyEntry(e.clone()))
            .collect()
    }
    /// Number of share keys.
    #[wasm_bindgen(getter, js_name = shareKeyCount)]
    pub fn share_key_count(&self) -> u32 {
        arg::len_u32(self.0.share_key_count())
    }
    /// Adds or updates a share key (`KeyChanged` if a trusted key would be replaced).
    #[wasm_bindgen(js_name = insertShareKey)]
    pub fn insert_share_key(
        &mut self,
        node_b64: &str,
        key: &ShareKey,
        trusted: bool,
    ) -> JsResult<()> {
        js(am::insert_share_key(&mut self.0, node_b64, &key.0, trusted))
    }
    /// Sets the whole flags byte of a recorded share key.
    #[wasm_bindgen(js_name = setShareKeyFlags)]
    pub fn set_share_key_flags(&mut self, node_b64: &str, flags: u32) -> JsResult<()> {
        js(am::set_share_key_flags(&mut self.0, node_b64, flags))
    }
    /// Sets the trusted bit of a recorded share key.
    #[wasm_bindgen(js_name = markShareKeyTrusted)]
    pub fn mark_share_key_trusted(&mut self, node_b64: &str) -> JsResult<()> {
        let node = js(arg::node_handle(node_b64))?;
        js(self.0.mark_share_key_trusted(&node))
    }
    /// Sets or clears the in-use bit of a recorded share key.
    #[wasm_bindgen(js_name = setShareKeyInUse)]
    pub fn set_share_key_in_use(&mut self, node_b64: &str, in_use: bool) -> JsResult<()> {
        let node = js(arg::node_handle(node_b64))?;
        js(self.0.set_share_key_in_use(&node, in_use))
    }
    /// Removes a share key; returns whether there was one.
    #[wasm_bindgen(js_name = removeShareKey)]
    pub fn remove_share_key(&mut self, node_b64: &str) -> JsResult<bool> {
        let node = js(arg::node_handle(node_b64))?;
        Ok(self.0.remove_share_key(&node))
    }

    /// Every pending out-share, in the written order.
    #[wasm_bindgen(js_name = pendingOutShares)]
    pub fn pending_out_shares(&self) -> Vec<PendingOutShare> {
        self.0
            .pending_out_shares()
            .map(|p| PendingOutShare(p.clone()))
            .collect()
    }
    /// Records a pending out-share to a user or an e-mail (exactly one of the two).
    #[wasm_bindgen(js_name = addPendingOutShare)]
    pub fn add_pending_out_share(
        &mut self,
        node_b64: &str,
        user_handle_b64: Option<String>,
        email: Option<String>,
    ) -> JsResult<()> {
        let p = js(am::pending_out_share(
            node_b64,
            user_handle_b64.as_deref(),
            email.as_deref(),
        ))?;
        js(self.0.add_pending_out_share(p))
    }
    /// Removes a pending out-share; returns whether it was recorded.
    #[wasm_bindgen(js_name = removePendingOutShare)]
    pub fn remove_pending_out_share(
        &mut self,
        node_b64: &str,
        user_handle_b64: Option<String>,
        email: Option<String>,
    ) -> JsResult<bool> {
        let p = js(am::pending_out_share(
            node_b64,
            user_handle_b64.as_deref(),
            email.as_deref(),
        ))?;
        Ok(self.0.remove_pending_out_share(&p))
    }

    /// Every pending in-share, in the written order.
    #[wasm_bindgen(js_name = pendingInShares)]
    pub fn pending_in_shares(&self) -> Vec<PendingInShare> {
        self.0
            .pending_in_shares()
            .map(|p| PendingInShare(p.clone()))
            .collect()
    }
    /// The pending in-share of a share root.
    #[wasm_bindgen(js_name = pendingInShare)]
    pub fn pending_in_share(&self, node_b64: &str) -> JsResult<Option<PendingInShare>> {
        let node = js(arg::node_handle(node_b64))?;
        Ok(self
            .0
            .pending_in_share(&node)
            .map(|p| PendingInShare(p.clone())))
    }
    /// Records (or replaces) a pending in-share: `sharer` sent the 16-byte `pk` blob.
    #[wasm_bindgen(js_name = addPendingInShare)]
    pub fn add_pending_in_share(
        &mut self,
        node_b64: &str,
        sharer_b64: &str,
        encrypted_key: &[u8],
    ) -> JsResult<()> {
        js(am::add_pending_in_share(
            &mut self.0,
            node_b64,
            sharer_b64,
            encrypted_key,
        ))
    }
    /// Removes a pending in-share; returns whether there was one.
    #[wasm_bindgen(js_name = removePendingInShare)]
    pub fn remove_pending_in_share(&mut self, node_b64: &str) -> JsResult<bool> {
        let node = js(arg::node_handle(node_b64))?;
        Ok(self.0.remove_pending_in_share(&node))
    }

    /// Tag 80 as stored (an LTLV blob). Secret.
    #[wasm_bindgen(js_name = exportBackups)]
    pub fn export_backups(&self) -> Vec<u8> {
        self.0.backups_raw().to_vec()
    }
    /// Hazardous: replaces tag 80 with a well-formed LTLV blob.
    #[wasm_bindgen(js_name = setBackups)]
    pub fn set_backups(&mut self, ltlv: &[u8]) -> JsResult<()> {
        js(megacrypt::hazmat::keys_container::set_backups_raw(
            &mut self.0,
            ltlv,
        ))
    }
    /// Tag 96 decoded (a copy).
    pub fn warnings(&self) -> LtlvMap {
        LtlvMap(self.0.warnings().clone())
    }
    /// The `cv` warning: show contact-verification warnings.
    #[wasm_bindgen(js_name = contactVerificationWarning)]
    pub fn contact_verification_warning(&self) -> bool {
        self.0.contact_verification_warning()
    }
    /// Sets the `cv` warning.
    #[wasm_bindgen(js_name = setContactVerificationWarning)]
    pub fn set_contact_verification_warning(&mut self, on: bool) -> JsResult<()> {
        js(self.0.set_contact_verification_warning(on))
    }
    /// The records of unknown tags exactly as read. Secret.
    #[wasm_bindgen(js_name = exportUnknownRecords)]
    pub fn export_unknown_records(&self) -> Vec<u8> {
        self.0.unknown_records().to_vec()
    }
    /// Hazardous: replaces the unknown records (whole records of unknown tags).
    #[wasm_bindgen(js_name = setUnknownRecords)]
    pub fn set_unknown_records(&mut self, raw: &[u8]) -> JsResult<()> {
        js(megacrypt::hazmat::keys_container::set_unknown_records(
            &mut self.0,
            raw,
        ))
    }
}

/// The `^!keys` encryption key derived from the master key (HKDF-SHA256, info 0x01).
#[wasm_bindgen(js_name = deriveKeysContainerKey)]
pub fn derive_keys_container_key(master_key: &MasterKey) -> JsResult<AesKey> {
    js(mkc::derive_key(&master_key.0)).map(AesKey)
}

/// Hazardous: the `^!keys` key from 16 raw bytes, the all-zero key included.
#[wasm_bindgen(js_name = deriveKeysContainerKeyFromBytes)]
pub fn derive_keys_container_key_from_bytes(master_key: &[u8]) -> JsResult<AesKey> {
    js(am::derive_keys_container_key_from_bytes(master_key)).map(AesKey)
}

// The class is declared in share.rs; the native engine (bindings/napi) adds its methods to the
// N-API class declared next to it, which it needs in scope here.
#[cfg(megacrypt_napi)]
use crate::share::NapiShareKeyring;

#[wasm_bindgen]
impl ShareKeyring {
    /// Every share key of a `^!keys` container (all-zero entries left out).
    #[wasm_bindgen(js_name = fromKeysContainer)]
    pub fn from_keys_container(container: &KeysContainer) -> ShareKeyring {
        ShareKeyring(am::share_keyring_from_keys_container(&container.0))
    }
}

/// The owner's share key from an `ok` element of a current account: undefined when `ok` is the
/// all-zero placeholder (the key is in `^!keys`), else the legacy key after `ha` verified.
#[wasm_bindgen(js_name = readOwnerShareKey)]
pub fn read_owner_share_key(
    master_key: &MasterKey,
    share_handle_b64: &str,
    ok_b64: &str,
    ha_b64: &str,
) -> JsResult<Option<ShareKey>> {
    js(am::read_owner_share_key(
        &master_key.0,
        share_handle_b64,
        ok_b64,
        ha_b64,
    ))
    .map(|k| k.map(ShareKey))
}

/// One user attribute to store: its name and raw value.
#[wasm_bindgen]
pub struct AccountAttribute(String, Vec<u8>);

#[wasm_bindgen]
impl AccountAttribute {
    /// `^!keys`, `*keyring`, `+puEd255`, ...
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.0.clone()
    }
    /// The raw value.
    #[wasm_bindgen(getter)]
    pub fn value(&self) -> Vec<u8> {
        self.1.clone()
    }
}

/// The key material of a new account.
#[wasm_bindgen]
pub struct NewAccountKeys(mak::NewAccountKeys);

#[wasm_bindgen]
impl NewAccountKeys {
    /// The attributes to store together.
    pub fn attributes(&self) -> Vec<AccountAttribute> {
        am::new_account_attributes(&self.0)
            .into_iter()
            .map(|(n, v)| AccountAttribute(n, v))
            .collect()
    }
    /// The container (a copy).
    pub fn container(&self) -> KeysContainer {
        KeysContainer(self.0.container.clone())
    }
    /// The sealed `^!keys` (generation 1).
    #[wasm_bindgen(js_name = sealedKeys)]
    pub fn sealed_keys(&self) -> SealedContainer {
        SealedContainer(self.0.sealed_keys.clone())
    }
    /// `+puEd255`.
    #[wasm_bindgen(js_name = ed25519PublicKey)]
    pub fn ed25519_public_key(&self) -> Ed25519PublicKey {
        Ed25519PublicKey(self.0.ed25519_public)
    }
    /// `+puCu255`.
    #[wasm_bindgen(js_name = x25519PublicKey)]
    pub fn x25519_public_key(&self) -> X25519PublicKey {
        X25519PublicKey(self.0.x25519_public)
    }
    /// `+sigCu255`.
    #[wasm_bindgen(js_name = sigCu255)]
    pub fn sig_cu255(&self) -> KeySignature {
        KeySignature(self.0.sig_cu255)
    }
    /// `+sigPubk`; undefined for an account without RSA key.
    #[wasm_bindgen(js_name = sigPubk)]
    pub fn sig_pubk(&self) -> Option<KeySignature> {
        self.0.sig_pubk.map(KeySignature)
    }
    /// Records that the server stored the attributes.
    #[wasm_bindgen(js_name = markStored)]
    pub fn mark_stored(&mut self) {
        self.0.mark_stored();
    }
}

/// Creates the key material of an account that has none, signed at `now` (seconds), with the
/// login RSA key.
#[wasm_bindgen(js_name = bootstrapAccountKeys)]
pub fn bootstrap_account_keys(
    master_key: &MasterKey,
    user_handle_b64: &str,
    rsa: &RsaPrivateKey,
    now: u32,
) -> JsResult<NewAccountKeys> {
    js(am::bootstrap_account_keys(
        &master_key.0,
        user_handle_b64,
        Some(&rsa.0),
        now,
    ))
    .map(NewAccountKeys)
}

/// `bootstrapAccountKeys` for an account without RSA key.
#[wasm_bindgen(js_name = bootstrapAccountKeysWithoutRsa)]
pub fn bootstrap_account_keys_without_rsa(
    master_key: &MasterKey,
    user_handle_b64: &str,
    now: u32,
) -> JsResult<NewAccountKeys> {
    js(am::bootstrap_account_keys(
        &master_key.0,
        user_handle_b64,
        None,
        now,
    ))
    .map(NewAccountKeys)
}

/// The login-time checks of the account's own keys against an opened container, the login RSA
/// key and the published attributes. Returns `'consistent'` or `'sig-pubk-missing'`.
#[wasm_bindgen(js_name = checkOwnKeysInContainer)]
pub fn check_own_keys_in_container(
    container: &KeysContainer,
    login_rsa: &RsaPrivateKey,
    pu_ed255: &[u8],
    pu_cu255: &[u8],
    sig_cu255: &[u8],
    sig_pubk: Option<Vec<u8>>,
) -> JsResult<String> {
    js(am::check_own_keys_in_container(
        &container.0,
        Some(&login_rsa.0),
        pu_ed255,
        pu_cu255,
        sig_cu255,
        sig_pubk.as_deref(),
    ))
    .map(|s| s.as_str().to_string())
}

/// `checkOwnKeysInContainer` for an account without RSA key.
#[wasm_bindgen(js_name = checkOwnKeysInContainerWithoutRsa)]
pub fn check_own_keys_in_container_without_rsa(
    container: &KeysContainer,
    pu_ed255: &[u8],
    pu_cu255: &[u8],
    sig_cu255: &[u8],
) -> JsResult<String> {
    js(am::check_own_keys_in_container(
        &container.0,
        None,
        pu_ed255,
        pu_cu255,
        sig_cu255,
        None,
    ))
    .map(|s| s.as_str().to_string())
}

/// The result of `migrateLegacyAccount`.
#[wasm_bindgen]
pub struct MigratedAccountKeys(mak::MigratedAccountKeys);

#[wasm_bindgen]
impl MigratedAccountKeys {
    /// The new container (generation 0; a copy).
    #[wasm_bindgen(getter)]
    pub fn container(&self) -> KeysContainer {
        KeysContainer(self.0.container.clone())
    }
    /// Authring records dropped for an unknown method byte.
    #[wasm_bindgen(getter, js_name = droppedAuthringRecords)]
    pub fn dropped_authring_records(&self) -> u32 {
        arg::len_u32(self.0.dropped_authring_records)
    }
}

/// Builds the `^!keys` container of a legacy account from `*keyring`, the legacy authrings and
/// the share keys the app knows (recorded untrusted), with the login RSA key.
#[wasm_bindgen(js_name = migrateLegacyAccount)]
#[allow(clippy::too_many_arguments)]
pub fn migrate_legacy_account(
    master_key: &MasterKey,
    user_handle_b64: &str,
    rsa: &RsaPrivateKey,
    creation_time: u32,
    keyring: &[u8],
    authring_ed25519: Option<Vec<u8>>,
    authring_cu25519: Option<Vec<u8>>,
    share_keys: &ShareKeyring,
) -> JsResult<MigratedAccountKeys> {
    js(am::migrate_legacy_account(
        &master_key.0,
        user_handle_b64,
        Some(&rsa.0),
        creation_time,
        keyring,
        authring_ed25519.as_deref(),
        authring_cu25519.as_deref(),
        &share_keys.0,
    ))
    .map(MigratedAccountKeys)
}
