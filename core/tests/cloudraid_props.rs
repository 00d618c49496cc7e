//! CloudRAID recombination against a byte-by-byte reference, aimed at the seam between the bulk
//! path (runs of full lines inside the range) and the per-line path (a partial first or last
//! line, the file's short last line): ranges starting and ending anywhere, each part fed in its
//! own random piece sizes so the parts run unevenly ahead of each other, drains at random
//! moments (or once at the end), every choice of unused part, and an output vector that already
//! holds bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::cloudraid::{PARTS, Recombiner};
use proptest::prelude::*;

/// Reference layout (docs/format/cloudraid.md), one byte at a time: file byte `i` lies in sector
/// `k = i / 16`, which goes to part `1 + k mod 5` at offset `16·⌊k/5⌋ + i mod 16`; byte `j` of
/// line `l`'s parity sector is the XOR of byte `j` of the line's data sectors (missing bytes
/// count as zero), and the parity part is as long as part 1.
fn split_bytewise(data: &[u8]) -> [Vec<u8>; PARTS] {
    let mut parts: [Vec<u8>; PARTS] = Default::default();
    for (i, &byte) in data.iter().enumerate() {
        let k = i / 16;
        let part = &mut parts[1 + k % 5];
        let at = 16 * (k / 5) + i % 16;
        assert_eq!(part.len(), at);
        part.push(byte);
    }
    let parity_len = parts[1].len();
    for at in 0..parity_len {
        let (line, j) = (at / 16, at % 16);
        let mut x = 0u8;
        for s in 0..5 {
            if let Some(b) = data.get(80 * line + 16 * s + j) {
                x ^= b;
            }
        }
        parts[0].push(x);
    }
    parts
}

/// The data: a size, a range in it, the unused part, per-part piece sizes, a drain schedule.
#[derive(Debug, Clone)]
struct Case {
    size: usize,
    start: usize,
    end: usize,
    unused: usize,
    pieces: Vec<Vec<usize>>,
    drains: Vec<bool>,
    prefix: usize,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![0usize..=200, 200usize..=3000, 3000usize..=20_000],
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        0usize..PARTS,
        prop::collection::vec(
            prop::collection::vec(
                prop_oneof![1usize..=17, 15usize..=100, 100usize..=5000],
                1..8,
            ),
            PARTS,
        ),
        prop::collection::vec(any::<bool>(), 1..16),
        0usize..40,
    )
        .prop_map(|(size, a, b, unused, pieces, drains, prefix)| {
            let (x, y) = (a.index(size + 1), b.index(size + 1));
            let (start, end) = (x.min(y), x.max(y));
            Case {
                size,
                start,
                end,
                unused,
                pieces,
                drains,
                prefix,
            }
        })
}

