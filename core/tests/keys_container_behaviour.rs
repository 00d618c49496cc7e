//! The `^!keys` container's own API (`core/src/keys_container/mod.rs`): what mutation testing
//! (docs/mutation-testing.md) found that no other test stated — the 512-byte lower bound of the RSA
//! record, the sealed attribute in each of its forms, the authring records, the accessors and
//! mutators of the typed view, the `"cv"` warning as MEGA's SDK reads it.
//!
//! Expected values come from the vector file (`data/keys_container.json`, written by MEGA's SDK
//! and webclient), from plaintexts written by hand from the record layout
//! `tag(1) || length(3, big-endian) || value` (docs/format/keys-container.md), or from first
//! principles (an RSA key made outside megacrypt, see `RSA_512_PQD`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::hazmat;
use megacrypt::keys_container::ltlv::{self, LtlvMap};
use megacrypt::keys_container::records::tag;
use megacrypt::keys_container::{
    AuthringRecord, KeysContainer, OpenOptions, PendingOutShare, PendingOutShareUser, ShareKeyFlags,
};
use megacrypt::{ErrorKind, MasterKey, NodeHandle, ShareKey, UserHandle};

/// `tag || len(3, BE) || value`, by hand.
fn rec(t: u8, value: &[u8]) -> Vec<u8> {
    let n = value.len();
    let mut v = vec![t, (n >> 16) as u8, (n >> 8) as u8, n as u8];
    v.extend_from_slice(value);
    v
}

const ME: [u8; 8] = *b"me-12345";

/// The variable records of a hand-written plaintext (everything else fixed: version 2, creation
/// time 0x5f5e1000, identity `ME`, generation 7, seeds 0x11.. and 0x22.., empty share sections).
#[derive(Default)]
struct Parts<'a> {
    attributes: &'a [u8],
    rsa: &'a [u8],
    authring_ed: &'a [u8],
    authring_cu: &'a [u8],
    pending_in: &'a [u8],
    warnings: &'a [u8],
}

/// A complete plaintext (all known tags in the SDK's order).
fn plaintext_of(parts: &Parts) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend(rec(tag::VERSION, &[2]));
    p.extend(rec(tag::CREATION_TIME, &[0x5f, 0x5e, 0x10, 0x00]));
    p.extend(rec(tag::IDENTITY, &ME));
    p.extend(rec(tag::GENERATION, &[0, 0, 0, 7]));
    p.extend(rec(tag::ATTRIBUTES, parts.attributes));
    p.extend(rec(tag::ED25519_SEED, &[0x11; 32]));
    p.extend(rec(tag::X25519_SECRET, &[0x22; 32]));
    p.extend(rec(tag::RSA_PQD, parts.rsa));
    p.extend(rec(tag::AUTHRING_ED25519, parts.authring_ed));
    p.extend(rec(tag::AUTHRING_CU25519, parts.authring_cu));
    p.extend(rec(tag::SHARE_KEYS, &[]));
    p.extend(rec(tag::PENDING_OUT_SHARES, &[]));
    p.extend(rec(tag::PENDING_IN_SHARES, parts.pending_in));
    p.extend(rec(tag::BACKUPS, &[]));
    p.extend(rec(tag::WARNINGS, parts.warnings));
    p
}

fn plaintext(rsa: &[u8], authring_ed: &[u8], authring_cu: &[u8], warnings: &[u8]) -> Vec<u8> {
    plaintext_of(&Parts {
        rsa,
        authring_ed,
        authring_cu,
        warnings,
        ..Parts::default()
    })
}

fn lenient() -> OpenOptions {
    OpenOptions::new().allow_empty_rsa(true)
}

fn parse(p: &[u8]) -> megacrypt::Result<KeysContainer> {
    hazmat::keys_container::parse_plaintext(p, &lenient())
}

fn vectors() -> serde_json::Value {
    serde_json::from_str(include_str!("data/keys_container.json")).unwrap()
}

