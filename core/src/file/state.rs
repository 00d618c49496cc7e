//! [`TransferState`]: a versioned, platform-independent byte encoding of an in-progress transfer,
//! so an application can persist it and resume after a crash. The format is documented in
//! `docs/resumable-state.md`; the decoder treats its input as hostile.

use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::file::layout::{ChunkLayout, schedule_len, schedule_start};
use crate::file::mac::{ChunkMac, MetaMacAccumulator};
use crate::keys::{AesKey, ContentKey, FileKey, MetaMac};
use crate::primitives;

/// Which way the transfer goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransferDirection {
    /// Encrypting for upload.
    Upload,
    /// Downloading and decrypting.
    Download,
}

crate::error::enum_names!(TransferDirection, "unknown transfer direction name", [
    Upload => "upload",
    Download => "download",
]);

/// The key material a state may carry: an upload's content key (its meta-MAC does not exist
/// yet), a download's whole file key.
#[derive(Clone)]
pub(crate) enum KeyMaterial {
    /// Upload.
    Content(ContentKey),
    /// Download.
    File(FileKey),
}

impl KeyMaterial {
    fn content_key(&self) -> &ContentKey {
        match self {
            KeyMaterial::Content(k) => k,
            KeyMaterial::File(k) => k.content_key(),
        }
    }
}

/// A chunk that is partly processed by a sequential transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkProgress {
    /// The chunk's index.
    pub index: u32,
    /// Bytes of the chunk already processed (a multiple of 16, less than the chunk length).
    pub bytes_done: u32,
    /// The chunk's CBC-MAC chain value after those bytes.
    pub mac_state: [u8; 16],
}

/// Progress of a transfer: chunks folded into the meta-MAC so far, chunk MACs that finished out
/// of order, an optional partly done chunk and, optionally, the key material.
///
/// The encoding is not authenticated: keep it where the application keeps its other transfer
/// data. With key material it is as secret as the file (the bytes are zeroized on drop).
#[derive(Clone)]
pub struct TransferState {
    direction: TransferDirection,
    file_size: Option<u64>,
    keys: Option<KeyMaterial>,
    folded_chunks: u32,
    folded_acc: [u8; 16],
    finished: Vec<(u32, ChunkMac)>,
    in_progress: Option<ChunkProgress>,
}

impl fmt::Debug for TransferState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransferState")
            .field("direction", &self.direction)
            .field("file_size", &self.file_size)
            .field("has_key_material", &self.keys.is_some())
            .field("folded_chunks", &self.folded_chunks)
            .field("finished_out_of_order", &self.finished.len())
            .field(
                "in_progress",
                &self.in_progress.map(|p| (p.index, p.bytes_done)),
            )
            .finish()
    }
}

const MAGIC: &[u8; 4] = b"MCTS";
const FLAG_KEYS: u8 = 1;
const FLAG_SIZE: u8 = 2;
const FLAG_PROGRESS: u8 = 4;
const ENTRY_LEN: usize = 20;

impl TransferState {
    /// The only encoding version this library writes and reads.
    pub const FORMAT_VERSION: u8 = 1;

    pub(crate) fn new(
        direction: TransferDirection,
        file_size: Option<u64>,
        keys: Option<KeyMaterial>,
        folded_chunks: u32,
        folded_acc: [u8; 16],
        finished: Vec<(u32, ChunkMac)>,
        in_progress: Option<ChunkProgress>,
    ) -> Self {
        TransferState {
            direction,
            file_size,
            keys,
            folded_chunks,
            folded_acc,
            finished,
            in_progress,
        }
    }

