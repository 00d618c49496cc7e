//! Which bytes of a file the sparse CRC reads, and builders that turn those bytes into the CRC.

use crate::error::{Error, Result};
use crate::fingerprint::{Crc32, SparseCrc};

/// Files up to this size are checksummed whole (SDK `FileFingerprint::MAXFULL`).
pub const MAX_FULL: u64 = 8192;
/// Length of one sampled block of a large file.
pub const BLOCK_LEN: u64 = 64;
/// Blocks per CRC lane of a large file (`MAX_FULL / (BLOCK_LEN * 4)`).
pub const BLOCKS_PER_LANE: usize = 32;
/// Number of sampled blocks of a large file (4 lanes of 32).
pub const SPARSE_BLOCKS: usize = 4 * BLOCKS_PER_LANE;
/// Largest file size whose 32-bit ("legacy") block offsets equal the correct ones:
/// `floor((2^32 - 1) / 127) + 64` (SDK `LEGACY_OVERFLOW_MIN_SIZE`). Larger files may carry a
/// fingerprint written by an old 32-bit client.
pub const LEGACY_OVERFLOW_MIN_SIZE: u64 = 33_818_704;

/// A byte range of the file: `len` bytes from `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteRange {
    /// First byte.
    pub offset: u64,
    /// Number of bytes.
    pub len: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // 1 KiB, short-lived, one per file
enum Layout {
    /// The whole file, `[0, size)`, one range.
    Whole,
    /// 128 blocks of 64 bytes at these offsets, lane `k / 32`.
    Sparse([u64; SPARSE_BLOCKS]),
}

/// The reads a sparse CRC needs for a file of a given size (sans-IO): read each
/// [`range`](Self::ranges) in order and feed the bytes, concatenated, to
/// [`builder`](Self::builder).
///
/// ```
/// use megacrypt::fingerprint::SparsePlan;
/// let data: Vec<u8> = (0..20_000u32).map(|i| i as u8).collect();
/// let plan = SparsePlan::new(data.len() as u64);
/// let mut b = plan.builder();
/// for r in plan.ranges() {
///     let start = r.offset as usize;
///     b.feed(&data[start..start + r.len as usize])?;
/// }
/// let crc = b.finish()?;
/// assert_eq!(crc, megacrypt::fingerprint::SparseCrc::compute(&data));
/// # Ok::<(), megacrypt::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SparsePlan {
    size: u64,
    layout: Layout,
}

/// `floor((size - 64) * k / 127)` computed without overflow (SDK `computeSparseOffset64`).
fn sparse_offset(size: u64, k: u64) -> u64 {
    let span = u128::from(size.saturating_sub(BLOCK_LEN));
    u64::try_from(span * u128::from(k) / 127).unwrap_or(u64::MAX)
}

/// The offset a 32-bit build computed: both the size and the product wrap modulo 2^32, and the
/// result is clamped to `size - 64` (SDK `legacySparseOffset32Bug`).
fn legacy_offset(size: u64, k: u64) -> u64 {
    let size32 = size as u32; // the truncation is the bug being reproduced
    let product = size32.wrapping_sub(BLOCK_LEN as u32).wrapping_mul(k as u32);
    u64::from(product / 127).min(size.saturating_sub(BLOCK_LEN))
}

impl SparsePlan {
    /// The correct plan (64-bit offsets), the one every fingerprint is written with.
    pub fn new(size: u64) -> Self {
        if size <= MAX_FULL {
            return SparsePlan {
                size,
                layout: Layout::Whole,
            };
        }
        let mut offsets = [0u64; SPARSE_BLOCKS];
        for (k, o) in (0u64..).zip(offsets.iter_mut()) {
            *o = sparse_offset(size, k);
        }
        SparsePlan {
            size,
            layout: Layout::Sparse(offsets),
        }
    }

    /// The "FA" legacy plan of old 32-bit clients that read at the wrapped offsets, or `None` if
    /// the file is too small for the wrap to matter (`size <= LEGACY_OVERFLOW_MIN_SIZE`, where it
    /// equals [`new`](Self::new)). For matching existing fingerprints only; never write one.
    pub fn legacy_fa(size: u64) -> Option<Self> {
        if size <= LEGACY_OVERFLOW_MIN_SIZE {
            return None;
        }
        let mut offsets = [0u64; SPARSE_BLOCKS];
        for (k, o) in (0u64..).zip(offsets.iter_mut()) {
            *o = legacy_offset(size, k);
        }
        Some(SparsePlan {
            size,
            layout: Layout::Sparse(offsets),
        })
    }

