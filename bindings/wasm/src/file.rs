//! File content: streaming encryptor/decryptor, chunk layout, chunk cipher, meta-MAC accumulator,
//! resumable state and range decryption (core `megacrypt::file`).
//!
//! Sizes and offsets are JavaScript numbers (safe integers, up to 2^53 − 1 bytes).

use crate::bindgen::*;
use megacrypt::file;
use megacrypt_foreign::{arg, ops};

use crate::error::{JsResult, js};
use crate::keys::{self, ContentKey, FileKey};

/// A JavaScript number that must hold a byte size or offset.
fn size(n: f64) -> JsResult<u64> {
    js(arg::size(n))
}

/// A fresh random 8-byte file nonce from the platform CSPRNG.
#[wasm_bindgen(js_name = generateNonce)]
pub fn generate_nonce() -> JsResult<Vec<u8>> {
    Ok(js(ops::generate_nonce())?.as_bytes().to_vec())
}

/// One MAC chunk of a file.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Chunk(pub(crate) file::Chunk);

#[wasm_bindgen]
impl Chunk {
    /// 0-based position in the file's chunk list.
    #[wasm_bindgen(getter)]
    pub fn index(&self) -> u32 {
        self.0.index
    }
    /// Byte offset of the chunk's first byte.
    #[wasm_bindgen(getter)]
    pub fn offset(&self) -> f64 {
        self.0.offset as f64
    }
    /// Length in bytes.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.0.len
    }
    /// Offset one past the chunk's last byte.
    #[wasm_bindgen(getter)]
    pub fn end(&self) -> f64 {
        self.0.end() as f64
    }
}

/// MEGA's chunk schedule for a file of a given size (128 KiB, 256 KiB, … 1 MiB, then 1 MiB).
#[wasm_bindgen]
pub struct ChunkLayout(pub(crate) file::ChunkLayout);

#[wasm_bindgen]
impl ChunkLayout {
    /// The layout of a file of `fileSize` bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(file_size: f64) -> JsResult<ChunkLayout> {
        js(file::ChunkLayout::new(size(file_size)?)).map(ChunkLayout)
    }
    /// The file size.
    #[wasm_bindgen(getter, js_name = fileSize)]
    pub fn file_size(&self) -> f64 {
        self.0.file_size() as f64
    }
    /// Number of chunks (0 for an empty file).
    #[wasm_bindgen(getter, js_name = chunkCount)]
    pub fn chunk_count(&self) -> u32 {
        self.0.chunk_count()
    }
    /// Chunk number `index`, or `undefined` past the end.
    pub fn chunk(&self, index: u32) -> Option<Chunk> {
        self.0.chunk(index).map(Chunk)
    }
    /// The chunk containing byte `offset`, or `undefined` past the end.
    #[wasm_bindgen(js_name = chunkAt)]
    pub fn chunk_at(&self, offset: f64) -> JsResult<Option<Chunk>> {
        Ok(self.0.chunk_at(size(offset)?).map(Chunk))
    }
    /// All chunks in file order.
    pub fn chunks(&self) -> Vec<Chunk> {
        self.0.chunks().map(Chunk).collect()
    }
}

/// Sequential upload encryption: feed the plaintext in any split; `finish()` returns the FileKey.
/// Feed large buffers (several MiB): the MACs of several chunks are then computed side by side.
#[wasm_bindgen]
pub struct FileEncryptor(file::FileEncryptor);

