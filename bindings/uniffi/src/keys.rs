//! Keys as opaque objects. Secret bytes leave Rust only through the explicit `export_*` methods;
//! `toString()`/`repr`/`description` print the type name only, and equality is constant time
//! (the core's `PartialEq`).

use std::sync::Arc;

use zeroize::Zeroizing;

use crate::error::FfiResult;
use crate::rng::os_rng;

/// Wraps a 16-byte core key type as an opaque uniffi object.
macro_rules! key16_object {
    ($(#[$m:meta])* $name:ident, $core:ty) => {
        $(#[$m])*
        #[derive(Debug, PartialEq, Eq, uniffi::Object)]
        #[uniffi::export(Debug, Eq)]
        pub struct $name(pub(crate) $core);

        #[uniffi::export]
        impl $name {
            /// Imports exactly 16 raw key bytes (an all-zero key is rejected: `InvalidKey`).
            #[uniffi::constructor]
            pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
                Ok(Arc::new($name(<$core>::from_slice(bytes)?)))
            }

            /// Imports the key from MEGA base64 (22 characters).
            #[uniffi::constructor]
            pub fn from_b64(b64: String) -> FfiResult<Arc<Self>> {
                Ok(Arc::new($name(<$core>::from_b64(&b64)?)))
            }

            /// A fresh random key from the operating system's CSPRNG.
            #[uniffi::constructor]
            pub fn generate() -> FfiResult<Arc<Self>> {
                Ok(Arc::new($name(<$core>::generate(&mut os_rng())?)))
            }

            /// Exports the 16 raw key bytes. Secret material: handle with care.
            pub fn export_bytes(&self) -> Vec<u8> {
                self.0.as_bytes().to_vec()
            }

            /// Exports the key as MEGA base64. Secret material: handle with care.
            pub fn export_b64(&self) -> String {
                self.0.to_b64()
            }
        }
    };
}

key16_object!(
    /// A Set's 16-byte key: encrypts the Set's attributes, wraps its Elements' keys, and is the key
    /// of its `collection/` link.
    SetKey, megacrypt::sets::SetKey
);
key16_object!(
    /// A 16-byte AES-128 key (for example a file's content key).
    AesKey, megacrypt::AesKey
);
key16_object!(
    /// The key derived from the account password; it only unwraps the master key.
    PasswordKey, megacrypt::PasswordKey
);
key16_object!(
    /// The account master key.
    MasterKey, megacrypt::MasterKey
);
key16_object!(
    /// A folder's 16-byte node key (also the key in a folder link).
    FolderKey, megacrypt::FolderKey
);
key16_object!(
    /// A share key: wraps the node keys inside a shared or exported folder.
    ShareKey, megacrypt::ShareKey
);
key16_object!(
    /// The v2 login auth key, sent to the server as the user hash `uh`: a credential.
    AuthKey, megacrypt::AuthKey
);

#[uniffi::export]
impl FolderKey {
    /// The same key as a plain AES key (for example to open the folder's attributes).
    pub fn to_aes_key(&self) -> Arc<AesKey> {
        Arc::new(AesKey(self.0.as_aes_key().clone()))
    }

    /// The same key used as a share key (an exported folder's key is its share key).
    pub fn to_share_key(&self) -> Arc<ShareKey> {
        Arc::new(ShareKey(megacrypt::ShareKey::from(self.0.clone())))
    }
}

#[uniffi::export]
impl MasterKey {
    /// The same key as a plain AES key (to wrap and unwrap the account's own node keys).
    pub fn to_aes_key(&self) -> Arc<AesKey> {
        Arc::new(AesKey(self.0.as_aes_key().clone()))
    }
}

#[uniffi::export]
impl ShareKey {
    /// The same key as a plain AES key (to wrap and unwrap node keys inside the share).
    pub fn to_aes_key(&self) -> Arc<AesKey> {
        Arc::new(AesKey(self.0.as_aes_key().clone()))
    }
}

/// A file's content key: the 16-byte AES key and the 8-byte CTR nonce that encrypt its content.
/// An upload has one from the start; its meta-MAC exists only when the upload finishes, which
/// turns it into a `FileKey`.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct ContentKey(pub(crate) megacrypt::ContentKey);

#[uniffi::export]
impl ContentKey {
    /// A fresh random key and nonce from the operating system's CSPRNG.
    #[uniffi::constructor]
    pub fn generate() -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ContentKey(megacrypt::ContentKey::generate(
            &mut os_rng(),
        )?)))
    }

    /// Imports exactly 24 bytes: key (16) then nonce (8) (`InvalidKey` for another length or an
    /// all-zero key or nonce).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ContentKey(megacrypt::ContentKey::from_slice(
            bytes,
        )?)))
    }

    /// Assembles a content key from an AES key and an 8-byte nonce.
    #[uniffi::constructor]
    pub fn from_parts(aes_key: Arc<AesKey>, nonce: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ContentKey(
            megacrypt_foreign::ops::content_key_from_parts(&aes_key.0, nonce)?,
        )))
    }

    /// Exports the 24 bytes key (16) then nonce (8). Secret material: handle with care.
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }

    /// The AES-128 key.
    pub fn aes_key(&self) -> Arc<AesKey> {
        Arc::new(AesKey(self.0.aes_key().clone()))
    }

    /// The 8-byte CTR nonce.
    pub fn nonce(&self) -> Vec<u8> {
        self.0.nonce().as_bytes().to_vec()
    }
}

