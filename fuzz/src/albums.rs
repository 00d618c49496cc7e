//! Harnesses for Sets and Elements, `collection/` links, typed private user attributes, TOTP
//! parameters and password-manager items.
//!
//! Keys travel in the input (so seeds made from the known-answer vectors open for real): each
//! harness documents its input layout.

use megacrypt::link::{CollectionLink, Link, LinkKind};
use megacrypt::password_item::PasswordItem;
use megacrypt::sets::{self, ElementKey, SetKey};
use megacrypt::tlv::{self, TlvRecords};
use megacrypt::totp::{self, Totp, TotpAlgorithm};
use megacrypt::user_attributes::{
    self, CameraUploadsFolders, ChatFilesFolder, ContactAliases, DeviceNames, Geolocation, Keyring,
    LegacyAuthring, RichPreviews, TypedAttribute,
};
use megacrypt::{ErrorKind, MasterKey};

use crate::Input;

/// A collection link: parse; whatever parses re-encodes to itself on its host and through
/// `Link::parse`.
pub fn collection_link(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let Ok(l) = CollectionLink::parse(&s) else {
        return;
    };
    let url = l.to_url_on(l.host());
    assert!(url.eq_ignore_ascii_case(&s));
    let again = CollectionLink::parse(&url).expect("built link parses");
    assert_eq!(again, l);
    match Link::parse(&url).expect("Link::parse reads a collection link") {
        Link::Collection(c) => assert_eq!(c, l),
        other => panic!("collection link parsed as {other:?}"),
    }
    assert_eq!(Link::parse(&url).unwrap().kind(), LinkKind::Collection);
    let _ = format!("{l:?}");
}

/// `set key (16) || at`: opens Set attributes; what opens reseals and reopens identically.
/// Also unwraps the first 16 or 32 bytes of `at` as an Element key.
pub fn set_attributes(data: &[u8]) {
    let mut inp = Input(data);
    let Ok(sk) = SetKey::from_slice(inp.bytes(16)) else {
        return;
    };
    let at = inp.rest();
    match sets::open_set_attributes(&sk, at) {
        Ok(a) => {
            let _ = (a.name(), a.cover(), format!("{a:?}"));
            let resealed =
                megacrypt::hazmat::seal_set_attributes_with_iv(&sk, &a, &[0; 12]).unwrap();
            assert_eq!(sets::open_set_attributes(&sk, &resealed).unwrap(), a);
        }
        Err(e) => assert!(matches!(
            e.kind(),
            ErrorKind::Decrypt | ErrorKind::Malformed | ErrorKind::Unsupported
        )),
    }
    for n in [16, 32] {
        if let Some(w) = at.get(..n)
            && let Ok(ek) = sets::unwrap_element_key(&sk, w)
        {
            assert_eq!(sets::wrap_element_key(&sk, &ek), w);
        }
    }
}

/// `element key (32) || at`: opens Element attributes (TLV under the folded key) and, as a
/// preview, the node metadata (`MEGA{…}` blob under the same key).
pub fn element_attributes(data: &[u8]) {
    let mut inp = Input(data);
    let Ok(ek) = ElementKey::from_slice(inp.bytes(32)) else {
        return;
    };
    let at = inp.rest();
    if let Ok(a) = sets::open_element_attributes(&ek, at) {
        let resealed =
            megacrypt::hazmat::seal_element_attributes_with_iv(&ek, &a, &[0; 12]).unwrap();
        assert_eq!(sets::open_element_attributes(&ek, &resealed).unwrap(), a);
    }
    if let Ok(n) = sets::open_preview_node_attributes(&ek, at) {
        let _ = n.name();
    }
}

fn typed_round_trip<T: TypedAttribute + PartialEq + core::fmt::Debug>(records: TlvRecords) {
    if let Ok(v) = T::from_records(records) {
        let back = v.to_records().expect("typed value writes");
        assert_eq!(T::from_records(back).expect("written value reads"), v);
    }
}

