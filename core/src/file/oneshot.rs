//! One-shot helpers for whole buffers. The decrypt helpers never hand out unverified plaintext.

use alloc::vec::Vec;

use rand_core::TryCryptoRng;
use zeroize::Zeroize;

use crate::error::Result;
use crate::file::chunk::process_chunks;
use crate::file::engine::Mode;
use crate::file::layout::ChunkLayout;
use crate::file::mac::{FileVerified, fold, verify_meta_mac};
use crate::keys::{ContentKey, FileKey, MetaMac};
use crate::primitives;

fn whole(key: &ContentKey, mode: Mode, buf: &mut [u8]) -> Result<MetaMac> {
    let aes = primitives::aes(key.aes_key().as_bytes());
    let layout = ChunkLayout::new(buf.len() as u64)?;
    let macs = process_chunks(
        &aes,
        key.nonce().as_bytes(),
        mode,
        layout.chunks(),
        buf,
        false,
    )?;
    let mut acc = [0u8; 16];
    for m in &macs {
        fold(&aes, &mut acc, m.as_bytes());
    }
    Ok(MetaMac::condense(&acc))
}

/// Encrypts a whole file in place under a fresh key and nonce from `rng`; returns the file key.
pub fn encrypt_file_in_place<R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    buf: &mut [u8],
) -> Result<FileKey> {
    encrypt_file_in_place_with_key(ContentKey::generate(rng)?, buf)
}

/// Encrypts a whole file in place under a given content key; public as
/// [`crate::hazmat::encrypt_file_in_place_with_key`].
pub(crate) fn encrypt_file_in_place_with_key(
    content_key: ContentKey,
    buf: &mut [u8],
) -> Result<FileKey> {
    let mm = whole(&content_key, Mode::Encrypt, buf)?;
    Ok(FileKey::from_parts(content_key, mm))
}

/// Decrypts and verifies a whole file in place. On any failure `buf` is zeroized, so unverified
/// plaintext never escapes.
pub fn decrypt_file_in_place(key: &FileKey, buf: &mut [u8]) -> Result<FileVerified> {
    decrypt_impl(key, buf)
}

/// Decrypts and verifies a copy of `ciphertext`; returns the plaintext only if it verified.
pub fn decrypt_file(key: &FileKey, ciphertext: &[u8]) -> Result<Vec<u8>> {
    let mut v = ciphertext.to_vec();
    let _verified: FileVerified = decrypt_file_in_place(key, &mut v)?;
    Ok(v)
}

fn decrypt_impl(key: &FileKey, buf: &mut [u8]) -> Result<FileVerified> {
    let r = whole(key.content_key(), Mode::Decrypt, buf)
        .and_then(|mm| verify_meta_mac(key, &mm, buf.len() as u64));
    if r.is_err() {
        buf.zeroize();
    }
    r
}
