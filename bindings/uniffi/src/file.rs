//! File encryption and verification: streaming encryptor/decryptor, per-chunk cipher and MAC
//! accumulator (parallel transfers), resumable state, range decryption and one-shot helpers.
//!
//! Stateful objects hold their core value in a `Mutex<Option<_>>`: `finish` takes it out, and any
//! later call fails with `ApiMisuse("already finished")`.

use std::sync::{Arc, Mutex, MutexGuard};

use megacrypt::file::{self as mf, TransferDirection};

use crate::bytes::Bytes;
use crate::error::{CryptoError, FfiResult};
use crate::keys::{AesKey, ContentKey, FileKey};
use crate::rng::os_rng;

/// Locks a `Mutex<Option<T>>` and hands out the live value, or the "already finished" error.
fn with_live<T, R>(
    cell: &Mutex<Option<T>>,
    f: impl FnOnce(&mut T) -> FfiResult<R>,
) -> FfiResult<R> {
    let mut guard: MutexGuard<'_, Option<T>> = cell.lock().map_err(|_| CryptoError::poisoned())?;
    match guard.as_mut() {
        Some(inner) => f(inner),
        None => Err(CryptoError::already_finished()),
    }
}

/// Takes the value out of a `Mutex<Option<T>>` (for `finish`).
fn take_live<T>(cell: &Mutex<Option<T>>) -> FfiResult<T> {
    cell.lock()
        .map_err(|_| CryptoError::poisoned())?
        .take()
        .ok_or_else(CryptoError::already_finished)
}

/// One MAC chunk of a file: position in MEGA's chunk schedule, byte offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Chunk {
    /// 0-based position in the file's chunk list.
    pub index: u32,
    /// Byte offset of the chunk's first byte.
    pub offset: u64,
    /// Length in bytes (1 … 1 048 576).
    pub length: u32,
}

impl From<mf::Chunk> for Chunk {
    fn from(c: mf::Chunk) -> Self {
        Chunk {
            index: c.index,
            offset: c.offset,
            length: c.len,
        }
    }
}

impl From<Chunk> for mf::Chunk {
    fn from(c: Chunk) -> Self {
        mf::Chunk {
            index: c.index,
            offset: c.offset,
            len: c.length,
        }
    }
}

/// A chunk with its 16-byte CBC-MAC.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChunkWithMac {
    /// The chunk.
    pub chunk: Chunk,
    /// Its 16-byte chunk MAC.
    pub mac: Vec<u8>,
}

/// The output of a per-chunk operation: the transformed bytes and the chunk's MAC.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChunkOutput {
    /// Ciphertext (encrypt) or unverified plaintext (decrypt), same length as the input.
    pub data: Bytes,
    /// The 16-byte chunk MAC (of the plaintext).
    pub mac: Vec<u8>,
}

/// The output of a multi-chunk operation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChunksOutput {
    /// Ciphertext (encrypt) or unverified plaintext (decrypt), same length as the input.
    pub data: Bytes,
    /// Every chunk covered, in file order, with its MAC.
    pub chunks: Vec<ChunkWithMac>,
}

fn chunks_with_macs(v: Vec<(mf::Chunk, mf::ChunkMac)>) -> Vec<ChunkWithMac> {
    v.into_iter()
        .map(|(c, m)| ChunkWithMac {
            chunk: c.into(),
            mac: m.to_bytes().to_vec(),
        })
        .collect()
}

/// MEGA's chunk schedule for a file size: 128 KiB, 256 KiB, … 1 MiB, then 1 MiB each.
#[derive(Debug, uniffi::Object)]
pub struct ChunkLayout(pub(crate) mf::ChunkLayout);

#[uniffi::export]
impl ChunkLayout {
    /// The layout of a file of `file_size` bytes (`ApiMisuse` beyond the supported maximum).
    #[uniffi::constructor]
    pub fn new(file_size: u64) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ChunkLayout(mf::ChunkLayout::new(file_size)?)))
    }

    /// The file size.
    pub fn file_size(&self) -> u64 {
        self.0.file_size()
    }

    /// Number of chunks (0 for an empty file).
    pub fn chunk_count(&self) -> u32 {
        self.0.chunk_count()
    }

    /// The chunk with this index, if any.
    pub fn chunk(&self, index: u32) -> Option<Chunk> {
        self.0.chunk(index).map(Into::into)
    }

    /// The chunk containing byte `offset`, if any.
    pub fn chunk_at(&self, offset: u64) -> Option<Chunk> {
        self.0.chunk_at(offset).map(Into::into)
    }

    /// Every chunk, in file order.
    pub fn chunks(&self) -> Vec<Chunk> {
        self.0.chunks().map(Into::into).collect()
    }
}

