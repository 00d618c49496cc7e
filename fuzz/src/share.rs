//! Harnesses for node keys, the `k` field, share keys, `cr` and the block registry (core `share`).

use megacrypt::share::{self, CrElement, KeyBlockRegistry, KeyContext};
use megacrypt::{ErrorKind, FileKey, FolderKey, NodeHandle, NodeKey};

use crate::{fixed, lossy};

/// Node-key unpacking, AES-ECB unwrapping and the ECB block-reuse detector.
pub fn node_key(data: &[u8]) {
    let f = fixed();
    match FileKey::from_node_key_slice(data) {
        Ok(k) => {
            assert_eq!(data.len(), 32);
            assert_ne!(data[..16], data[16..]);
            assert_eq!(&k.to_node_key()[..], data);
            assert_eq!(FileKey::from_b64(&k.to_b64()).unwrap(), k);
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::InvalidKey),
    }
    if let Ok(k) = NodeKey::from_slice(data) {
        assert_eq!(&k.to_bytes()[..], data);
        let _ = k.attribute_key();
        // Wrap/unwrap round trip under the master key.
        let w = share::wrap_node_key(f.master_key.as_aes_key(), &k);
        assert_eq!(
            share::unwrap_node_key(f.master_key.as_aes_key(), &w).unwrap(),
            k
        );
    }
    match share::unwrap_node_key(f.master_key.as_aes_key(), data) {
        Ok(k) => assert_eq!(share::wrap_node_key(f.master_key.as_aes_key(), &k), data),
        Err(e) => assert_eq!(
            e,
            megacrypt::Error::new(ErrorKind::Decrypt, "decryption failed")
        ),
    }
    let s = lossy(data);
    let _ = FileKey::from_b64(&s);
    let _ = FolderKey::from_b64(&s);
    let _ = share::unwrap_node_key_b64(f.master_key.as_aes_key(), &s);
    let mut reg = KeyBlockRegistry::new();
    reg.record_private_key_ciphertext(data.get(..48).unwrap_or_default());
    for piece in data.chunks(32) {
        let first = reg.check_and_record(piece);
        if first.is_ok() {
            // The identical wrapped key again is fine (copies of a node).
            assert!(reg.check_and_record(piece).is_ok());
        }
    }
}

/// The node `k` field, the `cr` element, `ha`/`ok` share-key checks.
pub fn share_keys(data: &[u8]) {
    let f = fixed();
    let s = lossy(data);
    if let Ok(items) = share::parse_key_field(&s) {
        assert!(!items.is_empty());
        for i in &items {
            assert!(!i.wrapped_b64.is_empty());
            let _ = i.is_rsa();
        }
    }
    let lookup = |h: &NodeHandle| (*h == f.share_handle).then_some(&f.share_key);
    let ctx = KeyContext::Account {
        user: &f.user,
        master_key: &f.master_key,
    };
    if let Ok(keys) = share::unwrap_key_field(&s, ctx, lookup) {
        assert!(keys.len() <= s.split('/').count());
    }
    let link_ctx = KeyContext::FolderLink {
        root: &f.share_handle,
        key: f.share_key.as_aes_key(),
    };
    let _ = share::unwrap_key_field(&s, link_ctx, lookup);
    if let Ok(cr) = CrElement::from_json(&s) {
        let again = CrElement::from_json(&cr.to_json()).expect("cr round trip");
        assert_eq!(again, cr);
        let _ = cr.unwrap_keys(lookup);
    }
    let _ = share::verify_handle_auth(&f.master_key, &f.share_handle, &s);
    let _ = share::unwrap_share_key_b64(&f.master_key, &s);
    let _ = share::unwrap_owner_share_key(&f.master_key, &f.share_handle, &s, &s);
}
