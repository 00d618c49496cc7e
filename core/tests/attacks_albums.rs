//! What a malicious server (or a hostile link) can try against Sets, collection links, typed
//! user attributes and password items, each as a named test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use aes::Aes128;
use aes::cipher::{Array, BlockCipherEncrypt, KeyInit};
use megacrypt::link::{CollectionLink, Link};
use megacrypt::sets::{self, ElementAttributes, ElementKey, SetAttributes, SetKey};
use megacrypt::tlv::{ContainerMode, TlvRecords};
use megacrypt::user_attributes::{self, ContactAliases, DeviceNames, Keyring, TypedAttribute};
use megacrypt::{ErrorKind, MasterKey, attributes, policy::CompatibilityPolicy};

fn ecb(key: &[u8; 16], data: &[u8]) -> Vec<u8> {
    let c = Aes128::new(&Array::from(*key));
    let mut out = data.to_vec();
    for b in out.chunks_exact_mut(16) {
        let mut blk = Array::try_from(&*b).unwrap();
        c.encrypt_block(&mut blk);
        b.copy_from_slice(&blk);
    }
    out
}

fn node_key() -> [u8; 32] {
    let mut k = [0u8; 32];
    for (i, b) in k.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37).wrapping_add(11);
    }
    k
}

/// An Element key wrapped with ECB (the mistake of a naive client, or a server replaying such a
/// key) unwraps under CBC to a different key: the second block is `D(E(k2)) ⊕ c1 = k2 ⊕ c1`.
/// Whatever attributes were sealed under the real key then fail their GCM tag, and the node
/// metadata fails its `MEGA{"` check: the wrong key is never taken for the right one.
#[test]
fn ecb_wrapped_element_key_is_not_accepted_as_the_right_key() {
    let sk = SetKey::from_bytes([0x42; 16]).unwrap();
    let nk = node_key();
    let ek = ElementKey::from_slice(&nk).unwrap();
    let ecb_wrapped = ecb(sk.as_bytes(), &nk);
    let cbc_wrapped = sets::wrap_element_key(&sk, &ek);
    assert_eq!(ecb_wrapped[..16], cbc_wrapped[..16]);
    let wrong = sets::unwrap_element_key(&sk, &ecb_wrapped).unwrap();
    assert_ne!(wrong, ek);
    // First principles: wrong second half = k2 ⊕ c1.
    let wb = wrong.to_bytes();
    for i in 0..16 {
        assert_eq!(wb[16 + i], nk[16 + i] ^ ecb_wrapped[i]);
    }
    let mut attrs = ElementAttributes::new();
    attrs.set_name(Some("IMG_0001.jpg")).unwrap();
    let at = megacrypt::hazmat::seal_element_attributes_with_iv(&ek, &attrs, &[7; 12]).unwrap();
    assert_eq!(
        sets::open_element_attributes(&wrong, &at)
            .unwrap_err()
            .kind(),
        ErrorKind::Decrypt
    );
    let meta = attributes::seal_node_attributes(
        ek.attribute_key(),
        &attributes::NodeAttributes::with_name("beach.jpg"),
    )
    .unwrap();
    assert_eq!(
        sets::open_preview_node_attributes(&wrong, &meta)
            .unwrap_err()
            .kind(),
        ErrorKind::Decrypt
    );
}

/// Set attributes forged or swapped by the server (sealed under another key, bit-flipped,
/// truncated) do not authenticate: the Set is dropped, no name or cover is shown.
#[test]
fn forged_set_attributes_are_dropped() {
    let sk = SetKey::from_bytes([1; 16]).unwrap();
    let other = SetKey::from_bytes([2; 16]).unwrap();
    let mut a = SetAttributes::new();
    a.set_name(Some("Holiday")).unwrap();
    let at = megacrypt::hazmat::seal_set_attributes_with_iv(&sk, &a, &[3; 12]).unwrap();
    let forged = megacrypt::hazmat::seal_set_attributes_with_iv(&other, &a, &[3; 12]).unwrap();
    assert_eq!(
        sets::open_set_attributes(&sk, &forged).unwrap_err().kind(),
        ErrorKind::Decrypt
    );
    for i in 0..at.len() {
        let mut t = at.clone();
        t[i] ^= 0x01;
        assert!(sets::open_set_attributes(&sk, &t).is_err(), "flip at {i}");
    }
    for n in 1..at.len() {
        assert!(
            sets::open_set_attributes(&sk, &at[..n]).is_err(),
            "truncated to {n}"
        );
    }
}

