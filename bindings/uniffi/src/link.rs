//! Public links (file/folder, new and legacy forms, keyless) and password-protected `#P!` links.
//! Handles are public and cross as MEGA base64 strings (8 characters).

use std::sync::Arc;

use megacrypt::link::{self as ml, LinkKind};
use megacrypt_foreign::{arg, ops};

use crate::error::FfiResult;
use crate::keys::{FileKey, FolderKey, NodeKey};

/// Whether a link points to a file or a folder.
#[uniffi::remote(Enum)]
pub enum LinkKind {
    /// A file link (32-byte packed node key).
    File,
    /// A folder link (16-byte folder key).
    Folder,
    /// A public album (Set) link (16-byte Set key).
    Collection,
}

/// A node selected inside a folder link.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum LinkChild {
    /// A file inside the folder (`/file/<C>`).
    File {
        /// The node handle (base64).
        handle: String,
    },
    /// A sub-folder (`/folder/<C>`).
    Folder {
        /// The node handle (base64).
        handle: String,
    },
    /// A node selected by a legacy `#F!<H>!<K>!<C>` link.
    Node {
        /// The node handle (base64).
        handle: String,
    },
}

impl From<ml::LinkChild> for LinkChild {
    fn from(c: ml::LinkChild) -> Self {
        match c {
            ml::LinkChild::File(h) => LinkChild::File { handle: h.to_b64() },
            ml::LinkChild::Folder(h) => LinkChild::Folder { handle: h.to_b64() },
            ml::LinkChild::Node(h) => LinkChild::Node { handle: h.to_b64() },
        }
    }
}

impl LinkChild {
    fn to_core(&self) -> FfiResult<ml::LinkChild> {
        Ok(match self {
            LinkChild::File { handle } => ml::LinkChild::File(arg::node_handle(handle)?),
            LinkChild::Folder { handle } => ml::LinkChild::Folder(arg::node_handle(handle)?),
            LinkChild::Node { handle } => ml::LinkChild::Node(arg::node_handle(handle)?),
        })
    }
}

/// A public file or folder link. `toString()`/`repr` never show the key.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct PublicLink(pub(crate) ml::PublicLink);

#[uniffi::export]
impl PublicLink {
    /// Parses any public link form (strict: `Malformed` / `Unsupported` / `InvalidKey`).
    #[uniffi::constructor]
    pub fn parse(url: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(PublicLink(ml::PublicLink::parse(&url)?)))
    }

    /// A file link from a public handle (base64) and the file key.
    #[uniffi::constructor]
    pub fn file(handle_b64: String, key: Arc<FileKey>) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(PublicLink(ops::public_file_link(
            &handle_b64,
            &key.0,
        )?)))
    }

    /// A folder link, optionally opening a node inside the folder.
    #[uniffi::constructor]
    pub fn folder(
        handle_b64: String,
        key: Arc<FolderKey>,
        child: Option<LinkChild>,
    ) -> FfiResult<Arc<Self>> {
        let child = child.map(|c| c.to_core()).transpose()?;
        Ok(Arc::new(PublicLink(ops::public_folder_link(
            &handle_b64,
            &key.0,
            child,
        )?)))
    }

    /// A link without its key.
    #[uniffi::constructor]
    pub fn keyless(kind: LinkKind, handle_b64: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(PublicLink(ops::keyless_link(kind, &handle_b64)?)))
    }

    /// This link with `key` attached (`ApiMisuse` if the key kind does not match).
    pub fn with_key(&self, key: NodeKey) -> FfiResult<Arc<PublicLink>> {
        Ok(Arc::new(PublicLink(
            self.0.clone().with_key(key.to_core())?,
        )))
    }

    /// File or folder.
    pub fn kind(&self) -> LinkKind {
        self.0.kind()
    }

    /// Whether this is a file link.
    pub fn is_file(&self) -> bool {
        self.0.is_file()
    }

    /// The public handle (base64, 8 characters). Not `handle`: Swift objects keep their Rust
    /// pointer in a member of that name.
    pub fn public_handle(&self) -> String {
        self.0.handle().to_b64()
    }

    /// Whether the link carries its key.
    pub fn has_key(&self) -> bool {
        self.0.key().is_some()
    }

    /// The key, if the link carries one.
    pub fn key(&self) -> Option<NodeKey> {
        self.0.key().cloned().map(Into::into)
    }

    /// The file key of a file link.
    pub fn file_key(&self) -> Option<Arc<FileKey>> {
        self.0.file_key().map(|k| Arc::new(FileKey(k.clone())))
    }

    /// The folder key of a folder link.
    pub fn folder_key(&self) -> Option<Arc<FolderKey>> {
        self.0.folder_key().map(|k| Arc::new(FolderKey(k.clone())))
    }

    /// The node selected inside a folder link.
    pub fn child(&self) -> Option<LinkChild> {
        self.0.child().map(Into::into)
    }

    /// The URL in the current form (`https://mega.nz/file/<H>#<K>`). Contains the key: secret.
    pub fn to_url(&self) -> String {
        self.0.to_url()
    }

    /// The URL in the legacy form (`#!` / `#F!`). Contains the key: secret.
    pub fn to_legacy_url(&self) -> String {
        self.0.to_legacy_url()
    }
}