/// Sequential streaming encryption of one file for upload. Feed the plaintext in order, in pieces
/// of any size; `finish` returns the file key (with the meta-MAC).
#[derive(uniffi::Object)]
pub struct FileEncryptor(Mutex<Option<mf::FileEncryptor>>);

impl FileEncryptor {
    fn wrap(inner: mf::FileEncryptor) -> Arc<Self> {
        Arc::new(FileEncryptor(Mutex::new(Some(inner))))
    }
}

#[uniffi::export]
impl FileEncryptor {
    /// A new upload with a fresh random content key and nonce from the OS CSPRNG.
    #[uniffi::constructor]
    pub fn new() -> FfiResult<Arc<Self>> {
        Ok(Self::wrap(mf::FileEncryptor::new(&mut os_rng())?))
    }

    /// An upload under a given content key (known-answer tests, or a key drawn with
    /// `ContentKey.generate`). Never reuse a content key for different content.
    #[uniffi::constructor]
    pub fn with_key(content_key: Arc<ContentKey>) -> Arc<Self> {
        Self::wrap(mf::FileEncryptor::with_key(content_key.0.clone()))
    }

    /// Resumes an upload from an exported state (its content key from `state.content_key()` or
    /// kept by the application); feed plaintext again from `state.resume_offset()`.
    #[uniffi::constructor]
    pub fn resume(content_key: Arc<ContentKey>, state: Arc<TransferState>) -> FfiResult<Arc<Self>> {
        Ok(Self::wrap(mf::FileEncryptor::resume(
            content_key.0.clone(),
            &state.0,
        )?))
    }

    /// The content key this upload encrypts under. Secret material.
    pub fn content_key(&self) -> FfiResult<Arc<ContentKey>> {
        with_live(&self.0, |e| {
            Ok(Arc::new(ContentKey(e.content_key().clone())))
        })
    }

    /// Encrypts the next piece of plaintext and returns the ciphertext (same length).
    pub fn encrypt(&self, plaintext: &[u8]) -> FfiResult<Bytes> {
        with_live(&self.0, |e| {
            let mut out = Bytes::zeroed(plaintext.len())?;
            e.encrypt_to(plaintext, out.payload_mut())?;
            Ok(out)
        })
    }

    /// Bytes encrypted so far.
    pub fn bytes_processed(&self) -> FfiResult<u64> {
        with_live(&self.0, |e| Ok(e.bytes_processed()))
    }

    /// The progress as a resumable state; `include_key` stores the content key and nonce in it.
    pub fn export_state(&self, include_key: bool) -> FfiResult<Arc<TransferState>> {
        with_live(&self.0, |e| {
            Ok(Arc::new(TransferState(e.export_state(include_key)?)))
        })
    }

    /// Completes the last chunk and returns the file key. Later calls fail with `ApiMisuse`.
    pub fn finish(&self) -> FfiResult<Arc<FileKey>> {
        Ok(Arc::new(FileKey(take_live(&self.0)?.finish())))
    }
}

/// Sequential streaming decryption of one downloaded file. The plaintext is **unverified** until
/// `finish` succeeds: do not act on it before (`MacMismatch` means the content was altered).
#[derive(uniffi::Object)]
pub struct FileDecryptor(Mutex<Option<mf::FileDecryptor>>);

impl FileDecryptor {
    fn wrap(inner: mf::FileDecryptor) -> Arc<Self> {
        Arc::new(FileDecryptor(Mutex::new(Some(inner))))
    }
}

#[uniffi::export]
impl FileDecryptor {
    /// A download of the file with this key.
    #[uniffi::constructor]
    pub fn new(key: Arc<FileKey>) -> Arc<Self> {
        Self::wrap(mf::FileDecryptor::new(&key.0))
    }

