//! Chunk MACs, the meta-MAC fold and the verification proof.

use crate::sorted_map::SortedMap;
use core::fmt;

use crate::error::{Error, Result};
use crate::file::layout::{Chunk, ChunkLayout};
use crate::keys::{AesKey, FileKey, MetaMac};
use crate::primitives::{self, Aes, ct_eq};

/// The CBC-MAC of one chunk's plaintext (docs/format/files.md#chunk-mac), 16 bytes.
///
/// Its byte form ([`ChunkMac::to_bytes`]) is stable, for persisting transfer progress.
#[derive(Clone, Copy)]
pub struct ChunkMac([u8; 16]);

impl ChunkMac {
    /// Wraps 16 bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        ChunkMac(bytes)
    }
    /// The 16 bytes.
    pub const fn to_bytes(&self) -> [u8; 16] {
        self.0
    }
    /// The 16 bytes, borrowed.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
    /// Copies a slice of exactly 16 bytes ([`crate::ErrorKind::ApiMisuse`] otherwise).
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        crate::error::array_from_slice(bytes, "a chunk MAC must be 16 bytes").map(ChunkMac)
    }
}

impl TryFrom<&[u8]> for ChunkMac {
    type Error = Error;
    /// [`ChunkMac::from_slice`].
    fn try_from(bytes: &[u8]) -> Result<Self> {
        ChunkMac::from_slice(bytes)
    }
}

impl PartialEq for ChunkMac {
    /// Constant-time comparison.
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}
impl Eq for ChunkMac {}