#[wasm_bindgen]
impl FileEncryptor {
    /// A new upload with a fresh random content key and nonce (Web Crypto CSPRNG).
    #[wasm_bindgen(constructor)]
    pub fn new() -> JsResult<FileEncryptor> {
        js(file::FileEncryptor::new(&mut crate::rng())).map(FileEncryptor)
    }
    /// An upload under a given content key (known-answer tests, or a key drawn with
    /// `ContentKey.generate`). Never reuse a content key for different content.
    #[wasm_bindgen(js_name = withKey)]
    pub fn with_key(content_key: &ContentKey) -> FileEncryptor {
        FileEncryptor(file::FileEncryptor::with_key(content_key.0.clone()))
    }
    /// Resumes from a `TransferState` (the content key from `state.contentKey` or kept by the
    /// application); continue feeding plaintext from `state.resumeOffset`.
    pub fn resume(content_key: &ContentKey, state: &TransferState) -> JsResult<FileEncryptor> {
        js(file::FileEncryptor::resume(content_key.0.clone(), &state.0)).map(FileEncryptor)
    }
    /// The content key this upload encrypts under (secret material).
    #[wasm_bindgen(js_name = contentKey)]
    pub fn content_key(&self) -> ContentKey {
        ContentKey(self.0.content_key().clone())
    }
    /// Encrypts `buf` in place.
    #[wasm_bindgen(js_name = encryptInPlace)]
    pub fn encrypt_in_place(&mut self, buf: &mut [u8]) {
        self.0.encrypt_in_place(buf);
    }
    /// Encrypts `plaintext` into a new array.
    pub fn encrypt(&mut self, plaintext: &[u8]) -> Vec<u8> {
        let mut v = plaintext.to_vec();
        self.0.encrypt_in_place(&mut v);
        v
    }
    /// Bytes encrypted so far.
    #[wasm_bindgen(getter, js_name = bytesProcessed)]
    pub fn bytes_processed(&self) -> f64 {
        self.0.bytes_processed() as f64
    }
    /// The progress as a resumable state (`includeKey` stores key and nonce in it: then it is as
    /// secret as the file).
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self, include_key: bool) -> JsResult<TransferState> {
        js(self.0.export_state(include_key)).map(TransferState)
    }
    /// Completes the last chunk and returns the file key. The encryptor is consumed.
    pub fn finish(self) -> FileKey {
        FileKey(self.0.finish())
    }
}

/// Sequential download decryption and verification. Output is unverified until `finish()`
/// returns; `finish()` throws `MacMismatch` if the content does not match the key's meta-MAC.
#[wasm_bindgen]
pub struct FileDecryptor(file::FileDecryptor);

#[wasm_bindgen]
impl FileDecryptor {
    /// A download of the file with this key.
    #[wasm_bindgen(constructor)]
    pub fn new(key: &FileKey) -> FileDecryptor {
        FileDecryptor(file::FileDecryptor::new(&key.0))
    }
    /// Resumes from a state; continue with the ciphertext from `state.resumeOffset`.
    pub fn resume(key: &FileKey, state: &TransferState) -> JsResult<FileDecryptor> {
        js(file::FileDecryptor::resume(&key.0, &state.0)).map(FileDecryptor)
    }
    /// Decrypts `buf` in place (unverified).
    #[wasm_bindgen(js_name = decryptUnverifiedInPlace)]
    pub fn decrypt_unverified_in_place(&mut self, buf: &mut [u8]) {
        self.0.decrypt_unverified_in_place(buf);
    }
    /// Decrypts `ciphertext` into a new array (unverified).
    #[wasm_bindgen(js_name = decryptUnverified)]
    pub fn decrypt_unverified(&mut self, ciphertext: &[u8]) -> Vec<u8> {
        let mut v = ciphertext.to_vec();
        self.0.decrypt_unverified_in_place(&mut v);
        v
    }
    /// Bytes decrypted so far.
    #[wasm_bindgen(getter, js_name = bytesProcessed)]
    pub fn bytes_processed(&self) -> f64 {
        self.0.bytes_processed() as f64
    }
    /// The progress as a resumable state.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(
        &self,
        include_key: bool,
        file_size: Option<f64>,
    ) -> JsResult<TransferState> {
        let file_size = file_size.map(size).transpose()?;
        js(self.0.export_state(include_key, file_size)).map(TransferState)
    }
    /// Verifies the meta-MAC; returns the verified size. Throws `MacMismatch`. Consumes the decryptor.
    pub fn finish(self) -> JsResult<f64> {
        Ok(js(self.0.finish())?.len() as f64)
    }
    /// Like `finish`, but first checks the decrypted length (`SizeMismatch`).
    #[wasm_bindgen(js_name = finishWithSize)]
    pub fn finish_with_size(self, expected_size: f64) -> JsResult<f64> {
        Ok(js(self.0.finish_with_size(size(expected_size)?))?.len() as f64)
    }
}

/// Per-chunk encryption/decryption and MACs, for chunks processed in any order.
#[wasm_bindgen]
pub struct ChunkCipher(file::ChunkCipher);

