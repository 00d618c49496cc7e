//! Password-protected `#P!` links (`ProtectedLink` in `core/src/link.rs`): behaviour that
//! mutation testing (docs/mutation-testing.md) found unchecked.
//!
//! Expected values: the first case of `data/password_links.json` (made by MEGA's webclient).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::link::{LinkKind, ProtectedLink};

fn first_case() -> serde_json::Value {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("data/password_links.json")).unwrap();
    v["cases"][0].clone()
}

#[test]
fn protected_link_debug_shows_the_header_not_the_key_material() {
    let c = first_case();
    let link = ProtectedLink::parse(c["p_link"].as_str().unwrap()).unwrap();
    assert_eq!(link.algorithm(), 2);
    assert_eq!(link.kind(), LinkKind::File);
    assert_eq!(link.handle().to_b64(), c["public_handle"].as_str().unwrap());
    let d = format!("{link:?}");
    assert!(d.starts_with("ProtectedLink {"), "{d}");
    assert!(d.contains("algorithm: 2"), "{d}");
    assert!(d.contains("File"), "{d}");
    // The salt (a4 a1 56 22 ...) is not printed.
    assert!(!d.contains("salt"), "{d}");
    assert!(!d.contains("164, 161"), "{d}");
}
