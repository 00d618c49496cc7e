//! Node attributes and file attributes (docs/format/node-attributes.md).
//!
//! **Node attributes** (the `a`/`at` field: name, fingerprint, label, …) are the JSON object
//! prefixed with `MEGA`, zero-padded to a multiple of 16 bytes and encrypted with AES-128-CBC
//! under a zero IV. The key is the node's attribute key: a file's folded content key
//! ([`crate::FileKey::aes_key`]) or a folder's key ([`crate::NodeKey::attribute_key`]).
//!
//! Opening checks the 6-byte prefix `MEGA{"` that every MEGA client checks; a wrong key fails that
//! check with probability 1 − 2⁻⁴⁸ and gives the opaque [`crate::ErrorKind::Decrypt`], never
//! garbage. A right key with broken JSON gives [`crate::ErrorKind::Malformed`].
//!
//! **File attributes** (thumbnails, previews) are the image bytes zero-padded and encrypted the
//! same way, without a prefix. Neither format is authenticated: a server can swap or corrupt
//! them undetected (see SECURITY.md).
//!
//! ```
//! use megacrypt::{attributes::{self, NodeAttributes}, AesKey};
//! let key = AesKey::from_bytes([7; 16])?;
//! let attrs = NodeAttributes::with_name("Résumé 😀.pdf");
//! let sealed = attributes::seal_node_attributes(&key, &attrs)?;
//! let opened = attributes::open_node_attributes(&key, &sealed)?;
//! assert_eq!(opened.name(), Some("Résumé 😀.pdf"));
//! assert!(attributes::open_node_attributes(&AesKey::from_bytes([8; 16])?, &sealed).is_err());
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::base64;
use crate::error::{Error, Result};
use crate::keys::AesKey;
use crate::primitives::{aes, cbc_decrypt_zero_iv, cbc_encrypt_zero_iv};

/// The largest node-attribute ciphertext accepted (bounds memory on hostile input). Real
/// attribute blobs are a few hundred bytes; the SDK caps whole API responses, not attributes.
pub const MAX_NODE_ATTRIBUTES_LEN: usize = 1 << 20;
/// The largest encrypted file attribute (SDK `MAX_FILE_ATTRIBUTE_SIZE`, 16 MiB).
pub const MAX_FILE_ATTRIBUTE_LEN: usize = 16 << 20;

/// A node's decrypted attributes: a JSON object whose text is kept as received, so unknown keys
/// survive a round trip byte for byte.
#[derive(Clone, PartialEq, Eq)]
pub struct NodeAttributes {
    json: String,
    map: Map<String, Value>,
}

impl core::fmt::Debug for NodeAttributes {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Names are user data; keep them out of logs.
        write!(f, "NodeAttributes({} keys)", self.map.len())
    }
}

impl NodeAttributes {
    /// Parses and validates attribute JSON: it must be a non-empty JSON object (MEGA clients
    /// recognise attributes by the prefix `MEGA{"`, so `{}` would be unreadable).
    pub fn from_json(json: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(json)
            .map_err(|_| Error::malformed("node attributes: invalid JSON"))?;
        let Value::Object(map) = value else {
            return Err(Error::malformed("node attributes: JSON is not an object"));
        };
        if map.is_empty() || !json.starts_with("{\"") {
            return Err(Error::malformed(
                "node attributes: must start with {\" and not be empty",
            ));
        }
        Ok(NodeAttributes {
            json: json.into(),
            map,
        })
    }

    /// Attributes holding just a name: `{"n":"<name>"}`.
    pub fn with_name(name: &str) -> Self {
        let mut map = Map::new();
        map.insert("n".into(), Value::String(name.into()));
        Self::from_map(map)
    }

    fn from_map(map: Map<String, Value>) -> Self {
        let json = serde_json::to_string(&map).unwrap_or_default();
        // Keep the map what the JSON text says (a float may not survive the text round trip).
        let map = match serde_json::from_str::<Value>(&json) {
            Ok(Value::Object(m)) => m,
            _ => map,
        };
        NodeAttributes { json, map }
    }

    /// The JSON text (exactly as decrypted, or as built).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The name (`n`), if present and a string.
    pub fn name(&self) -> Option<&str> {
        self.get_str("n")
    }

