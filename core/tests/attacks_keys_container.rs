//! What a malicious (or broken) server can do to an account's `^!keys` attribute, one named test
//! per attack, and what megacrypt does about it.
//!
//! The server stores the attribute and serves it back; it does not know the master key. It can
//! serve an older copy, another account's copy, a truncated or bit-flipped copy, or change the two
//! header bytes, which are outside the GCM authentication. Records inside the ciphertext can only
//! be corrupt if a client with the master key wrote them so; the record-layer tests below feed such
//! plaintexts directly (encrypted here with the right key) to show that megacrypt's reader is strict
//! where the official clients disagree, and that nothing is applied on refusal.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::hazmat::{self, aead_seal};
use megacrypt::keys_container::{
    KeysContainer, OpenOptions, PendingOutShare, PendingOutShareUser, ShareKeyFlags, derive_key,
    records::tag,
};
use megacrypt::tlv::ContainerMode;
use megacrypt::{ErrorKind, MasterKey, NodeHandle, ShareKey, UserHandle};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const ME: UserHandle = UserHandle::from_bytes(*b"me-12345");
const OTHER: UserHandle = UserHandle::from_bytes(*b"other-99");

fn mk() -> MasterKey {
    MasterKey::from_bytes([0x42; 16]).unwrap()
}
fn rng() -> ChaCha20Rng {
    ChaCha20Rng::from_seed([9; 32])
}
fn opts() -> OpenOptions {
    OpenOptions::new().allow_empty_rsa(true)
}
fn node(i: u32) -> NodeHandle {
    let b = i.to_be_bytes();
    NodeHandle::from_bytes([b'n', b'd', b[0], b[1], b[2], b[3]])
}
fn share_key(i: u8) -> ShareKey {
    ShareKey::from_bytes([i.max(1); 16]).unwrap()
}

/// A container at generation 5 with a bit of everything (no RSA: this account has none).
fn base() -> KeysContainer {
    let mut k = KeysContainer::new(ME, 1_700_000_000, &[1; 32], &[2; 32], None).unwrap();
    hazmat::keys_container::set_generation(&mut k, 5);
    k.insert_share_key(node(1), &share_key(1), true).unwrap();
    k.insert_share_key(node(2), &share_key(2), false).unwrap();
    k.add_pending_out_share(PendingOutShare {
        node: node(1),
        user: PendingOutShareUser::Email("friend@example.org".into()),
    })
    .unwrap();
    k.add_pending_in_share(node(3), OTHER, &[7; 16]);
    k.set_contact_verification_warning(true).unwrap();
    hazmat::keys_container::set_unknown_records(
        &mut k,
        &[0x70, 0, 0, 2, 0xde, 0xad, 0x71, 0, 0, 0],
    )
    .unwrap();
    k
}

/// The plaintext of `k` with generation `g`.
fn plain(k: &KeysContainer, g: u32) -> Vec<u8> {
    hazmat::keys_container::to_plaintext(k, g).unwrap().to_vec()
}

/// Encrypts an arbitrary plaintext as a `^!keys` attribute with the right key (what only a client
/// holding the master key can do).
fn attribute(plaintext: &[u8]) -> Vec<u8> {
    let iv = [0x33u8; 12];
    let key = derive_key(&mk()).unwrap();
    let ct = aead_seal(ContainerMode::AesGcm12x16, &key, &iv, &[], plaintext).unwrap();
    [&[0x14, 0][..], &iv, &ct].concat()
}

/// Splits a plaintext into `(tag, value)` records.
fn split(mut p: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    while p.len() >= 4 {
        let len = usize::from(p[1]) << 16 | usize::from(p[2]) << 8 | usize::from(p[3]);
        out.push((p[0], p[4..4 + len].to_vec()));
        p = &p[4 + len..];
    }
    out
}
fn join(records: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (t, v) in records {
        out.push(*t);
        out.extend_from_slice(&(v.len() as u32).to_be_bytes()[1..]);
        out.extend_from_slice(v);
    }
    out
}
/// The base plaintext with the value of `t` replaced.
fn with_value(t: u8, value: &[u8]) -> Vec<u8> {
    let mut r = split(&plain(&base(), 6));
    r.iter_mut().find(|(x, _)| *x == t).unwrap().1 = value.to_vec();
    join(&r)
}
fn open(attr: &[u8], last_seen: u32) -> megacrypt::Result<KeysContainer> {
    KeysContainer::open(&mk(), attr, &ME, last_seen, &opts())
}
fn kind(r: megacrypt::Result<KeysContainer>) -> ErrorKind {
    r.unwrap_err().kind()
}

