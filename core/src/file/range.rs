//! Random access: CTR decryption at any byte offset, explicitly unauthenticated.

use core::fmt;

use crate::file::engine;
use crate::keys::{ContentKey, FileKey};
use crate::primitives::{self, Aes};

/// XORs the file's CTR keystream for bytes `[offset, offset + buf.len())` into `buf`.
pub(crate) fn apply_ctr(aes: &Aes, nonce: &[u8; 8], offset: u64, buf: &mut [u8]) {
    let nonce_hi = engine::nonce_hi(nonce);
    let mut pos = offset;
    let mut rest = buf;
    let skip = (pos % 16) as usize;
    if skip != 0 {
        let mut ks = engine::counter_block(nonce_hi, pos / 16);
        primitives::encrypt_block(aes, &mut ks);
        let n = (16 - skip).min(rest.len());
        let (head, r) = core::mem::take(&mut rest).split_at_mut(n);
        primitives::xor_in_place(head, ks.get(skip..).unwrap_or_default());
        rest = r;
        pos = pos.wrapping_add(n as u64);
    }
    let (blocks, tail) = rest.as_chunks_mut::<16>();
    engine::ctr_blocks(aes, nonce, pos / 16, blocks);
    // Wrapping: a range ending past 2^64 bytes only exists for a nonsense offset; it must not panic.
    pos = pos.wrapping_add(16 * blocks.len() as u64);
    if !tail.is_empty() {
        let mut ks = engine::counter_block(nonce_hi, pos / 16);
        primitives::encrypt_block(aes, &mut ks);
        primitives::xor_in_place(tail, &ks);
    }
}

/// Decrypts any byte range of a file, at any offset (CTR seek,
/// docs/format/files.md#range-decryption).
///
/// **The output is never authenticated**: only the meta-MAC over the whole file is bound to the
/// key. Use it for previews and media seeking; to check whole chunks against chunk MACs recorded
/// from a verified download, use [`ChunkCipher::verify_chunks`](crate::file::ChunkCipher::verify_chunks).
#[derive(Clone)]
pub struct UnauthenticatedRangeDecryptor {
    aes: Aes,
    nonce: [u8; 8],
}

impl fmt::Debug for UnauthenticatedRangeDecryptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UnauthenticatedRangeDecryptor(<redacted>)")
    }
}

impl UnauthenticatedRangeDecryptor {
    /// A decryptor for a file's content key (AES key and nonce).
    pub fn new(content_key: &ContentKey) -> Self {
        UnauthenticatedRangeDecryptor {
            aes: primitives::aes(content_key.aes_key().as_bytes()),
            nonce: *content_key.nonce().as_bytes(),
        }
    }

    /// A decryptor for a file key.
    pub fn from_file_key(key: &FileKey) -> Self {
        Self::new(key.content_key())
    }

    /// Decrypts `buf`, which holds the ciphertext bytes starting at file offset `offset`, in
    /// place. Unauthenticated. (CTR is symmetric: the same call encrypts.)
    pub fn decrypt_at_unverified(&self, offset: u64, buf: &mut [u8]) {
        apply_ctr(&self.aes, &self.nonce, offset, buf);
    }
}
