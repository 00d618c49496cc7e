//! The file fingerprint: the `c` node attribute (sparse CRC of the plaintext and modification
//! time), its comparison, and the app-prefixed form.
//!
//! MEGA's clients read a file's modification time from `c`, and sync and de-duplication compare
//! it with local files (SDK `src/filefingerprint.cpp`, webclient `getFingerprint2`). It is not a
//! security feature: a CRC is no MAC, and the server can write any `c` it likes.
//!
//! - [`SparseCrc`]: the 16-byte CRC part. [`SparsePlan`] tells which byte ranges to read for a
//!   file of a given size (sans-IO) and [`SparseCrcFromRanges`] takes them back;
//!   [`SparseCrcFromStream`] takes the whole file in one sequential pass instead.
//! - [`FileFingerprint`]: size, CRC and mtime; [`FileFingerprint::c_attribute`] /
//!   [`FileFingerprint::from_c_attribute`] (strict), [`FileFingerprint::matches`] (the SDK's
//!   equality, ±2 s on the mtime), [`FileFingerprint::app_fingerprint`].
//! - [`serialize64`]: the SDK's variable-length integer.
//! - [`SparsePlan::legacy_fa`] / [`SparsePlan::legacy_ia`]: the plans of old 32-bit clients, for
//!   recognising the fingerprints they wrote; never for writing.
//!
//! ```
//! use megacrypt::fingerprint::{FileFingerprint, SparseCrc};
//! let data: Vec<u8> = (0..100u8).collect();
//! let fp = FileFingerprint::new(100, SparseCrc::compute(&data), 1_700_000_000);
//! assert_eq!(fp.c_attribute(), "2IDUDIExcicOatw3dZqBIQQA8VNl"); // docs/format/fingerprint.md, "The attribute string"
//! assert_eq!(FileFingerprint::from_c_attribute(&fp.c_attribute(), 100)?, fp);
//! # Ok::<(), megacrypt::Error>(())
//! ```

mod crc32;
mod plan;
pub mod serialize64;

use alloc::string::String;
use alloc::vec::Vec;

pub use crc32::Crc32;
pub use plan::{
    BLOCK_LEN, BLOCKS_PER_LANE, ByteRange, LEGACY_OVERFLOW_MIN_SIZE, MAX_FULL, SPARSE_BLOCKS,
    SparseCrcFromRanges, SparseCrcFromStream, SparsePlan,
};

use crate::base64;
use crate::error::{Error, Result};

/// Two modification times this close (in seconds) count as equal (SDK
/// `FS_MTIME_TOLERANCE_SECS`).
pub const MTIME_TOLERANCE_SECS: u64 = 2;

/// The 16-byte CRC part of a fingerprint: the file itself zero-padded (files of at most 16
/// bytes) or four big-endian CRC-32 lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SparseCrc(pub(crate) [u8; 16]);

impl SparseCrc {
    /// Wraps 16 raw bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        SparseCrc(bytes)
    }

    /// Wraps a slice that must be exactly 16 bytes.
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let arr: [u8; 16] = bytes
            .try_into()
            .map_err(|_| Error::malformed("fingerprint: CRC must be 16 bytes"))?;
        Ok(SparseCrc(arr))
    }

    /// The raw 16 bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The sparse CRC of a file held whole in memory.
    pub fn compute(data: &[u8]) -> Self {
        Self::compute_with(&SparsePlan::new(data.len() as u64), data).unwrap_or(SparseCrc([0; 16]))
    }

    /// The sparse CRC of a file held whole in memory, read with `plan` (for the legacy plans).
    /// Fails with `SizeMismatch` if `plan` is for another size.
    pub fn compute_with(plan: &SparsePlan, data: &[u8]) -> Result<Self> {
        if plan.size() != data.len() as u64 {
            return Err(Error::size_mismatch(
                "fingerprint: plan is for another file size",
            ));
        }
        let mut b = plan.builder();
        for r in plan.ranges() {
            let start = usize::try_from(r.offset)
                .map_err(|_| Error::size_mismatch("fingerprint: range beyond memory"))?;
            let len = usize::try_from(r.len)
                .map_err(|_| Error::size_mismatch("fingerprint: range beyond memory"))?;
            let piece = start
                .checked_add(len)
                .and_then(|end| data.get(start..end))
                .ok_or(Error::size_mismatch("fingerprint: range beyond the data"))?;
            b.feed(piece)?;
        }
        b.finish()
    }
}