impl fmt::Debug for ChunkMac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChunkMac(")?;
        for b in &self.0 {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

/// Proof that a file's content matched its meta-MAC. Only this module can create one; higher
/// layers can require it (e.g. before renaming a downloaded file into place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use = "a verification result should be acted upon"]
pub struct FileVerified {
    len: u64,
}

impl FileVerified {
    pub(crate) const fn new(len: u64) -> Self {
        FileVerified { len }
    }
    /// Size in bytes of the verified content.
    pub const fn len(&self) -> u64 {
        self.len
    }
    /// Whether the verified file is empty.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// One step of the meta-MAC fold: `acc = E_k(acc ^ chunk_mac)` (docs/format/files.md#meta-mac).
pub(crate) fn fold(aes: &Aes, acc: &mut [u8; 16], chunk_mac: &[u8; 16]) {
    primitives::xor_in_place(acc, chunk_mac);
    primitives::encrypt_block(aes, acc);
}

/// The meta-MAC that megajs (1.3.x) stores for an empty file: its `MAC.condense()` folds one extra
/// chunk MAC equal to `nonce || nonce` (docs/format/files.md#empty-and-short-files). Bound to the
/// key, so accepting it for an empty file does not let anyone pass off other content
/// (docs/adr/0001-empty-file-mac.md).
pub(crate) fn megajs_empty_meta_mac(aes: &Aes, nonce: &[u8; 8]) -> MetaMac {
    let mut acc = [0u8; 16];
    fold(aes, &mut acc, &crate::file::engine::mac_iv(nonce));
    MetaMac::condense(&acc)
}

/// Compares a computed meta-MAC with the one in the file key, in constant time.
///
/// `len` is the content size that was MACed. For `len == 0` the rule of
/// docs/adr/0001-empty-file-mac.md applies: the stored meta-MAC must be the standard zero value
/// (SDK, webclient, mega.py) or megajs's key-bound value; anything else is a mismatch (so a server
/// cannot pass off a truncated-to-empty download as a verified file).
pub fn verify_meta_mac(key: &FileKey, computed: &MetaMac, len: u64) -> Result<FileVerified> {
    if computed == key.meta_mac() {
        return Ok(FileVerified::new(len));
    }
    if len == 0 {
        let aes = primitives::aes(key.aes_key().as_bytes());
        if megajs_empty_meta_mac(&aes, key.nonce().as_bytes()) == *key.meta_mac() {
            return Ok(FileVerified::new(0));
        }
    }
    Err(Error::mac_mismatch(
        "file content does not match its meta-MAC",
    ))
}

/// Collects chunk MACs in any order and folds them into the meta-MAC.
///
/// - Chunks may arrive in any order (parallel or resumed transfers); the fold still runs in file
///   order. Chunks that extend the contiguous prefix are folded at once, so memory holds only the
///   out-of-order ones.
/// - A chunk that is not exactly one of this file's chunks (wrong offset or length) and a chunk
///   inserted twice are `ApiMisuse`.
/// - [`finish`](Self::finish) refuses to produce a meta-MAC while any chunk is missing. There is no
///   "gap search" leniency (docs/format/files.md#late-gap-leniency).
pub struct MetaMacAccumulator {
    aes: Aes,
    layout: ChunkLayout,
    /// Number of chunks folded into `acc` (chunks `0..folded`).
    folded: u32,
    acc: [u8; 16],
    waiting: SortedMap<u32, ChunkMac>,
}

impl MetaMacAccumulator {
    /// An empty accumulator for a file of `file_size` bytes encrypted under `key`.
    pub fn new(key: &AesKey, file_size: u64) -> Result<Self> {
        Ok(Self::with_cipher(
            primitives::aes(key.as_bytes()),
            ChunkLayout::new(file_size)?,
        ))
    }

    pub(crate) fn with_cipher(aes: Aes, layout: ChunkLayout) -> Self {
        MetaMacAccumulator {
            aes,
            layout,
            folded: 0,
            acc: [0; 16],
            waiting: SortedMap::new(),
        }
    }

    /// Restores progress: `folded` chunks already folded into `acc`, plus out-of-order chunk MACs.
    pub(crate) fn restore(
        aes: Aes,
        layout: ChunkLayout,
        folded: u32,
        acc: [u8; 16],
        waiting: impl IntoIterator<Item = (u32, ChunkMac)>,
    ) -> Result<Self> {
        if folded > layout.chunk_count() {
            return Err(Error::malformed(
                "resumable state: more chunks folded than the file has",
            ));
        }
        let mut a = MetaMacAccumulator {
            aes,
            layout,
            folded,
            acc,
            waiting: SortedMap::new(),
        };
        for (i, mac) in waiting {
            let c = a
                .layout
                .chunk(i)
                .ok_or(Error::malformed("resumable state: chunk outside the file"))?;
            a.insert(c, mac)
                .map_err(|_| Error::malformed("resumable state: duplicate chunk"))?;
        }
        Ok(a)
    }

    /// The chunk layout of the file.
    pub fn layout(&self) -> &ChunkLayout {
        &self.layout
    }

    /// Adds one chunk's MAC.
    pub fn insert(&mut self, chunk: Chunk, mac: ChunkMac) -> Result<()> {
        if !self.layout.contains(&chunk) {
            return Err(Error::misuse("chunk is not one of this file's chunks"));
        }
        if chunk.index < self.folded || self.waiting.contains_key(&chunk.index) {
            return Err(Error::misuse("chunk MAC inserted twice"));
        }
        self.waiting.insert(chunk.index, mac);
        while let Some(mac) = self.waiting.remove(&self.folded) {
            fold(&self.aes, &mut self.acc, mac.as_bytes());
            self.folded += 1;
        }
        Ok(())
    }

    /// Adds the MAC of the chunk with this index (looked up in the layout).
    pub fn insert_index(&mut self, index: u32, mac: ChunkMac) -> Result<()> {
        let c = self
            .layout
            .chunk(index)
            .ok_or(Error::misuse("chunk index past the end of the file"))?;
        self.insert(c, mac)
    }

    /// Whether the chunk with this index has been inserted.
    pub fn has_chunk(&self, index: u32) -> bool {
        index < self.folded || self.waiting.contains_key(&index)
    }

    /// Number of chunks inserted so far.
    pub fn chunks_done(&self) -> u32 {
        self.folded + self.waiting.len() as u32
    }

    /// Whether every chunk has been inserted.
    pub fn is_complete(&self) -> bool {
        self.folded == self.layout.chunk_count()
    }

    /// The chunks not inserted yet, in file order.
    pub fn missing_chunks(&self) -> impl Iterator<Item = Chunk> + '_ {
        self.layout
            .chunks_from(self.folded)
            .filter(|c| !self.waiting.contains_key(&c.index))
    }

    /// Number of chunks folded contiguously from the start, and the fold accumulator (for state export).
    pub(crate) fn folded_state(&self) -> (u32, [u8; 16]) {
        (self.folded, self.acc)
    }

    /// The out-of-order chunk MACs not folded yet.
    pub(crate) fn waiting(&self) -> impl Iterator<Item = (u32, ChunkMac)> + '_ {
        self.waiting.iter().map(|(i, m)| (*i, *m))
    }

    /// The meta-MAC. Fails (`ApiMisuse`) if any chunk is missing.
    #[must_use = "the meta-MAC is the result"]
    pub fn finish(self) -> Result<MetaMac> {
        if !self.is_complete() {
            return Err(Error::misuse(
                "cannot compute the meta-MAC: a chunk MAC is missing",
            ));
        }
        Ok(MetaMac::condense(&self.acc))
    }

    /// Finishes and compares with the meta-MAC in `key`, in constant time.
    #[must_use = "a verification result should be acted upon"]
    pub fn verify(self, key: &FileKey) -> Result<FileVerified> {
        let size = self.layout.file_size();
        let computed = self.finish()?;
        verify_meta_mac(key, &computed, size)
    }
}

impl fmt::Debug for MetaMacAccumulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetaMacAccumulator")
            .field("file_size", &self.layout.file_size())
            .field("chunks", &self.layout.chunk_count())
            .field("done", &self.chunks_done())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_chunks_of_a_nearly_complete_huge_file_start_where_folding_stopped() {
        // The largest layout has u32::MAX chunks; with all but the last folded, the only missing
        // chunk is the last one. The iterator must jump there, not walk four billion chunks
        // (found by the transfer_state fuzz target as a slow unit).
        let size = 4718592 + (u64::from(u32::MAX) - 8) * 1048576;
        let layout = ChunkLayout::new(size).unwrap();
        let acc = MetaMacAccumulator::restore(
            primitives::aes(&[7; 16]),
            layout,
            u32::MAX - 1,
            [1; 16],
            [],
        )
        .unwrap();
        let missing: alloc::vec::Vec<Chunk> = acc.missing_chunks().collect();
        assert_eq!(missing, [layout.chunk(u32::MAX - 1).unwrap()]);
        assert!(!acc.is_complete());
        assert!(acc.finish().is_err());
    }
}