// ----- served copies -------------------------------------------------------------------------

#[test]
fn rolled_back_container_is_refused() {
    let old = base().seal(&mk(), &mut rng()).unwrap(); // generation 6
    let mut newer = base();
    newer.mark_stored(&old);
    let new = newer.seal(&mk(), &mut rng()).unwrap(); // generation 7
    assert_eq!(open(new.attribute(), 7).unwrap().generation(), 7);
    // The app has seen generation 7; the server serves the copy of generation 6.
    assert_eq!(kind(open(old.attribute(), 7)), ErrorKind::Rollback);
}

#[test]
fn same_generation_again_is_accepted() {
    // Re-reading the current attribute is normal; both official clients accept it.
    let sealed = base().seal(&mk(), &mut rng()).unwrap();
    assert!(open(sealed.attribute(), sealed.generation()).is_ok());
}

#[test]
fn another_users_container_is_refused() {
    let mut theirs = KeysContainer::new(OTHER, 1, &[1; 32], &[2; 32], None).unwrap();
    theirs
        .insert_share_key(node(9), &share_key(9), true)
        .unwrap();
    // Same master key on purpose: only the identity tag tells the two accounts apart.
    let sealed = theirs.seal(&mk(), &mut rng()).unwrap();
    assert_eq!(kind(open(sealed.attribute(), 0)), ErrorKind::WrongAccount);
}

#[test]
fn container_under_another_master_key_is_refused() {
    let other_mk = MasterKey::from_bytes([0x43; 16]).unwrap();
    let sealed = base().seal(&other_mk, &mut rng()).unwrap();
    assert_eq!(kind(open(sealed.attribute(), 0)), ErrorKind::Decrypt);
}

#[test]
fn swapped_ciphertext_is_refused() {
    let a = base().seal(&mk(), &mut rng()).unwrap();
    let mut other = base();
    other.remove_share_key(&node(2));
    let b = other
        .seal(&mk(), &mut ChaCha20Rng::from_seed([1; 32]))
        .unwrap();
    // IV of one container with the ciphertext and tag of the other.
    let spliced = [&a.attribute()[..14], &b.attribute()[14..]].concat();
    assert_eq!(kind(open(&spliced, 0)), ErrorKind::Decrypt);
}

#[test]
fn flipped_bits_anywhere_after_the_header_are_refused() {
    let sealed = base().seal(&mk(), &mut rng()).unwrap();
    let attr = sealed.attribute();
    for i in 2..attr.len() {
        let mut bad = attr.to_vec();
        bad[i] ^= 0x01;
        assert_eq!(kind(open(&bad, 0)), ErrorKind::Decrypt, "byte {i}");
    }
}

#[test]
fn truncated_attribute_is_refused() {
    let sealed = base().seal(&mk(), &mut rng()).unwrap();
    let attr = sealed.attribute();
    for cut in 0..attr.len() {
        let e = kind(open(&attr[..cut], 0));
        assert!(
            matches!(e, ErrorKind::Malformed | ErrorKind::Decrypt),
            "cut {cut}: {e:?}"
        );
    }
}

#[test]
fn header_byte_0_tampering_is_refused() {
    let sealed = base().seal(&mk(), &mut rng()).unwrap();
    for b in [0x00, 0x13, 0x15, 0xff] {
        let mut bad = sealed.attribute().to_vec();
        bad[0] = b;
        assert_eq!(kind(open(&bad, 0)), ErrorKind::Unsupported);
    }
}

#[test]
fn header_byte_1_is_not_authenticated_and_is_ignored() {
    // What the format cannot protect: byte 1 ("reserved, always 0") is outside the GCM tag. Both
    // official clients ignore it; so does megacrypt, and it writes 0 back.
    let sealed = base().seal(&mk(), &mut rng()).unwrap();
    let mut changed = sealed.attribute().to_vec();
    changed[1] = 0x07;
    let k = open(&changed, 0).unwrap();
    assert_eq!(k.seal(&mk(), &mut rng()).unwrap().attribute()[1], 0);
}

// ----- corrupt records (only a holder of the master key can write these) --------------------