#[wasm_bindgen]
impl ChunkCipher {
    /// A chunk cipher for a content key (uploads).
    #[wasm_bindgen(constructor)]
    pub fn new(content_key: &ContentKey) -> ChunkCipher {
        ChunkCipher(file::ChunkCipher::new(&content_key.0))
    }
    /// A chunk cipher for a file key.
    #[wasm_bindgen(js_name = fromFileKey)]
    pub fn from_file_key(key: &FileKey) -> ChunkCipher {
        ChunkCipher(file::ChunkCipher::from_file_key(&key.0))
    }
    /// Encrypts one whole chunk in place; returns its 16-byte MAC.
    #[wasm_bindgen(js_name = encryptChunk)]
    pub fn encrypt_chunk(&self, chunk: &Chunk, buf: &mut [u8]) -> JsResult<Vec<u8>> {
        Ok(js(self.0.encrypt_chunk(chunk.0, buf))?.to_bytes().to_vec())
    }
    /// Decrypts one whole chunk in place (unverified); returns the MAC of its plaintext.
    #[wasm_bindgen(js_name = decryptChunkUnverified)]
    pub fn decrypt_chunk_unverified(&self, chunk: &Chunk, buf: &mut [u8]) -> JsResult<Vec<u8>> {
        Ok(js(self.0.decrypt_chunk_unverified(chunk.0, buf))?
            .to_bytes()
            .to_vec())
    }
    /// The 16-byte MAC of one chunk's plaintext.
    #[wasm_bindgen(js_name = macChunk)]
    pub fn mac_chunk(&self, chunk: &Chunk, plaintext: &[u8]) -> JsResult<Vec<u8>> {
        Ok(js(self.0.mac_chunk(chunk.0, plaintext))?
            .to_bytes()
            .to_vec())
    }
    /// Encrypts whole chunks from the chunk boundary `offset` in place; returns their MACs
    /// concatenated (16 bytes each, in order).
    #[wasm_bindgen(js_name = encryptChunks)]
    pub fn encrypt_chunks(
        &self,
        layout: &ChunkLayout,
        offset: f64,
        buf: &mut [u8],
    ) -> JsResult<Vec<u8>> {
        let macs = js(self.0.encrypt_chunks(&layout.0, size(offset)?, buf))?;
        Ok(arg::concatenate_chunk_macs(macs.iter().map(|(_, m)| m)))
    }
    /// Decrypts whole chunks from the chunk boundary `offset` in place (unverified); returns the
    /// plaintext MACs concatenated.
    #[wasm_bindgen(js_name = decryptChunksUnverified)]
    pub fn decrypt_chunks_unverified(
        &self,
        layout: &ChunkLayout,
        offset: f64,
        buf: &mut [u8],
    ) -> JsResult<Vec<u8>> {
        let macs = js(self
            .0
            .decrypt_chunks_unverified(&layout.0, size(offset)?, buf))?;
        Ok(arg::concatenate_chunk_macs(macs.iter().map(|(_, m)| m)))
    }
    /// Checks plaintext covering whole chunks from `offset` against recorded chunk MACs
    /// (concatenated, 16 bytes each). Throws `MacMismatch`.
    #[wasm_bindgen(js_name = verifyChunks)]
    pub fn verify_chunks(
        &self,
        layout: &ChunkLayout,
        offset: f64,
        plaintext: &[u8],
        expected_macs: &[u8],
    ) -> JsResult<()> {
        let expected = js(arg::chunk_macs_concatenated(expected_macs))?;
        js(self
            .0
            .verify_chunks(&layout.0, size(offset)?, plaintext, &expected))
    }
}

/// Collects chunk MACs in any order and folds them, in file order, into the meta-MAC.
#[wasm_bindgen]
pub struct MetaMacAccumulator(file::MetaMacAccumulator);

