//! Sequential streaming: [`FileEncryptor`] and [`FileDecryptor`] accept any split of the input.

use alloc::vec::Vec;
use core::fmt;

use rand_core::TryCryptoRng;
use zeroize::Zeroize;

use crate::error::{Error, Result};
use crate::file::chunk::{copy_prefix, run_lanes};
use crate::file::engine::{self, Lane, Mode};
use crate::file::layout::{
    ChunkLayout, schedule_end_of, schedule_floor, schedule_index_of, schedule_start,
};
use crate::file::mac::{FileVerified, fold, verify_meta_mac};
use crate::file::state::{ChunkProgress, KeyMaterial, TransferDirection, TransferState};
use crate::keys::{ContentKey, FileKey, MetaMac};
use crate::parallelism::Parallelism;
use crate::primitives::{self, Aes};

/// The shared sequential state machine.
struct StreamCore {
    aes: Aes,
    content: ContentKey,
    nonce_bytes: [u8; 8],
    nonce_hi: u128,
    iv: [u8; 16],
    /// Bytes processed.
    pos: u64,
    /// CBC-MAC state of the current chunk over its complete blocks.
    mac: [u8; 16],
    /// Plaintext of the current partial block (`pos % 16` bytes valid).
    tail: [u8; 16],
    /// Keystream of the current partial block.
    ks: [u8; 16],
    /// Meta-MAC fold over the finished chunks.
    acc: [u8; 16],
    parallel: bool,
}

impl Drop for StreamCore {
    fn drop(&mut self) {
        self.mac.zeroize();
        self.tail.zeroize();
        self.ks.zeroize();
        self.acc.zeroize();
    }
}

impl StreamCore {
    fn new(content: ContentKey) -> Self {
        let nonce_bytes = *content.nonce().as_bytes();
        let iv = engine::mac_iv(&nonce_bytes);
        StreamCore {
            aes: primitives::aes(content.aes_key().as_bytes()),
            content,
            nonce_bytes,
            nonce_hi: engine::nonce_hi(&nonce_bytes),
            iv,
            pos: 0,
            mac: iv,
            tail: [0; 16],
            ks: [0; 16],
            acc: [0; 16],
            parallel: false,
        }
    }

    fn absorb_block(&mut self, block: &[u8; 16]) {
        primitives::xor_in_place(&mut self.mac, block);
        primitives::encrypt_block(&self.aes, &mut self.mac);
    }

    fn end_chunk(&mut self) {
        let mac = self.mac;
        fold(&self.aes, &mut self.acc, &mac);
        self.mac = self.iv;
    }

    /// Byte-wise processing inside one block (at most up to the next block boundary).
    fn bytes(&mut self, mode: Mode, buf: &mut [u8]) {
        let r = (self.pos % 16) as usize;
        if r == 0 {
            self.ks = engine::counter_block(self.nonce_hi, self.pos / 16);
            primitives::encrypt_block(&self.aes, &mut self.ks);
        }
        let tail = self.tail.iter_mut().skip(r);
        let ks = self.ks.iter().skip(r);
        let mut n = 0u64;
        for ((b, t), k) in buf.iter_mut().zip(tail).zip(ks) {
            match mode {
                Mode::Encrypt => {
                    *t = *b;
                    *b ^= *k;
                }
                _ => {
                    *b ^= *k;
                    *t = *b;
                }
            }
            n += 1;
        }
        self.pos += n;
        if self.pos.is_multiple_of(16) && n > 0 {
            let block = self.tail;
            self.absorb_block(&block);
            self.tail.zeroize();
            if self.pos == schedule_floor(self.pos) {
                self.end_chunk();
            }
        }
    }

    fn process(&mut self, mode: Mode, buf: &mut [u8]) {
        let mut rest = buf;
        // 1. Complete a partial block.
        if !self.pos.is_multiple_of(16) {
            let n = (16 - (self.pos % 16) as usize).min(rest.len());
            let (head, r) = core::mem::take(&mut rest).split_at_mut(n);
            self.bytes(mode, head);
            rest = r;
        }
        // 2. Whole blocks, split at chunk boundaries; the chunks' MAC chains run side by side.
        let (blocks, tail) = rest.as_chunks_mut::<16>();
        if !blocks.is_empty() {
            let mut lanes = Vec::new();
            let mut lens = Vec::new();
            let mut pos = self.pos;
            let mut rem = blocks;
            while !rem.is_empty() {
                let room = ((schedule_end_of(pos) - pos) / 16) as usize;
                let n = room.min(rem.len());
                let (this, r) = core::mem::take(&mut rem).split_at_mut(n);
                let mac = if lanes.is_empty() { self.mac } else { self.iv };
                lanes.push(Lane {
                    blocks: this,
                    counter: pos / 16,
                    mac,
                });
                lens.push(n as u64);
                pos += 16 * n as u64;
                rem = r;
            }
            run_lanes(
                &self.aes,
                &self.nonce_bytes,
                mode,
                &mut lanes,
                self.parallel,
            );
            for (lane, n) in lanes.iter().zip(lens) {
                self.pos += 16 * n;
                self.mac = lane.mac;
                if self.pos == schedule_floor(self.pos) {
                    self.end_chunk();
                }
            }
        }
        // 3. A trailing partial block.
        if !tail.is_empty() {
            self.bytes(mode, tail);
        }
    }