/// A file's keys: its content key (AES key and CTR nonce) and expected meta-MAC. MEGA stores and shares them packed
/// into the 32-byte node key (the key part of a file link).
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct FileKey(pub(crate) megacrypt::FileKey);

#[uniffi::export]
impl FileKey {
    /// Unpacks a 32-byte node key (`InvalidKey` for another length or a zero content key).
    #[uniffi::constructor]
    pub fn from_node_key(node_key: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(FileKey(megacrypt::FileKey::from_node_key_slice(
            node_key,
        )?)))
    }

    /// Unpacks a node key given in MEGA base64 (43 characters, as in file links).
    #[uniffi::constructor]
    pub fn from_b64(b64: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(FileKey(megacrypt::FileKey::from_b64(&b64)?)))
    }

    /// Assembles a file key from a content key and the 8-byte meta-MAC of its content.
    #[uniffi::constructor]
    pub fn from_parts(content_key: Arc<ContentKey>, meta_mac: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(FileKey(
            megacrypt_foreign::ops::file_key_from_parts(&content_key.0, meta_mac)?,
        )))
    }

    /// The content key (AES key and nonce), without the meta-MAC.
    pub fn content_key(&self) -> Arc<ContentKey> {
        Arc::new(ContentKey(self.0.content_key().clone()))
    }

    /// Exports the packed 32-byte node key. Secret material: handle with care.
    pub fn export_node_key(&self) -> Vec<u8> {
        self.0.to_node_key().to_vec()
    }

    /// Exports the packed node key as MEGA base64 (the key part of a file link). Secret material.
    pub fn export_b64(&self) -> String {
        self.0.to_b64()
    }

    /// The AES-128 content key (it also encrypts the file's attributes).
    pub fn aes_key(&self) -> Arc<AesKey> {
        Arc::new(AesKey(self.0.aes_key().clone()))
    }

    /// The 8-byte CTR nonce.
    pub fn nonce(&self) -> Vec<u8> {
        self.0.nonce().as_bytes().to_vec()
    }

    /// The 8-byte meta-MAC the file's content must condense to.
    pub fn meta_mac(&self) -> Vec<u8> {
        self.0.meta_mac().as_bytes().to_vec()
    }
}

/// A node's key: a file's packed key or a folder's key, told apart by length (32 or 16 bytes).
#[derive(uniffi::Enum)]
pub enum NodeKey {
    /// A file node.
    File {
        /// The file's keys.
        key: Arc<FileKey>,
    },
    /// A folder node.
    Folder {
        /// The folder's key.
        key: Arc<FolderKey>,
    },
}

impl From<megacrypt::NodeKey> for NodeKey {
    fn from(k: megacrypt::NodeKey) -> Self {
        match k {
            megacrypt::NodeKey::File(k) => NodeKey::File {
                key: Arc::new(FileKey(k)),
            },
            megacrypt::NodeKey::Folder(k) => NodeKey::Folder {
                key: Arc::new(FolderKey(k)),
            },
        }
    }
}

impl NodeKey {
    pub(crate) fn to_core(&self) -> megacrypt::NodeKey {
        match self {
            NodeKey::File { key } => megacrypt::NodeKey::File(key.0.clone()),
            NodeKey::Folder { key } => megacrypt::NodeKey::Folder(key.0.clone()),
        }
    }
}

/// Interprets unwrapped node-key bytes by length: 32 bytes = file, 16 bytes = folder.
#[uniffi::export]
pub fn node_key_from_bytes(bytes: &[u8]) -> FfiResult<NodeKey> {
    Ok(megacrypt::NodeKey::from_slice(bytes)?.into())
}

/// Exports a node key's raw bytes (32 packed bytes for a file, 16 for a folder). Secret material.
#[uniffi::export]
pub fn node_key_export_bytes(key: NodeKey) -> Vec<u8> {
    let bytes: Zeroizing<Vec<u8>> = key.to_core().to_bytes();
    bytes.to_vec()
}

/// The AES key that encrypts a node's attributes (a file's content key, a folder's key).
#[uniffi::export]
pub fn node_key_attribute_key(key: NodeKey) -> Arc<AesKey> {
    Arc::new(AesKey(key.to_core().attribute_key().clone()))
}
