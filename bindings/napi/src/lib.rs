//! The native Node.js engine of the npm package `megacrypt` (N-API, built with napi-rs).
//!
//! It has no API of its own: the modules below are the files of the WebAssembly binding
//! (`bindings/wasm/src`), compiled here with `wasm_bindgen` bound to
//! [`megacrypt_napi_macro::wasm_bindgen`], which emits the same classes, methods and functions,
//! under the same JavaScript names, for N-API. So the JavaScript API is defined once, and the
//! two engines cannot drift (the test suite also compares their export lists). What differs per
//! engine is only the boundary: the error class (`error`), the object holder (`napi_rt`), and the
//! two items whose argument or result type is engine-specific (`byte_arrays`).
//!
//! Bytes cross without per-byte work: typed-array arguments are borrowed in place (`&[u8]`,
//! `&mut [u8]`), byte results become `Uint8Array`s over the Rust allocation.

#![deny(unsafe_code)]
// napi-derive registers exports only outside `cfg(test)`, so a test build (`cargo clippy
// --all-targets`) sees every export as unused. The tests are the JavaScript suites.
#![cfg_attr(test, allow(dead_code))]

/// The attribute the shared files are written with.
mod bindgen {
    pub use megacrypt_napi_macro::wasm_bindgen;
}

mod byte_arrays;
mod error;
mod napi_rt;

#[path = "../../wasm/src/albums.rs"]
mod albums;
#[path = "../../wasm/src/attributes.rs"]
mod attributes;
#[path = "../../wasm/src/backend.rs"]
mod backend;
#[path = "../../wasm/src/base64.rs"]
mod base64;
#[path = "../../wasm/src/file.rs"]
mod file;
#[path = "../../wasm/src/hashcash.rs"]
mod hashcash;
#[path = "../../wasm/src/identity.rs"]
mod identity;
#[path = "../../wasm/src/kdf.rs"]
mod kdf;
#[path = "../../wasm/src/keys.rs"]
mod keys;
#[path = "../../wasm/src/keys_container.rs"]
mod keys_container;
#[path = "../../wasm/src/link.rs"]
mod link;
#[path = "../../wasm/src/metadata.rs"]
mod metadata;
#[path = "../../wasm/src/platform.rs"]
mod platform;
#[path = "../../wasm/src/rsa.rs"]
mod rsa;
#[path = "../../wasm/src/share.rs"]
mod share;
#[path = "../../wasm/src/tlv.rs"]
mod tlv;

/// The operating system's CSPRNG as a rand_core 0.10 RNG.
pub(crate) fn rng() -> getrandom::SysRng {
    megacrypt_foreign::rng()
}

/// Which engine this is: `"native"` (the WebAssembly module has no such export; the loader
/// reports `"wasm"` for it).
#[napi_derive::napi(js_name = "engineName")]
pub fn engine_name() -> &'static str {
    "native"
}