    /// A string-valued attribute.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.map.get(key).and_then(Value::as_str)
    }

    /// An integer-valued attribute (e.g. `lbl`, `fav`, or a numeric `t`).
    pub fn get_i64(&self, key: &str) -> Option<i64> {
        self.map.get(key).and_then(Value::as_i64)
    }

    /// Any attribute as a JSON value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    /// The keys present.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// Returns a copy with `key` set to `value`, keeping every other attribute (including unknown
    /// ones). The JSON text is re-serialised.
    pub fn with(&self, key: &str, value: Value) -> Self {
        let mut map = self.map.clone();
        map.insert(key.into(), value);
        Self::from_map(map)
    }

    /// [`NodeAttributes::with`] for a value given as JSON text (`"\"a name\""`, `3`, `{"a":1}`):
    /// text that is not one JSON value is [`crate::ErrorKind::Malformed`], like attribute JSON
    /// that [`NodeAttributes::from_json`] refuses.
    ///
    /// ```
    /// use megacrypt::attributes::NodeAttributes;
    /// let a = NodeAttributes::with_name("a.txt").with_json("lbl", "3")?;
    /// assert_eq!(a.get_i64("lbl"), Some(3));
    /// assert!(a.with_json("lbl", "not json").is_err());
    /// # Ok::<(), megacrypt::Error>(())
    /// ```
    pub fn with_json(&self, key: &str, value_json: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(value_json)
            .map_err(|_| Error::malformed("attribute value is not JSON"))?;
        Ok(self.with(key, value))
    }
}

fn zero_padded(data: &[u8], prefix: &[u8]) -> Zeroizing<Vec<u8>> {
    let len = prefix.len() + data.len();
    let padded = len.div_ceil(16) * 16;
    let mut buf = Zeroizing::new(Vec::with_capacity(padded));
    buf.extend_from_slice(prefix);
    buf.extend_from_slice(data);
    buf.resize(padded, 0);
    buf
}

/// Encrypts node attributes: `AES-CBC(zero IV, "MEGA" || json || zero padding)`.
pub fn seal_node_attributes(key: &AesKey, attrs: &NodeAttributes) -> Result<Vec<u8>> {
    seal_node_attributes_json(key, attrs.json())
}

/// Encrypts attribute JSON text after validating it (see [`NodeAttributes::from_json`]). The text is
/// encrypted exactly as given, so key order and spacing are preserved.
pub fn seal_node_attributes_json(key: &AesKey, json: &str) -> Result<Vec<u8>> {
    NodeAttributes::from_json(json)?;
    let mut buf = zero_padded(json.as_bytes(), b"MEGA");
    if buf.len() > MAX_NODE_ATTRIBUTES_LEN {
        return Err(Error::misuse("node attributes too large"));
    }
    cbc_encrypt_zero_iv(&aes(key.as_bytes()), &mut buf);
    Ok(core::mem::take(&mut *buf))
}

/// Decrypts and parses node attributes.
///
/// The JSON ends at the first NUL byte; everything after it must be NUL padding.
///
/// Errors: length not a non-zero multiple of 16 → `Malformed`; prefix `MEGA{"` missing (wrong key
/// or garbage) → `Decrypt`; right prefix but invalid UTF-8 or JSON, or non-zero bytes after the
/// JSON → `Malformed`.
pub fn open_node_attributes(key: &AesKey, ciphertext: &[u8]) -> Result<NodeAttributes> {
    if ciphertext.is_empty() || !ciphertext.len().is_multiple_of(16) {
        return Err(Error::malformed(
            "node attributes: length is not a non-zero multiple of 16",
        ));
    }
    if ciphertext.len() > MAX_NODE_ATTRIBUTES_LEN {
        return Err(Error::malformed("node attributes: too large"));
    }
    let mut buf = Zeroizing::new(ciphertext.to_vec());
    cbc_decrypt_zero_iv(&aes(key.as_bytes()), &mut buf);
    if !buf.starts_with(b"MEGA{\"") {
        return Err(Error::decrypt());
    }
    let body = buf.get(4..).unwrap_or_default();
    let end = body.iter().position(|&b| b == 0).unwrap_or(body.len());
    let (text, padding) = body.split_at(end);
    // Every writer pads with NUL bytes; anything else after the JSON is not MEGA's format.
    if padding.iter().any(|&b| b != 0) {
        return Err(Error::malformed(
            "node attributes: non-zero bytes after the JSON",
        ));
    }
    let text =
        core::str::from_utf8(text).map_err(|_| Error::malformed("node attributes: not UTF-8"))?;
    NodeAttributes::from_json(text)
}

