//! AES-ECB wrapping of node keys and share keys under the master key or a share key
//! (docs/format/share-keys.md), with strict unwrapping and the one opaque error.

use alloc::string::String;
use alloc::vec::Vec;

use zeroize::Zeroizing;

use crate::base64;
use crate::error::{Error, Result};
use crate::keys::{AesKey, MasterKey, NodeKey, ShareKey};
use crate::primitives::{aes, ecb_decrypt, ecb_encrypt};

/// Wraps a node key (16 or 32 bytes) with AES-ECB under `wrapping_key` (master key or share key).
pub fn wrap_node_key(wrapping_key: &AesKey, node_key: &NodeKey) -> Vec<u8> {
    let mut buf = node_key.to_bytes();
    ecb_encrypt(&aes(wrapping_key.as_bytes()), &mut buf);
    buf.to_vec()
}

/// [`wrap_node_key`] as MEGA base64 (22 or 43 characters), the `key` part of a `k` item.
pub fn wrap_node_key_b64(wrapping_key: &AesKey, node_key: &NodeKey) -> String {
    base64::encode(&wrap_node_key(wrapping_key, node_key))
}

/// Unwraps an AES-ECB-wrapped node key. The unwrapped length decides the kind (16 = folder,
/// 32 = file); any other length, the all-zero key and a file key with equal halves are refused —
/// all with the opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
pub fn unwrap_node_key(wrapping_key: &AesKey, wrapped: &[u8]) -> Result<NodeKey> {
    if wrapped.len() != 16 && wrapped.len() != 32 {
        return Err(Error::decrypt());
    }
    let mut buf = Zeroizing::new(wrapped.to_vec());
    ecb_decrypt(&aes(wrapping_key.as_bytes()), &mut buf);
    NodeKey::from_slice(&buf).map_err(|_| Error::decrypt())
}

/// [`unwrap_node_key`] from MEGA base64 (22 or 43 characters).
pub fn unwrap_node_key_b64(wrapping_key: &AesKey, wrapped_b64: &str) -> Result<NodeKey> {
    let bytes = Zeroizing::new(base64::decode(wrapped_b64).map_err(|_| Error::decrypt())?);
    unwrap_node_key(wrapping_key, &bytes)
}

/// Wraps a share key under the master key: the owner's `ok` (docs/format/share-keys.md#share-keys),
/// or the recipient's re-wrapped `sk` after it accepted a share whose key it could authenticate.
pub fn wrap_share_key(master_key: &MasterKey, share_key: &ShareKey) -> [u8; 16] {
    let mut b = *share_key.as_bytes();
    ecb_encrypt(&aes(master_key.as_bytes()), &mut b);
    b
}

/// Unwraps a 16-byte share key wrapped under the master key (`sk` of 22 characters).
///
/// Only for keys whose provenance is known (`^!keys`, or an `ok` checked with
/// [`unwrap_owner_share_key`](super::unwrap_owner_share_key)): an unauthenticated ECB block from
/// the server is whatever the server wants it to be.
pub fn unwrap_share_key_b64(master_key: &MasterKey, wrapped_b64: &str) -> Result<ShareKey> {
    let mut b =
        Zeroizing::new(base64::decode_array::<16>(wrapped_b64).map_err(|_| Error::decrypt())?);
    ecb_decrypt(&aes(master_key.as_bytes()), b.as_mut());
    ShareKey::from_bytes(*b).map_err(|_| Error::decrypt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::FolderKey;

    fn mk() -> MasterKey {
        MasterKey::from_bytes(
            hex::decode("00112233445566778899aabbccddeeff")
                .unwrap()
                .try_into()
                .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn node_key_wrap_round_trip_and_rejections() {
        let fk = FolderKey::from_bytes([5; 16]).unwrap();
        let nk = NodeKey::Folder(fk);
        let w = wrap_node_key_b64(mk().as_aes_key(), &nk);
        assert_eq!(w.len(), 22);
        assert_eq!(unwrap_node_key_b64(mk().as_aes_key(), &w).unwrap(), nk);
        // Zero key, equal halves, wrong lengths: one opaque error.
        let cipher = aes(mk().as_bytes());
        let mut zero = [0u8; 16];
        ecb_encrypt(&cipher, &mut zero);
        assert_eq!(
            unwrap_node_key(mk().as_aes_key(), &zero).unwrap_err(),
            Error::decrypt()
        );
        let mut halves = [7u8; 32];
        ecb_encrypt(&cipher, &mut halves);
        assert_eq!(
            unwrap_node_key(mk().as_aes_key(), &halves).unwrap_err(),
            Error::decrypt()
        );
        assert_eq!(
            unwrap_node_key(mk().as_aes_key(), &[1; 24]).unwrap_err(),
            Error::decrypt()
        );
    }
}
