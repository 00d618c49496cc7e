//! Property tests for the upload/download metadata modules, each against a straightforward
//! reference written from docs/format (in this file, and the CloudRAID split in
//! `support/cloudraid_split.rs`, shared with the fuzz harness and the benchmark):
//! - CloudRAID: split a file into six parts, recombine with any one part missing, any feed order
//!   and piece size, whole or from a resume offset;
//! - fingerprint: the range-fed and sequential builders against a bitwise CRC-32 and the
//!   offsets formula;
//! - upload checksum: any split against the byte-by-byte XOR.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::cloudraid::{self, PARTS, Recombiner};
use megacrypt::fingerprint::{SparseCrc, SparseCrcFromStream, SparsePlan};
use megacrypt::upload_checksum::UploadChecksum;
use proptest::prelude::*;

#[path = "support/cloudraid_split.rs"]
mod cloudraid_split;
use cloudraid_split::split;

/// Feeds the parts round-robin in pieces of `step + p` bytes, draining as it goes.
fn recombine(
    parts: &[Vec<u8>; PARTS],
    size: u64,
    start: u64,
    end: u64,
    unused: usize,
    step: usize,
) -> Vec<u8> {
    let mut r = Recombiner::with_range(size, start, end, unused).unwrap();
    let ranges: Vec<_> = (0..PARTS).map(|p| r.part_range(p)).collect();
    let mut cur: Vec<u64> = ranges.iter().map(|x| x.map_or(0, |(a, _)| a)).collect();
    let mut out = Vec::new();
    loop {
        let mut progressed = false;
        for p in (0..PARTS).rev() {
            let Some((_, to)) = ranges[p] else { continue };
            let n = (to - cur[p]).min((step + p) as u64);
            if n > 0 {
                let a = cur[p] as usize;
                r.feed(p, &parts[p][a..a + n as usize]).unwrap();
                cur[p] += n;
                progressed = true;
            }
            r.drain_into(&mut out);
        }
        if !progressed {
            break;
        }
    }
    r.finish().unwrap();
    out
}

