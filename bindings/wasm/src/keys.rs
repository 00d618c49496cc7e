//! Typed keys. Each core key type becomes its own JavaScript class, so TypeScript keeps a
//! `MasterKey` from being passed where a `FolderKey` is expected. Secrets live in WebAssembly
//! memory (zeroized when the object is freed); `exportBytes`/`exportB64` copy them out on request
//! only.

use crate::bindgen::*;

use crate::error::{JsResult, js};

macro_rules! key16 {
    ($(#[$m:meta])* $name:ident) => {
        key16!($(#[$m])* $name, megacrypt::$name);
    };
    ($(#[$m:meta])* $name:ident, $core:ident $(:: $rest:ident)*) => {
        $(#[$m])*
        #[wasm_bindgen]
        pub struct $name(pub(crate) $core $(:: $rest)*);

        #[wasm_bindgen]
        impl $name {
            /// Draws a fresh key from the platform CSPRNG (Web Crypto).
            pub fn generate() -> JsResult<$name> {
                js(<$core $(:: $rest)*>::generate(&mut crate::rng())).map($name)
            }
            /// Wraps exactly 16 bytes; throws `InvalidKey` for another length or all zeros.
            #[wasm_bindgen(js_name = fromBytes)]
            pub fn from_bytes(bytes: &[u8]) -> JsResult<$name> {
                js(<$core $(:: $rest)*>::from_slice(bytes)).map($name)
            }
            /// Decodes the MEGA base64 of exactly 16 bytes.
            #[wasm_bindgen(js_name = fromB64)]
            pub fn from_b64(text: &str) -> JsResult<$name> {
                js(<$core $(:: $rest)*>::from_b64(text)).map($name)
            }
            /// A copy of the raw 16 bytes (secret material).
            #[wasm_bindgen(js_name = exportBytes)]
            pub fn export_bytes(&self) -> Vec<u8> {
                self.0.as_bytes().to_vec()
            }
            /// MEGA base64 of the raw bytes (secret material).
            #[wasm_bindgen(js_name = exportB64)]
            pub fn export_b64(&self) -> String {
                self.0.to_b64()
            }
            /// Constant-time equality.
            pub fn equals(&self, other: &$name) -> bool {
                self.0 == other.0
            }
        }
    };
}

key16!(
    /// A Set's 16-byte key: encrypts the Set's attributes, wraps its Elements' keys, and is the key
    /// of its `collection/` link.
    SetKey, megacrypt::sets::SetKey
);
key16!(
    /// Any 16-byte AES-128 key.
    AesKey
);
key16!(
    /// The output of the login KDF; unwraps the master key.
    PasswordKey
);
key16!(
    /// The v2 login credential (sent as `uh`).
    AuthKey
);
key16!(
    /// The account master key.
    MasterKey
);
key16!(
    /// A folder's node key (the key of a folder link or share).
    FolderKey
);
key16!(
    /// A share's key; wraps node keys inside a shared folder.
    ShareKey
);

/// A file's content key: the AES key and the CTR nonce that encrypt its content. An upload has
/// one from the start; its meta-MAC exists only when the upload finishes (then: `FileKey`).
#[wasm_bindgen]
pub struct ContentKey(pub(crate) megacrypt::ContentKey);

#[wasm_bindgen]
impl ContentKey {
    /// Draws a fresh key and nonce from the platform CSPRNG (Web Crypto).
    pub fn generate() -> JsResult<ContentKey> {
        js(megacrypt::ContentKey::generate(&mut crate::rng())).map(ContentKey)
    }
    /// Wraps exactly 24 bytes, key (16) then nonce (8); throws `InvalidKey` for another length or
    /// an all-zero key or nonce.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<ContentKey> {
        js(megacrypt::ContentKey::from_slice(bytes)).map(ContentKey)
    }
    /// Builds a content key from an `AesKey` and an 8-byte nonce.
    #[wasm_bindgen(js_name = fromParts)]
    pub fn from_parts(aes_key: &AesKey, nonce: &[u8]) -> JsResult<ContentKey> {
        js(megacrypt_foreign::ops::content_key_from_parts(
            &aes_key.0, nonce,
        ))
        .map(ContentKey)
    }
    /// A copy of the 24 bytes, key then nonce (secret material).
    #[wasm_bindgen(js_name = exportBytes)]
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }
    /// The AES key as an `AesKey`.
    #[wasm_bindgen(js_name = aesKey)]
    pub fn aes_key(&self) -> AesKey {
        AesKey(self.0.aes_key().clone())
    }
    /// The 8-byte CTR nonce.
    #[wasm_bindgen(getter)]
    pub fn nonce(&self) -> Vec<u8> {
        self.0.nonce().as_bytes().to_vec()
    }
    /// Constant-time equality.
    pub fn equals(&self, other: &ContentKey) -> bool {
        self.0 == other.0
    }
}

/// A file's key: its content key (AES key and CTR nonce) and the meta-MAC; packs to MEGA's
/// 32-byte node key.
#[wasm_bindgen]
pub struct FileKey(pub(crate) megacrypt::FileKey);

#[wasm_bindgen]
impl FileKey {
    /// Unpacks a 32-byte node key (content key folded with nonce and meta-MAC).
    #[wasm_bindgen(js_name = fromNodeKey)]
    pub fn from_node_key(node_key: &[u8]) -> JsResult<FileKey> {
        js(megacrypt::FileKey::from_node_key_slice(node_key)).map(FileKey)
    }
    /// Decodes the MEGA base64 of a 32-byte node key (the key part of a file link).
    #[wasm_bindgen(js_name = fromB64)]
    pub fn from_b64(text: &str) -> JsResult<FileKey> {
        js(megacrypt::FileKey::from_b64(text)).map(FileKey)
    }
    /// Builds a file key from a content key and the 8-byte meta-MAC of its content.
    #[wasm_bindgen(js_name = fromParts)]
    pub fn from_parts(content_key: &ContentKey, meta_mac: &[u8]) -> JsResult<FileKey> {
        js(megacrypt_foreign::ops::file_key_from_parts(
            &content_key.0,
            meta_mac,
        ))
        .map(FileKey)
    }
    /// The content key (AES key and nonce), without the meta-MAC.
    #[wasm_bindgen(js_name = contentKey)]
    pub fn content_key(&self) -> ContentKey {
        ContentKey(self.0.content_key().clone())
    }
    /// The packed 32-byte node key (secret material).
    #[wasm_bindgen(js_name = exportNodeKey)]
    pub fn export_node_key(&self) -> Vec<u8> {
        self.0.to_node_key().to_vec()
    }
    /// MEGA base64 of the packed node key (secret material).
    #[wasm_bindgen(js_name = exportB64)]
    pub fn export_b64(&self) -> String {
        self.0.to_b64()
    }
    /// The 8-byte CTR nonce.
    #[wasm_bindgen(getter)]
    pub fn nonce(&self) -> Vec<u8> {
        self.0.nonce().as_bytes().to_vec()
    }
    /// The 8-byte meta-MAC.
    #[wasm_bindgen(getter, js_name = metaMac)]
    pub fn meta_mac(&self) -> Vec<u8> {
        self.0.meta_mac().as_bytes().to_vec()
    }
    /// The content key as an `AesKey` (also the file's attribute key).
    #[wasm_bindgen(js_name = aesKey)]
    pub fn aes_key(&self) -> AesKey {
        AesKey(self.0.aes_key().clone())
    }
    /// Constant-time equality.
    pub fn equals(&self, other: &FileKey) -> bool {
        self.0 == other.0
    }
}

#[wasm_bindgen]
impl FolderKey {
    /// The same key as an `AesKey` (the folder's attribute key).
    #[wasm_bindgen(js_name = toAesKey)]
    pub fn to_aes_key(&self) -> AesKey {
        AesKey(self.0.as_aes_key().clone())
    }
    /// The same key used as a share key (an exported folder's key is its share key).
    #[wasm_bindgen(js_name = toShareKey)]
    pub fn to_share_key(&self) -> ShareKey {
        ShareKey(megacrypt::ShareKey::from(self.0.clone()))
    }
}

#[wasm_bindgen]
impl MasterKey {
    /// The same key as an `AesKey` (to wrap and unwrap the account's own node keys).
    #[wasm_bindgen(js_name = toAesKey)]
    pub fn to_aes_key(&self) -> AesKey {
        AesKey(self.0.as_aes_key().clone())
    }
}

#[wasm_bindgen]
impl ShareKey {
    /// The same key as an `AesKey` (to wrap and unwrap node keys inside the share).
    #[wasm_bindgen(js_name = toAesKey)]
    pub fn to_aes_key(&self) -> AesKey {
        AesKey(self.0.as_aes_key().clone())
    }
}
