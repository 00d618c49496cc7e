//! What an [`UnshareableKey`]'s `Debug` shows, where mutation testing (docs/mutation-testing.md)
//! found no test looking. Its use is checked against known answers in `vectors` (area `gps`).
#![allow(clippy::unwrap_used, missing_docs)]

use megacrypt::location::UnshareableKey;

#[test]
fn unshareable_key_debug_is_redacted() {
    let key = UnshareableKey::from_bytes([0x5a; 16]);
    let shown = format!("{key:?}");
    assert_eq!(shown, "UnshareableKey(<redacted>)");
    assert!(!shown.to_lowercase().contains("5a"), "{shown}");
}
