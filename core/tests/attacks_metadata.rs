//! What a malicious server (or a tampered node) can put into the metadata that travels with a
//! file, and what megacrypt does with it: each attack is a named test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::base64;
use megacrypt::cloudraid::{self, Recombiner};
use megacrypt::fingerprint::{
    FileFingerprint, SparseCrc, SparseCrcFromStream, SparsePlan, serialize64,
};
use megacrypt::location::{self, Coordinates, UnshareableKey};
use megacrypt::media::{MediaKey, MediaProperties};
use megacrypt::{ErrorKind, MasterKey};

fn c_from_raw(raw: &[u8]) -> String {
    base64::encode(raw)
}

fn crc_then(rest: &[u8]) -> Vec<u8> {
    let mut v = vec![0x44u8; 16];
    v.extend_from_slice(rest);
    v
}

fn malformed<T: std::fmt::Debug>(r: megacrypt::Result<T>) {
    assert_eq!(r.unwrap_err().kind(), ErrorKind::Malformed);
}

// --- `c` attribute ------------------------------------------------------------------------------

#[test]
fn c_attribute_without_mtime_is_refused() {
    malformed(FileFingerprint::decode_c_attribute(&c_from_raw(
        &[0x44; 16],
    )));
    malformed(FileFingerprint::decode_c_attribute(&c_from_raw(
        &[0x44; 10],
    )));
    malformed(FileFingerprint::decode_c_attribute(""));
}