    fn process_to(&mut self, mode: Mode, input: &[u8], output: &mut [u8]) -> Result<()> {
        if input.len() != output.len() {
            return Err(Error::misuse("input and output lengths differ"));
        }
        copy_prefix(output, input);
        self.process(mode, output);
        Ok(())
    }

    /// Completes the last chunk and condenses the meta-MAC.
    fn meta_mac(&mut self) -> MetaMac {
        if !self.pos.is_multiple_of(16) {
            let block = self.tail;
            self.absorb_block(&block);
            self.end_chunk();
        } else if self.pos != schedule_floor(self.pos) {
            self.end_chunk();
        }
        MetaMac::condense(&self.acc)
    }

    fn resume_offset(&self) -> u64 {
        self.pos & !15
    }

    fn export(
        &self,
        direction: TransferDirection,
        keys: Option<KeyMaterial>,
        file_size: Option<u64>,
    ) -> Result<TransferState> {
        if self.pos > ChunkLayout::MAX_FILE_SIZE {
            return Err(Error::unsupported(
                "transfer is past the largest file a resumable state describes (2^32 chunks)",
            ));
        }
        if let Some(size) = file_size {
            ChunkLayout::new(size)?;
            if size < self.pos {
                return Err(Error::misuse(
                    "file size is smaller than the bytes already processed",
                ));
            }
        }
        let aligned = self.resume_offset();
        let k = schedule_index_of(aligned);
        let bytes_done = aligned - schedule_start(k);
        let index = u32::try_from(k).map_err(|_| {
            Error::unsupported("transfer is past the largest file a resumable state describes")
        })?;
        let in_progress = (bytes_done > 0).then_some(ChunkProgress {
            index,
            bytes_done: bytes_done as u32,
            mac_state: self.mac,
        });
        Ok(TransferState::new(
            direction,
            file_size,
            keys,
            index,
            self.acc,
            Vec::new(),
            in_progress,
        ))
    }

    fn import(
        content: ContentKey,
        state: &TransferState,
        direction: TransferDirection,
    ) -> Result<Self> {
        if state.direction() != direction {
            return Err(Error::misuse("resumable state is for the other direction"));
        }
        if state.finished_chunks().next().is_some() {
            return Err(Error::misuse(
                "resumable state has out-of-order chunks: use MetaMacAccumulator",
            ));
        }
        let mut core = StreamCore::new(content);
        let (folded, acc) = state.folded();
        core.pos = schedule_start(u64::from(folded));
        core.acc = acc;
        if let Some(p) = state.in_progress() {
            if p.index != folded {
                return Err(Error::misuse(
                    "resumable state: in-progress chunk is not the next chunk",
                ));
            }
            core.pos += u64::from(p.bytes_done);
            core.mac = p.mac_state;
        }
        Ok(core)
    }
}

/// Sequential upload encryption: feed the plaintext in any split, in place or buffer to buffer;
/// [`finish`](Self::finish) returns the file key with its meta-MAC.
///
/// For speed, feed large buffers (several MiB): the MAC chains of all whole chunks in one call
/// run side by side. Any split gives the same ciphertext and the same key.
pub struct FileEncryptor {
    core: StreamCore,
}

impl fmt::Debug for FileEncryptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileEncryptor")
            .field("bytes_processed", &self.core.pos)
            .finish_non_exhaustive()
    }
}

