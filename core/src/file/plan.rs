//! Plans for an external AES backend (the JavaScript binding's Web Crypto engine): the core says
//! which counter block starts a batch, where each chunk of the batch lies and how its CBC-MAC is
//! taken, so that the backend needs no MEGA rule of its own. The backend runs plain AES-CTR and
//! AES-CBC and hands the chunk MACs back to a [`MetaMacAccumulator`](super::MetaMacAccumulator).

use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::file::layout::{MAX_CHUNK_LEN, schedule_floor, schedule_index_of, schedule_start};
use crate::keys::Nonce;

/// One chunk of a batch, as offsets into the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedChunk {
    /// The chunk's index in the file (its place in the meta-MAC fold).
    pub index: u32,
    /// Offset of the chunk's first byte in the batch.
    pub start: usize,
    /// Offset one past the chunk's last byte in the batch.
    pub end: usize,
    /// The chunk's length rounded up to whole AES blocks: the CBC-MAC is the last block of the
    /// AES-CBC encryption (IV [`cbc_mac_iv`]) of the chunk's plaintext zero-padded to this length.
    pub padded_len: usize,
}

/// The work of one batch: AES-CTR over the whole batch from [`BatchPlan::counter_block`], and one
/// CBC-MAC per [`PlannedChunk`] over the batch's plaintext.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchPlan {
    counter_block: [u8; 16],
    chunks: Vec<PlannedChunk>,
}

impl BatchPlan {
    /// The AES-CTR counter block of the batch's first byte: `nonce || BE64(offset / 16)`, counting
    /// up (big-endian) over the low 64 bits.
    pub const fn counter_block(&self) -> &[u8; 16] {
        &self.counter_block
    }
    /// The chunks the batch covers, in file order.
    pub fn chunks(&self) -> &[PlannedChunk] {
        &self.chunks
    }
}

/// The IV of every chunk CBC-MAC: `nonce || nonce`.
pub fn cbc_mac_iv(nonce: &Nonce) -> [u8; 16] {
    let mut iv = [0u8; 16];
    let (a, b) = iv.split_at_mut(8);
    a.copy_from_slice(nonce.as_bytes());
    b.copy_from_slice(nonce.as_bytes());
    iv
}

/// The start of the chunk containing byte `offset` in MEGA's schedule (the SDK's `chunkfloor`;
/// chunk starts do not depend on the file size).
pub const fn chunk_floor(offset: u64) -> u64 {
    schedule_floor(offset)
}

/// How much of `available` pending bytes, starting at the chunk boundary `offset`, to process as
/// the next batch when batches of about `batch_size` bytes are wanted: the whole chunks that fit
/// in `batch_size` (0 when fewer than `batch_size` bytes are pending; the last batch of a stream
/// takes what is left). `batch_size` must be at least one full chunk (1 MiB), else
/// [`crate::ErrorKind::ApiMisuse`].
pub fn batch_len(offset: u64, available: usize, batch_size: usize) -> Result<usize> {
    let want = u64::try_from(batch_size).map_err(|_| Error::misuse("batch size too large"))?;
    if want < MAX_CHUNK_LEN {
        return Err(Error::misuse("batch size must be at least 1 MiB"));
    }
    if available < batch_size {
        return Ok(0);
    }
    let end = offset
        .checked_add(want)
        .ok_or(Error::misuse("file too large"))?;
    usize::try_from(chunk_floor(end) - offset).map_err(|_| Error::misuse("batch size too large"))
}

/// Checks that a download decrypted exactly `expected` bytes ([`crate::ErrorKind::SizeMismatch`]
/// for a truncated or extended download): the check of
/// [`FileDecryptor::finish_with_size`](super::FileDecryptor::finish_with_size), for transfers whose
/// AES work ran elsewhere.
pub fn check_download_size(decrypted: u64, expected: u64) -> Result<()> {
    if decrypted < expected {
        return Err(Error::size_mismatch(
            "download is shorter than the file (truncated)",
        ));
    }
    if decrypted > expected {
        return Err(Error::size_mismatch("download is longer than the file"));
    }
    Ok(())
}

/// Plans a batch of `len` bytes that starts at file offset `offset`, which must be a chunk
/// boundary ([`crate::ErrorKind::ApiMisuse`] otherwise). The batch covers whole chunks except
/// possibly its last one, which is complete only if the file goes on after the batch: cut batches
/// with [`batch_len`] so that only a stream's final batch ends inside a chunk.
pub fn plan_batch(nonce: &Nonce, offset: u64, len: usize) -> Result<BatchPlan> {
    if chunk_floor(offset) != offset {
        return Err(Error::misuse("a batch must start on a chunk boundary"));
    }
    let len64 = u64::try_from(len).map_err(|_| Error::misuse("batch too large"))?;
    let end = offset
        .checked_add(len64)
        .ok_or(Error::misuse("file too large"))?;
    let mut counter_block = [0u8; 16];
    let (hi, lo) = counter_block.split_at_mut(8);
    hi.copy_from_slice(nonce.as_bytes());
    lo.copy_from_slice(&(offset / 16).to_be_bytes());
    let mut chunks = Vec::new();
    let mut k = schedule_index_of(offset);
    let mut start = offset;
    while start < end {
        let index = u32::try_from(k).map_err(|_| Error::misuse("file too large"))?;
        let chunk_end = schedule_start(k + 1).min(end);
        let s = usize::try_from(start - offset).map_err(|_| Error::misuse("batch too large"))?;
        let e =
            usize::try_from(chunk_end - offset).map_err(|_| Error::misuse("batch too large"))?;
        chunks.push(PlannedChunk {
            index,
            start: s,
            end: e,
            padded_len: (e - s).div_ceil(16) * 16,
        });
        start = chunk_end;
        k += 1;
    }
    Ok(BatchPlan {
        counter_block,
        chunks,
    })
}