#[test]
fn record_running_past_the_end_is_refused() {
    let mut p = plain(&base(), 6);
    p.extend_from_slice(&[0x72, 0, 0, 9, 1, 2, 3]); // announces 9 bytes, has 3
    assert_eq!(kind(open(&attribute(&p), 0)), ErrorKind::Malformed);
}

#[test]
fn one_to_three_trailing_bytes_are_ignored_like_both_clients() {
    for extra in 1..=3 {
        let mut p = plain(&base(), 6);
        p.extend(std::iter::repeat_n(0xee, extra));
        let k = open(&attribute(&p), 0).unwrap();
        assert_eq!(plain(&k, 6), plain(&base(), 6), "dropped on rewrite");
    }
}

#[test]
fn truncated_records_are_refused() {
    // Every prefix of the plaintext that cuts a record short (not at a record boundary, not within
    // the 1-3 ignored trailing bytes) is refused.
    let p = plain(&base(), 6);
    let mut boundaries = vec![0];
    for (_, v) in split(&p) {
        boundaries.push(boundaries.last().unwrap() + 4 + v.len());
    }
    for cut in 1..p.len() {
        let last_boundary = *boundaries.iter().filter(|b| **b <= cut).max().unwrap();
        if cut - last_boundary < 4 {
            continue;
        }
        assert!(open(&attribute(&p[..cut]), 0).is_err(), "cut {cut}");
    }
}

#[test]
fn truncated_share_key_record_is_refused() {
    let mut sk = split(&plain(&base(), 6))
        .into_iter()
        .find(|(t, _)| *t == tag::SHARE_KEYS)
        .unwrap()
        .1;
    sk.pop(); // 22 bytes in the last record: the SDK refuses, the webclient reads past the end
    assert_eq!(
        kind(open(&attribute(&with_value(tag::SHARE_KEYS, &sk)), 0)),
        ErrorKind::Malformed
    );
}

#[test]
fn truncated_pending_out_share_is_refused() {
    let v = [5, b'n', b'd', 0, 0, 0, 1, b'a', b'@', b'b']; // e-mail of 5 announced, 3 present
    assert_eq!(
        kind(open(
            &attribute(&with_value(tag::PENDING_OUT_SHARES, &v)),
            0
        )),
        ErrorKind::Malformed
    );
}

#[test]
fn short_pending_in_share_value_is_refused() {
    let v = [
        8, b'b', b'm', b'Q', b'A', b'A', b'A', b'A', b'B', 0, 4, 1, 2, 3, 4,
    ];
    assert_eq!(
        kind(open(&attribute(&with_value(tag::PENDING_IN_SHARES, &v)), 0)),
        ErrorKind::Malformed
    );
}

#[test]
fn duplicated_tag_last_occurrence_wins() {
    // Both official clients take the last occurrence of a repeated known tag.
    let mut r = split(&plain(&base(), 6));
    let mut only_node_2 = Vec::new();
    only_node_2.extend_from_slice(node(2).as_bytes());
    only_node_2.extend_from_slice(share_key(2).as_bytes());
    only_node_2.push(0);
    r.push((tag::SHARE_KEYS, only_node_2));
    let k = open(&attribute(&join(&r)), 0).unwrap();
    assert_eq!(k.share_key_count(), 1);
    assert!(k.share_key(&node(1)).is_none());
}

#[test]
fn duplicated_tag_every_occurrence_is_checked() {
    // A malformed earlier occurrence is refused even if a later one is fine (the SDK parses each
    // occurrence; the webclient only the last).
    let mut r = split(&plain(&base(), 6));
    let pos = r.iter().position(|(t, _)| *t == tag::ED25519_SEED).unwrap();
    r.insert(pos, (tag::ED25519_SEED, vec![1; 31]));
    assert_eq!(kind(open(&attribute(&join(&r)), 0)), ErrorKind::Malformed);
}

#[test]
fn duplicated_generation_cannot_hide_a_rollback() {
    // An older container whose first generation record is high and last one is low: the last
    // wins in both official clients, and the rollback check uses it.
    let mut r = split(&plain(&base(), 3));
    let pos = r.iter().position(|(t, _)| *t == tag::GENERATION).unwrap();
    r.insert(pos, (tag::GENERATION, 99u32.to_be_bytes().to_vec()));
    assert_eq!(kind(open(&attribute(&join(&r)), 6)), ErrorKind::Rollback);
}