/// [`open_node_attributes`] on the base64 `a` field.
pub fn open_node_attributes_b64(key: &AesKey, ciphertext_b64: &str) -> Result<NodeAttributes> {
    open_node_attributes(key, &base64::decode(ciphertext_b64)?)
}

/// Encrypts a file attribute (thumbnail/preview bytes): zero-pad to 16, AES-CBC with a zero IV
/// under the file's content key. At most [`MAX_FILE_ATTRIBUTE_LEN`] bytes after padding.
pub fn encrypt_file_attribute(key: &AesKey, data: &[u8]) -> Result<Vec<u8>> {
    if data.len() > MAX_FILE_ATTRIBUTE_LEN {
        return Err(Error::misuse("file attribute larger than 16 MiB"));
    }
    let mut buf = zero_padded(data, b"");
    cbc_encrypt_zero_iv(&aes(key.as_bytes()), &mut buf);
    Ok(core::mem::take(&mut *buf))
}

/// Decrypts a file attribute. The zero padding cannot be told apart from data and is left in
/// place (JPEG decoders ignore it). This format has no integrity: the result is unauthenticated.
pub fn decrypt_file_attribute(key: &AesKey, ciphertext: &[u8]) -> Result<Vec<u8>> {
    if !ciphertext.len().is_multiple_of(16) {
        return Err(Error::malformed(
            "file attribute: length is not a multiple of 16",
        ));
    }
    if ciphertext.len() > MAX_FILE_ATTRIBUTE_LEN {
        return Err(Error::malformed("file attribute: larger than 16 MiB"));
    }
    let mut buf = ciphertext.to_vec();
    cbc_decrypt_zero_iv(&aes(key.as_bytes()), &mut buf);
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> AesKey {
        AesKey::from_bytes([b; 16]).unwrap()
    }

    #[test]
    fn rejects_bad_lengths_and_empty_objects() {
        let k = key(1);
        assert_eq!(
            open_node_attributes(&k, &[]).unwrap_err().kind(),
            crate::ErrorKind::Malformed
        );
        assert_eq!(
            open_node_attributes(&k, &[0; 15]).unwrap_err().kind(),
            crate::ErrorKind::Malformed
        );
        assert_eq!(
            open_node_attributes(&k, &[0; 17]).unwrap_err().kind(),
            crate::ErrorKind::Malformed
        );
        assert!(seal_node_attributes_json(&k, "{}").is_err());
        assert!(seal_node_attributes_json(&k, "[1]").is_err());
        assert!(seal_node_attributes_json(&k, "{\"n\":").is_err());
        assert!(seal_node_attributes_json(&k, " {\"n\":\"x\"}").is_err());
    }

    #[test]
    fn aligned_plaintext_gets_no_extra_block() {
        // "MEGA" + 12 bytes of JSON = 16 bytes exactly.
        let ct = seal_node_attributes_json(&key(2), "{\"n\":\"abcd\"}").unwrap();
        assert_eq!(ct.len(), 16);
    }

    #[test]
    fn valid_prefix_but_broken_json_is_malformed() {
        let k = key(3);
        let mut pt = *b"MEGA{\"n\":\"x\"\x00\x00\x00\x00";
        cbc_encrypt_zero_iv(&aes(k.as_bytes()), &mut pt);
        assert_eq!(
            open_node_attributes(&k, &pt).unwrap_err().kind(),
            crate::ErrorKind::Malformed
        );
    }

    #[test]
    fn unknown_keys_survive_with() {
        let a = NodeAttributes::from_json("{\"n\":\"a\",\"zz\":[1,2],\"lbl\":3}").unwrap();
        let b = a.with("n", Value::String("b".into()));
        assert_eq!(b.name(), Some("b"));
        assert_eq!(b.get_i64("lbl"), Some(3));
        assert!(b.get("zz").is_some());
    }

    #[test]
    fn file_attribute_round_trip_keeps_padding() {
        let k = key(4);
        let ct = encrypt_file_attribute(&k, b"\xff\xd8jpeg").unwrap();
        assert_eq!(ct.len(), 16);
        let pt = decrypt_file_attribute(&k, &ct).unwrap();
        assert_eq!(&pt[..6], b"\xff\xd8jpeg");
        assert!(pt[6..].iter().all(|&b| b == 0));
        assert!(decrypt_file_attribute(&k, &ct[..15]).is_err());
    }
}