/// A server that sends an authenticated container (it cannot, without the key — but a buggy or
/// old client could write one) whose cover is not an Element id gets a typed error, not a bogus
/// cover.
#[test]
fn set_cover_that_is_not_an_element_id_is_refused() {
    let sk = SetKey::from_bytes([1; 16]).unwrap();
    for bad in [
        &b"short"[..],
        b"AAAAAAAAAAB",
        b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5",
    ] {
        let mut r = TlvRecords::new();
        r.insert("c", bad).unwrap();
        let at = megacrypt::hazmat::seal_container_with_iv(
            sk.as_aes_key(),
            &r,
            ContainerMode::AesGcm12x16,
            &[0; 12],
            &CompatibilityPolicy::default(),
        )
        .unwrap();
        assert_eq!(
            sets::open_set_attributes(&sk, &at).unwrap_err().kind(),
            ErrorKind::Malformed
        );
    }
}

/// A wrapped Set or Element key of the wrong length is refused, not truncated or padded.
#[test]
fn wrapped_keys_of_the_wrong_length_are_refused() {
    let mk = MasterKey::from_bytes([9; 16]).unwrap();
    let sk = SetKey::from_bytes([8; 16]).unwrap();
    for n in [0, 15, 17, 32] {
        assert!(sets::unwrap_set_key(&mk, &vec![1; n]).is_err(), "{n}");
    }
    for n in [0, 8, 15, 17, 31, 33, 48] {
        assert!(sets::unwrap_element_key(&sk, &vec![1; n]).is_err(), "{n}");
    }
}

/// Hostile or look-alike collection links are refused instead of being bent into shape as the
/// SDK's parser does.
#[test]
fn hostile_collection_links_are_refused() {
    let h = "QylglsXZ";
    let k = "gzX2JiAyTk1GJhkqbVnkgg";
    let bad = [
        format!("https://mega.nz.evil.com/collection/{h}#{k}"),
        format!("https://evil.com/mega.nz/collection/{h}#{k}"),
        format!("https://example.com/x/collection/{h}#{k}"),
        format!("https://user@mega.nz/collection/{h}#{k}"),
        format!("http://mega.nz/collection/{h}#{k}"),
        format!("https://mega.co.nz/collection/{h}#{k}"),
        format!("{h}!{k}"),
        format!("https://mega.nz/collection/{h}!{k}"),
        format!("https://mega.nz/collection/{h}?utm_source=x#{k}"),
        format!("https://mega.nz/collection/{h}#{k}/extra"),
        format!("https://mega.nz/collection/{h}#{k}#{k}"),
        format!("https://mega.nz/collection/{h}#{}", &k[..21]),
        format!("https://mega.nz/collection/{h}#{k}A"),
        format!("https://mega.nz/collection/{h}#gzX2JiAyTk1GJhkqbVnk+g"),
        format!("https://mega.nz/collection/{h}#gzX2JiAyTk1GJhkqbVnk/g"),
        format!("https://mega.nz/collection/{h}#gzX2JiAyTk1GJhkqbVnkgh"),
        format!("https://mega.nz/collection/{h}/#{k}"),
        format!("https://mega.nz/collection//{h}#{k}"),
        format!("https://mega.nz/collection/{h}"),
        format!("https://mega.nz/collection/{h}#"),
        format!("https://mega.nz/file/{h}#LrqGMBgHmNPGbSAeM0xvP8zHtqW85Ao3Bcj37TP5qdQ"),
        format!("https://mega.nz/#!{h}!LrqGMBgHmNPGbSAeM0xvP8zHtqW85Ao3Bcj37TP5qdQ"),
        format!("https://mega.nz/collection/{h}\u{0}#{k}"),
        "https://mega.nz/collection/Qylgls\u{e9}#gzX2JiAyTk1GJhkqbVnkgg".into(),
        String::new(),
    ];
    for url in &bad {
        assert!(CollectionLink::parse(url).is_err(), "{url}");
        if let Ok(Link::Collection(_)) = Link::parse(url) {
            panic!("Link::parse accepted {url}");
        }
    }
    // The all-zero Set key is not a key.
    let zero = format!("https://mega.nz/collection/{h}#AAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(
        CollectionLink::parse(&zero).unwrap_err().kind(),
        ErrorKind::InvalidKey
    );
}

fn sealed(mk: &MasterKey, pairs: &[(&str, &[u8])]) -> Vec<u8> {
    let mut r = TlvRecords::new();
    for (k, v) in pairs {
        r.insert(k, v).unwrap();
    }
    megacrypt::hazmat::seal_container_with_iv(
        mk.as_aes_key(),
        &r,
        ContainerMode::AesGcm12x16,
        &[5; 12],
        &CompatibilityPolicy::default(),
    )
    .unwrap()
}