/// An RSA key whose pqd form is exactly 512 bytes, the smallest both official clients accept:
/// P1 and P2 1012-bit primes (n of 2023 bits), e = 17, d = 17^-1 mod lcm(P1 - 1, P2 - 1) of
/// 2016 bits; MPIs with byte-count headers: 2 + 127 + 2 + 127 + 2 + 252.
/// Made with Python's `sympy.isprime` and `pow(e, -1, lam)` (seeded `random.Random(512)`),
/// not with megacrypt.
const RSA_512_PQD: &str = "03f80ef8f0127b8d1c31ff5f3bdb3440890513d81689ec56d95652a06b5b7e8b7b0d4af97f61c394cc8c765e6de1105b9fa933e50711b7cc82475c92797c313a83962d432f4badbf8bb4796a475ac1ddbb138d4a5e243b20a358e8eb333e537dd25ca3d2406e23bee5b9246dd1f5d47eda4e7c8b4c72994d7cedf14a8f44b6d40303f80879a6d03105840817aba9a5d2c1d40932f75b33d1a044614cac436e338a92bbfaa3fced388cc4a01edea1ce32ca15c7fc40abad13ed44f9cd6a0bc82b58e0b6e1a6da210d55b51fa63db7bdf30b863814cb30f7ac1c2c4ea8e7a52158a058793e97484eaf09a33807d50dad5f2450a71501cafd0614f481cfe9777705d29f07e0a460672c128d30d8fc6ddc4a68aa79f2ecd389a645c8f2bc67d29831ad925ce38f91595b4889f0e9ff76f99a2fe2e7bf9adf7515f8e8b17bce9f789f20982ab1b01f7b532ecb5505a4fbaaa967b4bb5470fb4b36e5ddfbb37254ae0b903954301bc9bb3bfec57353e448aaa9859741c57f37ad021679432c4c56e4fcbcbc9f072a46cb3e4199f22a1f2fcf469b793a65ce582c2b38cd6291e2963ce32fcb8f9071e76b1f874bbe3c556aaf14b9976eb70bbd1eceee026698de33b9fb361e124f2abd9c2df7c2563172f849810bde804392bc11c4504d40982ee5bc88f5cc8a5d3c075053d49a99af0b1d2ddc904728a2fe3632f4fcc22970fa998e51";
/// Its modulus P1 · P2, computed by Python.
const RSA_512_N: &str = "7ee4eba565d23ed581de4f2ef10c9a642812cd22fb9f4062b1a5f2bd599e1cf52bb4949b17df7c9aa3d6386fa7378a2749eec0c31646a2033361db7dd78977f56b964d9416ffb7827b7cc79f06aee51d0fb7fdf041337d6e67229edbad36419da3739b2a308d2d27a31a98bf1dc0e42616555aeebc995c7b126e94859b3333b67ee593388f9e8e9ca9d44f653ed3bc8449288f0ffb712c848d54ecd6ef8eca515e3d4233c7fe6df8631fbe8e1536b6fdc12eaaa245bdc47047cd0b05f1f405cc66cb5ac63d378571eb79a0a7801545d9b9425673fc2534d05393c5c96595e8b9c233f82b3ff10526a0979a2a8fd6804beaee3678d10f2471de308723dd";

#[test]
fn rsa_record_of_exactly_512_bytes_is_accepted() {
    let pqd = hex::decode(RSA_512_PQD).unwrap();
    assert_eq!(pqd.len(), 512);
    let p = plaintext(&pqd, &[], &[], &[]);
    let k = hazmat::keys_container::parse_plaintext(&p, &OpenOptions::new()).unwrap();
    let public = k.rsa_private_key().unwrap().public_key();
    assert_eq!(hex::encode(public.modulus_bytes()), RSA_512_N);
    assert_eq!(k.rsa_pqd_bytes(), pqd.as_slice());
    // Through the setter too, and one byte less is refused.
    let mut k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    k.set_rsa_pqd_bytes(&pqd, &OpenOptions::new()).unwrap();
    assert_eq!(k.rsa_pqd_bytes(), pqd.as_slice());
    let e = k
        .set_rsa_pqd_bytes(&pqd[..511], &OpenOptions::new())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidKey);
}

