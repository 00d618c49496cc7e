//! Password-manager items (`pwm` node attribute, docs/format/password-items.md): what each
//! getter and setter reads and writes, the JSON field names MEGA uses (SDK
//! `MegaClient::preparePasswordManagerNodeData`: `pwd`, `u`, `url`, `n`, `totp` {`shse`, `t`,
//! `alg`, `nd`}; cards `t` = `"c"`, `nu`, `cvv`, `exp`), MEGA's TOTP defaults, the strict
//! number rules and what `Debug` hides. Expected JSON is written out by hand from that field list;
//! expected codes come from RFC 6238 Appendix B.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use megacrypt::ErrorKind;
use megacrypt::attributes::NodeAttributes;
use megacrypt::password_item::{CreditCard, PasswordEntry, PasswordItem, TotpSpec};
use megacrypt::totp::TotpAlgorithm;
use serde_json::json;

/// Base32 of RFC 6238's SHA-1 seed "12345678901234567890".
const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

fn password(item: &PasswordItem) -> &PasswordEntry {
    match item {
        PasswordItem::Password(p) => Some(p),
        PasswordItem::CreditCard(_) => None,
    }
    .expect("a password item, not a card")
}

fn card(item: &PasswordItem) -> &CreditCard {
    match item {
        PasswordItem::CreditCard(c) => Some(c),
        PasswordItem::Password(_) => None,
    }
    .expect("a card, not a password item")
}

#[test]
fn a_password_item_reads_each_field_from_its_mega_name() {
    let item = PasswordItem::from_json(
        r#"{"pwd":"hunter2","u":"alice","url":"https://example.com","n":"work",
            "totp":{"shse":"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ","t":30,"alg":"sha256","nd":8}}"#,
    )
    .unwrap();
    let p = password(&item);
    assert_eq!(p.password(), "hunter2");
    assert_eq!(p.user_name(), Some("alice"));
    assert_eq!(p.url(), Some("https://example.com"));
    assert_eq!(p.notes(), Some("work"));
    let totp = p.totp().unwrap();
    assert_eq!(totp.shared_secret(), RFC_SECRET);
    let t = totp.to_totp().unwrap();
    assert_eq!(t.algorithm(), TotpAlgorithm::Sha256);
    assert_eq!(t.digits(), 8);
    assert_eq!(t.period(), 30);

    // null is absent, as a missing field.
    let bare =
        PasswordItem::from_json(r#"{"pwd":"x","u":null,"url":null,"n":null,"totp":null}"#).unwrap();
    let p = password(&bare);
    assert_eq!(
        (p.user_name(), p.url(), p.notes(), p.totp().is_none()),
        (None, None, None, true)
    );
}

#[test]
fn a_password_item_built_with_setters_writes_megas_json() {
    let mut p = PasswordEntry::new("hunter2");
    assert_eq!(
        PasswordItem::Password(p.clone()).to_value(),
        json!({"pwd": "hunter2"})
    );
    p.set_user_name(Some("alice"));
    p.set_url(Some("https://example.com"));
    p.set_notes(Some("work"));
    p.set_totp(Some(
        TotpSpec::new(RFC_SECRET, TotpAlgorithm::Sha512, 8, 60).unwrap(),
    ));
    assert_eq!(p.user_name(), Some("alice"));
    assert_eq!(p.url(), Some("https://example.com"));
    assert_eq!(p.notes(), Some("work"));
    let item = PasswordItem::Password(p.clone());
    assert_eq!(
        item.to_value(),
        json!({"pwd": "hunter2", "u": "alice", "url": "https://example.com", "n": "work",
               "totp": {"shse": RFC_SECRET, "t": 60, "alg": "sha512", "nd": 8}})
    );
    // And it reads back as what was built.
    assert_eq!(PasswordItem::from_value(&item.to_value()).unwrap(), item);

    // Setting None removes the field.
    p.set_user_name(None);
    p.set_url(None);
    p.set_notes(None);
    p.set_totp(None);
    assert_eq!(
        PasswordItem::Password(p).to_value(),
        json!({"pwd": "hunter2"})
    );
}

