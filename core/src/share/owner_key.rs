//! The owner's share key of an `ok` element: handle authentication (`ha`), the legacy wrapped `ok`,
//! and the all-zero placeholder of the key-manager mode (docs/format/share-keys.md#share-keys).

use alloc::string::String;

use super::wrap::unwrap_share_key_b64;
use crate::base64;
use crate::error::{Error, Result};
use crate::handles::NodeHandle;
use crate::keys::{MasterKey, ShareKey};
use crate::primitives::{aes, ct_eq, ecb_encrypt};

/// The share handle authentication `ha = E_mk(B64(h) || B64(h))`
/// (docs/format/share-keys.md#handle-authentication): 16 bytes.
///
/// Only for the legacy (pre-`^!keys`) share flow; MEGA's current clients send dummy values.
pub fn handle_auth(master_key: &MasterKey, share: &NodeHandle) -> [u8; 16] {
    let h = share.to_b64();
    let mut block = [0u8; 16];
    for (dst, src) in block.iter_mut().zip(h.bytes().chain(h.bytes())) {
        *dst = src;
    }
    ecb_encrypt(&aes(master_key.as_bytes()), &mut block);
    block
}

/// [`handle_auth`] as MEGA base64 (22 characters).
pub fn handle_auth_b64(master_key: &MasterKey, share: &NodeHandle) -> String {
    base64::encode(&handle_auth(master_key, share))
}

/// Checks an `ha` value in constant time. Opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt) when it does not verify
/// (including the all-zero dummy `ha` of the key-manager mode).
pub fn verify_handle_auth(master_key: &MasterKey, share: &NodeHandle, ha_b64: &str) -> Result<()> {
    let got = base64::decode_array::<16>(ha_b64).map_err(|_| Error::decrypt())?;
    if ct_eq(&handle_auth(master_key, share), &got) {
        Ok(())
    } else {
        Err(Error::decrypt())
    }
}

/// The owner's share key from an `ok` element `{h, ha, k}` of the fetch-nodes response: `ha` is
/// verified first (SDK "forged outbound share foiled"), then `k` is unwrapped under the master key.
pub fn unwrap_owner_share_key(
    master_key: &MasterKey,
    share: &NodeHandle,
    ok_b64: &str,
    ha_b64: &str,
) -> Result<ShareKey> {
    verify_handle_auth(master_key, share, ha_b64)?;
    unwrap_share_key_b64(master_key, ok_b64)
}

/// The 16 zero bytes MEGA's current clients send as `ok` and `ha` in `s2` for a share whose key
/// lives in `^!keys` (SDK `CommandSetShare`, "TODO: dummy key/handleauth"; webclient `api.setShare`).
pub const KEY_MANAGER_PLACEHOLDER: [u8; 16] = [0; 16];

/// `true` when an `ok` or `ha` value (MEGA base64, 22 characters) is the all-zero placeholder of the
/// key-manager mode: the share key is not on the server but in the owner's `^!keys` container.
///
/// An AES-ECB encryption of a real share key is all zero with probability 2^-128, so an all-zero
/// `ok` is never a wrapped key; it is no forgery either (MEGA's own clients write it). Anything that
/// does not decode to 16 bytes is `false`.
///
/// ```
/// use megacrypt::share::is_key_manager_placeholder;
/// assert!(is_key_manager_placeholder("AAAAAAAAAAAAAAAAAAAAAA"));
/// assert!(!is_key_manager_placeholder("W8dCb_cdPz5pn2asBuwAAg"));
/// ```
pub fn is_key_manager_placeholder(b64: &str) -> bool {
    match base64::decode_array::<16>(b64) {
        Ok(b) => ct_eq(&b, &KEY_MANAGER_PLACEHOLDER),
        Err(_) => false,
    }
}

/// Where the owner's share key of an `ok` element comes from ([`read_owner_share_key`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnerShareKey {
    /// `ok` is the all-zero placeholder: the key is the share's entry in `^!keys`
    /// ([`ShareKeyring::from_keys_container`](super::ShareKeyring::from_keys_container)). If
    /// `^!keys` has no entry for the share, the key is missing; nothing the server sent stands in
    /// for it.
    InKeysContainer,
    /// A legacy `ok` whose `ha` verified: the share key it wraps.
    Legacy(ShareKey),
}

/// Reads an `ok` element `{h, ha, k}` of the fetch-nodes answer for a current account:
///
/// - `ok` all zero (the key-manager placeholder, whatever `ha` is) → [`OwnerShareKey::InKeysContainer`];
///   `ha` is not checked, as MEGA's SDK does not check it once `^!keys` is in use;
/// - otherwise the legacy rule of [`unwrap_owner_share_key`]: `ha` must verify (an all-zero `ha`
///   with a non-zero `ok` does not: [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt)), then `ok`
///   is unwrapped under the master key.
///
/// ```
/// use megacrypt::share::{read_owner_share_key, OwnerShareKey};
/// use megacrypt::{MasterKey, NodeHandle};
/// let mk = MasterKey::from_bytes([3; 16])?;
/// let h = NodeHandle::from_b64("ChssPU5f")?;
/// let zero = "AAAAAAAAAAAAAAAAAAAAAA";
/// assert_eq!(read_owner_share_key(&mk, &h, zero, zero)?, OwnerShareKey::InKeysContainer);
/// # Ok::<(), megacrypt::Error>(())
/// ```
pub fn read_owner_share_key(
    master_key: &MasterKey,
    share: &NodeHandle,
    ok_b64: &str,
    ha_b64: &str,
) -> Result<OwnerShareKey> {
    if is_key_manager_placeholder(ok_b64) {
        return Ok(OwnerShareKey::InKeysContainer);
    }
    unwrap_owner_share_key(master_key, share, ok_b64, ha_b64).map(OwnerShareKey::Legacy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mk() -> MasterKey {
        MasterKey::from_bytes(
            hex::decode("00112233445566778899aabbccddeeff")
                .unwrap()
                .try_into()
                .unwrap(),
        )
        .unwrap()
    }

    // The docs/format/share-keys.md#handle-authentication example (computed from the rule, not an
    // independent vector) cross-checked from first principles: the plaintext is
    // the 16 ASCII bytes "ChssPU5fChssPU5f", one AES block under mk.
    #[test]
    fn handle_auth_is_ecb_of_doubled_b64_handle() {
        let h = NodeHandle::from_bytes([0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f]);
        assert_eq!(h.to_b64(), "ChssPU5f");
        let mut block = *b"ChssPU5fChssPU5f";
        ecb_encrypt(&aes(mk().as_bytes()), &mut block);
        assert_eq!(handle_auth(&mk(), &h), block);
        let ha = handle_auth_b64(&mk(), &h);
        assert!(verify_handle_auth(&mk(), &h, &ha).is_ok());
        let other = NodeHandle::from_bytes([0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x60]);
        assert_eq!(
            verify_handle_auth(&mk(), &other, &ha).unwrap_err(),
            Error::decrypt()
        );
        assert!(verify_handle_auth(&mk(), &h, "AAAAAAAAAAAAAAAAAAAAAA").is_err());
    }
}
