//! WebAssembly bindings of `megacrypt`, published to npm as `megacrypt`.
//!
//! Thin wrappers only: every function here converts arguments, calls the core and converts the
//! result. Errors become one JavaScript class, `MegaCryptoError`, whose `code` is the core's
//! [`megacrypt::ErrorKind::code`] string. Randomness comes from Web Crypto
//! (`crypto.getRandomValues`) through getrandom's `wasm_js` backend.
//!
//! The JavaScript side (`js/`) loads the module, registers the error class, and builds the Web
//! Streams helpers and the Web Crypto fast path on top of these synchronous objects.

mod accounts;
mod attributes;
mod base64;
mod error;
mod file;
mod keys;
mod link;
mod login;

pub use error::JsResult;

use wasm_bindgen::prelude::*;

/// The platform CSPRNG (Web Crypto in browsers and Node) as a rand_core 0.10 RNG.
pub(crate) fn rng() -> getrandom::SysRng {
    getrandom::SysRng
}

/// Fills a new byte array of length `len` from the platform CSPRNG.
#[wasm_bindgen(js_name = randomBytes)]
pub fn random_bytes(len: usize) -> JsResult<Vec<u8>> {
    let mut v = vec![0u8; len];
    getrandom::fill(&mut v).map_err(|_| {
        error::to_js(megacrypt::Error::new(
            megacrypt::ErrorKind::Rng,
            "random number generator failed",
        ))
    })?;
    Ok(v)
}

/// The version of the Rust crates this module was built from.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").into()
}