    /// Resumes a download from an exported state; continue with the ciphertext from
    /// `state.resume_offset()`.
    #[uniffi::constructor]
    pub fn resume(key: Arc<FileKey>, state: Arc<TransferState>) -> FfiResult<Arc<Self>> {
        Ok(Self::wrap(mf::FileDecryptor::resume(&key.0, &state.0)?))
    }

    /// Decrypts the next piece of ciphertext. The result is unverified until `finish`.
    pub fn decrypt_unverified(&self, ciphertext: &[u8]) -> FfiResult<Bytes> {
        with_live(&self.0, |d| {
            let mut out = Bytes::zeroed(ciphertext.len())?;
            d.decrypt_unverified_to(ciphertext, out.payload_mut())?;
            Ok(out)
        })
    }

    /// Bytes decrypted so far.
    pub fn bytes_processed(&self) -> FfiResult<u64> {
        with_live(&self.0, |d| Ok(d.bytes_processed()))
    }

    /// The progress as a resumable state.
    pub fn export_state(
        &self,
        include_key: bool,
        file_size: Option<u64>,
    ) -> FfiResult<Arc<TransferState>> {
        with_live(&self.0, |d| {
            Ok(Arc::new(TransferState(
                d.export_state(include_key, file_size)?,
            )))
        })
    }

    /// Verifies the meta-MAC; returns the verified length. `MacMismatch` if the content was
    /// altered. Later calls fail with `ApiMisuse`.
    pub fn finish(&self) -> FfiResult<u64> {
        Ok(take_live(&self.0)?.finish()?.len())
    }

    /// Like `finish`, but first checks that exactly `expected_size` bytes were decrypted
    /// (`SizeMismatch` for a truncated or extended download).
    pub fn finish_with_size(&self, expected_size: u64) -> FfiResult<u64> {
        Ok(take_live(&self.0)?.finish_with_size(expected_size)?.len())
    }
}

/// Per-chunk encryption and decryption for parallel or out-of-order transfers. Stateless and
/// thread-safe: call it from several threads at once; fold the MACs with `MetaMacAccumulator`.
#[derive(Debug, uniffi::Object)]
pub struct ChunkCipher(mf::ChunkCipher);

#[uniffi::export]
impl ChunkCipher {
    /// A chunk cipher for a content key (uploads).
    #[uniffi::constructor]
    pub fn new(content_key: Arc<ContentKey>) -> Arc<Self> {
        Arc::new(ChunkCipher(mf::ChunkCipher::new(&content_key.0)))
    }

    /// A chunk cipher for a file key (downloads).
    #[uniffi::constructor]
    pub fn from_file_key(key: Arc<FileKey>) -> Arc<Self> {
        Arc::new(ChunkCipher(mf::ChunkCipher::from_file_key(&key.0)))
    }

    /// Encrypts one whole chunk; returns the ciphertext and the chunk MAC.
    pub fn encrypt_chunk(&self, chunk: Chunk, plaintext: &[u8]) -> FfiResult<ChunkOutput> {
        let mut data = Bytes::copy_of(plaintext)?;
        let mac = self.0.encrypt_chunk(chunk.into(), data.payload_mut())?;
        Ok(ChunkOutput {
            data,
            mac: mac.to_bytes().to_vec(),
        })
    }

    /// Decrypts one whole chunk; returns the **unverified** plaintext and the chunk MAC.
    pub fn decrypt_chunk_unverified(
        &self,
        chunk: Chunk,
        ciphertext: &[u8],
    ) -> FfiResult<ChunkOutput> {
        let mut data = Bytes::copy_of(ciphertext)?;
        let mac = self
            .0
            .decrypt_chunk_unverified(chunk.into(), data.payload_mut())?;
        Ok(ChunkOutput {
            data,
            mac: mac.to_bytes().to_vec(),
        })
    }

    /// The MAC of one whole chunk of plaintext.
    pub fn mac_chunk(&self, chunk: Chunk, plaintext: &[u8]) -> FfiResult<Vec<u8>> {
        Ok(self
            .0
            .mac_chunk(chunk.into(), plaintext)?
            .to_bytes()
            .to_vec())
    }