#[wasm_bindgen]
impl MetaMacAccumulator {
    /// An empty accumulator for a file of `fileSize` bytes under the content key `key`.
    #[wasm_bindgen(constructor)]
    pub fn new(key: &keys::AesKey, file_size: f64) -> JsResult<MetaMacAccumulator> {
        js(file::MetaMacAccumulator::new(&key.0, size(file_size)?)).map(MetaMacAccumulator)
    }
    /// Restores an accumulator from a state that records the file size.
    pub fn resume(key: &keys::AesKey, state: &TransferState) -> JsResult<MetaMacAccumulator> {
        js(file::MetaMacAccumulator::resume(&key.0, &state.0)).map(MetaMacAccumulator)
    }
    /// Adds one chunk's 16-byte MAC (`ApiMisuse` for a foreign or duplicate chunk).
    pub fn insert(&mut self, chunk: &Chunk, mac: &[u8]) -> JsResult<()> {
        js(self.0.insert(chunk.0, js(arg::chunk_mac(mac))?))
    }
    /// Adds the MAC of the chunk with this index.
    #[wasm_bindgen(js_name = insertIndex)]
    pub fn insert_index(&mut self, index: u32, mac: &[u8]) -> JsResult<()> {
        js(self.0.insert_index(index, js(arg::chunk_mac(mac))?))
    }
    /// Whether the chunk with this index has been inserted.
    #[wasm_bindgen(js_name = hasChunk)]
    pub fn has_chunk(&self, index: u32) -> bool {
        self.0.has_chunk(index)
    }
    /// Number of chunks inserted so far.
    #[wasm_bindgen(getter, js_name = chunksDone)]
    pub fn chunks_done(&self) -> u32 {
        self.0.chunks_done()
    }
    /// Whether every chunk has been inserted.
    #[wasm_bindgen(getter, js_name = isComplete)]
    pub fn is_complete(&self) -> bool {
        self.0.is_complete()
    }
    /// The chunks not inserted yet, in file order.
    #[wasm_bindgen(js_name = missingChunks)]
    pub fn missing_chunks(&self) -> Vec<Chunk> {
        self.0.missing_chunks().map(Chunk).collect()
    }
    /// The layout of the file.
    #[wasm_bindgen(getter)]
    pub fn layout(&self) -> ChunkLayout {
        ChunkLayout(*self.0.layout())
    }
    /// The progress as an upload's resumable state, without key material.
    #[wasm_bindgen(js_name = exportUploadState)]
    pub fn export_upload_state(&self) -> TransferState {
        TransferState(self.0.export_upload_state(None))
    }
    /// The progress as an upload's resumable state that also stores the content key (then the
    /// state is secret).
    #[wasm_bindgen(js_name = exportUploadStateWithKey)]
    pub fn export_upload_state_with_key(&self, content_key: &ContentKey) -> TransferState {
        TransferState(self.0.export_upload_state(Some(&content_key.0)))
    }
    /// The progress as a download's resumable state, without key material.
    #[wasm_bindgen(js_name = exportDownloadState)]
    pub fn export_download_state(&self) -> TransferState {
        TransferState(self.0.export_download_state(None))
    }
    /// The progress as a download's resumable state that also stores the file key (then the
    /// state is secret).
    #[wasm_bindgen(js_name = exportDownloadStateWithKey)]
    pub fn export_download_state_with_key(&self, file_key: &FileKey) -> TransferState {
        TransferState(self.0.export_download_state(Some(&file_key.0)))
    }
    /// The 8-byte meta-MAC (`ApiMisuse` if a chunk is missing). Consumes the accumulator.
    pub fn finish(self) -> JsResult<Vec<u8>> {
        Ok(js(self.0.finish())?.as_bytes().to_vec())
    }
    /// Finishes and compares with the meta-MAC in `key` in constant time; returns the verified
    /// size. Throws `MacMismatch`. Consumes the accumulator.
    pub fn verify(self, key: &FileKey) -> JsResult<f64> {
        Ok(js(self.0.verify(&key.0))?.len() as f64)
    }
}

/// Compares a computed 8-byte meta-MAC with the key's (constant time; empty-file rule included);
/// returns the verified size or throws `MacMismatch`.
#[wasm_bindgen(js_name = verifyMetaMac)]
pub fn verify_meta_mac(key: &FileKey, computed: &[u8], size: f64) -> JsResult<f64> {
    Ok(arg::size_to_js(js(ops::verify_meta_mac(
        &key.0,
        computed,
        self::size(size)?,
    ))?))
}

/// Progress of a transfer in a documented byte format, to persist and resume.
#[wasm_bindgen]
pub struct TransferState(pub(crate) file::TransferState);