    /// The "IA" legacy plan of old 32-bit clients reading a forward-only stream: they skipped
    /// ahead only when the wrapped offset was ahead of where they thought they were, and read at
    /// the real stream position. `None` for files of at most [`MAX_FULL`] bytes (read whole, no
    /// offsets) and when such a client would have read past the end (it then had no fingerprint).
    /// For matching existing fingerprints only; never write one.
    pub fn legacy_ia(size: u64) -> Option<Self> {
        if size <= MAX_FULL {
            return None;
        }
        let mut offsets = [0u64; SPARSE_BLOCKS];
        let mut position = 0u64; // where the stream really is
        let mut current = 0u64; // where the old code believed it was
        for (k, o) in (0u64..).zip(offsets.iter_mut()) {
            let wanted = legacy_offset(size, k);
            if wanted > current {
                position = position.checked_add(wanted - current)?;
            }
            current = wanted;
            *o = position;
            let end = position.checked_add(BLOCK_LEN)?;
            if end > size {
                return None;
            }
            position = end;
            current = current.checked_add(BLOCK_LEN)?;
        }
        Some(SparsePlan {
            size,
            layout: Layout::Sparse(offsets),
        })
    }

    /// The file size this plan is for.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The ranges to read, in the order their bytes must be fed to the builder: the whole file
    /// for files of at most 8192 bytes (none for an empty file), otherwise 128 blocks of 64 bytes.
    pub fn ranges(&self) -> impl Iterator<Item = ByteRange> + '_ {
        let whole = match self.layout {
            Layout::Whole if self.size > 0 => Some(ByteRange {
                offset: 0,
                len: self.size,
            }),
            _ => None,
        };
        let blocks: &[u64] = match &self.layout {
            Layout::Whole => &[],
            Layout::Sparse(o) => o,
        };
        whole
            .into_iter()
            .chain(blocks.iter().map(|&offset| ByteRange {
                offset,
                len: BLOCK_LEN,
            }))
    }

    /// Total number of bytes the ranges cover.
    pub fn total_len(&self) -> u64 {
        match self.layout {
            Layout::Whole => self.size,
            Layout::Sparse(_) => SPARSE_BLOCKS as u64 * BLOCK_LEN,
        }
    }

    /// A builder to feed the bytes of [`ranges`](Self::ranges) to.
    pub fn builder(&self) -> SparseCrcFromRanges {
        SparseCrcFromRanges::new(self.size, matches!(self.layout, Layout::Sparse(_)))
    }
}

/// Builds a sparse CRC from the bytes of a [`SparsePlan`]'s ranges, concatenated in plan order
/// and fed in any split.
#[derive(Clone, Debug)]
pub struct SparseCrcFromRanges {
    size: u64,
    sparse: bool,
    fed: u64,
    head: [u8; 16],
    lanes: [Crc32; 4],
}

impl SparseCrcFromRanges {
    fn new(size: u64, sparse: bool) -> Self {
        SparseCrcFromRanges {
            size,
            sparse,
            fed: 0,
            head: [0; 16],
            lanes: [Crc32::new(); 4],
        }
    }

    fn total(&self) -> u64 {
        if self.sparse {
            SPARSE_BLOCKS as u64 * BLOCK_LEN
        } else {
            self.size
        }
    }

    /// End (exclusive, in fed bytes) of lane `i`.
    fn lane_end(&self, i: usize) -> u64 {
        if self.sparse {
            (i as u64 + 1) * BLOCKS_PER_LANE as u64 * BLOCK_LEN
        } else {
            let n = u128::from(self.size) * (i as u128 + 1) / 4;
            u64::try_from(n).unwrap_or(u64::MAX)
        }
    }