/// A file's fingerprint as MEGA compares it: size, sparse CRC and modification time (seconds
/// since the Unix epoch; the SDK's `m_time_t` is signed 64-bit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileFingerprint {
    /// File size in bytes (the node's `s`; not part of `c`).
    pub size: u64,
    /// The sparse CRC.
    pub crc: SparseCrc,
    /// Modification time, seconds since the Unix epoch.
    pub mtime: i64,
}

impl FileFingerprint {
    /// Assembles a fingerprint.
    pub const fn new(size: u64, crc: SparseCrc, mtime: i64) -> Self {
        FileFingerprint { size, crc, mtime }
    }

    /// The `c` node attribute: `B64(crc(16) || Serialize64(mtime))` (SDK
    /// `FileFingerprint::serializefingerprint`). A negative mtime is written as its 64-bit two's
    /// complement, as the SDK does.
    pub fn c_attribute(&self) -> String {
        let mut raw = Vec::with_capacity(25);
        raw.extend_from_slice(&self.crc.0);
        serialize64::encode_into(self.mtime as u64, &mut raw);
        base64::encode(&raw)
    }

    /// Parses a `c` attribute (strict): canonical MEGA base64 of exactly 16 CRC bytes and one
    /// minimal Serialize64 value of at most 8 bytes, nothing after it. The SDK is laxer (it
    /// ignores trailing bytes and accepts `=` padding and non-minimal counts); no official client
    /// writes those forms.
    pub fn decode_c_attribute(c: &str) -> Result<(SparseCrc, i64)> {
        if c.len() > base64::encoded_len(16 + 1 + 8) {
            return Err(Error::malformed("fingerprint: c attribute too long"));
        }
        let raw = base64::decode(c)?;
        let (crc, rest) = raw.split_at_checked(16).ok_or(Error::malformed(
            "fingerprint: c attribute shorter than 17 bytes",
        ))?;
        let (mtime, used) = serialize64::decode(rest)?;
        if used != rest.len() {
            return Err(Error::malformed("fingerprint: bytes after the mtime"));
        }
        if !serialize64::is_minimal(rest) {
            return Err(Error::malformed("fingerprint: non-minimal mtime encoding"));
        }
        Ok((SparseCrc::from_slice(crc)?, mtime as i64))
    }

    /// Parses a `c` attribute (see [`decode_c_attribute`](Self::decode_c_attribute)) of a file
    /// of `size` bytes.
    pub fn from_c_attribute(c: &str, size: u64) -> Result<Self> {
        let (crc, mtime) = Self::decode_c_attribute(c)?;
        Ok(FileFingerprint { size, crc, mtime })
    }

    /// The SDK's equality (`FileFingerprint::operator==`): same size, modification times at
    /// most [`MTIME_TOLERANCE_SECS`] apart, same CRC. The CRC is not secret; the comparison is
    /// exact, not constant-time.
    pub fn matches(&self, other: &FileFingerprint) -> bool {
        self.size == other.size
            && self.mtime.abs_diff(other.mtime) <= MTIME_TOLERANCE_SECS
            && self.crc == other.crc
    }

    /// The app-prefixed fingerprint that `MegaApi::getFingerprint` returns (not a node
    /// attribute): `chr('A' + n) || S || c` where `S = B64(Serialize64(size))` has `n`
    /// characters (SDK `MegaNodePrivate::addAppPrefixToFingerprint`).
    pub fn app_fingerprint(&self) -> String {
        let mut size = Vec::with_capacity(9);
        serialize64::encode_into(self.size, &mut size);
        let s = base64::encode(&size);
        let mut out = String::with_capacity(1 + s.len() + 34);
        out.push(char::from(b'A' + s.len() as u8));
        out.push_str(&s);
        out.push_str(&self.c_attribute());
        out
    }