#[test]
fn duplicated_share_key_node_is_refused() {
    // Within one tag 48 no official writer repeats a node; the two readers would disagree on the
    // flags (the SDK takes the last byte, the webclient keeps any non-zero byte it saw).
    let mut v = Vec::new();
    for flags in [1u8, 0] {
        v.extend_from_slice(node(1).as_bytes());
        v.extend_from_slice(share_key(1).as_bytes());
        v.push(flags);
    }
    assert_eq!(
        kind(open(&attribute(&with_value(tag::SHARE_KEYS, &v)), 0)),
        ErrorKind::Malformed
    );
}

#[test]
fn missing_identity_or_generation_is_refused() {
    for t in [
        tag::VERSION,
        tag::IDENTITY,
        tag::GENERATION,
        tag::ED25519_SEED,
        tag::X25519_SECRET,
        tag::RSA_PQD,
    ] {
        let r: Vec<_> = split(&plain(&base(), 6))
            .into_iter()
            .filter(|(x, _)| *x != t)
            .collect();
        assert_eq!(
            kind(open(&attribute(&join(&r)), 0)),
            ErrorKind::Malformed,
            "tag {t}"
        );
    }
}

#[test]
fn missing_later_tags_are_accepted_and_written_back() {
    let r: Vec<_> = split(&plain(&base(), 6))
        .into_iter()
        .filter(|(x, _)| ![tag::ATTRIBUTES, tag::BACKUPS, tag::WARNINGS].contains(x))
        .collect();
    let k = open(&attribute(&join(&r)), 0).unwrap();
    let tags: Vec<u8> = split(&plain(&k, 7)).iter().map(|(t, _)| *t).collect();
    assert_eq!(&tags[..15], &tag::WRITE_ORDER);
}

#[test]
fn version_zero_is_refused() {
    assert_eq!(
        kind(open(&attribute(&with_value(tag::VERSION, &[0])), 0)),
        ErrorKind::Malformed
    );
}

#[test]
fn two_byte_version_is_refused() {
    assert_eq!(
        kind(open(&attribute(&with_value(tag::VERSION, &[1, 0])), 0)),
        ErrorKind::Malformed
    );
}

#[test]
fn short_or_unexpected_empty_rsa_is_refused() {
    let short = attribute(&with_value(tag::RSA_PQD, &[0x55; 100]));
    assert_eq!(kind(open(&short, 0)), ErrorKind::InvalidKey);
    let garbage = attribute(&with_value(tag::RSA_PQD, &[0x55; 600]));
    assert_eq!(kind(open(&garbage, 0)), ErrorKind::InvalidKey);
    // Empty: only for an account the caller knows has no RSA key.
    let empty = base().seal(&mk(), &mut rng()).unwrap();
    let strict = KeysContainer::open(&mk(), empty.attribute(), &ME, 0, &OpenOptions::new());
    assert_eq!(kind(strict), ErrorKind::InvalidKey);
}

#[test]
fn corrupt_ltlv_in_warnings_is_refused() {
    let v = [2, b'c', b'v', 0, 9, b'1'];
    assert_eq!(
        kind(open(&attribute(&with_value(tag::WARNINGS, &v)), 0)),
        ErrorKind::Malformed
    );
}

#[test]
fn unknown_tags_and_flag_bits_survive_a_round_trip() {
    let mut k = base();
    k.set_share_key_flags(&node(2), ShareKeyFlags::from_bits(0xfc))
        .unwrap();
    let sealed = k.seal(&mk(), &mut rng()).unwrap();
    let back = open(sealed.attribute(), 0).unwrap();
    assert_eq!(
        back.unknown_records(),
        &[0x70, 0, 0, 2, 0xde, 0xad, 0x71, 0, 0, 0]
    );
    assert_eq!(back.share_key(&node(2)).unwrap().flags().bits(), 0xfc);
    // Changing the trusted bit keeps the reserved bits.
    let mut back = back;
    back.mark_share_key_trusted(&node(2)).unwrap();
    assert_eq!(back.share_key(&node(2)).unwrap().flags().bits(), 0xfd);
}

// ----- mutations: all or nothing --------------------------------------------------------------

#[test]
fn trusted_share_key_replacement_is_refused_and_nothing_changes() {
    let mut k = base();
    let before = plain(&k, 6);
    let e = k
        .insert_share_key(node(1), &share_key(99), false)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::KeyChanged);
    assert_eq!(plain(&k, 6), before);
    // An untrusted key may be replaced (a re-share), and the same key only gains trust.
    k.insert_share_key(node(2), &share_key(98), false).unwrap();
    k.insert_share_key(node(2), &share_key(98), true).unwrap();
    assert!(k.share_key(&node(2)).unwrap().flags().is_trusted());
}