#[wasm_bindgen]
impl TransferState {
    /// Parses the byte form (`Malformed` if invalid).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<TransferState> {
        js(file::TransferState::from_bytes(bytes)).map(TransferState)
    }
    /// The byte form (secret if it includes key material).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }
    /// `'upload'` or `'download'`.
    #[wasm_bindgen(getter)]
    pub fn direction(&self) -> String {
        self.0.direction().as_str().into()
    }
    /// The file size, if recorded.
    #[wasm_bindgen(getter, js_name = fileSize)]
    pub fn file_size(&self) -> Option<f64> {
        self.0.file_size().map(|s| s as f64)
    }
    /// A download's file key, if the state includes key material (`undefined` for an upload:
    /// its meta-MAC does not exist yet; see `contentKey`).
    #[wasm_bindgen(getter, js_name = fileKey)]
    pub fn file_key(&self) -> Option<FileKey> {
        self.0.file_key().cloned().map(FileKey)
    }
    /// The content key, if the state includes key material (an upload's, or the content part of
    /// a download's file key).
    #[wasm_bindgen(getter, js_name = contentKey)]
    pub fn content_key(&self) -> Option<ContentKey> {
        self.0.content_key().cloned().map(ContentKey)
    }
    /// The same state without key material.
    #[wasm_bindgen(js_name = withoutKeyMaterial)]
    pub fn without_key_material(&self) -> TransferState {
        TransferState(self.0.clone().without_key_material())
    }
    /// Number of chunks from the start folded into the meta-MAC.
    #[wasm_bindgen(getter, js_name = foldedChunks)]
    pub fn folded_chunks(&self) -> u32 {
        self.0.folded_chunks()
    }
    /// The offset from which a sequential transfer continues.
    #[wasm_bindgen(getter, js_name = resumeOffset)]
    pub fn resume_offset(&self) -> f64 {
        self.0.resume_offset() as f64
    }
}

/// Random-access decryption of any byte range. Never authenticated: use `ChunkCipher.verifyChunks`
/// with recorded chunk MACs, or a full `FileDecryptor` pass, before trusting the bytes.
#[wasm_bindgen]
pub struct UnauthenticatedRangeDecryptor(file::UnauthenticatedRangeDecryptor);

#[wasm_bindgen]
impl UnauthenticatedRangeDecryptor {
    /// A range decryptor for a content key.
    #[wasm_bindgen(constructor)]
    pub fn new(content_key: &ContentKey) -> UnauthenticatedRangeDecryptor {
        UnauthenticatedRangeDecryptor(file::UnauthenticatedRangeDecryptor::new(&content_key.0))
    }
    /// A range decryptor for a file key.
    #[wasm_bindgen(js_name = fromFileKey)]
    pub fn from_file_key(key: &FileKey) -> UnauthenticatedRangeDecryptor {
        UnauthenticatedRangeDecryptor(file::UnauthenticatedRangeDecryptor::from_file_key(&key.0))
    }
    /// Decrypts `buf` (ciphertext starting at file offset `offset`) in place. Unauthenticated.
    #[wasm_bindgen(js_name = decryptAtUnverifiedInPlace)]
    pub fn decrypt_at_unverified_in_place(&self, offset: f64, buf: &mut [u8]) -> JsResult<()> {
        self.0.decrypt_at_unverified(size(offset)?, buf);
        Ok(())
    }
    /// Decrypts `ciphertext` starting at file offset `offset` into a new array. Unauthenticated.
    #[wasm_bindgen(js_name = decryptAtUnverified)]
    pub fn decrypt_at_unverified(&self, offset: f64, ciphertext: &[u8]) -> JsResult<Vec<u8>> {
        let mut v = ciphertext.to_vec();
        self.0.decrypt_at_unverified(size(offset)?, &mut v);
        Ok(v)
    }
}

/// Encrypts a whole file in memory with a fresh key: returns the FileKey; `buf` is encrypted in
/// place.
#[wasm_bindgen(js_name = encryptFileInPlace)]
pub fn encrypt_file_in_place(buf: &mut [u8]) -> JsResult<FileKey> {
    js(file::encrypt_file_in_place(&mut crate::rng(), buf)).map(FileKey)
}

/// Decrypts and verifies a whole file in memory; returns the plaintext only if it is verified.
#[wasm_bindgen(js_name = decryptFile)]
pub fn decrypt_file(key: &FileKey, ciphertext: &[u8]) -> JsResult<Vec<u8>> {
    js(file::decrypt_file(&key.0, ciphertext))
}

/// How many bytes to feed the streaming types per call for full speed (16 MiB); the stream
/// helpers' default batch size.
#[wasm_bindgen(js_name = preferredFeedLength)]
pub fn preferred_feed_length() -> u32 {
    arg::len_u32(file::PREFERRED_FEED_LEN)
}