#[test]
fn sealed_attribute_is_the_sdk_output_in_every_form() {
    let v = vectors();
    let mut seen = 0;
    for c in v["cases"].as_array().unwrap() {
        if c["kind"] != "seal" {
            continue;
        }
        let plain = hex::decode(c["plaintext_hex"].as_str().unwrap()).unwrap();
        let mk =
            MasterKey::from_slice(&hex::decode(c["master_key_hex"].as_str().unwrap()).unwrap())
                .unwrap();
        let iv: [u8; 12] = hex::decode(c["iv_hex"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap();
        let generation = c["fields"]["generation"].as_u64().unwrap() as u32;
        let mut k = parse(&plain).unwrap();
        // seal writes the container's generation plus one.
        hazmat::keys_container::set_generation(&mut k, generation - 1);
        let sealed = hazmat::keys_container::seal_with_iv(&k, &mk, &iv).unwrap();
        assert_eq!(sealed.generation(), generation);
        let want = c["attribute_hex"].as_str().unwrap();
        assert_eq!(hex::encode(sealed.attribute()), want);
        assert_eq!(sealed.to_b64(), c["attribute_b64"].as_str().unwrap());
        assert_eq!(hex::encode(sealed.into_attribute()), want);
        seen += 1;
    }
    assert_eq!(seen, 3);
}

#[test]
fn authring_records_are_read_field_by_field() {
    // Two records: handle(8) || fingerprint(20) || method byte(1).
    let mut ed = Vec::new();
    ed.extend_from_slice(b"contact1");
    ed.extend_from_slice(&[0xab; 20]);
    ed.push(2);
    ed.extend_from_slice(b"contact2");
    ed.extend_from_slice(&(1..=20).collect::<Vec<u8>>());
    ed.push(0x42);
    let mut cu = Vec::new();
    cu.extend_from_slice(b"contact3");
    cu.extend_from_slice(&[0xcd; 20]);
    cu.push(1);
    let k = parse(&plaintext(&[], &ed, &cu, &[])).unwrap();
    assert_eq!(k.authring_ed25519_raw(), ed.as_slice());
    assert_eq!(k.authring_cu25519_raw(), cu.as_slice());
    let fp2: [u8; 20] = core::array::from_fn(|i| i as u8 + 1);
    assert_eq!(
        k.authring_ed25519_records().unwrap(),
        vec![
            AuthringRecord {
                user: UserHandle::from_bytes(*b"contact1"),
                fingerprint: [0xab; 20],
                method_byte: 2,
            },
            AuthringRecord {
                user: UserHandle::from_bytes(*b"contact2"),
                fingerprint: fp2,
                method_byte: 0x42,
            },
        ]
    );
    assert_eq!(
        k.authring_cu25519_records().unwrap(),
        vec![AuthringRecord {
            user: UserHandle::from_bytes(*b"contact3"),
            fingerprint: [0xcd; 20],
            method_byte: 1,
        }]
    );
}

#[test]
fn authring_that_is_not_whole_records_is_refused() {
    let record = [9u8; 29];
    let mut k = parse(&plaintext(&[], &record, &record, &[])).unwrap();
    for len in [1, 28, 30, 57] {
        let raw = vec![7u8; len];
        let e = k.set_authring_ed25519_raw(&raw).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        let e = k.set_authring_cu25519_raw(&raw).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        // Nothing changed.
        assert_eq!(k.authring_ed25519_raw(), &record);
        assert_eq!(k.authring_cu25519_raw(), &record);
        // Read as stored (the record layer keeps the bytes), refused when split.
        let k2 = parse(&plaintext(&[], &raw, &raw, &[])).unwrap();
        assert_eq!(k2.authring_ed25519_raw(), raw.as_slice());
        let e = k2.authring_ed25519_records().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
        let e = k2.authring_cu25519_records().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }
    // Whole records are taken.
    let two = [3u8; 58];
    k.set_authring_ed25519_raw(&two).unwrap();
    k.set_authring_cu25519_raw(&[]).unwrap();
    assert_eq!(k.authring_ed25519_raw(), &two);
    assert_eq!(k.authring_ed25519_records().unwrap().len(), 2);
    assert!(k.authring_cu25519_raw().is_empty());
}

#[test]
fn debug_shows_counts_but_no_secret() {
    let k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    let d = format!("{k:?}");
    assert!(d.starts_with("KeysContainer {"), "{d}");
    assert!(d.contains("generation: 7"), "{d}");
    assert!(d.contains("share_keys: 0"), "{d}");
    // The seeds are 0x11 and 0x22 repeated: no run of their decimal bytes appears.
    assert!(!d.contains("17, 17"), "{d}");
    assert!(!d.contains("34, 34"), "{d}");
}

#[test]
fn header_fields_are_read_as_written() {
    // Tag 5 holds two LTLV entries written by hand: "ab" -> 01 02, "z" -> (empty).
    let attrs = [2, b'a', b'b', 0, 2, 1, 2, 1, b'z', 0, 0];
    let k = parse(&plaintext_of(&Parts {
        attributes: &attrs,
        ..Parts::default()
    }))
    .unwrap();
    assert_eq!(k.version(), 2);
    assert_eq!(k.creation_time(), 0x5f5e_1000);
    assert_eq!(k.identity(), UserHandle::from_bytes(ME));
    assert_eq!(k.generation(), 7);
    assert_eq!(k.ed25519_seed(), &[0x11; 32]);
    assert_eq!(k.x25519_secret(), &[0x22; 32]);
    assert_eq!(k.attributes_raw(), &attrs);
    let map = k.attributes().unwrap();
    assert_eq!(map.len(), 2);
    assert_eq!(map.get(b"ab"), Some(&[1u8, 2][..]));
    assert_eq!(map.get(b"z"), Some(&[][..]));
}

/// The `"cv"` warning as MEGA's SDK reads it (`getContactVerificationWarning`: a decimal number,
/// non-zero meaning on; absent, empty or malformed meaning off).
#[test]
fn contact_verification_warning_is_a_non_zero_decimal() {
    let cases: &[(&[u8], bool)] = &[
        (b"1", true),
        (b"0", false),
        (b"10", true),
        (b"007", true),
        (b"000", false),
        (b"+1", true),
        (b"-3", true),
        (b"+0", false),
        (b"-0", false),
        (b"", false),
        (b"+", false),
        (b"-", false),
        (b"1a", false),
        (b"a1", false),
        (b" 1", false),
        (b"1-", false),
    ];
    for (value, on) in cases {
        let mut w = vec![2, b'c', b'v', 0, value.len() as u8];
        w.extend_from_slice(value);
        let k = parse(&plaintext(&[], &[], &[], &w)).unwrap();
        assert_eq!(k.contact_verification_warning(), *on, "cv = {value:?}");
    }
    // Absent: off; another key does not count.
    let k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    assert!(!k.contact_verification_warning());
    let k = parse(&plaintext(&[], &[], &[], &[2, b'c', b'x', 0, 1, b'1'])).unwrap();
    assert!(!k.contact_verification_warning());
    assert_eq!(k.warnings().get(b"cx"), Some(&b"1"[..]));
}

#[test]
fn contact_verification_warning_is_written_as_the_sdk_writes_it() {
    let mut k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    k.set_contact_verification_warning(true).unwrap();
    assert_eq!(k.warnings().get(b"cv"), Some(&b"1"[..]));
    assert!(k.contact_verification_warning());
    k.set_contact_verification_warning(false).unwrap();
    assert_eq!(k.warnings().get(b"cv"), Some(&b"0"[..]));
    assert!(!k.contact_verification_warning());
    // Written into tag 96 as the LTLV record 02 "cv" 00 01 "0".
    let p = hazmat::keys_container::to_plaintext(&k, 8).unwrap();
    let want = rec(tag::WARNINGS, &[2, b'c', b'v', 0, 1, b'0']);
    assert!(p.windows(want.len()).any(|w| w == want.as_slice()));
}

fn node(i: u8) -> NodeHandle {
    NodeHandle::from_bytes([b'n', b'o', b'd', b'e', b'-', i])
}

#[test]
fn same_share_key_again_keeps_every_flag_bit() {
    let mut k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    let key = ShareKey::from_bytes([0x5a; 16]).unwrap();
    k.insert_share_key(node(1), &key, false).unwrap();
    // In use, and a reserved bit (0x80) as another client may have set it.
    k.set_share_key_flags(&node(1), ShareKeyFlags::from_bits(0x82))
        .unwrap();
    // The same key again, untrusted: nothing changes.
    k.insert_share_key(node(1), &key, false).unwrap();
    assert_eq!(k.share_key(&node(1)).unwrap().flags().bits(), 0x82);
    // The same key again, trusted: only the trusted bit is added.
    k.insert_share_key(node(1), &key, true).unwrap();
    assert_eq!(k.share_key(&node(1)).unwrap().flags().bits(), 0x83);
    // Once trusted, the same key again (trusted or not) is still accepted and changes nothing.
    k.insert_share_key(node(1), &key, false).unwrap();
    k.insert_share_key(node(1), &key, true).unwrap();
    assert_eq!(k.share_key(&node(1)).unwrap().flags().bits(), 0x83);
    assert_eq!(k.share_key(&node(1)).unwrap().key_bytes(), &[0x5a; 16]);
    assert_eq!(k.share_key_count(), 1);
}

#[test]
fn removing_a_share_key_says_whether_there_was_one() {
    let mut k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    let key = ShareKey::from_bytes([0x5a; 16]).unwrap();
    assert!(!k.remove_share_key(&node(1)));
    k.insert_share_key(node(1), &key, true).unwrap();
    k.insert_share_key(node(2), &key, true).unwrap();
    assert!(k.remove_share_key(&node(1)));
    assert!(k.share_key(&node(1)).is_none());
    assert!(!k.remove_share_key(&node(1)));
    assert_eq!(k.share_key_count(), 1);
    assert!(k.share_key(&node(2)).is_some());
}

#[test]
fn marking_an_older_sealed_copy_stored_never_lowers_the_generation() {
    let mk = MasterKey::from_bytes([0x42; 16]).unwrap();
    let mut k = parse(&plaintext(&[], &[], &[], &[])).unwrap(); // generation 7
    let old = hazmat::keys_container::seal_with_iv(&k, &mk, &[1; 12]).unwrap(); // writes 8
    hazmat::keys_container::set_generation(&mut k, 9);
    k.mark_stored(&old);
    assert_eq!(k.generation(), 9);
    let newer = hazmat::keys_container::seal_with_iv(&k, &mk, &[2; 12]).unwrap(); // writes 10
    k.mark_stored(&newer);
    assert_eq!(k.generation(), 10);
}

/// An attribute of exactly header + IV + tag (an empty ciphertext) is long enough to be checked
/// by GCM: a tag that does not fit is a decryption failure, not a length error.
#[test]
fn attribute_of_header_iv_and_tag_only_is_checked_by_gcm() {
    let mk = MasterKey::from_bytes([0x42; 16]).unwrap();
    let mut attr = vec![0x14, 0];
    attr.extend_from_slice(&[0x33; 12]);
    attr.extend_from_slice(&[0x77; 16]);
    assert_eq!(attr.len(), 30);
    let me = UserHandle::from_bytes(ME);
    let e = KeysContainer::open(&mk, &attr, &me, 0, &lenient()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decrypt);
    // One byte less cannot hold the tag.
    let e = KeysContainer::open(&mk, &attr[..29], &me, 0, &lenient()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Malformed);
}

// ----- the LTLV codec (ltlv.rs) ----------------------------------------------------------------
// Layout: keylen(1) || key || vlen(2, BE; 0xFFFF announces a u32 BE length) || value.

#[test]
fn ltlv_keys_are_at_most_255_bytes() {
    let mut m = LtlvMap::new();
    let k255 = vec![b'k'; 255];
    m.insert(&k255, b"v").unwrap();
    assert_eq!(m.get(&k255), Some(&b"v"[..]));
    let k256 = vec![b'k'; 256];
    let e = m.insert(&k256, b"v").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ApiMisuse);
    assert!(!m.contains_key(&k256));
    // Written with key length byte 0xff.
    let blob = m.to_bytes().unwrap();
    assert_eq!(blob[0], 0xff);
    assert_eq!(&blob[256..], &[0, 1, b'v']);
    // Through `encode` too.
    assert!(ltlv::encode([(&k256[..], &b""[..])]).is_err());
    // The empty key is a key.
    m.insert(b"", b"e").unwrap();
    assert_eq!(m.get(b""), Some(&b"e"[..]));
}

#[test]
fn ltlv_map_membership_and_removal() {
    let mut m = LtlvMap::from_bytes(&[1, b'a', 0, 1, b'x', 2, b'b', b'c', 0, 0]).unwrap();
    assert!(!m.is_empty());
    assert_eq!(m.len(), 2);
    assert!(m.contains_key(b"a"));
    assert!(m.contains_key(b"bc"));
    assert!(!m.contains_key(b"b"));
    assert!(!m.contains_key(b"z"));
    assert!(m.remove(b"a"));
    assert!(!m.remove(b"a"));
    assert!(!m.contains_key(b"a"));
    assert!(!m.remove(b"zz"));
    assert_eq!(m.len(), 1);
    assert!(!m.is_empty());
    assert!(m.remove(b"bc"));
    assert!(m.is_empty());
    assert!(LtlvMap::new().is_empty());
    assert!(LtlvMap::from_bytes(&[]).unwrap().is_empty());
    let pairs: Vec<(Vec<u8>, Vec<u8>)> = LtlvMap::from_bytes(&[1, b'b', 0, 1, 2, 1, b'a', 0, 0])
        .unwrap()
        .iter()
        .map(|(k, v)| (k.to_vec(), v.to_vec()))
        .collect();
    // In key order, whatever the order read.
    assert_eq!(
        pairs,
        vec![(b"a".to_vec(), vec![]), (b"b".to_vec(), vec![2])]
    );
}

#[test]
fn ltlv_validate_refuses_what_the_reader_refuses() {
    assert!(ltlv::validate(&[]).is_ok());
    assert!(ltlv::validate(&[2, b'c', b'v', 0, 1, b'1']).is_ok());
    // Cut short in the key, the length, the long length, the value.
    for bad in [
        &[2, b'c'][..],
        &[2, b'c', b'v', 0][..],
        &[2, b'c', b'v', 0xff, 0xff, 0, 0][..],
        &[2, b'c', b'v', 0, 2, b'1'][..],
        &[2, b'c', b'v', 0, 1, b'1', 1][..],
    ] {
        let e = ltlv::validate(bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed, "{bad:?}");
    }
}

#[test]
fn ltlv_debug_shows_the_count_not_the_values() {
    let m = LtlvMap::from_bytes(&[2, b'c', b'v', 0, 3, b's', b'e', b'c']).unwrap();
    let d = format!("{m:?}");
    assert!(d.starts_with("LtlvMap"), "{d}");
    assert!(d.contains('1'), "{d}");
    assert!(!d.contains("115"), "{d}"); // b's'
}

// ----- share keys and pending shares (shares.rs) -----------------------------------------------

#[test]
fn share_key_flag_bits_are_read_and_set_one_by_one() {
    // Bit 0 trusted, bit 1 in use (SDK ShareKeyFlagsId), other bits reserved and kept.
    let f = ShareKeyFlags::from_bits(0x02);
    assert!(f.is_in_use());
    assert!(!f.is_trusted());
    let f = ShareKeyFlags::from_bits(0xfd);
    assert!(!f.is_in_use());
    assert!(f.is_trusted());
    assert_eq!(f.with_in_use(true).bits(), 0xff);
    assert_eq!(f.with_in_use(true).with_in_use(true).bits(), 0xff);
    assert_eq!(f.with_in_use(false).bits(), 0xfd);
    assert_eq!(f.with_trusted(true).bits(), 0xfd);
    assert_eq!(f.with_trusted(false).bits(), 0xfc);
    assert_eq!(f.with_trusted(false).with_trusted(false).bits(), 0xfc);
    assert_eq!(ShareKeyFlags::trusted(true).bits(), 0x01);
    assert_eq!(ShareKeyFlags::trusted(false).bits(), 0x00);

    let mut k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    let key = ShareKey::from_bytes([0x5a; 16]).unwrap();
    k.insert_share_key(node(1), &key, false).unwrap();
    k.set_share_key_in_use(&node(1), true).unwrap();
    k.set_share_key_in_use(&node(1), true).unwrap();
    assert!(k.share_key(&node(1)).unwrap().flags().is_in_use());
    assert_eq!(k.share_key(&node(1)).unwrap().flags().bits(), 0x02);
    k.mark_share_key_trusted(&node(1)).unwrap();
    k.mark_share_key_trusted(&node(1)).unwrap();
    assert_eq!(k.share_key(&node(1)).unwrap().flags().bits(), 0x03);
    k.set_share_key_in_use(&node(1), false).unwrap();
    assert!(!k.share_key(&node(1)).unwrap().flags().is_in_use());
    assert_eq!(k.share_key(&node(1)).unwrap().flags().bits(), 0x01);
}

#[test]
fn share_key_debug_redacts_the_key() {
    let mut k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    let key = ShareKey::from_bytes([0x5a; 16]).unwrap();
    k.insert_share_key(node(1), &key, true).unwrap();
    let d = format!("{:?}", k.share_key(&node(1)).unwrap());
    assert!(d.starts_with("ShareKeyEntry"), "{d}");
    assert!(d.contains("<redacted>"), "{d}");
    assert!(!d.contains("90, 90"), "{d}"); // 0x5a
}

/// Tag 64 stores an e-mail's length in one byte, 0 meaning "user handle follows": an e-mail
/// is 1 to 255 bytes.
#[test]
fn pending_out_share_email_is_1_to_255_bytes() {
    let mut k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    let email = |n: usize| PendingOutShare {
        node: node(1),
        user: PendingOutShareUser::Email("e".repeat(n)),
    };
    k.add_pending_out_share(email(255)).unwrap();
    k.add_pending_out_share(email(1)).unwrap();
    for n in [0, 256, 300] {
        let e = k.add_pending_out_share(email(n)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ApiMisuse, "{n}");
    }
    assert_eq!(k.pending_out_shares().count(), 2);
    // Written as len(1) || node(6) || e-mail: the 255-byte one with length byte 0xff.
    let mut want = vec![0xff];
    want.extend_from_slice(node(1).as_bytes());
    want.extend_from_slice(&[b'e'; 255]);
    let p = hazmat::keys_container::to_plaintext(&k, 8).unwrap();
    assert!(p.windows(want.len()).any(|w| w == want.as_slice()));
}

#[test]
fn pending_in_share_debug_hides_the_key() {
    let mut k = parse(&plaintext(&[], &[], &[], &[])).unwrap();
    k.add_pending_in_share(node(3), UserHandle::from_bytes(*b"sharer-1"), &[0x5a; 16]);
    let d = format!("{:?}", k.pending_in_share(&node(3)).unwrap());
    assert!(d.starts_with("PendingInShare"), "{d}");
    assert!(d.contains("sharer"), "{d}");
    assert!(!d.contains("90, 90"), "{d}"); // 0x5a
}

/// Tag 65 value `sharer(8) || key`, where the key may still be missing (empty): read as a pending
/// in-share without a key, and written back unchanged.
#[test]
fn pending_in_share_without_a_key_yet_is_kept() {
    // LTLV: keylen 8, "bm9kZS0D" (base64 of "node-\x03"), vlen 8, the sharer handle only.
    let mut pending = vec![8];
    pending.extend_from_slice(b"bm9kZS0D");
    pending.extend_from_slice(&[0, 8]);
    pending.extend_from_slice(b"sharer-1");
    let p = plaintext_of(&Parts {
        pending_in: &pending,
        ..Parts::default()
    });
    let k = parse(&p).unwrap();
    let share = k.pending_in_share(&node(3)).unwrap();
    assert_eq!(share.sharer(), UserHandle::from_bytes(*b"sharer-1"));
    assert_eq!(share.encrypted_share_key(), None);
    assert!(share.stored_key_field().is_empty());
    assert!(!share.is_legacy_base64());
    assert_eq!(
        hazmat::keys_container::to_plaintext(&k, 7)
            .unwrap()
            .as_slice(),
        p.as_slice()
    );
}
