//! Public links (`/file/`, `/folder/`, legacy `#!`/`#F!`, child nodes) and password-protected
//! `#P!` links — core `megacrypt::link`. Handles are their MEGA base64 text; kinds are their
//! names (`'file'`, `'folder'`, `'node'`).

use crate::bindgen::*;
use megacrypt::NodeKey;
use megacrypt::link;
use megacrypt_foreign::{arg, ops};

use crate::error::{JsResult, js};
use crate::keys::{FileKey, FolderKey};

/// A public file or folder link.
#[wasm_bindgen]
pub struct PublicLink(link::PublicLink);

#[wasm_bindgen]
impl PublicLink {
    /// Parses a public link (new and legacy forms). `#P!` links are `Unsupported` here: use
    /// `ProtectedLink.parse` or `parseLink`.
    pub fn parse(url: &str) -> JsResult<PublicLink> {
        js(link::PublicLink::parse(url)).map(PublicLink)
    }
    /// A file link with its key.
    pub fn file(handle_b64: &str, key: &FileKey) -> JsResult<PublicLink> {
        js(ops::public_file_link(handle_b64, &key.0)).map(PublicLink)
    }
    /// A folder link with its key, optionally selecting a child node (`childKind`: `'file'`,
    /// `'folder'` or `'node'` for the legacy form).
    pub fn folder(
        handle_b64: &str,
        key: &FolderKey,
        child_kind: Option<String>,
        child_handle_b64: Option<String>,
    ) -> JsResult<PublicLink> {
        let child = js(arg::optional_link_child(
            child_kind.as_deref(),
            child_handle_b64.as_deref(),
        ))?;
        js(ops::public_folder_link(handle_b64, &key.0, child)).map(PublicLink)
    }
    /// A link without its key (`kind`: `'file'` or `'folder'`).
    pub fn keyless(kind: &str, handle_b64: &str) -> JsResult<PublicLink> {
        js(ops::keyless_link(js(arg::name(kind))?, handle_b64)).map(PublicLink)
    }
    /// This link with a key attached (32-byte file node key or 16-byte folder key, matching the
    /// link's kind).
    #[wasm_bindgen(js_name = withKey)]
    pub fn with_key(&self, key_bytes: &[u8]) -> JsResult<PublicLink> {
        let key = js(NodeKey::from_slice(key_bytes))?;
        js(self.0.clone().with_key(key)).map(PublicLink)
    }
    /// `'file'` or `'folder'`.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.0.kind().as_str().into()
    }
    /// Whether this is a file link.
    #[wasm_bindgen(getter, js_name = isFile)]
    pub fn is_file(&self) -> bool {
        self.0.is_file()
    }
    /// The public handle (base64).
    #[wasm_bindgen(getter, js_name = publicHandle)]
    pub fn public_handle(&self) -> String {
        self.0.handle().to_b64()
    }
    /// Whether the link carries its key.
    #[wasm_bindgen(getter, js_name = hasKey)]
    pub fn has_key(&self) -> bool {
        self.0.key().is_some()
    }
    /// The raw key bytes (32 for files, 16 for folders), if present. Secret.
    #[wasm_bindgen(js_name = exportKeyBytes)]
    pub fn export_key_bytes(&self) -> Option<Vec<u8>> {
        self.0.key().map(|k| k.to_bytes().to_vec())
    }
    /// The file key, for a file link with its key.
    #[wasm_bindgen(getter, js_name = fileKey)]
    pub fn file_key(&self) -> Option<FileKey> {
        self.0.file_key().cloned().map(FileKey)
    }
    /// The folder key, for a folder link with its key.
    #[wasm_bindgen(getter, js_name = folderKey)]
    pub fn folder_key(&self) -> Option<FolderKey> {
        self.0.folder_key().cloned().map(FolderKey)
    }
    /// The selected child's kind: `'file'`, `'folder'`, `'node'` (legacy form) or undefined.
    #[wasm_bindgen(getter, js_name = childKind)]
    pub fn child_kind(&self) -> Option<String> {
        self.0.child().map(|c| c.as_str().to_string())
    }
    /// The selected child's handle (base64), if any.
    #[wasm_bindgen(getter, js_name = childHandle)]
    pub fn child_handle(&self) -> Option<String> {
        self.0.child().map(|c| c.handle().to_b64())
    }
    /// The canonical URL (`https://mega.nz/file/<H>#<K>` …).
    #[wasm_bindgen(js_name = toUrl)]
    pub fn to_url(&self) -> String {
        self.0.to_url()
    }
    /// The legacy URL form (`#!<H>!<K>`, `#F!<H>!<K>`).
    #[wasm_bindgen(js_name = toLegacyUrl)]
    pub fn to_legacy_url(&self) -> String {
        self.0.to_legacy_url()
    }
    /// Equality (the key compared in constant time).
    pub fn equals(&self, other: &PublicLink) -> bool {
        self.0 == other.0
    }
}