#[test]
fn refused_mutations_change_nothing() {
    let mut k = base();
    let before = plain(&k, 6);
    let long = PendingOutShare {
        node: node(1),
        user: PendingOutShareUser::Email("x".repeat(256)),
    };
    assert_eq!(
        k.add_pending_out_share(long).unwrap_err().kind(),
        ErrorKind::ApiMisuse
    );
    assert!(k.set_share_key_in_use(&node(77), true).is_err());
    assert!(k.mark_share_key_trusted(&node(77)).is_err());
    assert!(k.set_authring_ed25519_raw(&[0; 30]).is_err());
    assert!(
        hazmat::keys_container::set_unknown_records(&mut k, &[tag::SHARE_KEYS, 0, 0, 0]).is_err()
    );
    assert_eq!(plain(&k, 6), before);
}

#[test]
fn seal_changes_nothing_until_marked_stored() {
    let mut k = base();
    let s1 = k.seal(&mk(), &mut rng()).unwrap();
    let s2 = k.seal(&mk(), &mut rng()).unwrap();
    assert_eq!(
        (s1.generation(), s2.generation(), k.generation()),
        (6, 6, 5)
    );
    k.mark_stored(&s1);
    assert_eq!(k.seal(&mk(), &mut rng()).unwrap().generation(), 7);
}

#[test]
fn generation_overflow_is_refused() {
    let mut k = base();
    hazmat::keys_container::set_generation(&mut k, u32::MAX);
    assert_eq!(
        k.seal(&mk(), &mut rng()).unwrap_err().kind(),
        ErrorKind::ApiMisuse
    );
}

#[test]
fn pending_shares_promote_and_list() {
    let mut k = base();
    let p = PendingOutShare {
        node: node(1),
        user: PendingOutShareUser::Email("friend@example.org".into()),
    };
    assert!(k.remove_pending_out_share(&p));
    assert!(!k.remove_pending_out_share(&p));
    assert_eq!(
        k.pending_in_share(&node(3)).unwrap().encrypted_share_key(),
        Some([7; 16])
    );
    assert!(k.remove_pending_in_share(&node(3)));
    assert_eq!(k.pending_in_shares().count(), 0);
}

// ----- the RSA copy must be the account's key -------------------------------------------------

/// The RSA-2048 pqd value of the vector file's seal cases, and its master key and user.
fn vector_rsa_pqd() -> Vec<u8> {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("data/keys_container.json")).unwrap();
    let case = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "seal" && c["fields"]["rsa_pqd_hex"] != "")
        .unwrap();
    hex::decode(case["fields"]["rsa_pqd_hex"].as_str().unwrap()).unwrap()
}

#[test]
fn rsa_key_not_matching_the_login_key_is_refused() {
    let pqd = vector_rsa_pqd();
    let mut k = base();
    k.set_rsa_pqd_bytes(&pqd, &OpenOptions::new()).unwrap();
    let own_public = k.rsa_private_key().unwrap().public_key().clone();
    let sealed = k.seal(&mk(), &mut rng()).unwrap();
    // Pinned to the account's own public key: accepted, bytes kept as written.
    let pinned = OpenOptions::new().rsa_public_key(own_public);
    let back = KeysContainer::open(&mk(), sealed.attribute(), &ME, 0, &pinned).unwrap();
    assert_eq!(back.rsa_pqd_bytes(), pqd.as_slice());
    // Pinned to another account's public key (the rsa.json vector key): refused.
    let rsa: serde_json::Value = serde_json::from_str(include_str!("data/rsa.json")).unwrap();
    let other =
        megacrypt::rsa::RsaPublicKey::from_b64(rsa["key"]["pubk_b64"].as_str().unwrap()).unwrap();
    let wrong = OpenOptions::new().rsa_public_key(other);
    let e = KeysContainer::open(&mk(), sealed.attribute(), &ME, 0, &wrong).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidKey);
    // A refused set_rsa_pqd_bytes leaves the key in place.
    let mut k2 = back.clone();
    assert!(
        k2.set_rsa_pqd_bytes(&pqd[..pqd.len() - 1], &OpenOptions::new())
            .is_err()
    );
    assert_eq!(k2.rsa_pqd_bytes(), pqd.as_slice());
}
