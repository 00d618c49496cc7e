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

mod albums;
mod attributes;
mod backend;
mod base64;
mod error;
mod file;
mod hashcash;
mod identity;
mod kdf;
mod keys;
mod keys_container;
mod link;
mod metadata;
mod platform;
mod rsa;
mod share;
mod tlv;

/// The attribute that declares the JavaScript surface: wasm-bindgen's here; the native Node.js
/// engine (bindings/napi) compiles the same files with its own `wasm_bindgen` attribute.
mod bindgen {
    pub use wasm_bindgen::prelude::*;
}

pub use error::JsResult;

/// The platform CSPRNG (Web Crypto in browsers and Node) as a rand_core 0.10 RNG.
pub(crate) fn rng() -> getrandom::SysRng {
    megacrypt_foreign::rng()
}