    /// Upload or download.
    pub fn direction(&self) -> TransferDirection {
        self.direction
    }
    /// The file size, if it was recorded.
    pub fn file_size(&self) -> Option<u64> {
        self.file_size
    }
    /// A download's file key, if the state includes key material. `None` for an upload: its
    /// meta-MAC does not exist until the upload finishes (use [`Self::content_key`]).
    pub fn file_key(&self) -> Option<&FileKey> {
        match &self.keys {
            Some(KeyMaterial::File(k)) => Some(k),
            _ => None,
        }
    }
    /// The content key (AES key and nonce), if the state includes key material: an upload's
    /// content key, or the content part of a download's file key.
    pub fn content_key(&self) -> Option<&ContentKey> {
        self.keys.as_ref().map(KeyMaterial::content_key)
    }
    /// The same state without key material.
    pub fn without_key_material(mut self) -> Self {
        self.keys = None;
        self
    }
    /// Number of chunks, from the start of the file, folded into the meta-MAC.
    pub fn folded_chunks(&self) -> u32 {
        self.folded_chunks
    }
    pub(crate) fn folded(&self) -> (u32, [u8; 16]) {
        (self.folded_chunks, self.folded_acc)
    }
    /// Chunks finished out of order (after the folded prefix), ascending.
    pub fn finished_chunks(&self) -> impl Iterator<Item = (u32, ChunkMac)> + '_ {
        self.finished.iter().copied()
    }
    /// The partly processed chunk of a sequential transfer.
    pub fn in_progress(&self) -> Option<&ChunkProgress> {
        self.in_progress.as_ref()
    }
    /// The file offset from which a sequential transfer continues (the input must be fed again
    /// from here).
    pub fn resume_offset(&self) -> u64 {
        let start = schedule_start(u64::from(self.folded_chunks));
        match self.in_progress {
            Some(p) if p.index == self.folded_chunks => start + u64::from(p.bytes_done),
            _ => start,
        }
    }

    /// Encodes the state (format version 1, see `docs/resumable-state.md`).
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut v = Zeroizing::new(Vec::with_capacity(
            40 + ENTRY_LEN * self.finished.len() + 56,
        ));
        v.extend_from_slice(MAGIC);
        v.push(Self::FORMAT_VERSION);
        v.push(match self.direction {
            TransferDirection::Upload => 1,
            TransferDirection::Download => 2,
        });
        let mut flags = 0;
        if self.keys.is_some() {
            flags |= FLAG_KEYS;
        }
        if self.file_size.is_some() {
            flags |= FLAG_SIZE;
        }
        if self.in_progress.is_some() {
            flags |= FLAG_PROGRESS;
        }
        v.push(flags);
        v.push(0);
        v.extend_from_slice(&self.file_size.unwrap_or(0).to_be_bytes());
        v.extend_from_slice(&self.folded_chunks.to_be_bytes());
        v.extend_from_slice(&self.folded_acc);
        v.extend_from_slice(&(self.finished.len() as u32).to_be_bytes());
        for (i, m) in &self.finished {
            v.extend_from_slice(&i.to_be_bytes());
            v.extend_from_slice(m.as_bytes());
        }
        if let Some(p) = &self.in_progress {
            v.extend_from_slice(&p.index.to_be_bytes());
            v.extend_from_slice(&p.bytes_done.to_be_bytes());
            v.extend_from_slice(&p.mac_state);
        }
        if let Some(k) = &self.keys {
            v.extend_from_slice(k.content_key().to_bytes().as_ref());
            // An upload has no meta-MAC yet: its field is zero.
            let meta_mac = match k {
                KeyMaterial::Content(_) => MetaMac::from_bytes([0; 8]),
                KeyMaterial::File(k) => *k.meta_mac(),
            };
            v.extend_from_slice(meta_mac.as_bytes());
        }
        v
    }

    /// Decodes a state. The input is treated as hostile: every length is checked against the
    /// input before anything is allocated, every field is validated, trailing bytes are rejected.
    /// Errors: `Malformed` (structure, including an upload state whose meta-MAC field is not
    /// zero), `Unsupported` (other version), `InvalidKey` (key material).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader(bytes);
        if r.take::<4>()? != *MAGIC {
            return Err(Error::malformed("resumable state: bad magic"));
        }
        let [version] = r.take::<1>()?;
        if version != Self::FORMAT_VERSION {
            return Err(Error::unsupported(
                "resumable state: unknown format version",
            ));
        }
        let direction = match r.take::<1>()? {
            [1] => TransferDirection::Upload,
            [2] => TransferDirection::Download,
            _ => return Err(Error::malformed("resumable state: bad direction")),
        };
        let [flags] = r.take::<1>()?;
        if flags & !(FLAG_KEYS | FLAG_SIZE | FLAG_PROGRESS) != 0 || r.take::<1>()? != [0] {
            return Err(Error::malformed("resumable state: unknown flags"));
        }
        let size = u64::from_be_bytes(r.take()?);
        let file_size = if flags & FLAG_SIZE != 0 {
            Some(size)
        } else if size == 0 {
            None
        } else {
            return Err(Error::malformed(
                "resumable state: size present without flag",
            ));
        };
        let layout = file_size
            .map(ChunkLayout::new)
            .transpose()
            .map_err(|_| Error::malformed("resumable state: size"))?;
        let max_chunks = layout.map_or(u32::MAX, |l| l.chunk_count());
        let folded_chunks = u32::from_be_bytes(r.take()?);
        if folded_chunks > max_chunks {
            return Err(Error::malformed(
                "resumable state: folded chunks past the end of the file",
            ));
        }
        let folded_acc = r.take::<16>()?;
        if folded_chunks == 0 && folded_acc != [0; 16] {
            return Err(Error::malformed(
                "resumable state: accumulator without folded chunks",
            ));
        }
        let count = u32::from_be_bytes(r.take()?) as usize;
        // Bounded allocation: the entries must actually be present in the input.
        if count > r.0.len() / ENTRY_LEN {
            return Err(Error::malformed(
                "resumable state: entry count exceeds the input",
            ));
        }
        let mut finished = Vec::with_capacity(count);
        let mut last: Option<u32> = None;
        for _ in 0..count {
            let index = u32::from_be_bytes(r.take()?);
            let mac = ChunkMac::from_bytes(r.take()?);
            if index <= folded_chunks || index >= max_chunks || last.is_some_and(|l| index <= l) {
                return Err(Error::malformed(
                    "resumable state: chunk entries out of order or out of range",
                ));
            }
            last = Some(index);
            finished.push((index, mac));
        }
        let in_progress = if flags & FLAG_PROGRESS != 0 {
            let index = u32::from_be_bytes(r.take()?);
            let bytes_done = u32::from_be_bytes(r.take()?);
            let mac_state = r.take::<16>()?;
            let scheduled = schedule_len(u64::from(index));
            let full = layout
                .and_then(|l| l.chunk(index))
                .map_or(scheduled, |c| u64::from(c.len));
            // A chunk with all its scheduled bytes is folded, never in progress; the short last
            // chunk of a file may be in progress with all its bytes (stopped at the file's end).
            let done = u64::from(bytes_done);
            if index < folded_chunks
                || index >= max_chunks
                || finished.iter().any(|(i, _)| *i == index)
                || bytes_done == 0
                || bytes_done % 16 != 0
                || done > full
                || done >= scheduled
            {
                return Err(Error::malformed("resumable state: bad in-progress chunk"));
            }
            Some(ChunkProgress {
                index,
                bytes_done,
                mac_state,
            })
        } else {
            None
        };
        let keys = if flags & FLAG_KEYS != 0 {
            let content = Zeroizing::new(r.take::<{ ContentKey::LEN }>()?);
            let content = ContentKey::from_bytes(*content)?;
            let meta_mac = r.take::<8>()?;
            Some(match direction {
                TransferDirection::Upload if meta_mac != [0; 8] => {
                    return Err(Error::malformed(
                        "resumable state: an upload state has a non-zero meta-MAC",
                    ));
                }
                TransferDirection::Upload => KeyMaterial::Content(content),
                TransferDirection::Download => {
                    KeyMaterial::File(FileKey::from_parts(content, MetaMac::from_bytes(meta_mac)))
                }
            })
        } else {
            None
        };
        if !r.0.is_empty() {
            return Err(Error::malformed("resumable state: trailing bytes"));
        }
        Ok(TransferState {
            direction,
            file_size,
            keys,
            folded_chunks,
            folded_acc,
            finished,
            in_progress,
        })
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N]> {
        let (head, rest) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(Error::malformed("resumable state: truncated"))?;
        self.0 = rest;
        Ok(*head)
    }
}

