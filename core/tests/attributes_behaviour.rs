#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]
//! Node and file attributes (`core/src/attributes.rs`): the size limits at their exact edges, the
//! accessors, and what `Debug` may show. The known answers (area `attributes`) pin the format.

use megacrypt::attributes::{
    self, MAX_FILE_ATTRIBUTE_LEN, MAX_NODE_ATTRIBUTES_LEN, NodeAttributes,
};
use megacrypt::{AesKey, ErrorKind};
use serde_json::json;

fn key() -> AesKey {
    AesKey::from_bytes([0x5a; 16]).unwrap()
}

/// Attribute JSON `{"n":"aaa…"}` whose sealed form ("MEGA" + JSON) is exactly `total` bytes.
fn json_sealing_to(total: usize) -> String {
    // "MEGA" (4) + `{"n":"` (6) + name + `"}` (2).
    format!("{{\"n\":\"{}\"}}", "a".repeat(total - 12))
}

/// Names are user data: `Debug` shows how many attributes there are, never their keys or values.
#[test]
fn node_attributes_debug_counts_keys_and_hides_values() {
    let a = NodeAttributes::from_json(r#"{"n":"tax-return-2026.pdf","lbl":3}"#).unwrap();
    let shown = format!("{a:?}");
    assert_eq!(shown, "NodeAttributes(2 keys)");
    assert!(!shown.contains("tax"));
}

/// `keys` lists every attribute in the order the JSON gives them; `get` returns each value as
/// parsed, and typed getters return `None` for a value of another type.
#[test]
fn accessors_read_the_json_as_written() {
    let a = NodeAttributes::from_json(r#"{"n":"a.txt","zz":[1,2],"lbl":3,"c":"fp"}"#).unwrap();
    assert_eq!(a.keys().collect::<Vec<_>>(), ["n", "zz", "lbl", "c"]);
    assert_eq!(a.get("zz"), Some(&json!([1, 2])));
    assert_eq!(a.get("lbl"), Some(&json!(3)));
    assert_eq!(a.get("missing"), None);
    assert_eq!(a.get_str("c"), Some("fp"));
    assert_eq!(a.get_str("lbl"), None);
    assert_eq!(a.get_i64("lbl"), Some(3));
    assert_eq!(a.get_i64("n"), None);
    assert_eq!(a.name(), Some("a.txt"));
    assert_eq!(
        a.json(),
        r#"{"n":"a.txt","zz":[1,2],"lbl":3,"c":"fp"}"#,
        "the text is kept as received"
    );
}

/// `with_json` takes one JSON value as text; anything else is `Malformed`.
#[test]
fn with_json_sets_a_parsed_value_or_refuses_text_that_is_not_json() {
    let a = NodeAttributes::with_name("a.txt");
    let b = a.with_json("lbl", "3").unwrap();
    assert_eq!(b.get_i64("lbl"), Some(3));
    assert_eq!(b.json(), r#"{"n":"a.txt","lbl":3}"#);
    assert_eq!(
        a.with_json("lbl", "not json").unwrap_err().kind(),
        ErrorKind::Malformed
    );
}

/// Sealed node attributes may be exactly `MAX_NODE_ATTRIBUTES_LEN` bytes: such a blob seals and
/// opens; one block more is refused on both sides.
#[test]
fn node_attributes_at_the_size_limit_seal_and_open_one_block_more_does_not() {
    let k = key();
    let at_limit = json_sealing_to(MAX_NODE_ATTRIBUTES_LEN);
    let sealed = attributes::seal_node_attributes_json(&k, &at_limit).unwrap();
    assert_eq!(sealed.len(), MAX_NODE_ATTRIBUTES_LEN);
    let opened = attributes::open_node_attributes(&k, &sealed).unwrap();
    assert_eq!(opened.json(), at_limit);

    let over = json_sealing_to(MAX_NODE_ATTRIBUTES_LEN + 1);
    assert_eq!(
        attributes::seal_node_attributes_json(&k, &over)
            .unwrap_err()
            .kind(),
        ErrorKind::ApiMisuse
    );
    let mut longer = sealed;
    longer.extend_from_slice(&[0; 16]);
    assert_eq!(
        attributes::open_node_attributes(&k, &longer)
            .unwrap_err()
            .kind(),
        ErrorKind::Malformed
    );
}

/// File attributes (thumbnails, previews) may be exactly `MAX_FILE_ATTRIBUTE_LEN` bytes (16 MiB,
/// the SDK's limit): they encrypt and decrypt back; one byte more is refused.
#[test]
fn file_attribute_of_exactly_the_limit_round_trips() {
    let k = key();
    let data: Vec<u8> = (0..MAX_FILE_ATTRIBUTE_LEN)
        .map(|i| (i % 251) as u8)
        .collect();
    let ct = attributes::encrypt_file_attribute(&k, &data).unwrap();
    assert_eq!(ct.len(), MAX_FILE_ATTRIBUTE_LEN);
    assert_ne!(ct[..16], data[..16]);
    assert_eq!(attributes::decrypt_file_attribute(&k, &ct).unwrap(), data);
    assert_eq!(
        attributes::encrypt_file_attribute(&k, &data[..0]).unwrap(),
        Vec::<u8>::new(),
        "nothing to encrypt gives nothing"
    );
}

/// Zero padding rounds up to the next 16 bytes and adds no block to aligned data.
#[test]
fn file_attribute_padding_rounds_up_to_whole_blocks() {
    let k = key();
    for (len, padded) in [(1, 16), (15, 16), (16, 16), (17, 32), (32, 32), (33, 48)] {
        let ct = attributes::encrypt_file_attribute(&k, &vec![0xee; len]).unwrap();
        assert_eq!(ct.len(), padded, "{len} bytes");
        let pt = attributes::decrypt_file_attribute(&k, &ct).unwrap();
        assert!(pt[..len].iter().all(|&b| b == 0xee));
        assert!(pt[len..].iter().all(|&b| b == 0));
    }
}
