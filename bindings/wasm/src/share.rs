//! Sharing: node/share key wrapping, share handle authentication (`ha`), the owner's share key,
//! the ECB block registry, a node's `k` field and unwrapping it with a keyring of known share
//! keys — core `megacrypt::share`.

use crate::bindgen::*;
use megacrypt::{NodeKey, share};
use megacrypt_foreign::{arg, ops};

use crate::error::{JsResult, js};
use crate::keys::{AesKey, MasterKey, ShareKey};

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
pub struct KeyBlockRegistry(share::KeyBlockRegistry);

#[wasm_bindgen]
impl KeyBlockRegistry {
    /// An empty registry.
    #[wasm_bindgen(constructor)]
    pub fn new() -> KeyBlockRegistry {
        KeyBlockRegistry(share::KeyBlockRegistry::new())
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
pub struct KeyItem(share::KeyItem);

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
