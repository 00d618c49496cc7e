//! MEGA's chunk schedule (docs/format/files.md#chunk-schedule): 128 KiB, 256 KiB, … 1 MiB for the
//! first eight chunks, then 1 MiB each; the last chunk is cut at the file size; an empty file has
//! no chunks.

use crate::error::{Error, Result};

/// The chunk-size unit (128 KiB, the SDK's `SEGSIZE`).
pub const CHUNK_UNIT: u64 = 131_072;
/// Offset where the ramp ends and every chunk is [`MAX_CHUNK_LEN`] bytes (4.5 MiB).
pub const RAMP_END: u64 = 36 * CHUNK_UNIT;
/// Size of every chunk after the ramp (1 MiB).
pub const MAX_CHUNK_LEN: u64 = 8 * CHUNK_UNIT;

/// One MAC chunk of a file: its position in the schedule, its byte offset and its length.
///
/// Chunks start on 16-byte boundaries (every chunk start is a multiple of 128 KiB), so only the
/// file's last chunk can end with a partial AES block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Chunk {
    /// 0-based position in the file's chunk list.
    pub index: u32,
    /// Byte offset of the chunk's first byte in the file.
    pub offset: u64,
    /// Length in bytes (1 … 1 048 576).
    pub len: u32,
}

impl Chunk {
    /// Offset one past the chunk's last byte.
    pub const fn end(&self) -> u64 {
        self.offset + self.len as u64
    }
}

/// Start offset of chunk `k` in the unbounded schedule.
pub(crate) const fn schedule_start(k: u64) -> u64 {
    if k < 8 {
        CHUNK_UNIT * k * (k + 1) / 2
    } else {
        RAMP_END + (k - 8) * MAX_CHUNK_LEN
    }
}

/// Full (uncut) length of chunk `k` in the unbounded schedule.
pub(crate) const fn schedule_len(k: u64) -> u64 {
    if k < 8 {
        CHUNK_UNIT * (k + 1)
    } else {
        MAX_CHUNK_LEN
    }
}

/// Index of the chunk containing byte `offset` in the unbounded schedule.
pub(crate) const fn schedule_index_of(offset: u64) -> u64 {
    if offset >= RAMP_END {
        return 8 + (offset - RAMP_END) / MAX_CHUNK_LEN;
    }
    let mut k = 0;
    while schedule_start(k + 1) <= offset {
        k += 1;
    }
    k
}

/// End of the chunk containing byte `offset` (unbounded schedule).
pub(crate) const fn schedule_end_of(offset: u64) -> u64 {
    let k = schedule_index_of(offset);
    schedule_start(k) + schedule_len(k)
}

/// Start of the chunk containing byte `offset` (the SDK's `chunkfloor`).
pub(crate) const fn schedule_floor(offset: u64) -> u64 {
    schedule_start(schedule_index_of(offset))
}

/// The chunk list of a file of a given size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkLayout {
    file_size: u64,
    count: u32,
}

impl ChunkLayout {
    /// Largest supported file size: 2^32 − 1 chunks (about 4 PiB; MEGA's limits are far lower).
    pub const MAX_FILE_SIZE: u64 = schedule_start(u32::MAX as u64);

    /// The layout of a file of `file_size` bytes. Sizes above [`Self::MAX_FILE_SIZE`] are
    /// `Unsupported`.
    pub fn new(file_size: u64) -> Result<Self> {
        if file_size > Self::MAX_FILE_SIZE {
            return Err(Error::unsupported("file size above 2^32 chunks"));
        }
        let count = if file_size == 0 {
            0
        } else {
            schedule_index_of(file_size - 1) + 1
        };
        let count =
            u32::try_from(count).map_err(|_| Error::unsupported("file size above 2^32 chunks"))?;
        Ok(ChunkLayout { file_size, count })
    }

    /// The file size this layout was built for.
    pub const fn file_size(&self) -> u64 {
        self.file_size
    }

    /// Number of chunks (0 for an empty file).
    pub const fn chunk_count(&self) -> u32 {
        self.count
    }

    /// Chunk number `index`, or `None` past the end.
    pub fn chunk(&self, index: u32) -> Option<Chunk> {
        if index >= self.count {
            return None;
        }
        let k = u64::from(index);
        let offset = schedule_start(k);
        let end = (offset + schedule_len(k)).min(self.file_size);
        let len = u32::try_from(end - offset).ok()?;
        Some(Chunk { index, offset, len })
    }

    /// The chunk containing byte `offset`, or `None` if `offset >= file_size`.
    pub fn chunk_at(&self, offset: u64) -> Option<Chunk> {
        if offset >= self.file_size {
            return None;
        }
        self.chunk(u32::try_from(schedule_index_of(offset)).ok()?)
    }

