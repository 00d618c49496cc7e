//! CloudRAID downloads: a file's ciphertext served as six parts, five data parts and one parity
//! part, from which any five rebuild the file (SDK `include/mega/raid.h`, `src/raid.cpp`,
//! `src/raidproxy.cpp`; webclient `js/transfers/cloudraid.js`). The API hands out six URLs
//! instead of one when the download request (`g`) carries `"v":2`.
//!
//! Layout: the ciphertext is cut into 16-byte sectors; sector `k` goes to part `1 + k mod 5` at
//! offset `16·⌊k/5⌋`. Each 80-byte *line* therefore holds one sector of each data part. Part 0 is
//! the XOR of the five sectors of each line (a short last line is zero-padded for the XOR), as
//! long as part 1. The parts are split by MEGA's servers; a client only recombines.
//!
//! The recombined stream is still ciphertext: decrypt and verify it with [`crate::file`].
//!
//! ```
//! use megacrypt::cloudraid::{part_sizes, Recombiner};
//! assert_eq!(part_sizes(1000), [208, 208, 208, 200, 192, 192]);
//!
//! // A 20-byte file: sectors 0 and 1 in parts 1 and 2, parity = their XOR (zero-padded).
//! let data: Vec<u8> = (0u8..20).collect();
//! let (p1, p2) = (&data[..16], &data[16..]);
//! let mut parity = p1.to_vec();
//! for (x, y) in parity.iter_mut().zip(p2) { *x ^= y; }
//! // Rebuild without part 1:
//! let mut r = Recombiner::new(20, 1)?;
//! r.feed(0, &parity)?;
//! r.feed(2, p2)?;
//! let mut out = Vec::new();
//! r.drain_into(&mut out);
//! r.finish()?;
//! assert_eq!(out, data);
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::vec::Vec;

use crate::error::{Error, Result};

/// Number of parts.
pub const PARTS: usize = 6;
/// Number of data parts (parts 1..=5).
pub const DATA_PARTS: usize = 5;
/// Bytes per sector.
pub const SECTOR_LEN: u64 = 16;
/// Bytes of file data per line (one sector of each data part).
pub const LINE_LEN: u64 = SECTOR_LEN * DATA_PARTS as u64;

/// Sector length of `part` in a line holding `line_len` (1..=80) bytes of file data.
fn sector_len(line_len: u64, part: usize) -> u64 {
    let index = part.saturating_sub(1) as u64; // parity is as long as part 1
    line_len.saturating_sub(SECTOR_LEN * index).min(SECTOR_LEN)
}

/// Size of part `part` (0 = parity, 1..=5 data) of a file of `file_size` bytes (SDK
/// `raidPartSize`): `(F − r)/5 + clamp(r − 16·(p − [p>0]), 0, 16)` with `r = F mod 80`.
pub fn part_size(file_size: u64, part: usize) -> u64 {
    if part >= PARTS {
        return 0;
    }
    let r = file_size % LINE_LEN;
    (file_size - r) / DATA_PARTS as u64 + sector_len(r, part)
}

/// Sizes of the six parts.
pub fn part_sizes(file_size: u64) -> [u64; PARTS] {
    let mut out = [0u64; PARTS];
    for (p, s) in out.iter_mut().enumerate() {
        *s = part_size(file_size, p);
    }
    out
}

/// Where to restart a download at file offset `pos`: every part is read from `part_start`, and
/// the first `skipped_bytes` recombined bytes are dropped (SDK `RaidBufferManager::setIsRaid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResumePoint {
    /// Offset in each part to read from: `16·⌊pos/80⌋`.
    pub part_start: u64,
    /// Recombined bytes before `pos`: `pos mod 80`.
    pub skipped_bytes: u64,
}

/// The [`ResumePoint`] for file offset `pos`.
pub fn resume_point(pos: u64) -> ResumePoint {
    ResumePoint {
        part_start: pos / LINE_LEN * SECTOR_LEN,
        skipped_bytes: pos % LINE_LEN,
    }
}

/// Bytes received for one part and not yet consumed.
#[derive(Clone, Debug, Default)]
struct PartBuffer {
    bytes: Vec<u8>,
    head: usize,
    /// Total bytes fed so far.
    fed: u64,
}

impl PartBuffer {
    fn available(&self) -> usize {
        self.bytes.len() - self.head
    }
    fn take(&mut self, n: usize) -> &[u8] {
        let start = self.head;
        self.head += n;
        self.bytes.get(start..self.head).unwrap_or_default()
    }
    fn compact(&mut self) {
        if self.head > 0 && self.head * 2 >= self.bytes.len() {
            self.bytes.drain(..self.head);
            self.head = 0;
        }
    }
}