/// `selector (1) || master key (16) || container`: opens a `*` attribute and reads it as each
/// typed attribute (selector 0–7), or reads the bytes as plain TLV records (selector ≥ 8, no
/// key); whatever reads writes back and reads again to the same value.
pub fn user_attribute(data: &[u8]) {
    let mut inp = Input(data);
    let sel = inp.u8() % 9;
    let records = if sel == 8 {
        match TlvRecords::from_bytes(inp.rest()) {
            Ok(r) => r,
            Err(_) => return,
        }
    } else {
        let Ok(mk) = MasterKey::from_slice(inp.bytes(16)) else {
            return;
        };
        match tlv::open_container(mk.as_aes_key(), inp.rest()) {
            Ok((_, r)) => r,
            Err(_) => return,
        }
    };
    match sel {
        0 => typed_round_trip::<CameraUploadsFolders>(records),
        1 => typed_round_trip::<ChatFilesFolder>(records),
        2 => typed_round_trip::<ContactAliases>(records),
        3 => typed_round_trip::<DeviceNames>(records),
        4 => typed_round_trip::<RichPreviews>(records),
        5 => typed_round_trip::<Geolocation>(records),
        6 => typed_round_trip::<Keyring>(records),
        7 => typed_round_trip::<LegacyAuthring>(records),
        _ => {
            for_each_type(&records);
        }
    }
}

fn for_each_type(r: &TlvRecords) {
    typed_round_trip::<CameraUploadsFolders>(r.clone());
    typed_round_trip::<ChatFilesFolder>(r.clone());
    typed_round_trip::<ContactAliases>(r.clone());
    typed_round_trip::<DeviceNames>(r.clone());
    typed_round_trip::<RichPreviews>(r.clone());
    typed_round_trip::<Geolocation>(r.clone());
    typed_round_trip::<Keyring>(r.clone());
    let _ = user_attributes::device_id_hash(&r.to_bytes().unwrap_or_default());
}

/// `algorithm (1) || digits (1) || period (2, LE) || time (8, LE) || base32 secret`: base32
/// decoding (re-encoding round-trips the bytes) and TOTP parameter validation; a valid TOTP
/// produces a code of its length that verifies.
pub fn totp_parameters(data: &[u8]) {
    let mut inp = Input(data);
    let alg = [
        TotpAlgorithm::Sha1,
        TotpAlgorithm::Sha256,
        TotpAlgorithm::Sha512,
    ][usize::from(inp.u8() % 3)];
    let digits = inp.u8();
    let period = u32::from(inp.u16());
    let mut t = [0u8; 8];
    t.copy_from_slice(&{
        let b = inp.bytes(8);
        let mut a = [0u8; 8];
        a[..b.len()].copy_from_slice(b);
        a
    });
    let time = u64::from_le_bytes(t);
    let secret = String::from_utf8_lossy(inp.rest());
    if let Ok(raw) = totp::decode_base32(&secret) {
        assert!(raw.len() <= secret.len() * 5 / 8);
        let enc = totp::encode_base32(&raw);
        assert_eq!(*totp::decode_base32(&enc).unwrap(), *raw);
    }
    let Ok(t) = Totp::new(&secret, alg, digits, period) else {
        return;
    };
    let code = t.code_at(time);
    assert_eq!(code.len(), usize::from(digits));
    assert!(t.verify(&code, time, 0).unwrap());
    assert!(t.remaining_seconds(time) >= 1 && t.remaining_seconds(time) <= period);
}

/// A `pwm` JSON object: parse; what parses writes back to a value that parses to the same item.
pub fn password_item(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let Ok(item) = PasswordItem::from_json(&s) else {
        return;
    };
    let v = item.to_value();
    assert_eq!(PasswordItem::from_value(&v).unwrap(), item);
    if let PasswordItem::Password(p) = &item
        && let Some(t) = p.totp()
    {
        assert!(t.to_totp().is_ok());
    }
    let _ = format!("{item:?}");
}
