//! Accounts and sharing: RSA keys and session ids, node/share key wrapping, share handle
//! authentication, encrypted user-attribute containers (TLV), and the API hashcash — core
//! `megacrypt::{rsa, share, userattr, hashcash}`.

use crate::bindgen::*;
use megacrypt::rsa::{self as core_rsa, MpiHeaderStyle};
use megacrypt::userattr::{self, ContainerMode};
use megacrypt::{NodeKey, hashcash, share};
use megacrypt_foreign::{arg, ops};

use crate::error::{JsResult, js};
use crate::keys::{AesKey, MasterKey, ShareKey};

/// The MPI header style named `'byte-count'` (default: the SDK's) or `'exact-bits'`.
fn style(name: Option<String>) -> JsResult<MpiHeaderStyle> {
    js(arg::name_or(name.as_deref(), MpiHeaderStyle::ByteCount))
}

/// The container mode named `name` (`'aes-gcm-12x16'`, ...).
fn mode(name: &str) -> JsResult<ContainerMode> {
    js(arg::name(name))
}

/// A user's RSA public key (`pubk`).
#[wasm_bindgen]
pub struct RsaPublicKey(pub(crate) core_rsa::MegaRsaPublicKey);

#[wasm_bindgen]
impl RsaPublicKey {
    /// Parses a `pubk` blob (`MPI(n) || MPI(e)`), validating it.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(pubk: &[u8]) -> JsResult<RsaPublicKey> {
        js(core_rsa::MegaRsaPublicKey::from_bytes(pubk)).map(RsaPublicKey)
    }
    /// Parses a base64 `pubk`.
    #[wasm_bindgen(js_name = fromB64)]
    pub fn from_b64(pubk_b64: &str) -> JsResult<RsaPublicKey> {
        js(core_rsa::MegaRsaPublicKey::from_b64(pubk_b64)).map(RsaPublicKey)
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
pub struct RsaPrivateKey(pub(crate) core_rsa::MegaRsaPrivateKey);

#[wasm_bindgen]
impl RsaPrivateKey {
    /// Decrypts and validates the base64 `privk` with the master key (the public exponent is
    /// found among the small candidates). Failures are the opaque `Decrypt`.
    #[wasm_bindgen(js_name = fromEncryptedPrivk)]
    pub fn from_encrypted_privk(
        privk_b64: &str,
        master_key: &MasterKey,
    ) -> JsResult<RsaPrivateKey> {
        js(core_rsa::MegaRsaPrivateKey::from_encrypted_privk(
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
        js(core_rsa::MegaRsaPrivateKey::from_encrypted_privk(
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
pub struct SessionId(core_rsa::MegaSessionId);

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

/// Wraps a node key (16-byte folder key or 32-byte file node key) under a master or share key
/// (AES-ECB), base64.
#[wasm_bindgen(js_name = wrapNodeKeyB64)]
pub fn wrap_node_key_b64(wrapping_key: &AesKey, node_key: &[u8]) -> JsResult<String> {
    Ok(share::wrap_node_key_b64(
        &wrapping_key.0,
        &js(NodeKey::from_slice(node_key))?,
    ))
}

/// Unwraps a base64 node key (22 or 43 characters); returns its bytes (16 = folder, 32 = file).
/// Bad lengths and degenerate keys are the opaque `Decrypt`.
#[wasm_bindgen(js_name = unwrapNodeKeyB64)]
pub fn unwrap_node_key_b64(wrapping_key: &AesKey, wrapped_b64: &str) -> JsResult<Vec<u8>> {
    Ok(
        js(share::unwrap_node_key_b64(&wrapping_key.0, wrapped_b64))?
            .to_bytes()
            .to_vec(),
    )
}

/// Wraps a share key under the master key (`ok`/`sk`), 16 bytes.
#[wasm_bindgen(js_name = wrapShareKey)]
pub fn wrap_share_key(master_key: &MasterKey, share_key: &ShareKey) -> Vec<u8> {
    share::wrap_share_key(&master_key.0, &share_key.0).to_vec()
}

/// Unwraps a base64 share key wrapped under the master key (only for keys of known provenance).
#[wasm_bindgen(js_name = unwrapShareKeyB64)]
pub fn unwrap_share_key_b64(master_key: &MasterKey, wrapped_b64: &str) -> JsResult<ShareKey> {
    js(share::unwrap_share_key_b64(&master_key.0, wrapped_b64)).map(ShareKey)
}

/// The share handle authentication `ha` (16 bytes) for a share handle (base64).
#[wasm_bindgen(js_name = handleAuth)]
pub fn handle_auth(master_key: &MasterKey, share_handle_b64: &str) -> JsResult<Vec<u8>> {
    Ok(js(ops::handle_auth(&master_key.0, share_handle_b64))?.to_vec())
}

/// The legacy share handle authentication `ha` (base64) for a share handle (base64).
#[wasm_bindgen(js_name = handleAuthB64)]
pub fn handle_auth_b64(master_key: &MasterKey, share_handle_b64: &str) -> JsResult<String> {
    js(ops::handle_auth_b64(&master_key.0, share_handle_b64))
}

/// Checks an `ha` value in constant time (opaque `Decrypt` if it does not verify).
#[wasm_bindgen(js_name = verifyHandleAuth)]
pub fn verify_handle_auth(
    master_key: &MasterKey,
    share_handle_b64: &str,
    ha_b64: &str,
) -> JsResult<()> {
    js(ops::verify_handle_auth(
        &master_key.0,
        share_handle_b64,
        ha_b64,
    ))
}

/// The records of an encrypted user attribute (`*!keyring`, `*!authring`, …): string keys,
/// byte values.
#[wasm_bindgen]
pub struct TlvRecords(userattr::MegaTlvRecords);

#[wasm_bindgen]
impl TlvRecords {
    /// An empty record set.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TlvRecords {
        TlvRecords(userattr::MegaTlvRecords::new())
    }
    /// Parses TLV bytes (`Malformed` if invalid).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<TlvRecords> {
        js(userattr::MegaTlvRecords::from_bytes(bytes)).map(TlvRecords)
    }
    /// The TLV bytes (secret: may hold keys).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> JsResult<Vec<u8>> {
        Ok(js(self.0.to_bytes())?.to_vec())
    }
    /// Sets a record (replacing one with the same name).
    pub fn insert(&mut self, key: &str, value: &[u8]) -> JsResult<()> {
        js(self.0.insert(key, value))
    }
    /// A record's value.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.0.get(key).map(<[u8]>::to_vec)
    }
    /// Removes a record; returns whether it existed.
    pub fn remove(&mut self, key: &str) -> bool {
        self.0.remove(key)
    }
    /// The record keys, in order.
    pub fn keys(&self) -> Vec<String> {
        self.0.iter().map(|(k, _)| k.to_string()).collect()
    }
    /// Number of records.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        arg::len_u32(self.0.len())
    }
}

impl Default for TlvRecords {
    fn default() -> Self {
        Self::new()
    }
}

/// Encrypts records into a container with a fresh random IV. `mode` names one of the seven modes
/// (default `'aes-gcm-12x16'`, what MEGA writes today); the 8-byte-tag modes are refused unless
/// `allowShortTagWrites`.
#[wasm_bindgen(js_name = sealContainer)]
pub fn seal_container(
    key: &AesKey,
    records: &TlvRecords,
    mode: Option<String>,
    allow_short_tag_writes: Option<bool>,
) -> JsResult<Vec<u8>> {
    let mode = js(arg::name_or(mode.as_deref(), ContainerMode::default()))?;
    js(ops::seal_container(
        &key.0,
        &records.0,
        mode,
        allow_short_tag_writes.unwrap_or(false),
    ))
}

/// Opens a container in any of the seven modes; returns its records. Bad tag: opaque `Decrypt`.
#[wasm_bindgen(js_name = openContainer)]
pub fn open_container(key: &AesKey, blob: &[u8]) -> JsResult<TlvRecords> {
    Ok(TlvRecords(js(userattr::open_container(&key.0, blob))?.1))
}

/// The name of a sealed container's mode (its first byte; `Malformed` if empty, `Unsupported` if
/// unknown). Does not authenticate anything.
#[wasm_bindgen(js_name = containerModeOf)]
pub fn container_mode_of(blob: &[u8]) -> JsResult<String> {
    Ok(js(ContainerMode::of_container(blob))?.as_str().into())
}

/// The name of the mode with this mode byte (`Unsupported` for unknown bytes).
#[wasm_bindgen(js_name = containerModeFromByte)]
pub fn container_mode_from_byte(byte: u32) -> JsResult<String> {
    Ok(js(arg::container_mode_byte(byte))?.as_str().into())
}

/// The mode byte of the mode named `mode`.
#[wasm_bindgen(js_name = containerModeByte)]
pub fn container_mode_byte(mode: &str) -> JsResult<u8> {
    Ok(self::mode(mode)?.byte())
}

/// A parsed API hashcash challenge (`X-Hashcash` header).
#[wasm_bindgen]
pub struct HashcashChallenge(hashcash::HashcashChallenge);

#[wasm_bindgen]
impl HashcashChallenge {
    /// Parses `1:<easiness>:<timestamp>:<token>`.
    pub fn parse(header: &str) -> JsResult<HashcashChallenge> {
        js(hashcash::HashcashChallenge::parse(header)).map(HashcashChallenge)
    }
    /// The easiness byte.
    #[wasm_bindgen(getter)]
    pub fn easiness(&self) -> u8 {
        self.0.easiness
    }
    /// The timestamp field, verbatim.
    #[wasm_bindgen(getter)]
    pub fn timestamp(&self) -> String {
        self.0.timestamp.clone()
    }
    /// The 48-byte token.
    #[wasm_bindgen(getter)]
    pub fn token(&self) -> Vec<u8> {
        self.0.token.to_vec()
    }
    /// The threshold the hash prefix must not exceed.
    #[wasm_bindgen(getter)]
    pub fn threshold(&self) -> u32 {
        self.0.threshold()
    }
    /// Solves the puzzle: the 4-byte nonce (blocks; each try hashes 12 MiB).
    pub fn solve(&self) -> JsResult<Vec<u8>> {
        Ok(js(self.0.solve())?.to_vec())
    }
    /// The `X-Hashcash` response header value for a nonce.
    pub fn response(&self, nonce: &[u8]) -> JsResult<String> {
        js(ops::hashcash_challenge_response(&self.0, nonce))
    }
    /// Whether the 4-byte `nonce` solves this challenge.
    pub fn verify(&self, nonce: &[u8]) -> JsResult<bool> {
        js(ops::hashcash_challenge_verify(&self.0, nonce))
    }
}

/// The big-endian 32-bit hash prefix for a 48-byte token and a 4-byte nonce.
#[wasm_bindgen(js_name = hashcashPrefix)]
pub fn hashcash_prefix(token: &[u8], nonce: &[u8]) -> JsResult<u32> {
    js(ops::hashcash_prefix(token, nonce))
}

/// Whether a nonce solves a token at an easiness (0..=255).
#[wasm_bindgen(js_name = hashcashVerify)]
pub fn hashcash_verify(token: &[u8], easiness: u32, nonce: &[u8]) -> JsResult<bool> {
    js(ops::hashcash_verify(token, easiness, nonce))
}

/// The threshold for an easiness byte (0..=255).
#[wasm_bindgen(js_name = hashcashThreshold)]
pub fn hashcash_threshold(easiness: u32) -> JsResult<u32> {
    js(ops::hashcash_threshold(easiness))
}

/// `'ccm'` or `'gcm'`: the cipher a container mode really uses (the two "broken" GCM modes are
/// CCM).
#[wasm_bindgen(js_name = containerCipher)]
pub fn container_cipher(mode: &str) -> JsResult<String> {
    Ok(self::mode(mode)?.cipher().as_str().into())
}

/// IV length in bytes of a container mode.
#[wasm_bindgen(js_name = containerIvLength)]
pub fn container_iv_length(mode: &str) -> JsResult<u32> {
    Ok(arg::len_u32(self::mode(mode)?.iv_len()))
}

/// Tag length in bytes of a container mode.
#[wasm_bindgen(js_name = containerTagLength)]
pub fn container_tag_length(mode: &str) -> JsResult<u32> {
    Ok(arg::len_u32(self::mode(mode)?.tag_len()))
}

/// AES-CCM/GCM with a container mode's sizes: returns `ciphertext || tag`.
#[wasm_bindgen(js_name = aeadSeal)]
pub fn aead_seal(
    mode: &str,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> JsResult<Vec<u8>> {
    js(userattr::aead_seal(
        self::mode(mode)?,
        &key.0,
        iv,
        aad,
        plaintext,
    ))
}

/// Verifies and decrypts `ciphertext || tag`; any failure is the opaque `Decrypt`.
#[wasm_bindgen(js_name = aeadOpen)]
pub fn aead_open(
    mode: &str,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> JsResult<Vec<u8>> {
    Ok(js(userattr::aead_open(
        self::mode(mode)?,
        &key.0,
        iv,
        aad,
        ciphertext_and_tag,
    ))?
    .to_vec())
}

/// `sealContainer` with a caller-chosen IV (known answers only: an IV must never repeat under a
/// key). `allowShortTagWrites` permits the 8-byte-tag modes (as official clients do).
#[wasm_bindgen(js_name = sealContainerWithIv)]
pub fn seal_container_with_iv(
    key: &AesKey,
    records: &TlvRecords,
    mode: &str,
    iv: &[u8],
    allow_short_tag_writes: bool,
) -> JsResult<Vec<u8>> {
    js(ops::seal_container_with_iv(
        &key.0,
        &records.0,
        self::mode(mode)?,
        iv,
        allow_short_tag_writes,
    ))
}

/// The owner's share key from an `ok` element `{h, ha, k}`: `ha` is verified first, then `k` is
/// unwrapped under the master key (opaque `Decrypt` on failure).
#[wasm_bindgen(js_name = unwrapOwnerShareKey)]
pub fn unwrap_owner_share_key(
    master_key: &MasterKey,
    share_handle_b64: &str,
    ok_b64: &str,
    ha_b64: &str,
) -> JsResult<ShareKey> {
    js(ops::unwrap_owner_share_key(
        &master_key.0,
        share_handle_b64,
        ok_b64,
        ha_b64,
    ))
    .map(ShareKey)
}

/// Detects ECB ciphertext blocks reused across wrapped keys (node-key forgeries built from known
/// ECB pairs). Feed it the `privk` ciphertext and every wrapped key before using them.
#[wasm_bindgen]
pub struct KeyBlockRegistry(share::MegaKeyBlockRegistry);

#[wasm_bindgen]
impl KeyBlockRegistry {
    /// An empty registry.
    #[wasm_bindgen(constructor)]
    pub fn new() -> KeyBlockRegistry {
        KeyBlockRegistry(share::MegaKeyBlockRegistry::new())
    }
    /// Records the blocks of the encrypted private key.
    #[wasm_bindgen(js_name = recordPrivateKeyCiphertext)]
    pub fn record_private_key_ciphertext(&mut self, privk: &[u8]) {
        self.0.record_private_key_ciphertext(privk);
    }
    /// Checks a wrapped node key (16 or 32 bytes) and records it (opaque `Decrypt` if it reuses
    /// a block).
    #[wasm_bindgen(js_name = checkAndRecord)]
    pub fn check_and_record(&mut self, wrapped: &[u8]) -> JsResult<()> {
        js(self.0.check_and_record(wrapped))
    }
}

impl Default for KeyBlockRegistry {
    fn default() -> Self {
        Self::new()
    }
}

/// One item of a node's `k` field.
#[wasm_bindgen]
pub struct KeyItem(share::MegaKeyItem);

#[wasm_bindgen]
impl KeyItem {
    /// `'bare'`, `'user'` or `'share'`.
    #[wasm_bindgen(getter, js_name = ownerKind)]
    pub fn owner_kind(&self) -> String {
        self.0.owner.as_str().into()
    }
    /// The owner's handle (base64), for `'user'` and `'share'` items.
    #[wasm_bindgen(getter, js_name = ownerHandle)]
    pub fn owner_handle(&self) -> Option<String> {
        self.0.owner.handle_b64()
    }
    /// The wrapped key, base64 as received.
    #[wasm_bindgen(getter, js_name = wrappedB64)]
    pub fn wrapped_b64(&self) -> String {
        self.0.wrapped_b64.clone()
    }
    /// Whether the item is RSA-encrypted (anyone knowing the public key can make those).
    #[wasm_bindgen(getter, js_name = isRsa)]
    pub fn is_rsa(&self) -> bool {
        self.0.is_rsa()
    }
}

/// Parses a node's `k` field (`id:key/id:key/...` or a bare key).
#[wasm_bindgen(js_name = parseKeyField)]
pub fn parse_key_field(k: &str) -> JsResult<Vec<KeyItem>> {
    Ok(js(share::parse_key_field(k))?
        .into_iter()
        .map(KeyItem)
        .collect())
}

/// Known share keys by share root handle, for `unwrapKeyField*`.
#[wasm_bindgen]
pub struct ShareKeyring(pub(crate) share::ShareKeyring);

#[wasm_bindgen]
impl ShareKeyring {
    /// An empty keyring.
    #[wasm_bindgen(constructor)]
    pub fn new() -> ShareKeyring {
        ShareKeyring(share::ShareKeyring::new())
    }
    /// Adds (or replaces) the key of the share rooted at `shareHandle` (base64).
    pub fn insert(&mut self, share_handle_b64: &str, key: &ShareKey) -> JsResult<()> {
        js(ops::keyring_insert(&mut self.0, share_handle_b64, &key.0))
    }
    /// Number of shares with a known key.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        arg::len_u32(self.0.len())
    }
}

impl Default for ShareKeyring {
    fn default() -> Self {
        Self::new()
    }
}

/// A node key unwrapped from a `k` field, with the key that opened it.
#[wasm_bindgen]
pub struct UnwrappedNodeKey(share::NodeKeySource, NodeKey);

#[wasm_bindgen]
impl UnwrappedNodeKey {
    /// The share root whose key opened it, or undefined for the context's own key.
    #[wasm_bindgen(getter, js_name = shareHandle)]
    pub fn share_handle(&self) -> Option<String> {
        ops::node_key_source_handle(&self.0)
    }
    /// The node key bytes (16 = folder, 32 = file node key). Secret.
    #[wasm_bindgen(js_name = exportKeyBytes)]
    pub fn export_key_bytes(&self) -> Vec<u8> {
        self.1.to_bytes().to_vec()
    }
}

fn unwrapped(v: Vec<(share::NodeKeySource, NodeKey)>) -> Vec<UnwrappedNodeKey> {
    v.into_iter().map(|(s, k)| UnwrappedNodeKey(s, k)).collect()
}

/// Unwraps every AES item of a `k` field that the logged-in account can open (its own items and
/// those of shares in `keyring`), in the field's order. RSA items are skipped. Confirm a candidate
/// by decrypting the node's attributes.
#[wasm_bindgen(js_name = unwrapKeyFieldForAccount)]
pub fn unwrap_key_field_for_account(
    k: &str,
    user_handle_b64: &str,
    master_key: &MasterKey,
    keyring: &ShareKeyring,
) -> JsResult<Vec<UnwrappedNodeKey>> {
    Ok(unwrapped(js(ops::unwrap_key_field_for_account(
        k,
        user_handle_b64,
        &master_key.0,
        &keyring.0,
    ))?))
}

/// Like `unwrapKeyFieldForAccount`, in a folder-link session (root handle and folder key).
#[wasm_bindgen(js_name = unwrapKeyFieldForFolderLink)]
pub fn unwrap_key_field_for_folder_link(
    k: &str,
    root_handle_b64: &str,
    folder_key: &crate::keys::FolderKey,
    keyring: &ShareKeyring,
) -> JsResult<Vec<UnwrappedNodeKey>> {
    Ok(unwrapped(js(ops::unwrap_key_field_for_folder_link(
        k,
        root_handle_b64,
        &folder_key.0,
        &keyring.0,
    ))?))
}
