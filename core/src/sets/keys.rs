//! Set and Element keys: wrapping a Set key under the master key, an Element key under its Set's
//! key.

use alloc::vec::Vec;
use core::fmt;

use rand_core::TryCryptoRng;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::{AesKey, FileKey, MasterKey, aes_key_newtype};
use crate::primitives::{aes, cbc_decrypt_zero_iv, cbc_encrypt_zero_iv};

aes_key_newtype!(
    /// A Set's 16-byte key: it encrypts the Set's attributes and wraps its Elements' keys, and it
    /// is the key of the Set's `collection/` link.
    SetKey
);

/// Encrypts a Set key under the master key for `asp`'s `k`: AES-CBC with a zero IV over one
/// block, which is the same as AES-ECB (SDK `MegaClient::putSet`).
pub fn wrap_set_key(master_key: &MasterKey, set_key: &SetKey) -> [u8; 16] {
    let mut out = *set_key.as_bytes();
    cbc_encrypt_zero_iv(&aes(master_key.as_bytes()), &mut out);
    out
}

/// Decrypts a Set's `k` (exactly 16 bytes) with the master key (SDK `MegaClient::decryptKey`).
/// The result is not authenticated: it is only proven right when the Set's attributes open.
pub fn unwrap_set_key(master_key: &MasterKey, wrapped: &[u8]) -> Result<SetKey> {
    let mut buf = Zeroizing::new(
        <[u8; 16]>::try_from(wrapped)
            .map_err(|_| Error::malformed("Set key: wrapped key is not 16 bytes"))?,
    );
    cbc_decrypt_zero_iv(&aes(master_key.as_bytes()), buf.as_mut());
    SetKey::from_bytes(*buf)
}

/// The key of an Element: the file's 32-byte node key, or the 16-byte key that old webclients
/// stored (the SDK keeps such Elements).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ElementKey {
    /// The file's packed 32-byte node key (what every current client writes).
    File(FileKey),
    /// A 16-byte key written by old webclients.
    Legacy(AesKey),
}

impl ElementKey {
    /// Interprets raw key bytes by their length: 32 bytes = [`ElementKey::File`], 16 bytes =
    /// [`ElementKey::Legacy`]; anything else is [`crate::ErrorKind::InvalidKey`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        match bytes.len() {
            32 => FileKey::from_node_key_slice(bytes).map(ElementKey::File),
            16 => AesKey::from_slice(bytes).map(ElementKey::Legacy),
            _ => Err(Error::invalid_key("Element key must be 16 or 32 bytes")),
        }
    }

    /// The raw key bytes (32 or 16). Handle with care: this is secret material.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        match self {
            ElementKey::File(k) => Zeroizing::new(k.to_node_key().to_vec()),
            ElementKey::Legacy(k) => Zeroizing::new(k.as_bytes().to_vec()),
        }
    }

    /// The AES key of the Element's attributes and of its node's metadata: the folded node key
    /// `k[0..16] ⊕ k[16..32]` of a 32-byte key (SDK `SymmCipher::setkey`), a 16-byte key as is.
    pub fn attribute_key(&self) -> &AesKey {
        match self {
            ElementKey::File(k) => k.aes_key(),
            ElementKey::Legacy(k) => k,
        }
    }
}

impl From<FileKey> for ElementKey {
    fn from(k: FileKey) -> Self {
        ElementKey::File(k)
    }
}

/// Encrypts an Element key under its Set key for `aep`'s `k`: AES-CBC with a zero IV, so a
/// 32-byte key becomes two **chained** blocks (`c1 = E(k1)`, `c2 = E(k2 ⊕ c1)`), not two ECB
/// blocks (SDK `MegaClient::putSetElement`).
pub fn wrap_element_key(set_key: &SetKey, element_key: &ElementKey) -> Vec<u8> {
    let mut buf = element_key.to_bytes();
    cbc_encrypt_zero_iv(&aes(set_key.as_bytes()), &mut buf);
    buf.to_vec()
}

/// Decrypts an Element's `k` (32 bytes, or 16 for old webclients) with its Set key using AES-CBC
/// with a zero IV (SDK `MegaClient::decryptElementData`). The result is not authenticated: it is
/// only proven right when the Element's attributes or its node metadata open.
pub fn unwrap_element_key(set_key: &SetKey, wrapped: &[u8]) -> Result<ElementKey> {
    if wrapped.len() != 32 && wrapped.len() != 16 {
        return Err(Error::malformed(
            "Element key: wrapped key is not 16 or 32 bytes",
        ));
    }
    let mut buf = Zeroizing::new(wrapped.to_vec());
    cbc_decrypt_zero_iv(&aes(set_key.as_bytes()), &mut buf);
    ElementKey::from_slice(&buf)
}