    /// Whether `chunk` is exactly chunk `chunk.index` of this file (same offset and length).
    pub fn contains(&self, chunk: &Chunk) -> bool {
        self.chunk(chunk.index).as_ref() == Some(chunk)
    }

    /// All chunks in file order.
    pub fn chunks(&self) -> ChunkIter {
        self.chunks_from(0)
    }

    /// The chunks from number `first` on, in file order (empty if `first` is past the end).
    /// Starting late costs nothing: chunk positions are computed, not walked.
    pub fn chunks_from(&self, first: u32) -> ChunkIter {
        ChunkIter {
            layout: *self,
            next: first,
        }
    }
}

/// Iterator over a file's chunks, from [`ChunkLayout::chunks`].
#[derive(Clone, Debug)]
pub struct ChunkIter {
    layout: ChunkLayout,
    next: u32,
}

impl Iterator for ChunkIter {
    type Item = Chunk;
    fn next(&mut self) -> Option<Chunk> {
        let c = self.layout.chunk(self.next)?;
        self.next += 1;
        Some(c)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.layout.count - self.next.min(self.layout.count)) as usize;
        (n, Some(n))
    }
    /// O(1): skipping chunks computes the target's position (a file can have 2^32 chunks).
    fn nth(&mut self, n: usize) -> Option<Chunk> {
        let target = u32::try_from(n)
            .ok()
            .and_then(|n| self.next.checked_add(n))
            .filter(|t| *t < self.layout.count);
        let Some(target) = target else {
            self.next = self.layout.count;
            return None;
        };
        self.next = target;
        self.next()
    }
}

impl ExactSizeIterator for ChunkIter {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn start_offsets_match_the_spec_table() {
        // Start offsets as listed in docs/format/files.md#chunk-schedule.
        let want = [
            0u64, 131072, 393216, 786432, 1310720, 1966080, 2752512, 3670016, 4718592, 5767168,
            6815744,
        ];
        let l = ChunkLayout::new(7_000_000).unwrap();
        let got: Vec<u64> = l.chunks().map(|c| c.offset).collect();
        assert_eq!(got, want);
        assert_eq!(l.chunk(10).unwrap().len, 7_000_000 - 6815744);
    }

    #[test]
    fn boundaries() {
        assert_eq!(ChunkLayout::new(0).unwrap().chunk_count(), 0);
        assert_eq!(ChunkLayout::new(1).unwrap().chunk_count(), 1);
        assert_eq!(ChunkLayout::new(131072).unwrap().chunk_count(), 1);
        assert_eq!(ChunkLayout::new(131073).unwrap().chunk_count(), 2);
        assert_eq!(ChunkLayout::new(4718592).unwrap().chunk_count(), 8);
        assert_eq!(ChunkLayout::new(4718593).unwrap().chunk_count(), 9);
        let l = ChunkLayout::new(4718593).unwrap();
        assert_eq!(
            l.chunk_at(4718592).unwrap(),
            Chunk {
                index: 8,
                offset: 4718592,
                len: 1
            }
        );
        assert_eq!(l.chunk_at(4718591).unwrap().index, 7);
        assert!(l.chunk_at(4718593).is_none());
        assert_eq!(schedule_floor(131071), 0);
        assert_eq!(schedule_floor(131072), 131072);
        assert_eq!(schedule_end_of(0), 131072);
        assert_eq!(schedule_end_of(4718592 + 5), 4718592 + 1048576);
        assert!(ChunkLayout::new(u64::MAX).is_err());
    }

    #[test]
    fn skipping_chunks_agrees_with_walking_them() {
        let l = ChunkLayout::new(7_000_000).unwrap();
        let walked: Vec<Chunk> = l.chunks().collect();
        for first in 0..13u32 {
            let from: Vec<Chunk> = l.chunks_from(first).collect();
            assert_eq!(from, walked.get(first as usize..).unwrap_or(&[]));
            for n in 0..13usize {
                let mut it = l.chunks_from(first);
                assert_eq!(it.nth(n), walked.get(first as usize + n).copied());
                assert_eq!(it.next(), walked.get(first as usize + n + 1).copied());
            }
        }
        assert_eq!(l.chunks().nth(usize::MAX), None);
    }

    #[test]
    fn skipping_to_the_last_of_four_billion_chunks_is_immediate() {
        // 8 chunks cover 4 MiB (index 8 starts at 4 MiB), then one chunk per MiB: the last
        // index of the largest layout is computed directly, a walk would take seconds.
        let size = 4718592 + (u64::from(u32::MAX) - 8) * 1048576;
        let l = ChunkLayout::new(size).unwrap();
        assert_eq!(l.chunk_count(), u32::MAX);
        let last = l.chunks().nth(u32::MAX as usize - 1).unwrap();
        assert_eq!(last.offset + u64::from(last.len), size);
        assert_eq!(l.chunks_from(u32::MAX - 1).count(), 1);
    }
}