#[test]
fn c_attribute_with_overlong_serialize64_count_is_refused() {
    // count 9 > 8, with nine bytes present
    malformed(FileFingerprint::decode_c_attribute(&c_from_raw(&crc_then(
        &[9, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ))));
    malformed(serialize64::decode(&[9, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    malformed(serialize64::decode(&[0xFF]));
}

#[test]
fn c_attribute_whose_count_runs_past_the_end_is_refused() {
    malformed(FileFingerprint::decode_c_attribute(&c_from_raw(&crc_then(
        &[3, 1, 2],
    ))));
    malformed(serialize64::decode(&[8, 1, 2, 3]));
}

#[test]
fn c_attribute_with_trailing_bytes_is_refused() {
    malformed(FileFingerprint::decode_c_attribute(&c_from_raw(&crc_then(
        &[1, 7, 0xEE],
    ))));
}

#[test]
fn c_attribute_with_non_minimal_mtime_is_refused() {
    // 5 written as two bytes: a second spelling of the same value.
    malformed(FileFingerprint::decode_c_attribute(&c_from_raw(&crc_then(
        &[2, 5, 0],
    ))));
    // ...while the minimal spelling is accepted.
    let (_, m) = FileFingerprint::decode_c_attribute(&c_from_raw(&crc_then(&[1, 5]))).unwrap();
    assert_eq!(m, 5);
}

#[test]
fn c_attribute_with_padding_or_junk_characters_is_refused() {
    malformed(FileFingerprint::decode_c_attribute(
        "RPKSn6lk1RwJp1plW9J_7wEQ==",
    ));
    malformed(FileFingerprint::decode_c_attribute(
        "RPKSn6lk1R*Jp1plW9J_7wA",
    ));
    malformed(FileFingerprint::decode_c_attribute(
        "RPKSn6lk1RwJp1plW9J_7wA\n",
    ));
}

#[test]
fn huge_c_attribute_is_refused_before_decoding() {
    let long = "A".repeat(10_000_000);
    malformed(FileFingerprint::decode_c_attribute(&long));
}

#[test]
fn app_fingerprint_with_bad_size_prefix_is_refused() {
    let fp = FileFingerprint::new(100, SparseCrc::from_bytes([1; 16]), 5);
    let good = fp.app_fingerprint();
    assert_eq!(FileFingerprint::from_app_fingerprint(&good).unwrap(), fp);
    for bad in ["", "A", "Z", "ZZZZ", "B", "DAWQ", "\u{e9}AAAA"] {
        malformed(FileFingerprint::from_app_fingerprint(bad));
    }
    // Size length pointing past the end.
    let mut s = String::from("M");
    s.push_str(&good[1..5]);
    malformed(FileFingerprint::from_app_fingerprint(&s));
}

/// The size field is one serialize64 value, minimal and alone (docs/format/fingerprint.md, "The
/// app-prefixed fingerprint"): a second spelling of the same size is refused whichever of the two
/// rules it breaks. Size 100 is `01 64` ("AWQ"); `01 64 00` ("AWQA") has a byte after the value,
/// `02 64 00` ("AmQA") a zero top byte.
#[test]
fn app_fingerprint_size_with_trailing_byte_or_non_minimal_encoding_is_refused() {
    let fp = FileFingerprint::new(100, SparseCrc::from_bytes([1; 16]), 5);
    let good = fp.app_fingerprint();
    assert!(good.starts_with("DAWQ"), "{good}");
    let c = &good[4..];
    for size in ["AWQA", "AmQA"] {
        let bad = format!("E{size}{c}");
        malformed(FileFingerprint::from_app_fingerprint(&bad));
    }
}

#[test]
fn extreme_mtimes_do_not_overflow_the_comparison() {
    let crc = SparseCrc::from_bytes([0; 16]);
    let a = FileFingerprint::new(1, crc, i64::MIN);
    let b = FileFingerprint::new(1, crc, i64::MAX);
    assert!(!a.matches(&b));
    assert!(a.matches(&a));
}

#[test]
fn fingerprint_stream_longer_than_announced_is_refused() {
    let mut s = SparseCrcFromStream::new(100_000);
    s.update(&vec![0; 100_000]).unwrap();
    assert_eq!(s.update(&[0]).unwrap_err().kind(), ErrorKind::SizeMismatch);
    let short = SparseCrcFromStream::new(100_000);
    assert_eq!(short.finish().unwrap_err().kind(), ErrorKind::SizeMismatch);
}

// --- media attributes (`fa`) --------------------------------------------------------------------

fn media_key() -> MediaKey {
    MediaKey::from_bytes(&[9; 16])
}

#[test]
fn truncated_fa_entry_is_refused() {
    malformed(MediaProperties::from_fa_string(
        "470:8*DbQ1mYOlgz",
        &media_key(),
    ));
    malformed(MediaProperties::from_fa_string("470:8*", &media_key()));
    malformed(MediaProperties::from_fa_string(
        "470:8*DbQ1mYOlgz/470:9*gJhFEGbUcXo",
        &media_key(),
    ));
}

#[test]
fn overlong_or_garbled_fa_entry_is_refused() {
    malformed(MediaProperties::from_fa_string(
        "470:8*DbQ1mYOlgzwX",
        &media_key(),
    ));
    malformed(MediaProperties::from_fa_string(
        "470:8*DbQ1mYOl*zw",
        &media_key(),
    ));
    // Non-canonical last character (low bits set) of an 8-byte value.
    malformed(MediaProperties::from_fa_string(
        "470:8*DbQ1mYOlgzx",
        &media_key(),
    ));
}

#[test]
fn truncated_type9_entry_is_refused() {
    // Type 8 with short format 0 makes the decoder read type 9.
    let p = MediaProperties::default();
    let entries = p.to_fa_entries(&media_key()).unwrap();
    let t8 = entries.split('/').next().unwrap();
    malformed(MediaProperties::from_fa_string(
        &format!("1:{t8}/1:9*abc"),
        &media_key(),
    ));
}

#[test]
fn fa_string_without_media_entry_yields_nothing() {
    assert_eq!(
        MediaProperties::from_fa_string("470:0*AAAAAAAAAAA/8*AAAAAAAAAAA", &media_key()).unwrap(),
        None
    );
}

#[test]
fn media_values_from_any_ciphertext_stay_in_range() {
    // Whatever 8 bytes a server stores, the decoded values are bounded (no overflow).
    for seed in 0u8..=255 {
        let t8 = [seed, !seed, seed.wrapping_mul(3), 0xFF, 0x7F, seed, 0xFF, 0];
        let p = MediaProperties::from_plain(&t8, Some(&[0xFF; 8]));
        assert!(p.width <= 147_448 && p.height <= 147_448);
        assert!(p.fps <= 1144 && p.playtime <= 7_995_360);
        assert!(p.video_codec_id < 4096 && p.audio_codec_id < 4096);
    }
}

// --- location (`l`, `gp`) -----------------------------------------------------------------------

fn usk() -> UnshareableKey {
    let mk = MasterKey::from_bytes([0x21; 16]).unwrap();
    UnshareableKey::from_usk_attribute(&mk, "ZZ0PmpR8ccqu1aa5Od2x7Q").unwrap()
}

#[test]
fn gp_without_unshare_prefix_is_refused() {
    // A 16-byte value that does not decrypt to "unshare/...": e.g. written under another
    // account's key, or an `l` value simply moved into `gp`.
    let other = UnshareableKey::from_bytes([0x55; 16]);
    let xy = Coordinates {
        latitude: 10.0,
        longitude: 20.0,
    };
    let foreign = location::encode_gp(xy, &other).unwrap();
    assert_eq!(
        location::decode_gp(&foreign, &usk()).unwrap_err().kind(),
        ErrorKind::Decrypt
    );
    let raw = base64::encode(b"sharing/AAAAAAAA");
    assert!(location::decode_gp(&raw, &UnshareableKey::from_bytes([0; 16])).is_err());
    // A failing gp does not hide a valid l, and never yields gp's garbage.
    let l = location::encode_l(xy).unwrap();
    assert_eq!(
        location::node_coordinates(Some(&l), Some(&foreign), Some(&usk())),
        Some(location::decode_l(&l).unwrap())
    );
}

#[test]
fn gp_with_wrong_length_is_refused() {
    for bad in [
        "",
        "6dNcCgM44NeKjdMhwJ8kY",
        "6dNcCgM44NeKjdMhwJ8kYQA",
        "6dNcCgM44NeKjdMhwJ8k*Q",
    ] {
        assert!(location::decode_gp(bad, &usk()).is_err(), "{bad}");
    }
}

#[test]
fn malformed_l_is_refused() {
    for bad in ["", "5bay31_", "5bay31_jj", "AA*A31_j", "5bay31_\u{e9}"] {
        malformed(location::decode_l(bad));
    }
}

#[test]
fn out_of_range_or_nan_coordinates_are_refused() {
    for (lat, lon) in [
        (90.001, 0.0),
        (-90.001, 0.0),
        (0.0, 180.001),
        (0.0, -180.001),
        (f64::NAN, 0.0),
        (0.0, f64::INFINITY),
    ] {
        let e = location::encode_l(Coordinates {
            latitude: lat,
            longitude: lon,
        })
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ApiMisuse);
    }
}

#[test]
fn usk_of_wrong_length_is_refused() {
    let mk = MasterKey::from_bytes([0x21; 16]).unwrap();
    for bad in ["", "ZZ0PmpR8ccqu1aa5Od2x", "ZZ0PmpR8ccqu1aa5Od2x7QAA"] {
        assert!(UnshareableKey::from_usk_attribute(&mk, bad).is_err());
    }
}

// --- CloudRAID ----------------------------------------------------------------------------------

#[test]
fn cloudraid_part_longer_than_its_size_is_refused() {
    let mut r = Recombiner::new(1000, 0).unwrap();
    let size = cloudraid::part_size(1000, 1) as usize;
    assert_eq!(
        r.feed(1, &vec![0; size + 1]).unwrap_err().kind(),
        ErrorKind::Malformed
    );
    r.feed(1, &vec![0; size]).unwrap();
    assert_eq!(r.feed(1, &[0]).unwrap_err().kind(), ErrorKind::Malformed);
}

#[test]
fn cloudraid_short_part_is_detected_at_finish() {
    let mut r = Recombiner::new(1000, 0).unwrap();
    for p in 1..6 {
        let n = cloudraid::part_size(1000, p) as usize - usize::from(p == 3);
        r.feed(p, &vec![0; n]).unwrap();
    }
    let mut out = Vec::new();
    r.drain_into(&mut out);
    assert!(out.len() < 1000);
    assert_eq!(r.finish().unwrap_err().kind(), ErrorKind::SizeMismatch);
}

#[test]
fn cloudraid_bytes_for_the_unused_part_are_refused() {
    let mut r = Recombiner::new(1000, 2).unwrap();
    assert_eq!(r.feed(2, &[0]).unwrap_err().kind(), ErrorKind::ApiMisuse);
    assert_eq!(r.feed(6, &[0]).unwrap_err().kind(), ErrorKind::ApiMisuse);
    assert!(Recombiner::new(1000, 6).is_err());
}

#[test]
fn cloudraid_hostile_sizes_and_ranges_do_not_panic() {
    for size in [0u64, 1, 79, 80, 81, u64::MAX / 2, u64::MAX - 1, u64::MAX] {
        let s = cloudraid::part_sizes(size);
        assert_eq!(s[0], s[1]);
        let r = Recombiner::new(size, 0).unwrap();
        assert!(r.part_range(0).is_none());
    }
    assert!(Recombiner::with_range(100, 50, 40, 0).is_err());
    assert!(Recombiner::with_range(100, 0, 101, 0).is_err());
    // A huge announced size with no data: nothing produced, nothing buffered.
    let mut r = Recombiner::new(u64::MAX, 0).unwrap();
    let mut out = Vec::new();
    assert_eq!(r.drain_into(&mut out), 0);
    assert_eq!(r.finish().unwrap_err().kind(), ErrorKind::SizeMismatch);
}

/// A caller that feeds a plan's builder more bytes than the plan's ranges hold (a read that
/// returned too much, or the wrong ranges) is told so at the feed that overflows, whatever was
/// fed before: the limit is what is left, not the plan's total.
#[test]
fn a_plan_builder_refuses_more_bytes_than_its_ranges_across_feeds() {
    // 10 bytes: kept as the CRC itself (at most 16). 100 bytes: read whole, four CRC lanes.
    // 100 000 bytes: 128 blocks of 64 = 8192 bytes.
    for (size, total) in [(10u64, 10usize), (100, 100), (100_000, 8192)] {
        let plan = SparsePlan::new(size);
        for first in [1, total / 2, total - 1] {
            let mut b = plan.builder();
            b.feed(&vec![7; first]).unwrap();
            let err = b.feed(&vec![7; total - first + 1]).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::SizeMismatch,
                "size {size}, first {first}"
            );
        }
        let mut b = plan.builder();
        b.feed(&vec![7; total]).unwrap();
        assert_eq!(b.feed(&[7]).unwrap_err().kind(), ErrorKind::SizeMismatch);
    }
}