/// A password-protected `#P!` link.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct ProtectedLink(pub(crate) ml::ProtectedLink);

#[uniffi::export]
impl ProtectedLink {
    /// Parses `https://mega.nz/#P!<payload>`.
    #[uniffi::constructor]
    pub fn parse(url: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ProtectedLink(ml::ProtectedLink::parse(&url)?)))
    }

    /// Parses the binary payload.
    #[uniffi::constructor]
    pub fn from_payload(payload: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ProtectedLink(ml::ProtectedLink::from_payload(
            payload,
        )?)))
    }

    /// Protects a link (which must carry its key) with a password: algorithm 2, fresh random salt.
    #[uniffi::constructor]
    pub fn protect(link: Arc<PublicLink>, password: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ProtectedLink(ops::protect(&link.0, &password)?)))
    }

    /// Hazardous: `protect` with a caller-chosen 32-byte salt (known answers only; a fixed salt
    /// gives every link protected with the same password the same derived key).
    #[uniffi::constructor]
    pub fn hazmat_protect_with_salt(
        link: Arc<PublicLink>,
        password: String,
        salt: &[u8],
    ) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ProtectedLink(ops::hazmat_protect_with_salt(
            &link.0, &password, salt,
        )?)))
    }

    /// The binary payload.
    pub fn to_payload(&self) -> Vec<u8> {
        self.0.to_payload()
    }

    /// `https://mega.nz/#P!<payload>`.
    pub fn to_url(&self) -> String {
        self.0.to_url()
    }

    /// The algorithm byte (1 = legacy, 2 = current).
    pub fn algorithm(&self) -> u8 {
        self.0.algorithm()
    }

    /// File or folder.
    pub fn kind(&self) -> LinkKind {
        self.0.kind()
    }

    /// The public handle (base64). Not `handle`: Swift objects keep their Rust pointer in a
    /// member of that name.
    pub fn public_handle(&self) -> String {
        self.0.handle().to_b64()
    }

    /// Opens the link with a password (HMAC checked first; `Decrypt` for a wrong password).
    pub fn open(&self, password: String) -> FfiResult<Arc<PublicLink>> {
        Ok(Arc::new(PublicLink(self.0.open(&password)?)))
    }
}

/// Any MEGA link.
#[derive(uniffi::Enum)]
pub enum AnyLink {
    /// A plain file or folder link.
    Public {
        /// The link.
        link: Arc<PublicLink>,
    },
    /// A `#P!` link that needs a password.
    Protected {
        /// The link.
        link: Arc<ProtectedLink>,
    },
    /// A public album (`collection/`) link.
    Collection {
        /// The link.
        link: Arc<crate::albums::CollectionLink>,
    },
}

/// Parses a public, a password-protected or a collection (public album) link.
#[uniffi::export]
pub fn parse_link(url: String) -> FfiResult<AnyLink> {
    Ok(match ml::Link::parse(&url)? {
        ml::Link::Public(l) => AnyLink::Public {
            link: Arc::new(PublicLink(l)),
        },
        ml::Link::Protected(l) => AnyLink::Protected {
            link: Arc::new(ProtectedLink(l)),
        },
        ml::Link::Collection(l) => AnyLink::Collection {
            link: Arc::new(crate::albums::CollectionLink(l)),
        },
    })
}

/// The `#P!` key derivation (PBKDF2-HMAC-SHA512, 100 000 iterations, 64 bytes) over a 32-byte
/// salt. For interoperability tests; secret material.
#[uniffi::export]
pub fn derive_protected_link_key(password: &[u8], salt: &[u8]) -> FfiResult<Vec<u8>> {
    Ok(ops::derive_protected_link_key(password, salt)?)
}