    /// Encrypts consecutive whole chunks starting at the chunk boundary `offset`.
    pub fn encrypt_chunks(
        &self,
        layout: Arc<ChunkLayout>,
        offset: u64,
        plaintext: &[u8],
    ) -> FfiResult<ChunksOutput> {
        let mut data = Bytes::copy_of(plaintext)?;
        let macs = self
            .0
            .encrypt_chunks(&layout.0, offset, data.payload_mut())?;
        Ok(ChunksOutput {
            data,
            chunks: chunks_with_macs(macs),
        })
    }

    /// Decrypts consecutive whole chunks starting at the chunk boundary `offset` (unverified).
    pub fn decrypt_chunks_unverified(
        &self,
        layout: Arc<ChunkLayout>,
        offset: u64,
        ciphertext: &[u8],
    ) -> FfiResult<ChunksOutput> {
        let mut data = Bytes::copy_of(ciphertext)?;
        let macs = self
            .0
            .decrypt_chunks_unverified(&layout.0, offset, data.payload_mut())?;
        Ok(ChunksOutput {
            data,
            chunks: chunks_with_macs(macs),
        })
    }

    /// Checks plaintext covering whole chunks from `offset` against chunk MACs recorded earlier.
    pub fn verify_chunks(
        &self,
        layout: Arc<ChunkLayout>,
        offset: u64,
        plaintext: &[u8],
        expected_macs: Vec<Vec<u8>>,
    ) -> FfiResult<()> {
        let expected = megacrypt_foreign::arg::chunk_macs(&expected_macs)?;
        Ok(self
            .0
            .verify_chunks(&layout.0, offset, plaintext, &expected)?)
    }
}

/// Folds chunk MACs, in any order, into a file's meta-MAC. Refuses duplicates, foreign chunks and
/// missing chunks. `finish`/`verify` consume it; later calls fail with `ApiMisuse`.
#[derive(uniffi::Object)]
pub struct MetaMacAccumulator(Mutex<Option<mf::MetaMacAccumulator>>);

impl MetaMacAccumulator {
    fn wrap(inner: mf::MetaMacAccumulator) -> Arc<Self> {
        Arc::new(MetaMacAccumulator(Mutex::new(Some(inner))))
    }
}

#[uniffi::export]
impl MetaMacAccumulator {
    /// An empty accumulator for a file of `file_size` bytes under content key `key`.
    #[uniffi::constructor]
    pub fn new(key: Arc<AesKey>, file_size: u64) -> FfiResult<Arc<Self>> {
        Ok(Self::wrap(mf::MetaMacAccumulator::new(&key.0, file_size)?))
    }

    /// Restores an accumulator from a state that records the file size.
    #[uniffi::constructor]
    pub fn resume(key: Arc<AesKey>, state: Arc<TransferState>) -> FfiResult<Arc<Self>> {
        Ok(Self::wrap(mf::MetaMacAccumulator::resume(
            &key.0, &state.0,
        )?))
    }

    /// Adds one chunk's 16-byte MAC.
    pub fn insert(&self, chunk: Chunk, mac: &[u8]) -> FfiResult<()> {
        let mac = megacrypt_foreign::arg::chunk_mac(mac)?;
        with_live(&self.0, |a| Ok(a.insert(chunk.into(), mac)?))
    }

    /// Adds the MAC of the chunk with this index.
    pub fn insert_index(&self, index: u32, mac: &[u8]) -> FfiResult<()> {
        let mac = megacrypt_foreign::arg::chunk_mac(mac)?;
        with_live(&self.0, |a| Ok(a.insert_index(index, mac)?))
    }

    /// Whether the chunk with this index has been inserted.
    pub fn has_chunk(&self, index: u32) -> FfiResult<bool> {
        with_live(&self.0, |a| Ok(a.has_chunk(index)))
    }

    /// Number of chunks inserted so far.
    pub fn chunks_done(&self) -> FfiResult<u32> {
        with_live(&self.0, |a| Ok(a.chunks_done()))
    }

    /// Whether every chunk has been inserted.
    pub fn is_complete(&self) -> FfiResult<bool> {
        with_live(&self.0, |a| Ok(a.is_complete()))
    }

    /// The layout of the file.
    pub fn layout(&self) -> FfiResult<Arc<ChunkLayout>> {
        with_live(&self.0, |a| Ok(Arc::new(ChunkLayout(*a.layout()))))
    }