/// Bitwise CRC-32 (zlib): the textbook loop, no table.
fn crc32_bitwise(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// Reference sparse CRC (docs/format/fingerprint.md).
fn sparse_reference(data: &[u8]) -> [u8; 16] {
    let size = data.len();
    let mut out = [0u8; 16];
    if size <= 16 {
        out[..size].copy_from_slice(data);
        return out;
    }
    for i in 0..4 {
        let crc = if size <= 8192 {
            crc32_bitwise(&data[i * size / 4..(i + 1) * size / 4])
        } else {
            let mut lane = Vec::new();
            for j in 0..32 {
                let off = ((size as u128 - 64) * (32 * i as u128 + j) / 127) as usize;
                lane.extend_from_slice(&data[off..off + 64]);
            }
            crc32_bitwise(&lane)
        };
        out[4 * i..4 * i + 4].copy_from_slice(&crc.to_be_bytes());
    }
    out
}

fn sizes() -> impl Strategy<Value = usize> {
    prop_oneof![
        0usize..=20,
        60usize..=100,
        150usize..=2000,
        8180usize..=8200,
        8193usize..=40_000
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn cloudraid_recombines_with_any_part_missing(
        size in prop_oneof![0usize..=17, 17usize..=200, 200usize..=5000],
        seed in any::<u8>(),
        unused in 0usize..PARTS,
        step in 1usize..100,
    ) {
        let data: Vec<u8> = (0..size).map(|i| (i as u8).wrapping_mul(31) ^ seed).collect();
        let parts = split(&data);
        let sizes: Vec<u64> = parts.iter().map(|p| p.len() as u64).collect();
        prop_assert_eq!(sizes, cloudraid::part_sizes(size as u64).to_vec());
        let out = recombine(&parts, size as u64, 0, size as u64, unused, step);
        prop_assert_eq!(out, data);
    }

    #[test]
    fn cloudraid_ranges_and_resume(
        size in 1usize..3000,
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        unused in 0usize..PARTS,
        step in 1usize..50,
    ) {
        let data: Vec<u8> = (0..size).map(|i| (i * 7 + 3) as u8).collect();
        let parts = split(&data);
        let (x, y) = (a.index(size + 1), b.index(size + 1));
        let (start, end) = (x.min(y), x.max(y));
        let out = recombine(&parts, size as u64, start as u64, end as u64, unused, step);
        prop_assert_eq!(&out[..], &data[start..end]);
        let rp = cloudraid::resume_point(start as u64);
        prop_assert_eq!(rp.part_start % 16, 0);
        prop_assert_eq!(rp.part_start / 16 * 80 + rp.skipped_bytes, start as u64);
    }

    #[test]
    fn fingerprint_builders_match_reference(
        size in sizes(),
        seed in any::<u32>(),
        step in 1usize..5000,
    ) {
        let mut x = seed | 1;
        let data: Vec<u8> = (0..size).map(|_| { x ^= x << 13; x ^= x >> 17; x ^= x << 5; x as u8 }).collect();
        let want = sparse_reference(&data);
        prop_assert_eq!(*SparseCrc::compute(&data).as_bytes(), want);
        // Range-fed, in the plan's order, pieces of `step` bytes.
        let plan = SparsePlan::new(size as u64);
        let mut fed = Vec::new();
        for r in plan.ranges() {
            fed.extend_from_slice(&data[r.offset as usize..(r.offset + r.len) as usize]);
        }
        let mut b = plan.builder();
        for piece in fed.chunks(step) {
            b.feed(piece).unwrap();
        }
        prop_assert_eq!(*b.finish().unwrap().as_bytes(), want);
        // Sequential.
        let mut s = SparseCrcFromStream::new(size as u64);
        let mut position = 0u64;
        for piece in data.chunks(step) {
            s.update(piece).unwrap();
            position += piece.len() as u64;
            prop_assert_eq!(s.position(), position);
        }
        prop_assert_eq!(*s.finish().unwrap().as_bytes(), want);
    }

    #[test]
    fn upload_checksum_any_split(body in prop::collection::vec(any::<u8>(), 0..500), step in 1usize..40) {
        let mut want = [0u8; 12];
        for (i, b) in body.iter().enumerate() {
            want[i % 12] ^= b;
        }
        let mut c = UploadChecksum::new();
        for piece in body.chunks(step) {
            c.update(piece);
        }
        prop_assert_eq!(c.to_bytes(), want);
        // It counts the body it was fed: the `fed` counter the lane phase comes from.
        prop_assert_eq!(c.body_len(), body.len() as u64);
    }
}

#[test]
fn encrypting_writer_yields_the_fingerprint_of_the_plaintext() {
    use megacrypt::file::{EncryptingWriter, FileEncryptor};
    use megacrypt::{AesKey, Nonce};
    use std::io::Write;
    let enc = || {
        FileEncryptor::with_key(megacrypt::ContentKey::from_parts(
            AesKey::from_bytes([3; 16]).unwrap(),
            Nonce::from_bytes([4; 8]).unwrap(),
        ))
    };
    for size in [0usize, 5, 16, 17, 8192, 8193, 300_001] {
        let data: Vec<u8> = (0..size).map(|i| (i * 13 + 5) as u8).collect();
        let mut plain_writer = EncryptingWriter::new(Vec::new(), enc());
        plain_writer.write_all(&data).unwrap();
        let (want_ct, want_key) = plain_writer.finish().unwrap();
        let mut w = EncryptingWriter::with_fingerprint(Vec::new(), enc(), size as u64);
        for piece in data.chunks(7919) {
            w.write_all(piece).unwrap();
        }
        let (ct, key, crc) = w.finish_with_fingerprint().unwrap();
        assert_eq!(ct, want_ct);
        assert_eq!(key, want_key);
        assert_eq!(*crc.as_bytes(), sparse_reference(&data), "size {size}");
    }
    // More bytes than announced: refused, and a short file is reported at the end.
    let mut w = EncryptingWriter::with_fingerprint(Vec::new(), enc(), 3);
    assert_eq!(
        w.write_all(&[0; 4]).unwrap_err().kind(),
        std::io::ErrorKind::InvalidInput
    );
    let mut w = EncryptingWriter::with_fingerprint(Vec::new(), enc(), 3);
    w.write_all(&[0; 2]).unwrap();
    assert_eq!(
        w.finish_with_fingerprint().unwrap_err().kind(),
        std::io::ErrorKind::InvalidData
    );
    let w = EncryptingWriter::new(Vec::new(), enc());
    assert!(w.finish_with_fingerprint().is_err());
}

/// What a plan reads (docs/format/fingerprint.md, "The 16-byte CRC part"): a file of at most
/// 8192 bytes whole, in one range (an empty file: no range at all, not an empty one), a larger one
/// as 128 blocks of 64 bytes; `total_len` is the sum of the ranges' lengths.
#[test]
fn a_plan_reads_the_whole_small_file_or_128_blocks_of_64_bytes() {
    let empty = SparsePlan::new(0);
    assert_eq!(empty.ranges().count(), 0);
    assert_eq!(empty.total_len(), 0);
    for size in [1u64, 16, 17, 100, 8192] {
        let plan = SparsePlan::new(size);
        let ranges: Vec<_> = plan.ranges().collect();
        assert_eq!(ranges.len(), 1, "size {size}");
        assert_eq!((ranges[0].offset, ranges[0].len), (0, size));
        assert_eq!(plan.total_len(), size);
    }
    for size in [8193u64, 1 << 20, 1 << 40] {
        let plan = SparsePlan::new(size);
        let ranges: Vec<_> = plan.ranges().collect();
        assert_eq!(ranges.len(), 128, "size {size}");
        assert!(ranges.iter().all(|r| r.len == 64 && r.offset + 64 <= size));
        assert_eq!(plan.total_len(), 128 * 64);
        assert_eq!(ranges.iter().map(|r| r.len).sum::<u64>(), plan.total_len());
    }
}
