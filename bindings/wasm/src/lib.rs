//! WebAssembly bindings of `megacrypt`, published to npm as `megacrypt`.
//!
//! Annotations and object lifecycle only: every conversion from a JavaScript value, every
//! composite operation and the error mapping come from the shared façade [`megacrypt_foreign`]
//! (also used by the uniffi binding); every exported name follows the naming rule of
//! `bindings/README.md` and is checked against the uniffi binding's by `bindings/api-check.py`.
//! Errors become one JavaScript class, `CryptoError`, whose `code` is the core's
//! [`megacrypt::ErrorKind::code`] string. Randomness comes from Web Crypto
//! (`crypto.getRandomValues`) through getrandom's `wasm_js` backend.
//!
//! The JavaScript side (`js/`) loads the module, registers the error class, and builds the Web
//! Streams helpers and the Web Crypto fast path on top of these synchronous objects.

mod accounts;
mod albums;
mod attributes;
mod backend;
mod base64;
mod error;
mod file;
mod identity;
mod keys;
mod keys_container;
mod link;
mod login;
mod metadata;

pub use error::JsResult;

use wasm_bindgen::prelude::*;

/// The platform CSPRNG (Web Crypto in browsers and Node) as a rand_core 0.10 RNG.
pub(crate) fn rng() -> getrandom::SysRng {
    megacrypt_foreign::rng()
}

/// Fills a new byte array of length `len` from the platform CSPRNG.
#[wasm_bindgen(js_name = randomBytes)]
pub fn random_bytes(len: u32) -> JsResult<Vec<u8>> {
    error::js(megacrypt_foreign::ops::random_bytes(len))
}

/// The version of the Rust crates this module was built from.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").into()
}