    /// The chunks not inserted yet, in file order.
    pub fn missing_chunks(&self) -> FfiResult<Vec<Chunk>> {
        with_live(&self.0, |a| {
            Ok(a.missing_chunks().map(Into::into).collect())
        })
    }

    /// The progress as an upload's resumable state (with `content_key` stored as key material
    /// if given).
    pub fn export_upload_state(
        &self,
        content_key: Option<Arc<ContentKey>>,
    ) -> FfiResult<Arc<TransferState>> {
        with_live(&self.0, |a| {
            Ok(Arc::new(TransferState(
                a.export_upload_state(content_key.as_ref().map(|k| &k.0)),
            )))
        })
    }

    /// The progress as a download's resumable state (with `file_key` stored as key material if
    /// given).
    pub fn export_download_state(
        &self,
        file_key: Option<Arc<FileKey>>,
    ) -> FfiResult<Arc<TransferState>> {
        with_live(&self.0, |a| {
            Ok(Arc::new(TransferState(
                a.export_download_state(file_key.as_ref().map(|k| &k.0)),
            )))
        })
    }

    /// The 8-byte meta-MAC (`ApiMisuse` if a chunk is missing). Consumes the accumulator.
    pub fn finish(&self) -> FfiResult<Vec<u8>> {
        Ok(take_live(&self.0)?.finish()?.as_bytes().to_vec())
    }

    /// Finishes and compares with the meta-MAC in `key` in constant time; returns the verified
    /// length. Consumes the accumulator.
    pub fn verify(&self, key: Arc<FileKey>) -> FfiResult<u64> {
        Ok(take_live(&self.0)?.verify(&key.0)?.len())
    }
}

/// Which way a transfer goes.
#[uniffi::remote(Enum)]
pub enum TransferDirection {
    /// Encrypting for upload.
    Upload,
    /// Downloading and decrypting.
    Download,
}

/// A chunk index with its 16-byte MAC (chunks finished out of order in a resumable state).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IndexedChunkMac {
    /// The chunk index.
    pub index: u32,
    /// Its 16-byte MAC.
    pub mac: Vec<u8>,
}

/// The persisted progress of a transfer (a versioned byte format). Not authenticated; with key
/// material it is as secret as the file.
#[derive(Debug, uniffi::Object)]
pub struct TransferState(pub(crate) mf::TransferState);

#[uniffi::export]
impl TransferState {
    /// Decodes a state written by `to_bytes` (hostile input is rejected with `Malformed`).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(TransferState(mf::TransferState::from_bytes(
            bytes,
        )?)))
    }

    /// Encodes the state for persistence.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }

    /// Upload or download.
    pub fn direction(&self) -> TransferDirection {
        self.0.direction()
    }

    /// The file size, if recorded.
    pub fn file_size(&self) -> Option<u64> {
        self.0.file_size()
    }

    /// A download's file key, if the state includes key material (`None` for an upload: its
    /// meta-MAC does not exist yet; see `content_key`).
    pub fn file_key(&self) -> Option<Arc<FileKey>> {
        self.0.file_key().map(|k| Arc::new(FileKey(k.clone())))
    }

    /// The content key, if the state includes key material (an upload's, or the content part of
    /// a download's file key).
    pub fn content_key(&self) -> Option<Arc<ContentKey>> {
        self.0
            .content_key()
            .map(|k| Arc::new(ContentKey(k.clone())))
    }

    /// The same state without key material.
    pub fn without_key_material(&self) -> Arc<TransferState> {
        Arc::new(TransferState(self.0.clone().without_key_material()))
    }

    /// Number of chunks from the start of the file folded into the meta-MAC.
    pub fn folded_chunks(&self) -> u32 {
        self.0.folded_chunks()
    }

    /// Chunks finished out of order, ascending.
    pub fn finished_chunks(&self) -> Vec<IndexedChunkMac> {
        self.0
            .finished_chunks()
            .map(|(index, mac)| IndexedChunkMac {
                index,
                mac: mac.to_bytes().to_vec(),
            })
            .collect()
    }

    /// The file offset from which a sequential transfer continues.
    pub fn resume_offset(&self) -> u64 {
        self.0.resume_offset()
    }
}

