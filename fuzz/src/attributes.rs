//! Harnesses for node attributes and file attributes (core `attributes`).

use megacrypt::attributes::{self, NodeAttributes};
use megacrypt::{AesKey, ErrorKind};
use serde_json::Value;

use crate::{Input, fixed, lossy};

/// Node attributes: raw ciphertexts, and authentic ciphertexts of arbitrary `MEGA…` plaintexts.
pub fn node_attributes(data: &[u8]) {
    let key = &fixed().attr_key;
    let mut inp = Input(data);
    let mode = inp.u8();
    let rest = inp.rest();
    match mode % 3 {
        0 => {
            if let Ok(a) = attributes::open_node_attributes(key, rest) {
                reseal(key, &a);
            }
            let _ = attributes::open_node_attributes_b64(key, &lossy(rest));
        }
        1 => {
            // Authentic ciphertext: "MEGA" || rest, zero-padded, AES-CBC (the file-attribute cipher
            // is exactly that construction).
            let mut pt = b"MEGA".to_vec();
            pt.extend_from_slice(rest);
            let Ok(ct) = attributes::encrypt_file_attribute(key, &pt) else {
                return;
            };
            match attributes::open_node_attributes(key, &ct) {
                Ok(a) => {
                    let end = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
                    assert_eq!(a.json().as_bytes(), &rest[..end]);
                    reseal(key, &a);
                }
                Err(e) => {
                    if ct.is_empty() {
                        assert_eq!(e.kind(), ErrorKind::Malformed);
                    } else if !rest.starts_with(b"{\"") {
                        assert_eq!(e.kind(), ErrorKind::Decrypt);
                    } else {
                        assert_eq!(e.kind(), ErrorKind::Malformed);
                    }
                }
            }
        }
        _ => {
            if let Ok(a) = NodeAttributes::from_json(&lossy(rest)) {
                let _ = (
                    a.name(),
                    a.get_i64("lbl"),
                    a.keys().count(),
                    format!("{a:?}"),
                );
                let b = a.with("n", Value::String("x".into()));
                assert_eq!(b.name(), Some("x"));
                reseal(key, &b);
            }
        }
    }
}

fn reseal(key: &AesKey, a: &NodeAttributes) {
    let ct = attributes::seal_node_attributes(key, a).expect("valid attributes seal");
    let back = attributes::open_node_attributes(key, &ct).expect("sealed attributes open");
    assert_eq!(back.json(), a.json());
    assert_eq!(&back, a);
}

/// File attributes: decrypt any input; encrypt-then-decrypt is the identity plus zero padding.
pub fn file_attribute(data: &[u8]) {
    let key = &fixed().attr_key;
    match attributes::decrypt_file_attribute(key, data) {
        Ok(pt) => {
            assert_eq!(data.len() % 16, 0);
            assert_eq!(pt.len(), data.len());
            assert_eq!(attributes::encrypt_file_attribute(key, &pt).unwrap(), data);
        }
        Err(e) => {
            assert_ne!(data.len() % 16, 0);
            assert_eq!(e.kind(), ErrorKind::Malformed);
        }
    }
    let ct = attributes::encrypt_file_attribute(key, data).unwrap();
    assert_eq!(ct.len(), data.len().div_ceil(16) * 16);
    let pt = attributes::decrypt_file_attribute(key, &ct).unwrap();
    assert_eq!(&pt[..data.len()], data);
    assert!(pt[data.len()..].iter().all(|b| *b == 0));
}
