//! MEGA's strict base64 (URL alphabet, no padding) and the `a32` word convention.

use crate::error::FfiResult;

/// Encodes bytes as MEGA base64.
#[uniffi::export]
pub fn base64_encode(bytes: &[u8]) -> String {
    megacrypt::base64::encode(bytes)
}

/// Decodes MEGA base64 strictly (`Malformed` for anything non-canonical).
#[uniffi::export]
pub fn base64_decode(b64: String) -> FfiResult<Vec<u8>> {
    Ok(megacrypt::base64::decode(&b64)?)
}

/// Length of the MEGA base64 text for `byte_length` bytes.
#[uniffi::export]
pub fn base64_encoded_length(byte_length: u64) -> u64 {
    let n = usize::try_from(byte_length).unwrap_or(usize::MAX);
    u64::try_from(megacrypt::base64::encoded_len(n)).unwrap_or(u64::MAX)
}

/// Packs 32-bit words big-endian (MEGA's `a32` arrays) into bytes.
#[uniffi::export]
pub fn a32_to_bytes(words: Vec<u32>) -> Vec<u8> {
    megacrypt::base64::a32_to_bytes(&words)
}

/// Reads bytes as big-endian 32-bit words (zero-padding a partial last word).
#[uniffi::export]
pub fn bytes_to_a32(bytes: &[u8]) -> Vec<u32> {
    megacrypt::base64::bytes_to_a32(bytes)
}

/// `len` bytes from the operating system's CSPRNG.
#[uniffi::export]
pub fn random_bytes(len: u32) -> FfiResult<Vec<u8>> {
    Ok(megacrypt_foreign::ops::random_bytes(len)?)
}

/// The version of the Rust crates this library was built from.
#[uniffi::export]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").into()
}

/// The `code` of every error category, in the core's order (the variants of `CryptoError`).
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    megacrypt_foreign::error::codes()
        .map(str::to_string)
        .collect()
}