/// Random-access decryption with no authentication at all (the meta-MAC covers the whole file):
/// for previews and media seeking only.
#[derive(Debug, uniffi::Object)]
pub struct UnauthenticatedRangeDecryptor(mf::UnauthenticatedRangeDecryptor);

#[uniffi::export]
impl UnauthenticatedRangeDecryptor {
    /// A range decryptor for a content key.
    #[uniffi::constructor]
    pub fn new(content_key: Arc<ContentKey>) -> Arc<Self> {
        Arc::new(UnauthenticatedRangeDecryptor(
            mf::UnauthenticatedRangeDecryptor::new(&content_key.0),
        ))
    }

    /// A range decryptor for a file key.
    #[uniffi::constructor]
    pub fn from_file_key(key: Arc<FileKey>) -> Arc<Self> {
        Arc::new(UnauthenticatedRangeDecryptor(
            mf::UnauthenticatedRangeDecryptor::from_file_key(&key.0),
        ))
    }

    /// Decrypts ciphertext bytes that start at file offset `offset`. Unauthenticated.
    pub fn decrypt_at_unverified(&self, offset: u64, ciphertext: &[u8]) -> FfiResult<Bytes> {
        let mut data = Bytes::copy_of(ciphertext)?;
        self.0.decrypt_at_unverified(offset, data.payload_mut());
        Ok(data)
    }
}

/// A whole file encrypted in one call: the ciphertext and its file key.
#[derive(uniffi::Record)]
pub struct EncryptedFile {
    /// The ciphertext (same length as the plaintext).
    pub ciphertext: Bytes,
    /// The file key (content key, nonce, meta-MAC).
    pub key: Arc<FileKey>,
}

/// Encrypts a whole file under a fresh random key and nonce from the OS CSPRNG.
#[uniffi::export]
pub fn encrypt_file(plaintext: &[u8]) -> FfiResult<EncryptedFile> {
    let mut ciphertext = Bytes::copy_of(plaintext)?;
    let key = mf::encrypt_file_in_place(&mut os_rng(), ciphertext.payload_mut())?;
    Ok(EncryptedFile {
        ciphertext,
        key: Arc::new(FileKey(key)),
    })
}

/// Hazardous: encrypts a whole file under a given content key (known-answer tests only; never
/// encrypt two different contents under one content key).
#[uniffi::export]
pub fn hazmat_encrypt_file_with_key(
    content_key: Arc<ContentKey>,
    plaintext: &[u8],
) -> FfiResult<EncryptedFile> {
    let mut ciphertext = Bytes::copy_of(plaintext)?;
    let key = megacrypt::hazmat::encrypt_file_in_place_with_key(
        content_key.0.clone(),
        ciphertext.payload_mut(),
    )?;
    Ok(EncryptedFile {
        ciphertext,
        key: Arc::new(FileKey(key)),
    })
}

/// Decrypts and verifies a whole file; returns the plaintext only if it verified.
#[uniffi::export]
pub fn decrypt_file(key: Arc<FileKey>, ciphertext: &[u8]) -> FfiResult<Bytes> {
    // The core zeroizes the buffer if verification fails.
    let mut plaintext = Bytes::copy_of(ciphertext)?;
    let _verified: mf::FileVerified = mf::decrypt_file_in_place(&key.0, plaintext.payload_mut())?;
    Ok(plaintext)
}

/// A fresh random 8-byte file nonce from the OS CSPRNG.
#[uniffi::export]
pub fn generate_nonce() -> FfiResult<Vec<u8>> {
    Ok(megacrypt_foreign::ops::generate_nonce()?
        .as_bytes()
        .to_vec())
}

/// Compares a computed 8-byte meta-MAC with the key's (constant time; empty-file rule included);
/// returns the verified size (`MacMismatch` otherwise).
#[uniffi::export]
pub fn verify_meta_mac(key: Arc<FileKey>, computed: &[u8], size: u64) -> FfiResult<u64> {
    Ok(megacrypt_foreign::ops::verify_meta_mac(
        &key.0, computed, size,
    )?)
}

/// How many bytes to feed the streaming types per call for full speed (16 MiB): the Kotlin and
/// Python stream helpers use it.
#[uniffi::export]
pub fn preferred_feed_length() -> u64 {
    u64::try_from(mf::PREFERRED_FEED_LEN).unwrap_or(u64::MAX)
}
