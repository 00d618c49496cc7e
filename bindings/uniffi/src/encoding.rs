//! MEGA's strict base64 (URL alphabet, no padding) and the `a32` word convention.

use crate::error::FfiResult;

/// Encodes bytes as MEGA base64.
#[uniffi::export]
pub fn mega_base64_encode(bytes: &[u8]) -> String {
    megacrypt::base64::encode(bytes)
}

/// Decodes MEGA base64 strictly (`Malformed` for anything non-canonical).
#[uniffi::export]
pub fn mega_base64_decode(b64: String) -> FfiResult<Vec<u8>> {
    Ok(megacrypt::base64::decode(&b64)?)
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