    /// Parses an app-prefixed fingerprint (strict: the size part must be a minimal Serialize64
    /// value and the rest a valid `c` attribute).
    pub fn from_app_fingerprint(s: &str) -> Result<Self> {
        let bytes = s.as_bytes();
        let first = *bytes
            .first()
            .ok_or(Error::malformed("fingerprint: empty app fingerprint"))?;
        let n = usize::from(first.wrapping_sub(b'A'));
        // Serialize64 of a u64 is 1..=9 bytes: 2..=12 base64 characters.
        if !(2..=12).contains(&n) {
            return Err(Error::malformed(
                "fingerprint: bad size length in app fingerprint",
            ));
        }
        let size_b64 = s
            .get(1..1 + n)
            .ok_or(Error::malformed("fingerprint: app fingerprint too short"))?;
        let c = s
            .get(1 + n..)
            .ok_or(Error::malformed("fingerprint: app fingerprint too short"))?;
        let size_raw = base64::decode(size_b64)?;
        let (size, used) = serialize64::decode(&size_raw)?;
        if used != size_raw.len() || !serialize64::is_minimal(&size_raw) {
            return Err(Error::malformed("fingerprint: bad size in app fingerprint"));
        }
        Self::from_c_attribute(c, size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/format/fingerprint.md [vec:SDK] values (`tests/unit/FileFingerprint_test.cpp`), given there as the
    /// CRC array read as native little-endian int32.
    fn lanes_le(crc: &SparseCrc) -> [i32; 4] {
        let mut out = [0i32; 4];
        for (o, c) in out.iter_mut().zip(crc.as_bytes().chunks_exact(4)) {
            *o = i32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        out
    }

    #[test]
    fn sdk_unit_test_values() {
        assert_eq!(
            lanes_le(&SparseCrc::compute(&[3, 4, 5, 6])),
            [100_992_003, 0, 0, 0]
        );
        let hundred: Vec<u8> = (0..100u8).collect();
        assert_eq!(
            lanes_le(&SparseCrc::compute(&hundred)),
            [215_253_208, 661_795_201, 937_191_950, 562_141_813]
        );
        let big: Vec<u8> = (0..20_000u32).map(|i| i as u8).collect();
        assert_eq!(
            lanes_le(&SparseCrc::compute(&big)),
            [-1_424_885_571, 1_204_627_086, 1_194_313_128, -177_560_448]
        );
    }

    #[test]
    fn format_examples() {
        let fp = FileFingerprint::new(3, SparseCrc::compute(b"abc"), 0);
        assert_eq!(fp.c_attribute(), "YWJjAAAAAAAAAAAAAAAAAAA");
    }

    #[test]
    fn matches_uses_two_second_tolerance() {
        let crc = SparseCrc::from_bytes([1; 16]);
        let a = FileFingerprint::new(10, crc, 1000);
        assert!(a.matches(&FileFingerprint::new(10, crc, 1002)));
        assert!(a.matches(&FileFingerprint::new(10, crc, 998)));
        assert!(!a.matches(&FileFingerprint::new(10, crc, 1003)));
        assert!(!a.matches(&FileFingerprint::new(11, crc, 1000)));
        assert!(!a.matches(&FileFingerprint::new(
            10,
            SparseCrc::from_bytes([2; 16]),
            1000
        )));
        let extreme = FileFingerprint::new(10, crc, i64::MIN);
        assert!(!extreme.matches(&FileFingerprint::new(10, crc, i64::MAX)));
    }

    #[test]
    fn stream_builder_equals_ranges_for_any_split() {
        for size in [0usize, 1, 16, 17, 100, 8191, 8192, 8193, 9000, 70_001] {
            let data: Vec<u8> = (0..size).map(|i| (i * 31 + 7) as u8).collect();
            let want = SparseCrc::compute(&data);
            for step in [1usize, 63, 64, 65, 4096] {
                let mut b = SparseCrcFromStream::new(size as u64);
                for piece in data.chunks(step) {
                    b.update(piece).unwrap();
                }
                assert_eq!(b.finish().unwrap(), want, "size {size} step {step}");
            }
        }
    }

    #[test]
    fn stream_builder_refuses_wrong_length() {
        let mut b = SparseCrcFromStream::new(10);
        assert!(b.update(&[0; 11]).is_err());
        b.update(&[0; 9]).unwrap();
        assert_eq!(
            b.finish().unwrap_err().kind(),
            crate::ErrorKind::SizeMismatch
        );
    }
}