fn run(c: &Case, data: &[u8], parts: &[Vec<u8>; PARTS]) -> Result<(), TestCaseError> {
    let mut r =
        Recombiner::with_range(c.size as u64, c.start as u64, c.end as u64, c.unused).unwrap();
    let prefix: Vec<u8> = (0..c.prefix).map(|i| 0xA0 ^ i as u8).collect();
    let mut out = prefix.clone();
    let mut cur = [0usize; PARTS];
    let mut to = [0usize; PARTS];
    for p in 0..PARTS {
        match r.part_range(p) {
            Some((a, b)) => {
                cur[p] = a as usize;
                to[p] = b as usize;
            }
            None => prop_assert_eq!(p, c.unused),
        }
    }
    let mut round = 0usize;
    loop {
        let mut progressed = false;
        for p in 0..PARTS {
            if p == c.unused || cur[p] == to[p] {
                continue;
            }
            let want = c.pieces[p][round % c.pieces[p].len()];
            let n = want.min(to[p] - cur[p]);
            r.feed(p, &parts[p][cur[p]..cur[p] + n]).unwrap();
            cur[p] += n;
            progressed = true;
            if c.drains[(round * PARTS + p) % c.drains.len()] {
                let before = out.len();
                let n = r.drain_into(&mut out);
                prop_assert_eq!(n, out.len() - before);
                prop_assert_eq!(r.produced() as usize, out.len() - prefix.len());
            }
        }
        if !progressed {
            break;
        }
        round += 1;
    }
    r.drain_into(&mut out);
    prop_assert_eq!(r.produced() as usize, c.end - c.start);
    r.finish().unwrap();
    prop_assert_eq!(&out[..prefix.len()], &prefix[..]);
    prop_assert_eq!(&out[prefix.len()..], &data[c.start..c.end]);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn recombines_any_range_any_feed_pattern(c in case(), seed in any::<u8>()) {
        let data: Vec<u8> = (0..c.size).map(|i| (i as u8).wrapping_mul(73) ^ seed ^ (i >> 8) as u8).collect();
        let parts = split_bytewise(&data);
        run(&c, &data, &parts)?;
    }

    #[test]
    fn recombines_line_aligned_ranges(c in case()) {
        // Range ends on line boundaries (or the file end): the bulk path's own edges.
        let mut c = c;
        c.start = c.start / 80 * 80;
        c.end = (c.end.div_ceil(80) * 80).min(c.size);
        let data: Vec<u8> = (0..c.size).map(|i| (i * 13 + 5) as u8).collect();
        let parts = split_bytewise(&data);
        run(&c, &data, &parts)?;
    }
}

/// A part that stops short leaves the range unfinished: `finish` reports it, whichever path the
/// missing line would have taken.
#[test]
fn a_short_part_is_reported() {
    for (size, unused, short) in [
        (800usize, 0usize, 3usize),
        (800, 3, 1),
        (795, 0, 5),
        (795, 2, 0),
    ] {
        let data: Vec<u8> = (0..size).map(|i| i as u8).collect();
        let parts = split_bytewise(&data);
        let mut r = Recombiner::new(size as u64, unused).unwrap();
        for p in (0..PARTS).filter(|&p| p != unused) {
            let len = parts[p].len() - usize::from(p == short);
            r.feed(p, &parts[p][..len]).unwrap();
        }
        let mut out = Vec::new();
        r.drain_into(&mut out);
        assert!(
            out.len() < size,
            "size {size} unused {unused} short {short}"
        );
        assert_eq!(&out[..], &data[..out.len()]);
        assert!(r.finish().is_err());
    }
}

/// A part may arrive in any number of pieces, but never more bytes in total than its range: the
/// byte after a complete part is refused as `Malformed`, in one piece or after several (the limit
/// is what is left of the range, not the range itself). Mutation testing found the running
/// total unchecked (docs/mutation-testing.md).
#[test]
fn a_part_longer_than_its_range_is_refused_across_feeds() {
    let size = 800usize;
    let data: Vec<u8> = (0..size).map(|i| i as u8).collect();
    let parts = split_bytewise(&data);
    for split in [0usize, 1, 80, 159, 160] {
        let mut r = Recombiner::new(size as u64, 0).unwrap();
        let part = &parts[1];
        assert_eq!(part.len(), 160, "800 bytes: 10 lines, 160 bytes a part");
        r.feed(1, &part[..split]).unwrap();
        r.feed(1, &part[split..]).unwrap();
        let err = r.feed(1, &[0]).unwrap_err();
        assert_eq!(err.kind(), megacrypt::ErrorKind::Malformed, "split {split}");
        // A second piece that overshoots by one byte is refused too.
        let mut r = Recombiner::new(size as u64, 0).unwrap();
        r.feed(1, &part[..split]).unwrap();
        let mut long = part[split..].to_vec();
        long.push(0);
        let err = r.feed(1, &long).unwrap_err();
        assert_eq!(err.kind(), megacrypt::ErrorKind::Malformed, "split {split}");
    }
}
