//! Node attributes (`a`: name and other JSON, AES-CBC under the node's attribute key) and file
//! attributes (thumbnails, previews) — core `megacrypt::attributes`.

use crate::bindgen::*;
use megacrypt::attributes;

use crate::error::{JsResult, js};
use crate::keys::AesKey;

/// A node's decrypted attributes (a JSON object; unknown keys survive a round trip).
#[wasm_bindgen]
pub struct NodeAttributes(attributes::NodeAttributes);

#[wasm_bindgen]
impl NodeAttributes {
    /// Parses attribute JSON (a non-empty JSON object, else `Malformed`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> JsResult<NodeAttributes> {
        js(attributes::NodeAttributes::from_json(json)).map(NodeAttributes)
    }
    /// Attributes holding just a name: `{"n":"<name>"}`.
    #[wasm_bindgen(js_name = withName)]
    pub fn with_name(name: &str) -> NodeAttributes {
        NodeAttributes(attributes::NodeAttributes::with_name(name))
    }
    /// The JSON text.
    #[wasm_bindgen(getter)]
    pub fn json(&self) -> String {
        self.0.json().to_string()
    }
    /// The name (`n`), if present and a string.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> Option<String> {
        self.0.name().map(str::to_string)
    }
    /// A string-valued attribute.
    #[wasm_bindgen(js_name = getString)]
    pub fn get_string(&self, key: &str) -> Option<String> {
        self.0.get_str(key).map(str::to_string)
    }
    /// An integer-valued attribute (as a number; integers beyond 2^53 lose precision).
    #[wasm_bindgen(js_name = getInteger)]
    pub fn get_integer(&self, key: &str) -> Option<f64> {
        self.0.get_i64(key).map(|v| v as f64)
    }
    /// Any attribute as JSON text.
    #[wasm_bindgen(js_name = getJson)]
    pub fn get_json(&self, key: &str) -> Option<String> {
        self.0.get(key).map(|v| v.to_string())
    }
    /// The keys present.
    pub fn keys(&self) -> Vec<String> {
        self.0.keys().map(str::to_string).collect()
    }
    /// A copy with `key` set to the JSON value `valueJson` (`Malformed` if it is not one JSON
    /// value).
    #[wasm_bindgen(js_name = withJson)]
    pub fn with_json(&self, key: &str, value_json: &str) -> JsResult<NodeAttributes> {
        js(self.0.with_json(key, value_json)).map(NodeAttributes)
    }
}

/// Encrypts node attributes under the node's attribute key.
#[wasm_bindgen(js_name = sealNodeAttributes)]
pub fn seal_node_attributes(key: &AesKey, attrs: &NodeAttributes) -> JsResult<Vec<u8>> {
    js(attributes::seal_node_attributes(&key.0, &attrs.0))
}

/// Encrypts attribute JSON text (validated first).
#[wasm_bindgen(js_name = sealNodeAttributesJson)]
pub fn seal_node_attributes_json(key: &AesKey, json: &str) -> JsResult<Vec<u8>> {
    js(attributes::seal_node_attributes_json(&key.0, json))
}

/// Decrypts node attributes; a wrong key gives the opaque `Decrypt`.
#[wasm_bindgen(js_name = openNodeAttributes)]
pub fn open_node_attributes(key: &AesKey, ciphertext: &[u8]) -> JsResult<NodeAttributes> {
    js(attributes::open_node_attributes(&key.0, ciphertext)).map(NodeAttributes)
}

/// Decrypts the base64 `a` field.
#[wasm_bindgen(js_name = openNodeAttributesB64)]
pub fn open_node_attributes_b64(key: &AesKey, ciphertext_b64: &str) -> JsResult<NodeAttributes> {
    js(attributes::open_node_attributes_b64(&key.0, ciphertext_b64)).map(NodeAttributes)
}

/// Encrypts a file attribute (thumbnail/preview bytes) under the file's content key.
#[wasm_bindgen(js_name = encryptFileAttribute)]
pub fn encrypt_file_attribute(key: &AesKey, data: &[u8]) -> JsResult<Vec<u8>> {
    js(attributes::encrypt_file_attribute(&key.0, data))
}

/// Decrypts a file attribute (zero padding included; unauthenticated).
#[wasm_bindgen(js_name = decryptFileAttribute)]
pub fn decrypt_file_attribute(key: &AesKey, ciphertext: &[u8]) -> JsResult<Vec<u8>> {
    js(attributes::decrypt_file_attribute(&key.0, ciphertext))
}
