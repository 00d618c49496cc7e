//! Randomness and version: the two functions that are not about a MEGA format.

use crate::bindgen::*;

use crate::error::JsResult;

/// Fills a new byte array of length `len` from the platform CSPRNG.
#[wasm_bindgen(js_name = randomBytes)]
pub fn random_bytes(len: u32) -> JsResult<Vec<u8>> {
    crate::error::js(megacrypt_foreign::ops::random_bytes(len))
}

/// The version of the Rust crates this module was built from.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").into()
}