/// Typed user attributes refuse records of the wrong shape instead of guessing.
#[test]
fn malformed_typed_attribute_records_are_refused() {
    let mk = MasterKey::from_bytes([6; 16]).unwrap();
    let malformed = |blob: Vec<u8>, r: megacrypt::Result<()>| {
        let _ = blob;
        assert_eq!(r.unwrap_err().kind(), ErrorKind::Malformed);
    };
    let b = sealed(&mk, &[("h", b"1234567")]);
    malformed(
        b.clone(),
        user_attributes::open::<user_attributes::CameraUploadsFolders>(&mk, &b).map(|_| ()),
    );
    let b = sealed(&mk, &[("sh", b"12345")]);
    malformed(
        b.clone(),
        user_attributes::open::<user_attributes::CameraUploadsFolders>(&mk, &b).map(|_| ()),
    );
    let b = sealed(&mk, &[("AAAAAAAAAAAA", b"alias")]);
    malformed(
        b.clone(),
        user_attributes::open::<ContactAliases>(&mk, &b).map(|_| ()),
    );
    let b = sealed(&mk, &[("AAAAAAAAAAA", b"\xc3\x28")]);
    malformed(
        b.clone(),
        user_attributes::open::<ContactAliases>(&mk, &b).map(|_| ()),
    );
    let dev = "uVMOAe5iD3CJBYO6unNkrjG8v36pjHmEaub2BCf4dzQ";
    let b = sealed(&mk, &[(dev, b"Laptop"), ("ext:Aid91SI8tS4", b"Laptop")]);
    malformed(
        b.clone(),
        user_attributes::open::<DeviceNames>(&mk, &b).map(|_| ()),
    );
    let b = sealed(&mk, &[("ext:Aid91SI8tS", b"Disk")]);
    malformed(
        b.clone(),
        user_attributes::open::<DeviceNames>(&mk, &b).map(|_| ()),
    );
    let b = sealed(&mk, &[("prCu255", &[7; 33])]);
    malformed(
        b.clone(),
        user_attributes::open::<Keyring>(&mk, &b).map(|_| ()),
    );
}

/// A duplicated device name cannot be written either (SDK API_EEXIST).
#[test]
fn duplicate_device_name_cannot_be_written() {
    let mut d = DeviceNames::default();
    d.set_device(
        "uVMOAe5iD3CJBYO6unNkrjG8v36pjHmEaub2BCf4dzQ",
        Some("Laptop"),
    )
    .unwrap();
    assert_eq!(
        d.set_drive([1; 8], Some("Laptop")).unwrap_err().kind(),
        ErrorKind::ApiMisuse
    );
}

/// Malformed TLV inside an authenticated container is a typed error, never a panic; and the
/// attribute name of the typed value is the one the SDK uses.
#[test]
fn malformed_tlv_records_are_refused() {
    let mk = MasterKey::from_bytes([6; 16]).unwrap();
    for plain in [&b"h"[..], b"h\0", b"h\0\0", b"h\0\0\x07123456"] {
        let sealed = megacrypt::hazmat::aead_seal(
            ContainerMode::AesGcm12x16,
            mk.as_aes_key(),
            &[1; 12],
            &[],
            plain,
        )
        .unwrap();
        let mut blob = vec![0x10];
        blob.extend_from_slice(&[1; 12]);
        blob.extend_from_slice(&sealed);
        let r = user_attributes::open::<user_attributes::ChatFilesFolder>(&mk, &blob);
        assert_eq!(r.unwrap_err().kind(), ErrorKind::Malformed, "{plain:?}");
    }
    assert_eq!(user_attributes::ChatFilesFolder::NAME, "*!cf");
}

/// A keyring sealed under another master key (swapped by the server) does not open.
#[test]
fn keyring_from_another_account_does_not_open() {
    let mk = MasterKey::from_bytes([6; 16]).unwrap();
    let other = MasterKey::from_bytes([7; 16]).unwrap();
    let blob = megacrypt::hazmat::seal_user_attribute_with_iv(
        &other,
        &Keyring::new([1; 32], [2; 32]),
        &[0; 12],
    )
    .unwrap();
    assert_eq!(
        user_attributes::open::<Keyring>(&mk, &blob)
            .unwrap_err()
            .kind(),
        ErrorKind::Decrypt
    );
}
