//! The typed private user attributes (`core/src/user_attributes.rs`): what each getter reads out
//! of the records MEGA writes, where mutation testing (docs/mutation-testing.md) found that no
//! test looked at the typed values, only at the records.
//!
//! Expected values: records written by hand from docs/format/user-attributes.md; base64 from
//! Python's `base64.urlsafe_b64encode` (padding stripped) and `hashlib.sha256`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use megacrypt::tlv::TlvRecords;
use megacrypt::user_attributes::{
    CameraUploadsFolders, ChatFilesFolder, ContactAliases, DeviceNames, Geolocation, Keyring,
    LegacyAuthring, RichPreviews, TypedAttribute,
};
use megacrypt::{ErrorKind, NodeHandle, UserHandle};

fn records(pairs: &[(&str, &[u8])]) -> TlvRecords {
    let mut r = TlvRecords::new();
    for (k, v) in pairs {
        r.insert(k, v).unwrap();
    }
    r
}

/// Python: urlsafe_b64encode(bytes([0x24, 0x65, 0xeb, 0xca, 0x6e, 0x7f])) = "JGXrym5_".
const PRIMARY: [u8; 6] = [0x24, 0x65, 0xeb, 0xca, 0x6e, 0x7f];
/// Python: urlsafe_b64encode(bytes([1, 2, 3, 4, 5, 6])) = "AQIDBAUG".
const SECONDARY: [u8; 6] = [1, 2, 3, 4, 5, 6];

#[test]
fn camera_uploads_folders_read_h_and_sh() {
    let cam = CameraUploadsFolders::from_records(records(&[("h", &PRIMARY), ("sh", &SECONDARY)]))
        .unwrap();
    assert_eq!(cam.primary().unwrap().to_b64(), "JGXrym5_");
    assert_eq!(cam.secondary().unwrap().to_b64(), "AQIDBAUG");
    let only_secondary =
        CameraUploadsFolders::from_records(records(&[("sh", &SECONDARY)])).unwrap();
    assert_eq!(only_secondary.primary(), None);
    assert_eq!(
        only_secondary.secondary(),
        Some(NodeHandle::from_bytes(SECONDARY))
    );
}

#[test]
fn chat_files_folder_reads_h() {
    let cf = ChatFilesFolder::from_records(records(&[("h", &PRIMARY)])).unwrap();
    assert_eq!(cf.folder(), Some(NodeHandle::from_b64("JGXrym5_").unwrap()));
    assert_eq!(ChatFilesFolder::default().folder(), None);
}

/// Record keys are user handles in base64 (Python: bytes(range(8)) → "AAECAwQFBgc",
/// bytes([9] * 8) → "CQkJCQkJCQk").
#[test]
fn contact_aliases_read_by_handle() {
    let a = ContactAliases::from_records(records(&[
        ("AAECAwQFBgc", "Ålice".as_bytes()),
        ("CQkJCQkJCQk", b"bob"),
    ]))
    .unwrap();
    let alice = UserHandle::from_bytes([0, 1, 2, 3, 4, 5, 6, 7]);
    let bob = UserHandle::from_bytes([9; 8]);
    assert_eq!(a.get(&alice), Some("Ålice"));
    assert_eq!(a.get(&bob), Some("bob"));
    assert_eq!(a.get(&UserHandle::from_bytes([8; 8])), None);
    let all: Vec<(String, String)> = a.iter().map(|(u, s)| (u.to_b64(), s.to_owned())).collect();
    assert_eq!(
        all,
        [
            ("AAECAwQFBgc".to_owned(), "Ålice".to_owned()),
            ("CQkJCQkJCQk".to_owned(), "bob".to_owned())
        ]
    );
}

/// Python: urlsafe_b64encode(sha256(b"abc").digest()) =
/// "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0"; the drive id 09×8 is "CQkJCQkJCQk".
#[test]
fn device_names_read_devices_and_drives() {
    let device = "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0";
    assert_eq!(megacrypt::user_attributes::device_id_hash(b"abc"), device);
    let d = DeviceNames::from_records(records(&[
        (device, b"laptop"),
        ("ext:CQkJCQkJCQk", b"usb stick"),
    ]))
    .unwrap();
    assert_eq!(d.device(device), Some("laptop"));
    assert_eq!(
        d.device("uVMOAe5iD3CJBYO6unNkrjG8v36pjHmEaub2BCf4dzQ"),
        None
    );
    assert_eq!(d.drive(&[9; 8]), Some("usb stick"));
    assert_eq!(d.drive(&[8; 8]), None);
    assert_eq!(d.devices().collect::<Vec<_>>(), [(device, "laptop")]);
    assert_eq!(d.drives().collect::<Vec<_>>(), [(&[9u8; 8], "usb stick")]);
    // Written back under the same keys.
    let back = d.to_records().unwrap();
    assert_eq!(back.get(device), Some(&b"laptop"[..]));
    assert_eq!(back.get("ext:CQkJCQkJCQk"), Some(&b"usb stick"[..]));
    assert_eq!(back.iter().count(), 2);
}