/// Turns five of the six parts back into the file's ciphertext, streaming: feed part bytes as
/// they arrive (in order within each part, in any interleaving between parts) and drain the
/// recombined bytes. The part left out (`unused_part`, 0..=5) is rebuilt from the others when it
/// is a data part; leaving out the parity part (0) is the normal case.
///
/// Bytes beyond a part's expected range are refused (`Malformed`), so a server cannot make the
/// recombiner buffer without bound; memory is bounded by what the caller feeds ahead of the
/// slowest part.
#[derive(Clone, Debug)]
pub struct Recombiner {
    file_size: u64,
    unused: usize,
    start: u64,
    end: u64,
    /// First line of the range, next line to produce, and the line after the last one.
    first_line: u64,
    line: u64,
    end_line: u64,
    parts: [PartBuffer; PARTS],
    produced: u64,
}

impl Recombiner {
    /// Recombines the whole file of `file_size` bytes without part `unused_part`.
    pub fn new(file_size: u64, unused_part: usize) -> Result<Self> {
        Self::with_range(file_size, 0, file_size, unused_part)
    }

    /// Recombines only file bytes `[start, end)` (a resumed or ranged download): each part is
    /// read from [`part_range`](Self::part_range), and the output starts exactly at `start`.
    pub fn with_range(file_size: u64, start: u64, end: u64, unused_part: usize) -> Result<Self> {
        if unused_part >= PARTS {
            return Err(Error::misuse("cloudraid: part index must be 0..=5"));
        }
        if start > end || end > file_size {
            return Err(Error::misuse("cloudraid: range outside the file"));
        }
        let line = start / LINE_LEN;
        let end_line = end.div_ceil(LINE_LEN);
        Ok(Recombiner {
            file_size,
            unused: unused_part,
            start,
            end,
            first_line: line,
            line,
            end_line,
            parts: Default::default(),
            produced: 0,
        })
    }

    /// The byte range `[from, to)` of `part` to download, or `None` for the unused part or an
    /// invalid index. Empty ranges (`from == to`) need no request.
    pub fn part_range(&self, part: usize) -> Option<(u64, u64)> {
        if part >= PARTS || part == self.unused {
            return None;
        }
        let size = part_size(self.file_size, part);
        let from = (self.first_line * SECTOR_LEN).min(size);
        let to = (self.end_line * SECTOR_LEN).min(size);
        Some((from, to))
    }

    /// Adds the next bytes of `part`. `ApiMisuse` for the unused part or a bad index,
    /// `Malformed` if the part grows beyond its range.
    pub fn feed(&mut self, part: usize, data: &[u8]) -> Result<()> {
        let (from, to) = self
            .part_range(part)
            .ok_or(Error::misuse("cloudraid: bytes for the unused part"))?;
        let buf = self
            .parts
            .get_mut(part)
            .ok_or(Error::misuse("cloudraid: part index must be 0..=5"))?;
        if data.len() as u64 > (to - from) - buf.fed {
            return Err(Error::malformed("cloudraid: part longer than its size"));
        }
        buf.compact();
        buf.bytes.extend_from_slice(data);
        buf.fed += data.len() as u64;
        Ok(())
    }

    /// Appends every byte that can be recombined so far to `out`; returns how many.
    pub fn drain_into(&mut self, out: &mut Vec<u8>) -> usize {
        let before = out.len();
        // Lines `[bulk_first, bulk_end)` are full (80 bytes) and lie inside [start, end): they
        // are copied in bulk. The others (a partial first or last line, the file's short last
        // line) go through `drain_line`.
        let bulk_first = self.start.div_ceil(LINE_LEN);
        let bulk_end = self.end / LINE_LEN;
        while self.line < self.end_line {
            if self.line >= bulk_first && self.line < bulk_end {
                if self.drain_full_lines(bulk_end - self.line, out) == 0 {
                    break;
                }
            } else if !self.drain_line(out) {
                break;
            }
        }
        let n = out.len() - before;
        self.produced += n as u64;
        n
    }