#[test]
fn a_card_built_with_setters_writes_megas_json() {
    let mut c = CreditCard::new("4111111111111111");
    assert_eq!(
        PasswordItem::CreditCard(c.clone()).to_value(),
        json!({"t": "c", "nu": "4111111111111111"})
    );
    c.set_holder(Some("A B"));
    c.set_cvv(Some("123"));
    c.set_expiry(Some("12/29"));
    c.set_notes(Some("visa"));
    assert_eq!(c.number(), "4111111111111111");
    assert_eq!(c.holder(), Some("A B"));
    assert_eq!(c.cvv(), Some("123"));
    assert_eq!(c.expiry(), Some("12/29"));
    assert_eq!(c.notes(), Some("visa"));
    let item = PasswordItem::CreditCard(c.clone());
    assert_eq!(
        item.to_value(),
        json!({"t": "c", "nu": "4111111111111111", "u": "A B", "cvv": "123", "exp": "12/29",
               "n": "visa"})
    );
    let back = PasswordItem::from_value(&item.to_value()).unwrap();
    let b = card(&back);
    assert_eq!(
        (b.holder(), b.cvv(), b.expiry(), b.notes()),
        (Some("A B"), Some("123"), Some("12/29"), Some("visa"))
    );
    c.set_holder(None);
    c.set_cvv(None);
    c.set_expiry(None);
    c.set_notes(None);
    assert_eq!(
        PasswordItem::CreditCard(c).to_value(),
        json!({"t": "c", "nu": "4111111111111111"})
    );
}

#[test]
fn a_totp_without_parameters_takes_megas_defaults() {
    // SHA-1, 6 digits, 30 s: RFC 6238's code at 59 s is 94287082, its low six digits 287082.
    let item = PasswordItem::from_json(&format!(
        r#"{{"pwd":"x","totp":{{"shse":"{RFC_SECRET}"}}}}"#
    ))
    .unwrap();
    let spec = password(&item).totp().unwrap();
    let t = spec.to_totp().unwrap();
    assert_eq!(
        (t.algorithm(), t.digits(), t.period()),
        (TotpAlgorithm::Sha1, 6, 30)
    );
    assert_eq!(t.code_at(59).as_str(), "287082");
    // Nothing is invented on the way back out.
    assert_eq!(
        item.to_value(),
        json!({"pwd": "x", "totp": {"shse": RFC_SECRET}})
    );
}

#[test]
fn totp_spec_new_validates_as_totp_does() {
    let spec = TotpSpec::new(RFC_SECRET, TotpAlgorithm::Sha1, 8, 30).unwrap();
    assert_eq!(spec.shared_secret(), RFC_SECRET);
    assert_eq!(spec.to_totp().unwrap().code_at(59).as_str(), "94287082");
    assert!(TotpSpec::new("GE1D", TotpAlgorithm::Sha1, 6, 30).is_err());
    assert!(TotpSpec::new(RFC_SECRET, TotpAlgorithm::Sha1, 5, 30).is_err());
    assert!(TotpSpec::new(RFC_SECRET, TotpAlgorithm::Sha1, 11, 30).is_err());
    assert!(TotpSpec::new(RFC_SECRET, TotpAlgorithm::Sha1, 6, 0).is_err());
}