#[test]
fn device_names_refuse_a_name_twice_and_empty_names() {
    let device = "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0";
    let twice = DeviceNames::from_records(records(&[(device, b"x"), ("ext:CQkJCQkJCQk", b"x")]));
    assert_eq!(twice.unwrap_err().kind(), ErrorKind::Malformed);
    let empty = DeviceNames::from_records(records(&[(device, b"")]));
    assert_eq!(empty.unwrap_err().kind(), ErrorKind::Malformed);
}

#[test]
fn device_and_drive_names_set_and_remove() {
    let device = "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0";
    let mut d = DeviceNames::default();
    d.set_device(device, Some("laptop")).unwrap();
    d.set_drive([9; 8], Some("usb")).unwrap();
    assert_eq!(d.device(device), Some("laptop"));
    assert_eq!(d.drive(&[9; 8]), Some("usb"));
    // An empty name removes, as `None` does (the SDK treats an empty value as removal).
    d.set_device(device, Some("")).unwrap();
    d.set_drive([9; 8], Some("")).unwrap();
    assert_eq!(d.device(device), None);
    assert_eq!(d.drive(&[9; 8]), None);
    assert_eq!(d.to_records().unwrap().iter().count(), 0);
    // A drive may not take a device's name either.
    d.set_device(device, Some("laptop")).unwrap();
    assert_eq!(
        d.set_drive([9; 8], Some("laptop")).unwrap_err().kind(),
        ErrorKind::ApiMisuse
    );
    assert_eq!(
        d.set_device(
            "uVMOAe5iD3CJBYO6unNkrjG8v36pjHmEaub2BCf4dzQ",
            Some("laptop")
        )
        .unwrap_err()
        .kind(),
        ErrorKind::ApiMisuse
    );
}

/// A device key is the base64 of 32 bytes: 43 characters that decode. 43 characters that are not
/// base64, and valid base64 of another length, are both refused.
#[test]
fn device_keys_must_be_43_base64_characters() {
    let mut d = DeviceNames::default();
    let not_b64 = "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAF*0";
    assert_eq!(not_b64.len(), 43);
    // 44 characters of valid base64 (33 bytes) and 42 (31 bytes, plus 4 bits).
    for key in [
        not_b64,
        "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0A",
        "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa",
    ] {
        assert_eq!(
            d.set_device(key, Some("x")).unwrap_err().kind(),
            ErrorKind::Malformed,
            "{key}"
        );
        let read = DeviceNames::from_records(records(&[(key, b"x")]));
        assert_eq!(read.unwrap_err().kind(), ErrorKind::Malformed, "{key}");
    }
}

/// A drive key is `ext:` and exactly 11 base64 characters (8 bytes).
#[test]
fn drive_keys_must_be_8_bytes_in_base64() {
    for key in [
        "ext:CQkJCQkJCQ",
        "ext:CQkJCQkJCQkJ",
        "ext:CQkJCQkJCQkJCQk",
        "ext:CQkJCQkJC*k",
    ] {
        let read = DeviceNames::from_records(records(&[(key, b"x")]));
        assert_eq!(read.unwrap_err().kind(), ErrorKind::Malformed, "{key}");
    }
    let ok = DeviceNames::from_records(records(&[("ext:AAECAwQFBgc", b"x")])).unwrap();
    assert_eq!(ok.drive(&[0, 1, 2, 3, 4, 5, 6, 7]), Some("x"));
}

#[test]
fn rich_previews_read_num_and_the_warning_counter() {
    let on = RichPreviews::from_records(records(&[("num", b"1"), ("c", b"3")])).unwrap();
    assert_eq!(on.enabled(), Some(true));
    assert_eq!(on.warning_count(), Some(3));
    let off = RichPreviews::from_records(records(&[("num", b"0")])).unwrap();
    assert_eq!(off.enabled(), Some(false));
    assert_eq!(off.warning_count(), None);
    let unset = RichPreviews::default();
    assert_eq!(unset.enabled(), None);
    // u32::MAX has 10 digits and is read.
    let max = RichPreviews::from_records(records(&[("c", b"4294967295")])).unwrap();
    assert_eq!(max.warning_count(), Some(u32::MAX));
}