    /// Copies up to `max_lines` full lines, as many as every part in use has whole sectors
    /// for, straight from the part buffers; returns how many lines.
    fn drain_full_lines(&mut self, max_lines: u64, out: &mut Vec<u8>) -> u64 {
        const SECTOR: usize = SECTOR_LEN as usize;
        let unused = self.unused;
        let mut lines = max_lines;
        for (p, b) in self.parts.iter().enumerate() {
            if p != unused {
                lines = lines.min((b.available() / SECTOR) as u64);
            }
        }
        if lines == 0 {
            return 0;
        }
        let take = lines as usize * SECTOR;
        // Sectors of data part `p` for these lines; the unused part's slot reads the parity
        // part instead, so that XOR-ing the line's five slots gives the missing sector.
        let sectors = |p: usize| {
            let source = if p == unused { 0 } else { p };
            self.parts
                .get(source)
                .and_then(|b| b.bytes.get(b.head..b.head + take))
                .unwrap_or_default()
                .chunks_exact(SECTOR)
        };
        let data = sectors(1)
            .zip(sectors(2))
            .zip(sectors(3))
            .zip(sectors(4))
            .zip(sectors(5));
        out.reserve(take * DATA_PARTS);
        let mut line = [0u8; LINE_LEN as usize];
        for ((((s1, s2), s3), s4), s5) in data {
            for (dst, src) in line.chunks_exact_mut(SECTOR).zip([s1, s2, s3, s4, s5]) {
                for (d, s) in dst.iter_mut().zip(src) {
                    *d = *s;
                }
            }
            if unused != 0 {
                // Parity XOR the other four data sectors.
                let mut rebuilt = [0u8; SECTOR];
                for slot in line.chunks_exact(SECTOR) {
                    for (r, s) in rebuilt.iter_mut().zip(slot) {
                        *r ^= s;
                    }
                }
                if let Some(slot) = line.chunks_exact_mut(SECTOR).nth(unused - 1) {
                    for (d, r) in slot.iter_mut().zip(rebuilt) {
                        *d = r;
                    }
                }
            }
            out.extend_from_slice(&line);
        }
        for (p, b) in self.parts.iter_mut().enumerate() {
            if p != unused {
                b.head += take;
            }
        }
        self.line += lines;
        lines
    }

    /// Recombines line `self.line` if every part in use has its sector, appending the part of
    /// it inside [start, end) to `out`; returns whether it did.
    fn drain_line(&mut self, out: &mut Vec<u8>) -> bool {
        let line_start = self.line * LINE_LEN;
        let line_len = (self.file_size - line_start).min(LINE_LEN);
        let ready = (0..PARTS).filter(|&p| p != self.unused).all(|p| {
            self.parts
                .get(p)
                .is_some_and(|b| b.available() as u64 >= sector_len(line_len, p))
        });
        if !ready {
            return false;
        }
        let mut sectors = [[0u8; SECTOR_LEN as usize]; PARTS];
        for (p, sector) in sectors.iter_mut().enumerate() {
            if p == self.unused {
                continue;
            }
            let n = sector_len(line_len, p) as usize;
            if let Some(b) = self.parts.get_mut(p) {
                for (d, s) in sector.iter_mut().zip(b.take(n)) {
                    *d = *s;
                }
            }
        }
        if self.unused != 0 {
            // Rebuild the missing data sector: parity XOR the other data sectors.
            let mut rebuilt = [0u8; SECTOR_LEN as usize];
            for (p, sector) in sectors.iter().enumerate() {
                if p != self.unused {
                    for (r, s) in rebuilt.iter_mut().zip(sector) {
                        *r ^= s;
                    }
                }
            }
            if let Some(s) = sectors.get_mut(self.unused) {
                *s = rebuilt;
            }
        }
        // Emit the line, clipped to [start, end).
        let mut offset = line_start;
        for (p, sector) in sectors.iter().enumerate().skip(1) {
            let n = sector_len(line_len, p);
            let from = self.start.max(offset);
            let to = self.end.min(offset + n);
            if from < to {
                let a = (from - offset) as usize;
                let b = (to - offset) as usize;
                out.extend_from_slice(sector.get(a..b).unwrap_or_default());
            }
            offset += n;
        }
        self.line += 1;
        true
    }

    /// Bytes of output produced so far.
    pub fn produced(&self) -> u64 {
        self.produced
    }

    /// Checks that the whole range was produced: `SizeMismatch` if a part ended early (call
    /// [`drain_into`](Self::drain_into) first).
    pub fn finish(self) -> Result<()> {
        if self.line < self.end_line || self.produced != self.end - self.start {
            return Err(Error::size_mismatch("cloudraid: a part ended early"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_sizes_add_up() {
        for f in [0u64, 1, 15, 16, 17, 79, 80, 81, 159, 160, 1000, 123_457] {
            let s = part_sizes(f);
            assert_eq!(s[1..].iter().sum::<u64>(), f, "size {f}");
            assert_eq!(s[0], s[1]);
        }
    }
}