impl MetaMacAccumulator {
    /// The accumulator's progress as an upload's resumable state (the file size is always
    /// recorded; `content_key`, if given, is stored as key material).
    pub fn export_upload_state(&self, content_key: Option<&ContentKey>) -> TransferState {
        self.export(
            TransferDirection::Upload,
            content_key.cloned().map(KeyMaterial::Content),
        )
    }

    /// The accumulator's progress as a download's resumable state (the file size is always
    /// recorded; `file_key`, if given, is stored as key material).
    pub fn export_download_state(&self, file_key: Option<&FileKey>) -> TransferState {
        self.export(
            TransferDirection::Download,
            file_key.cloned().map(KeyMaterial::File),
        )
    }

    fn export(&self, direction: TransferDirection, keys: Option<KeyMaterial>) -> TransferState {
        let (folded, acc) = self.folded_state();
        TransferState::new(
            direction,
            Some(self.layout().file_size()),
            keys,
            folded,
            acc,
            self.waiting().collect(),
            None,
        )
    }

    /// Restores an accumulator from a state that records the file size. A partly processed chunk
    /// in the state is ignored (that chunk must be transferred again).
    pub fn resume(key: &AesKey, state: &TransferState) -> Result<Self> {
        let size = state
            .file_size()
            .ok_or(Error::misuse("resumable state has no file size"))?;
        let (folded, acc) = state.folded();
        MetaMacAccumulator::restore(
            primitives::aes(key.as_bytes()),
            ChunkLayout::new(size)?,
            folded,
            acc,
            state.finished_chunks(),
        )
    }
}