#[test]
fn rich_previews_write_num_and_c_as_mega_does() {
    let mut rp = RichPreviews::default();
    rp.set_enabled(Some(true));
    rp.set_warning_count(Some(12));
    let r = rp.to_records().unwrap();
    assert_eq!(r.get("num"), Some(&b"1"[..]));
    assert_eq!(r.get("c"), Some(&b"12"[..]));
    rp.set_enabled(Some(false));
    assert_eq!(rp.to_records().unwrap().get("num"), Some(&b"0"[..]));
    rp.set_enabled(None);
    rp.set_warning_count(None);
    assert_eq!(rp.to_records().unwrap().iter().count(), 0);
}

/// The counter is 1 to 10 ASCII digits that fit a u32: no sign (Rust's `parse` would take
/// `+5`), no eleventh digit even if it is a leading zero, no overflow, not empty.
#[test]
fn rich_previews_refuse_a_counter_that_is_not_plain_decimal() {
    for bad in [
        &b""[..],
        b"+5",
        b"-1",
        b" 5",
        b"00000000001",
        b"4294967296",
        b"1e3",
    ] {
        let read = RichPreviews::from_records(records(&[("c", bad)]));
        assert_eq!(
            read.unwrap_err().kind(),
            ErrorKind::Malformed,
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn flags_are_exactly_one_or_zero() {
    for (v, want) in [(&b"1"[..], true), (b"0", false)] {
        let g = Geolocation::from_records(records(&[("v", v)])).unwrap();
        assert_eq!(g.enabled(), want);
        let rp = RichPreviews::from_records(records(&[("num", v)])).unwrap();
        assert_eq!(rp.enabled(), Some(want));
    }
    for bad in [&b"true"[..], b"", b"01", b"2"] {
        let g = Geolocation::from_records(records(&[("v", bad)]));
        assert_eq!(g.unwrap_err().kind(), ErrorKind::Malformed);
        let rp = RichPreviews::from_records(records(&[("num", bad)]));
        assert_eq!(rp.unwrap_err().kind(), ErrorKind::Malformed);
    }
    let mut g = Geolocation::default();
    assert!(!g.enabled());
    g.set_enabled(true);
    assert_eq!(g.to_records().unwrap().get("v"), Some(&b"1"[..]));
    g.set_enabled(false);
    assert_eq!(g.to_records().unwrap().get("v"), Some(&b"0"[..]));
}

/// `*keyring` holds the account's private keys: its `Debug` says which are present and shows no
/// key byte.
#[test]
fn keyring_debug_shows_which_keys_not_the_keys() {
    let k = Keyring::new([0xab; 32], [0xcd; 32]);
    let shown = format!("{k:?}");
    assert!(shown.starts_with("Keyring"), "{shown}");
    assert!(shown.contains("has_ed25519: true"), "{shown}");
    assert!(shown.contains("has_cu25519: true"), "{shown}");
    for secret in ["171", "ab", "AB", "205", "cd", "CD"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    let only_cu = Keyring::from_records(records(&[("prCu255", &[0xcd; 32])])).unwrap();
    assert!(format!("{only_cu:?}").contains("has_ed25519: false"));
    assert_eq!(only_cu.cu25519_private(), Some(&[0xcd; 32]));
    assert_eq!(only_cu.ed25519_seed(), None);
    let r = Keyring::new([0xab; 32], [0xcd; 32]).to_records().unwrap();
    assert_eq!(r.get("prEd255"), Some(&[0xab; 32][..]));
    assert_eq!(r.get("prCu255"), Some(&[0xcd; 32][..]));
}

/// The legacy authrings keep their 29-byte records as the value of one empty-key record.
#[test]
fn legacy_authring_is_the_empty_key_record() {
    let raw: Vec<u8> = (0u8..58).collect();
    let a = LegacyAuthring::from_records(records(&[("", &raw)])).unwrap();
    assert_eq!(a.raw(), &raw[..]);
    let r = LegacyAuthring::from_raw(&raw).to_records().unwrap();
    assert_eq!(r.get(""), Some(&raw[..]));
    assert_eq!(r.iter().count(), 1);
    assert_eq!(LegacyAuthring::default().raw(), &[] as &[u8]);
}
