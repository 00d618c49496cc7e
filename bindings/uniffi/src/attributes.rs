//! Node attributes (`"MEGA" + JSON`, AES-CBC with a zero IV) and file attributes (thumbnails,
//! previews).

use std::sync::Arc;

use megacrypt::attributes as ma;

use crate::error::FfiResult;
use crate::keys::AesKey;

/// A node's attributes: a non-empty JSON object (name `n`, label `lbl`, ...). Unknown attributes
/// are kept.
#[derive(Debug, uniffi::Object)]
pub struct NodeAttributes(pub(crate) ma::NodeAttributes);

#[uniffi::export]
impl NodeAttributes {
    /// Parses and validates attribute JSON (`Malformed` unless a non-empty JSON object).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(NodeAttributes(ma::NodeAttributes::from_json(
            &json,
        )?)))
    }

    /// Attributes holding just a name: `{"n":"<name>"}`.
    #[uniffi::constructor]
    pub fn with_name(name: String) -> Arc<Self> {
        Arc::new(NodeAttributes(ma::NodeAttributes::with_name(&name)))
    }

    /// The JSON text (exactly as decrypted, or as built).
    pub fn json(&self) -> String {
        self.0.json().to_string()
    }

    /// The name (`n`), if present and a string.
    pub fn name(&self) -> Option<String> {
        self.0.name().map(str::to_string)
    }

    /// A string-valued attribute.
    pub fn get_string(&self, key: String) -> Option<String> {
        self.0.get_str(&key).map(str::to_string)
    }

    /// An integer-valued attribute.
    pub fn get_integer(&self, key: String) -> Option<i64> {
        self.0.get_i64(&key)
    }

    /// Any attribute, as JSON text.
    pub fn get_json(&self, key: String) -> Option<String> {
        self.0.get(&key).map(|v| v.to_string())
    }

    /// The attribute names present.
    pub fn keys(&self) -> Vec<String> {
        self.0.keys().map(str::to_string).collect()
    }

    /// A copy with `key` set to the JSON value `value_json` (e.g. `"\"new name\""` or `3`),
    /// keeping every other attribute (`Malformed` if `value_json` is not one JSON value).
    pub fn with_json(&self, key: String, value_json: String) -> FfiResult<Arc<NodeAttributes>> {
        Ok(Arc::new(NodeAttributes(
            self.0.with_json(&key, &value_json)?,
        )))
    }
}

/// Encrypts node attributes under the node's attribute key.
#[uniffi::export]
pub fn seal_node_attributes(key: Arc<AesKey>, attrs: Arc<NodeAttributes>) -> FfiResult<Vec<u8>> {
    Ok(ma::seal_node_attributes(&key.0, &attrs.0)?)
}

/// Encrypts attribute JSON text exactly as given (after validating it).
#[uniffi::export]
pub fn seal_node_attributes_json(key: Arc<AesKey>, json: String) -> FfiResult<Vec<u8>> {
    Ok(ma::seal_node_attributes_json(&key.0, &json)?)
}

/// Decrypts and parses node attributes (`Decrypt` for a wrong key, `Malformed` for bad framing).
#[uniffi::export]
pub fn open_node_attributes(key: Arc<AesKey>, ciphertext: &[u8]) -> FfiResult<Arc<NodeAttributes>> {
    Ok(Arc::new(NodeAttributes(ma::open_node_attributes(
        &key.0, ciphertext,
    )?)))
}

/// Decrypts and parses node attributes from the base64 `a` field.
#[uniffi::export]
pub fn open_node_attributes_b64(
    key: Arc<AesKey>,
    ciphertext_b64: String,
) -> FfiResult<Arc<NodeAttributes>> {
    Ok(Arc::new(NodeAttributes(ma::open_node_attributes_b64(
        &key.0,
        &ciphertext_b64,
    )?)))
}

/// Encrypts a file attribute (thumbnail/preview bytes) under the file's content key.
#[uniffi::export]
pub fn encrypt_file_attribute(key: Arc<AesKey>, data: &[u8]) -> FfiResult<Vec<u8>> {
    Ok(ma::encrypt_file_attribute(&key.0, data)?)
}

/// Decrypts a file attribute (zero padding left in place; unauthenticated by format).
#[uniffi::export]
pub fn decrypt_file_attribute(key: Arc<AesKey>, ciphertext: &[u8]) -> FfiResult<Vec<u8>> {
    Ok(ma::decrypt_file_attribute(&key.0, ciphertext)?)
}