/// A password-protected (`#P!`) link, not yet opened.
#[wasm_bindgen]
pub struct ProtectedLink(link::ProtectedLink);

#[wasm_bindgen]
impl ProtectedLink {
    /// Parses a `#P!` URL.
    pub fn parse(url: &str) -> JsResult<ProtectedLink> {
        js(link::ProtectedLink::parse(url)).map(ProtectedLink)
    }
    /// Parses the decoded `#P!` payload bytes.
    #[wasm_bindgen(js_name = fromPayload)]
    pub fn from_payload(payload: &[u8]) -> JsResult<ProtectedLink> {
        js(link::ProtectedLink::from_payload(payload)).map(ProtectedLink)
    }
    /// The payload bytes.
    #[wasm_bindgen(js_name = toPayload)]
    pub fn to_payload(&self) -> Vec<u8> {
        self.0.to_payload()
    }
    /// The `https://mega.nz/#P!<payload>` URL.
    #[wasm_bindgen(js_name = toUrl)]
    pub fn to_url(&self) -> String {
        self.0.to_url()
    }
    /// The algorithm byte (1 or 2).
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> u8 {
        self.0.algorithm()
    }
    /// `'file'` or `'folder'`.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.0.kind().as_str().into()
    }
    /// The public handle (base64).
    #[wasm_bindgen(getter, js_name = publicHandle)]
    pub fn public_handle(&self) -> String {
        self.0.handle().to_b64()
    }
    /// Equality.
    pub fn equals(&self, other: &ProtectedLink) -> bool {
        self.0 == other.0
    }
    /// Opens the link with a password (PBKDF2-HMAC-SHA512, 100 000 iterations; HMAC checked in
    /// constant time first). A wrong password gives the opaque `Decrypt`. The password is used
    /// exactly as given (the webclient trims surrounding whitespace first).
    pub fn open(&self, password: &str) -> JsResult<PublicLink> {
        js(self.0.open(password)).map(PublicLink)
    }
    /// Protects a link that carries its key (algorithm 2, fresh random salt).
    pub fn protect(link: &PublicLink, password: &str) -> JsResult<ProtectedLink> {
        js(ops::protect(&link.0, password)).map(ProtectedLink)
    }
    /// Hazardous: `protect` with a caller-chosen 32-byte salt (known answers only; a fixed salt
    /// gives every link protected with the same password the same derived key).
    #[wasm_bindgen(js_name = hazmatProtectWithSalt)]
    pub fn hazmat_protect_with_salt(
        link: &PublicLink,
        password: &str,
        salt: &[u8],
    ) -> JsResult<ProtectedLink> {
        js(ops::hazmat_protect_with_salt(&link.0, password, salt)).map(ProtectedLink)
    }
}

/// Any MEGA link, before it becomes the JavaScript value of one of three classes.
pub(crate) enum AnyLink {
    Public(PublicLink),
    Protected(ProtectedLink),
    Collection(crate::albums::CollectionLink),
}

/// Parses any MEGA link (shared by both engines' `parseLink`).
pub(crate) fn parse_any_link(url: &str) -> JsResult<AnyLink> {
    Ok(match js(link::Link::parse(url))? {
        link::Link::Public(l) => AnyLink::Public(PublicLink(l)),
        link::Link::Protected(l) => AnyLink::Protected(ProtectedLink(l)),
        link::Link::Collection(l) => AnyLink::Collection(crate::albums::CollectionLink(l)),
    })
}

/// Parses any MEGA link: returns a `PublicLink`, a `ProtectedLink` or a `CollectionLink`.
#[cfg(not(megacrypt_napi))]
#[wasm_bindgen(
    js_name = parseLink,
    unchecked_return_type = "PublicLink | ProtectedLink | CollectionLink"
)]
pub fn parse_link(url: &str) -> JsResult<JsValue> {
    Ok(match parse_any_link(url)? {
        AnyLink::Public(l) => l.into(),
        AnyLink::Protected(l) => l.into(),
        AnyLink::Collection(l) => l.into(),
    })
}

/// The `#P!` key derivation (64 bytes: XOR key ‖ HMAC key). For interoperability tests.
#[wasm_bindgen(js_name = deriveProtectedLinkKey)]
pub fn derive_protected_link_key(password: &[u8], salt: &[u8]) -> JsResult<Vec<u8>> {
    js(ops::derive_protected_link_key(password, salt))
}
