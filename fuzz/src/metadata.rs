//! Harnesses for the metadata that travels with a file: the `c` fingerprint attribute, media
//! `fa` entries, GPS attributes and CloudRAID recombination (differential against the plain
//! reference split of `core/tests/support/cloudraid_split.rs`, shared with the core's property
//! tests and the benchmark).

use megacrypt::cloudraid::{self, PARTS, Recombiner};
use megacrypt::fingerprint::{FileFingerprint, SparseCrc, SparseCrcFromStream, serialize64};
use megacrypt::location::{self, UnshareableKey};
use megacrypt::media::{MediaKey, MediaProperties};
use megacrypt::{ErrorKind, base64};

use crate::Input;

#[path = "../../core/tests/support/cloudraid_split.rs"]
mod cloudraid_split;
use cloudraid_split::split;

/// `c` attribute and app fingerprint decoding: never panics; whatever parses re-encodes to a
/// string that parses to the same value; refusals are `Malformed`.
pub fn fingerprint_c(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match FileFingerprint::decode_c_attribute(s) {
        Ok((crc, mtime)) => {
            let fp = FileFingerprint::new(7, crc, mtime);
            let again = FileFingerprint::from_c_attribute(&fp.c_attribute(), 7).expect("re-parse");
            assert_eq!(again, fp);
            // Strict parsing: only the canonical spelling (modulo the +/ alphabet) is accepted.
            assert_eq!(
                fp.c_attribute(),
                s.replace('+', "-").replace('/', "_"),
                "accepted a non-canonical c attribute"
            );
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::Malformed),
    }
    if let Ok(fp) = FileFingerprint::from_app_fingerprint(s) {
        assert_eq!(
            FileFingerprint::from_app_fingerprint(&fp.app_fingerprint()).expect("re-parse"),
            fp
        );
    }
    if let Ok((v, used)) = serialize64::decode(data) {
        assert!(used <= data.len() && used <= 9);
        if serialize64::is_minimal(data) {
            assert_eq!(serialize64::encode(v), data[..used]);
        }
    }
    // The sequential fingerprint of the input itself equals the one-shot one.
    let mut b = SparseCrcFromStream::new(data.len() as u64);
    for piece in data.chunks(97) {
        b.update(piece).expect("within size");
    }
    assert_eq!(b.finish().expect("complete"), SparseCrc::compute(data));
}

/// Media `fa` string decoding under a fixed key: never panics; a decoded type 8 re-encodes to
/// an entry that decodes to the same properties.
pub fn media_fa(data: &[u8]) {
    let key = MediaKey::from_bytes(&[0x5a; 16]);
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match MediaProperties::from_fa_string(s, &key) {
        Ok(Some(p)) => {
            let entries = p.to_fa_entries(&key).expect("encode");
            let fa = format!("1:{}", entries.replace('/', "/1:"));
            let back = MediaProperties::from_fa_string(&fa, &key)
                .expect("re-parse")
                .expect("entry");
            // Decoded values are on the coarse grid, so they re-encode exactly, except the codec
            // ids of a type 9 entry missing from the input (they decode as 0 then).
            assert_eq!(back.type8_plain(), p.type8_plain());
        }
        Ok(None) => {}
        Err(e) => assert_eq!(e.kind(), ErrorKind::Malformed),
    }
}

/// `l` and `gp` decoding: never panics; a decoded `l` re-encodes to within one step of itself
/// (the SDK's float formulas do not round-trip every 24-bit value exactly); a decoded `gp`
/// re-encodes under the key to the same coordinates.
pub fn location_attrs(data: &[u8]) {
    let key = UnshareableKey::from_bytes([0x33; 16]);
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = location::decode_l(s) {
        assert!((-90.0..=90.0).contains(&c.latitude));
        assert!((-180.0..180.0).contains(&c.longitude));
        let again =
            location::decode_l(&location::encode_l(c).expect("re-encode")).expect("re-parse");
        assert!((again.latitude - c.latitude).abs() <= 180.0 / 16_777_215.0 * 1.001);
        assert!((again.longitude - c.longitude).abs() <= 360.0 / 16_777_216.0 * 1.001);
    }
    if let Ok(c) = location::decode_gp(s, &key) {
        let gp = location::encode_gp(c, &key).expect("re-encode");
        assert_eq!(location::decode_gp(&gp, &key).expect("re-parse"), c);
    }
    let _ = location::node_coordinates(Some(s), Some(s), Some(&key));
    let _ = base64::decode(s);
}

/// CloudRAID differential: split the input, recombine a fuzzer-chosen range without a
/// fuzzer-chosen part, fed in fuzzer-chosen piece sizes and order; the output must be exactly
/// that range of the input. Then the same with one part corrupted in length (too long): refused.
pub fn diff_cloudraid(data: &[u8]) {
    let mut inp = Input(data);
    let unused = usize::from(inp.u8()) % PARTS;
    let a = usize::from(inp.u16());
    let b = usize::from(inp.u16());
    let step = usize::from(inp.u8()) + 1;
    let order = inp.u8();
    let file = inp.rest();
    let size = file.len();
    let (start, end) = (
        (a % (size + 1)).min(b % (size + 1)),
        (a % (size + 1)).max(b % (size + 1)),
    );
    let parts = split(file);
    for (p, part) in parts.iter().enumerate() {
        assert_eq!(part.len() as u64, cloudraid::part_size(size as u64, p));
    }
    let mut r =
        Recombiner::with_range(size as u64, start as u64, end as u64, unused).expect("range");
    let ranges: Vec<_> = (0..PARTS).map(|p| r.part_range(p)).collect();
    let mut cur: Vec<u64> = ranges.iter().map(|x| x.map_or(0, |(f, _)| f)).collect();
    let mut out = Vec::new();
    loop {
        let mut progressed = false;
        for i in 0..PARTS {
            let p = (i + usize::from(order)) % PARTS;
            let Some((_, to)) = ranges[p] else { continue };
            let n = (to - cur[p]).min((step * (1 + (p + usize::from(order)) % 3)) as u64);
            if n > 0 {
                let f = cur[p] as usize;
                r.feed(p, &parts[p][f..f + n as usize]).expect("feed");
                cur[p] += n;
                progressed = true;
            }
            if order & 0x80 == 0 {
                r.drain_into(&mut out);
            }
        }
        if !progressed {
            break;
        }
    }
    r.drain_into(&mut out);
    r.finish().expect("complete");
    assert_eq!(out, &file[start..end]);
    // A part one byte longer than its range is refused.
    let mut r = Recombiner::new(size as u64, unused).expect("new");
    let p = (unused + 1) % PARTS;
    let len = cloudraid::part_size(size as u64, p) as usize;
    assert_eq!(
        r.feed(p, &vec![0; len + 1]).expect_err("too long").kind(),
        ErrorKind::Malformed
    );
}