#[test]
fn totp_numbers_are_json_integers_or_short_decimal_text() {
    let parse = |t: &str, nd: &str| {
        PasswordItem::from_json(&format!(
            r#"{{"pwd":"x","totp":{{"shse":"{RFC_SECRET}","t":{t},"nd":{nd}}}}}"#
        ))
    };
    for (t, nd, period, digits) in [
        ("60", "8", 60, 8),
        (r#""60""#, r#""8""#, 60, 8),
        (r#""0000000060""#, "7", 60, 7),
    ] {
        let item = parse(t, nd).unwrap();
        let totp = password(&item).totp().unwrap().to_totp().unwrap();
        assert_eq!(
            (totp.period(), totp.digits()),
            (period, digits),
            "t={t} nd={nd}"
        );
    }
    for (t, nd) in [
        (r#""""#, "8"),            // empty text
        (r#""00000000060""#, "8"), // eleven characters
        (r#""6a""#, "8"),          // not a digit
        (r#"" 60""#, "8"),
        ("4294967296", "8"), // one more than u32::MAX seconds
        (r#""4294967296""#, "8"),
        ("60", "256"), // digits beyond u8
        ("60", r#""256""#),
        ("60", "true"),
        ("-30", "8"),
    ] {
        let err = parse(t, nd).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Malformed, "t={t} nd={nd}");
    }
}

#[test]
fn item_types_and_field_types_are_strict() {
    let kind = |json: &str| PasswordItem::from_json(json).unwrap_err().kind();
    assert_eq!(kind(r#"{"t":"z","pwd":"x"}"#), ErrorKind::Unsupported);
    assert_eq!(
        kind(r#"{"pwd":"x","totp":{"shse":"GEZD","alg":"md5"}}"#),
        ErrorKind::Unsupported
    );
    for bad in [
        "not json",
        r#""pwd""#,
        r#"{"url":"https://x"}"#,
        r#"{"pwd":"x","url":1}"#,
        r#"{"pwd":"x","n":{}}"#,
        r#"{"pwd":"x","totp":[]}"#,
        r#"{"pwd":"x","totp":{"shse":5}}"#,
        r#"{"pwd":"x","totp":{"shse":"GEZD","alg":1}}"#,
        r#"{"t":"c","nu":1}"#,
        r#"{"t":"c","nu":"1","u":2}"#,
        r#"{"t":"c","nu":"1","exp":[]}"#,
        r#"{"t":"c","nu":"1","n":false}"#,
    ] {
        assert_eq!(kind(bad), ErrorKind::Malformed, "{bad}");
    }
}

#[test]
fn items_live_in_the_pwm_node_attribute() {
    let attrs = NodeAttributes::with_name("bank");
    assert_eq!(
        PasswordItem::from_node_attributes(&attrs)
            .unwrap_err()
            .kind(),
        ErrorKind::Malformed
    );
    let item = PasswordItem::Password(PasswordEntry::new("hunter2"));
    let with = item.to_node_attributes(&attrs);
    assert_eq!(with.get("pwm"), Some(&json!({"pwd": "hunter2"})));
    assert_eq!(with.name(), Some("bank"));
    assert_eq!(PasswordItem::from_node_attributes(&with).unwrap(), item);
    let json = NodeAttributes::from_json(r#"{"n":"card","pwm":{"t":"c","nu":"4111"}}"#).unwrap();
    assert_eq!(
        card(&PasswordItem::from_node_attributes(&json).unwrap()).number(),
        "4111"
    );
}

#[test]
fn debug_shows_no_secret() {
    let mut p = PasswordEntry::new("hunter2-secret");
    p.set_user_name(Some("alice"));
    p.set_totp(Some(
        TotpSpec::new(RFC_SECRET, TotpAlgorithm::Sha256, 8, 45).unwrap(),
    ));
    let shown = format!("{:?}", PasswordItem::Password(p.clone()));
    assert!(shown.contains("PasswordEntry"), "{shown}");
    assert!(shown.contains("alice"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(!shown.contains(RFC_SECRET), "{shown}");

    let spec = format!("{:?}", p.totp().unwrap());
    assert!(spec.starts_with("TotpSpec"), "{spec}");
    assert!(spec.contains("45") && spec.contains("Sha256"), "{spec}");
    assert!(!spec.contains(RFC_SECRET), "{spec}");

    let mut c = CreditCard::new("4111111111111111");
    c.set_cvv(Some("987"));
    // The card itself, not through the enum (whose derived Debug names the variant anyway).
    let shown = format!("{c:?}");
    assert!(shown.starts_with("CreditCard"), "{shown}");
    assert!(!shown.contains("4111") && !shown.contains("987"), "{shown}");
    let shown = format!("{:?}", PasswordItem::CreditCard(c));
    assert!(!shown.contains("4111") && !shown.contains("987"), "{shown}");
}
