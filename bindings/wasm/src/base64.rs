//! MEGA base64 (URL-safe alphabet, no padding, strict) and the 32-bit-word ("a32") convention.

use crate::bindgen::*;

use crate::error::{JsResult, js};

/// Encodes bytes as MEGA base64 (URL-safe alphabet, no padding).
#[wasm_bindgen(js_name = base64Encode)]
pub fn base64_encode(bytes: &[u8]) -> String {
    megacrypt::base64::encode(bytes)
}

/// Decodes strict MEGA base64; throws `Malformed` on anything non-canonical.
#[wasm_bindgen(js_name = base64Decode)]
pub fn base64_decode(text: &str) -> JsResult<Vec<u8>> {
    js(megacrypt::base64::decode(text))
}

/// Length of the MEGA base64 text for `byteLength` bytes.
#[wasm_bindgen(js_name = base64EncodedLength)]
pub fn base64_encoded_length(byte_length: usize) -> usize {
    megacrypt::base64::encoded_len(byte_length)
}

/// Packs 32-bit words big-endian into bytes (MEGA's `a32_to_str`).
#[wasm_bindgen(js_name = a32ToBytes)]
pub fn a32_to_bytes(words: &[u32]) -> Vec<u8> {
    megacrypt::base64::a32_to_bytes(words)
}

/// Splits bytes into big-endian 32-bit words, zero-padding the last one (MEGA's `str_to_a32`).
#[wasm_bindgen(js_name = bytesToA32)]
pub fn bytes_to_a32(bytes: &[u8]) -> Vec<u32> {
    megacrypt::base64::bytes_to_a32(bytes)
}