    /// Adds the next bytes. Fails with `SizeMismatch` if more bytes arrive than the plan has.
    pub fn feed(&mut self, mut data: &[u8]) -> Result<()> {
        let len = data.len() as u64;
        if len > self.total() - self.fed {
            return Err(Error::size_mismatch(
                "fingerprint: more bytes than the plan's ranges",
            ));
        }
        if !self.sparse && self.size <= 16 {
            let start = self.fed as usize;
            if let Some(dst) = self.head.get_mut(start..start + data.len()) {
                dst.copy_from_slice(data);
            }
            self.fed += len;
            return Ok(());
        }
        while !data.is_empty() {
            let lane = (0..4).find(|&i| self.fed < self.lane_end(i)).unwrap_or(3);
            let room = self.lane_end(lane) - self.fed;
            let take = usize::try_from(room).unwrap_or(usize::MAX).min(data.len());
            let (now, rest) = data.split_at(take);
            if let Some(c) = self.lanes.get_mut(lane) {
                c.update(now);
            }
            self.fed += take as u64;
            data = rest;
        }
        Ok(())
    }

    /// The sparse CRC. Fails with `SizeMismatch` if fewer bytes were fed than the plan has.
    pub fn finish(self) -> Result<SparseCrc> {
        if self.fed != self.total() {
            return Err(Error::size_mismatch(
                "fingerprint: fewer bytes than the plan's ranges",
            ));
        }
        if !self.sparse && self.size <= 16 {
            return Ok(SparseCrc(self.head));
        }
        let mut out = [0u8; 16];
        for (dst, lane) in out.chunks_exact_mut(4).zip(self.lanes.iter()) {
            dst.copy_from_slice(&lane.finish().to_be_bytes());
        }
        Ok(SparseCrc(out))
    }
}

/// Builds the sparse CRC from the whole file fed sequentially, in any split, so that a caller
/// that reads (or encrypts) the whole file anyway gets the fingerprint from the same pass.
///
/// ```
/// use megacrypt::fingerprint::{SparseCrc, SparseCrcFromStream};
/// let data = vec![7u8; 100_000];
/// let mut b = SparseCrcFromStream::new(data.len() as u64);
/// for piece in data.chunks(4093) {
///     b.update(piece)?;
/// }
/// assert_eq!(b.finish()?, SparseCrc::compute(&data));
/// # Ok::<(), megacrypt::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SparseCrcFromStream {
    plan: SparsePlan,
    inner: SparseCrcFromRanges,
    position: u64,
    next_range: usize,
}

impl SparseCrcFromStream {
    /// A builder for a file of `size` bytes.
    pub fn new(size: u64) -> Self {
        let plan = SparsePlan::new(size);
        let inner = plan.builder();
        SparseCrcFromStream {
            plan,
            inner,
            position: 0,
            next_range: 0,
        }
    }

    /// Adds the next bytes of the file. Fails with `SizeMismatch` past the announced size.
    pub fn update(&mut self, data: &[u8]) -> Result<()> {
        let len = data.len() as u64;
        if len > self.plan.size - self.position {
            return Err(Error::size_mismatch(
                "fingerprint: more bytes than the announced file size",
            ));
        }
        let start = self.position;
        let end = start + len;
        match &self.plan.layout {
            Layout::Whole => self.inner.feed(data)?,
            Layout::Sparse(offsets) => {
                // Blocks are increasing and disjoint for files above MAX_FULL.
                while let Some(&off) = offsets.get(self.next_range) {
                    let block_end = off + BLOCK_LEN;
                    if off >= end {
                        break;
                    }
                    let from = off.max(start);
                    let to = block_end.min(end);
                    if from < to {
                        let a = usize::try_from(from - start).unwrap_or(usize::MAX);
                        let b = usize::try_from(to - start).unwrap_or(usize::MAX);
                        if let Some(piece) = data.get(a..b) {
                            self.inner.feed(piece)?;
                        }
                    }
                    if block_end <= end {
                        self.next_range += 1;
                    } else {
                        break;
                    }
                }
            }
        }
        self.position = end;
        Ok(())
    }

    /// Bytes fed so far.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// The sparse CRC. Fails with `SizeMismatch` if the file was shorter than announced.
    pub fn finish(self) -> Result<SparseCrc> {
        if self.position != self.plan.size {
            return Err(Error::size_mismatch(
                "fingerprint: fewer bytes than the announced file size",
            ));
        }
        self.inner.finish()
    }
}
