//! One-shot helpers for whole buffers. The decrypt helpers never hand out unverified plaintext.

use alloc::vec::Vec;

use rand_core::TryCryptoRng;
use zeroize::Zeroize;

use crate::error::Result;
use crate::file::chunk::process_chunks;
use crate::file::engine::Mode;
use crate::file::layout::ChunkLayout;
use crate::file::mac::{FileVerified, fold, verify_meta_mac};
use crate::keys::{AesKey, FileKey, MetaMac, Nonce};
use crate::primitives;

fn whole(key: &AesKey, nonce: &Nonce, mode: Mode, buf: &mut [u8]) -> Result<MetaMac> {
    let aes = primitives::aes(key.as_bytes());
    let layout = ChunkLayout::new(buf.len() as u64)?;
    let macs = process_chunks(&aes, nonce.as_bytes(), mode, layout.chunks(), buf, false)?;
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
    let key = AesKey::generate(rng)?;
    let nonce = Nonce::generate(rng)?;
    encrypt_file_in_place_with_key(key, nonce, buf)
}

/// Encrypts a whole file in place under a given key and nonce (known-answer tests).
pub fn encrypt_file_in_place_with_key(
    key: AesKey,
    nonce: Nonce,
    buf: &mut [u8],
) -> Result<FileKey> {
    let mm = whole(&key, &nonce, Mode::Encrypt, buf)?;
    Ok(FileKey::from_parts(key, nonce, mm))
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
    let r = whole(key.aes_key(), key.nonce(), Mode::Decrypt, buf)
        .and_then(|mm| verify_meta_mac(key, &mm, buf.len() as u64));
    if r.is_err() {
        buf.zeroize();
    }
    r
}
