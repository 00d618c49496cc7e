//! Sharing: node-key wrapping under master/share keys, share-key wrapping, share handle
//! authentication (`ha`). The key-manager (`^!keys`) structures are not exposed yet.

use std::sync::Arc;

use megacrypt::NodeHandle;
use megacrypt::share as ms;

use crate::error::FfiResult;
use crate::keys::{AesKey, MasterKey, NodeKey, ShareKey};

fn node(b64: &str) -> FfiResult<NodeHandle> {
    Ok(NodeHandle::from_b64(b64)?)
}

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
    Ok(ms::handle_auth(&master_key.0, &node(&share_handle_b64)?).to_vec())
}

/// Checks an `ha` value in constant time (opaque `Decrypt` when it does not verify).
#[uniffi::export]
pub fn verify_handle_auth(
    master_key: Arc<MasterKey>,
    share_handle_b64: String,
    ha_b64: String,
) -> FfiResult<()> {
    Ok(ms::verify_handle_auth(
        &master_key.0,
        &node(&share_handle_b64)?,
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
    Ok(Arc::new(ShareKey(ms::unwrap_owner_share_key(
        &master_key.0,
        &node(&share_handle_b64)?,
        &ok_b64,
        &ha_b64,
    )?)))
}

/// A share key as a plain AES key (to wrap/unwrap node keys inside the share).
#[uniffi::export]
pub fn share_key_to_aes_key(share_key: Arc<ShareKey>) -> Arc<AesKey> {
    Arc::new(AesKey(share_key.0.as_aes_key().clone()))
}

/// A master key as a plain AES key (to wrap/unwrap own node keys).
#[uniffi::export]
pub fn master_key_to_aes_key(master_key: Arc<MasterKey>) -> Arc<AesKey> {
    Arc::new(AesKey(master_key.0.as_aes_key().clone()))
}
