//! Sharing: node-key wrapping under master/share keys, share-key wrapping, share handle
//! authentication (`ha`), the `k` field of a node (its items, and unwrapping them with a keyring
//! of known share keys) and the ECB block registry.

use std::sync::{Arc, Mutex, MutexGuard};

use megacrypt::share as ms;
use megacrypt_foreign::ops;

use crate::error::{CryptoError, FfiResult};
use crate::keys::{AesKey, FolderKey, MasterKey, NodeKey, ShareKey};

/// Wraps a node key with AES-ECB under `wrapping_key` (master key or share key, as an AES key).
#[uniffi::export]
pub fn wrap_node_key(wrapping_key: Arc<AesKey>, node_key: NodeKey) -> Vec<u8> {
    ms::wrap_node_key(&wrapping_key.0, &node_key.to_core())
}

/// `wrap_node_key` as MEGA base64 (the key part of a `k` item).
#[uniffi::export]
pub fn wrap_node_key_b64(wrapping_key: Arc<AesKey>, node_key: NodeKey) -> String {
    ms::wrap_node_key_b64(&wrapping_key.0, &node_key.to_core())
}

/// Unwraps an AES-ECB-wrapped node key (16 bytes = folder, 32 = file; opaque `Decrypt` otherwise).
#[uniffi::export]
pub fn unwrap_node_key(wrapping_key: Arc<AesKey>, wrapped: &[u8]) -> FfiResult<NodeKey> {
    Ok(ms::unwrap_node_key(&wrapping_key.0, wrapped)?.into())
}

/// `unwrap_node_key` from MEGA base64.
#[uniffi::export]
pub fn unwrap_node_key_b64(wrapping_key: Arc<AesKey>, wrapped_b64: String) -> FfiResult<NodeKey> {
    Ok(ms::unwrap_node_key_b64(&wrapping_key.0, &wrapped_b64)?.into())
}

/// Wraps a share key under the master key (16 bytes).
#[uniffi::export]
pub fn wrap_share_key(master_key: Arc<MasterKey>, share_key: Arc<ShareKey>) -> Vec<u8> {
    ms::wrap_share_key(&master_key.0, &share_key.0).to_vec()
}

/// Unwraps a share key wrapped under the master key (only for keys of known provenance).
#[uniffi::export]
pub fn unwrap_share_key_b64(
    master_key: Arc<MasterKey>,
    wrapped_b64: String,
) -> FfiResult<Arc<ShareKey>> {
    Ok(Arc::new(ShareKey(ms::unwrap_share_key_b64(
        &master_key.0,
        &wrapped_b64,
    )?)))
}

/// The share handle authentication `ha` (16 bytes) for a share handle (base64).
#[uniffi::export]
pub fn handle_auth(master_key: Arc<MasterKey>, share_handle_b64: String) -> FfiResult<Vec<u8>> {
    Ok(ops::handle_auth(&master_key.0, &share_handle_b64)?.to_vec())
}

/// `handle_auth` as MEGA base64 (the `ha` field).
#[uniffi::export]
pub fn handle_auth_b64(master_key: Arc<MasterKey>, share_handle_b64: String) -> FfiResult<String> {
    Ok(ops::handle_auth_b64(&master_key.0, &share_handle_b64)?)
}

/// Checks an `ha` value in constant time (opaque `Decrypt` when it does not verify).
#[uniffi::export]
pub fn verify_handle_auth(
    master_key: Arc<MasterKey>,
    share_handle_b64: String,
    ha_b64: String,
) -> FfiResult<()> {
    Ok(ops::verify_handle_auth(
        &master_key.0,
        &share_handle_b64,
        &ha_b64,
    )?)
}

/// The owner's share key from an `ok` element: `ha` verified first, then `k` unwrapped.
#[uniffi::export]
pub fn unwrap_owner_share_key(
    master_key: Arc<MasterKey>,
    share_handle_b64: String,
    ok_b64: String,
    ha_b64: String,
) -> FfiResult<Arc<ShareKey>> {
    Ok(Arc::new(ShareKey(ops::unwrap_owner_share_key(
        &master_key.0,
        &share_handle_b64,
        &ok_b64,
        &ha_b64,
    )?)))
}

/// Detects ECB ciphertext blocks reused across wrapped keys (node-key forgeries built from known
/// ECB pairs). Feed it the `privk` ciphertext and every wrapped key before using them.
#[derive(uniffi::Object)]
pub struct KeyBlockRegistry(Mutex<ms::KeyBlockRegistry>);

impl KeyBlockRegistry {
    fn lock(&self) -> FfiResult<MutexGuard<'_, ms::KeyBlockRegistry>> {
        self.0.lock().map_err(|_| CryptoError::poisoned())
    }
}