impl FileEncryptor {
    /// A new upload with a fresh random content key and nonce drawn from `rng` (a CSPRNG).
    pub fn new<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
        Ok(Self::with_key(ContentKey::generate(rng)?))
    }

    /// An upload under a given content key (for known-answer tests, or a key the application
    /// drew itself with [`ContentKey::generate`]). Never reuse a content key for different
    /// content.
    pub fn with_key(content_key: ContentKey) -> Self {
        FileEncryptor {
            core: StreamCore::new(content_key),
        }
    }

    /// Resumes from a state exported by [`Self::export_state`] (the content key is passed
    /// again, or taken from the state with [`TransferState::content_key`]). Continue feeding
    /// plaintext from [`Self::bytes_processed`].
    pub fn resume(content_key: ContentKey, state: &TransferState) -> Result<Self> {
        Ok(FileEncryptor {
            core: StreamCore::import(content_key, state, TransferDirection::Upload)?,
        })
    }

    /// The content key this upload encrypts under (to persist before the upload finishes).
    pub fn content_key(&self) -> &ContentKey {
        &self.core.content
    }

    /// Where large feeds run: [`Parallelism::ThreadPool`] spreads independent chunks over rayon's
    /// pool (feature `parallel`; the calling thread without it). Same output either way.
    pub fn set_parallelism(&mut self, parallelism: Parallelism) {
        self.core.parallel = parallelism.uses_threads();
    }

    /// Encrypts `buf` in place.
    pub fn encrypt_in_place(&mut self, buf: &mut [u8]) {
        self.core.process(Mode::Encrypt, buf);
    }

    /// Encrypts `input` into `output` (same length, else `ApiMisuse`).
    pub fn encrypt_to(&mut self, input: &[u8], output: &mut [u8]) -> Result<()> {
        self.core.process_to(Mode::Encrypt, input, output)
    }

    /// Bytes encrypted so far.
    pub fn bytes_processed(&self) -> u64 {
        self.core.pos
    }

    /// The progress as a resumable state. Its resume offset is `bytes_processed` rounded down to a
    /// multiple of 16: after a resume, feed the input again from
    /// [`TransferState::resume_offset`]. `include_key` stores the content key and nonce in the
    /// state (then the state is as secret as the file).
    ///
    /// Fails (`Unsupported`) only past [`ChunkLayout::MAX_FILE_SIZE`] (2^32 chunks, about
    /// 4 PiB), which no state can describe.
    pub fn export_state(&self, include_key: bool) -> Result<TransferState> {
        let keys = include_key.then(|| KeyMaterial::Content(self.core.content.clone()));
        self.core.export(TransferDirection::Upload, keys, None)
    }

    /// Completes the last chunk and returns the file key (content key, nonce, meta-MAC); pack it
    /// with [`FileKey::to_node_key`] / [`FileKey::to_b64`].
    #[must_use = "the file key is the only way to decrypt the uploaded file"]
    pub fn finish(mut self) -> FileKey {
        let mm = self.core.meta_mac();
        FileKey::from_parts(self.core.content.clone(), mm)
    }
}

/// Sequential download decryption and verification.
///
/// Everything it outputs is **unverified** until [`finish`](Self::finish) returns
/// [`FileVerified`]: write it to a temporary place and publish it only after that.
pub struct FileDecryptor {
    core: StreamCore,
    key: FileKey,
}

impl fmt::Debug for FileDecryptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileDecryptor")
            .field("bytes_processed", &self.core.pos)
            .finish_non_exhaustive()
    }
}

impl FileDecryptor {
    /// A download of the file with this key (from the node key or the link).
    pub fn new(key: &FileKey) -> Self {
        FileDecryptor {
            core: StreamCore::new(key.content_key().clone()),
            key: key.clone(),
        }
    }

    /// Resumes from a state exported by [`Self::export_state`]; continue with the ciphertext from
    /// [`Self::bytes_processed`].
    pub fn resume(key: &FileKey, state: &TransferState) -> Result<Self> {
        Ok(FileDecryptor {
            core: StreamCore::import(
                key.content_key().clone(),
                state,
                TransferDirection::Download,
            )?,
            key: key.clone(),
        })
    }

    /// Where large feeds run: [`Parallelism::ThreadPool`] spreads independent chunks over rayon's
    /// pool (feature `parallel`; the calling thread without it). Same output either way.
    pub fn set_parallelism(&mut self, parallelism: Parallelism) {
        self.core.parallel = parallelism.uses_threads();
    }

    /// Decrypts `buf` in place. The plaintext is unverified.
    pub fn decrypt_unverified_in_place(&mut self, buf: &mut [u8]) {
        self.core.process(Mode::Decrypt, buf);
    }

    /// Decrypts `input` into `output` (same length, else `ApiMisuse`). Unverified.
    pub fn decrypt_unverified_to(&mut self, input: &[u8], output: &mut [u8]) -> Result<()> {
        self.core.process_to(Mode::Decrypt, input, output)
    }

    /// Bytes decrypted so far.
    pub fn bytes_processed(&self) -> u64 {
        self.core.pos
    }

    /// The progress as a resumable state (see [`FileEncryptor::export_state`]). `file_size`, if
    /// given, is recorded in the state: it may not be smaller than [`Self::bytes_processed`]
    /// (`ApiMisuse`) nor above [`ChunkLayout::MAX_FILE_SIZE`] (`Unsupported`).
    pub fn export_state(&self, include_key: bool, file_size: Option<u64>) -> Result<TransferState> {
        self.core.export(
            TransferDirection::Download,
            include_key.then(|| KeyMaterial::File(self.key.clone())),
            file_size,
        )
    }

    /// Completes the MAC and compares it with the key's meta-MAC in constant time:
    /// `MacMismatch` if the content was altered (or is not this file's content).
    #[must_use = "the download is unverified until this result is checked"]
    pub fn finish(mut self) -> Result<FileVerified> {
        let computed = self.core.meta_mac();
        verify_meta_mac(&self.key, &computed, self.core.pos)
    }

    /// Like [`Self::finish`], but first checks that exactly `expected_size` bytes were decrypted:
    /// `SizeMismatch` distinguishes a truncated or extended download from tampering.
    #[must_use = "the download is unverified until this result is checked"]
    pub fn finish_with_size(self, expected_size: u64) -> Result<FileVerified> {
        crate::file::check_download_size(self.core.pos, expected_size)?;
        self.finish()
    }
}
