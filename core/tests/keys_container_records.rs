//! The record layer of `^!keys` (`core/src/keys_container/records.rs`), checked where mutation
//! testing (docs/mutation-testing.md) found it unchecked: record lengths of more than one byte,
//! unknown records kept verbatim, the set of known tags, the rule for caller-supplied unknown
//! records.
//!
//! The plaintexts are written by hand from the layout `tag(1) || length(3, big-endian) || value`
//! and the tag table of docs/format/keys-container.md (SDK `KeyManager` `TAG_*`,
//! `include/mega/megaclient.h`); the expected output of a round trip is the input itself.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::ErrorKind;
use megacrypt::hazmat;
use megacrypt::keys_container::records::tag;
use megacrypt::keys_container::{KeysContainer, OpenOptions};

/// `tag || len(3, BE) || value`, by hand.
fn rec(t: u8, value: &[u8]) -> Vec<u8> {
    let n = value.len();
    let mut v = vec![t, (n >> 16) as u8, (n >> 8) as u8, n as u8];
    v.extend_from_slice(value);
    v
}

/// A complete plaintext as the official clients write it (all fifteen known tags in the SDK's
/// order, empty RSA record), generation 7, followed by `unknown`.
fn plaintext(unknown: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend(rec(1, &[1]));
    p.extend(rec(2, &[0x5f, 0x5e, 0x10, 0x00]));
    p.extend(rec(3, &[1, 2, 3, 4, 5, 6, 7, 8]));
    p.extend(rec(4, &[0, 0, 0, 7]));
    p.extend(rec(5, &[]));
    p.extend(rec(16, &[0x11; 32]));
    p.extend(rec(17, &[0x22; 32]));
    p.extend(rec(18, &[]));
    for t in [32, 33, 48, 64, 65, 80, 96] {
        p.extend(rec(t, &[]));
    }
    p.extend_from_slice(unknown);
    p
}

fn parse(p: &[u8]) -> megacrypt::Result<KeysContainer> {
    hazmat::keys_container::parse_plaintext(p, &OpenOptions::new().allow_empty_rsa(true))
}

fn round_trip(p: &[u8]) -> Vec<u8> {
    hazmat::keys_container::to_plaintext(&parse(p).unwrap(), 7)
        .unwrap()
        .to_vec()
}

/// A container of known tags only is written back byte for byte, and its fixed-size records
/// read as the values written.
#[test]
fn known_records_round_trip_byte_for_byte() {
    let p = plaintext(&[]);
    let c = parse(&p).unwrap();
    assert_eq!(c.version(), 1);
    assert_eq!(c.creation_time(), 0x5f5e_1000);
    assert_eq!(c.identity().as_bytes(), &[1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(c.generation(), 7);
    assert_eq!(c.ed25519_seed(), &[0x11; 32]);
    assert_eq!(c.x25519_secret(), &[0x22; 32]);
    assert_eq!(round_trip(&p), p);
}

/// Unknown records (tags the SDK does not define) are kept verbatim, in order, empty ones
/// included, and written after the known tags.
#[test]
fn unknown_records_are_kept_verbatim() {
    let unknown = [rec(200, b"abc"), rec(7, &[]), rec(200, b"second")].concat();
    let p = plaintext(&unknown);
    assert_eq!(round_trip(&p), p);
}

/// Record lengths use all three bytes: a value of 300 bytes (`00 01 2c`) and one of 70 000
/// bytes (`01 11 70`) are read whole; reading only the low byte would split them elsewhere.
#[test]
fn multi_byte_record_lengths_are_read_big_endian() {
    let v300: Vec<u8> = (0..300u32).map(|i| (i % 251) as u8).collect();
    let v70k: Vec<u8> = (0..70_000u32).map(|i| (i % 253) as u8).collect();
    let unknown = [rec(201, &v300), rec(202, &v70k)].concat();
    assert_eq!(&unknown[..4], &[201, 0x00, 0x01, 0x2c]);
    assert_eq!(&unknown[304..308], &[202, 0x01, 0x11, 0x70]);
    let p = plaintext(&unknown);
    assert_eq!(round_trip(&p), p);
    // A length one past the end is refused.
    let mut cut = plaintext(&rec(201, &v300));
    cut.pop();
    assert_eq!(parse(&cut).unwrap_err().kind(), ErrorKind::Malformed);
}

/// One to three bytes after the last record cannot hold a header: ignored (both clients), and
/// not written back.
#[test]
fn trailing_bytes_shorter_than_a_header_are_ignored() {
    let p = plaintext(&[]);
    for extra in [&[0xaa][..], &[0xaa, 0xbb], &[0xaa, 0xbb, 0xcc]] {
        let mut q = p.clone();
        q.extend_from_slice(extra);
        assert_eq!(round_trip(&q), p);
    }
}

/// The fifteen tags of the SDK's `KeyManager` are known; no other byte is.
#[test]
fn known_tags_are_exactly_the_sdk_tags() {
    let sdk = [1u8, 2, 3, 4, 5, 16, 17, 18, 32, 33, 48, 64, 65, 80, 96];
    for t in 0..=255u8 {
        assert_eq!(tag::is_known(t), sdk.contains(&t), "tag {t}");
    }
}

/// Caller-supplied unknown records must be whole records of unknown tags: a known tag (which
/// would shadow the real record on the next read, the last occurrence winning) or a cut record
/// is refused.
#[test]
fn unknown_records_set_by_the_caller_must_be_whole_and_unknown() {
    let mut c = parse(&plaintext(&[])).unwrap();
    let ok = [rec(200, b"abc"), rec(201, &[])].concat();
    hazmat::keys_container::set_unknown_records(&mut c, &ok).unwrap();
    assert_eq!(
        hazmat::keys_container::to_plaintext(&c, 7)
            .unwrap()
            .to_vec(),
        plaintext(&ok)
    );
    let mut trailing = ok.clone();
    trailing.extend_from_slice(&[0xaa, 0xbb]);
    for bad in [
        rec(3, &[9; 8]),
        [rec(200, b"abc"), rec(48, &[])].concat(),
        trailing,
    ] {
        assert_eq!(
            hazmat::keys_container::set_unknown_records(&mut c, &bad)
                .unwrap_err()
                .kind(),
            ErrorKind::ApiMisuse
        );
    }
}