#[uniffi::export]
impl KeyBlockRegistry {
    /// An empty registry.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(KeyBlockRegistry(Mutex::new(ms::KeyBlockRegistry::new())))
    }

    /// Records the blocks of the encrypted private key.
    pub fn record_private_key_ciphertext(&self, privk: &[u8]) -> FfiResult<()> {
        self.lock()?.record_private_key_ciphertext(privk);
        Ok(())
    }

    /// Checks a wrapped node key (16 or 32 bytes) and records it (opaque `Decrypt` if it reuses a
    /// block).
    pub fn check_and_record(&self, wrapped: &[u8]) -> FfiResult<()> {
        Ok(self.lock()?.check_and_record(wrapped)?)
    }
}

/// One item of a node's `k` field.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KeyItem {
    /// `"bare"`, `"user"` or `"share"`.
    pub owner_kind: String,
    /// The owner's handle (base64), for `"user"` and `"share"` items.
    pub owner_handle: Option<String>,
    /// The wrapped key, base64 as received.
    pub wrapped_b64: String,
    /// Whether the item is RSA-encrypted (anyone knowing the public key can make those).
    pub is_rsa: bool,
}

/// Parses a node's `k` field (`id:key/id:key/...` or a bare key).
#[uniffi::export]
pub fn parse_key_field(k: String) -> FfiResult<Vec<KeyItem>> {
    Ok(ms::parse_key_field(&k)?
        .into_iter()
        .map(|i| KeyItem {
            owner_kind: i.owner.as_str().to_string(),
            owner_handle: i.owner.handle_b64(),
            is_rsa: i.is_rsa(),
            wrapped_b64: i.wrapped_b64,
        })
        .collect())
}

/// Known share keys by share root handle, for `unwrap_key_field_for_*`. Thread-safe.
#[derive(uniffi::Object)]
pub struct ShareKeyring(pub(crate) Mutex<ms::ShareKeyring>);

impl ShareKeyring {
    fn lock(&self) -> FfiResult<MutexGuard<'_, ms::ShareKeyring>> {
        self.0.lock().map_err(|_| CryptoError::poisoned())
    }
}

#[uniffi::export]
impl ShareKeyring {
    /// An empty keyring.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(ShareKeyring(Mutex::new(ms::ShareKeyring::new())))
    }

    /// Adds (or replaces) the key of the share rooted at `share_handle_b64`.
    pub fn insert(&self, share_handle_b64: String, key: Arc<ShareKey>) -> FfiResult<()> {
        Ok(ops::keyring_insert(
            &mut *self.lock()?,
            &share_handle_b64,
            &key.0,
        )?)
    }

    /// Number of shares with a known key.
    pub fn size(&self) -> FfiResult<u32> {
        Ok(megacrypt_foreign::arg::len_u32(self.lock()?.len()))
    }
}

/// A node key unwrapped from a `k` field, with the share whose key opened it.
#[derive(uniffi::Record)]
pub struct UnwrappedNodeKey {
    /// The share root whose key opened it (base64), or none for the context's own key.
    pub share_handle: Option<String>,
    /// The node key.
    pub key: NodeKey,
}

fn unwrapped(v: Vec<(ms::NodeKeySource, megacrypt::NodeKey)>) -> Vec<UnwrappedNodeKey> {
    v.into_iter()
        .map(|(s, k)| UnwrappedNodeKey {
            share_handle: ops::node_key_source_handle(&s),
            key: k.into(),
        })
        .collect()
}

/// Unwraps every AES item of a `k` field that the logged-in account can open (its own items and
/// those of shares in `keyring`), in the field's order. RSA items are skipped. Confirm a candidate
/// by decrypting the node's attributes.
#[uniffi::export]
pub fn unwrap_key_field_for_account(
    k: String,
    user_handle_b64: String,
    master_key: Arc<MasterKey>,
    keyring: Arc<ShareKeyring>,
) -> FfiResult<Vec<UnwrappedNodeKey>> {
    Ok(unwrapped(ops::unwrap_key_field_for_account(
        &k,
        &user_handle_b64,
        &master_key.0,
        &*keyring.lock()?,
    )?))
}

/// Like `unwrap_key_field_for_account`, in a folder-link session (root handle and folder key).
#[uniffi::export]
pub fn unwrap_key_field_for_folder_link(
    k: String,
    root_handle_b64: String,
    folder_key: Arc<FolderKey>,
    keyring: Arc<ShareKeyring>,
) -> FfiResult<Vec<UnwrappedNodeKey>> {
    Ok(unwrapped(ops::unwrap_key_field_for_folder_link(
        &k,
        &root_handle_b64,
        &folder_key.0,
        &*keyring.lock()?,
    )?))
}
