//! # megacrypt-ffi
//!
//! uniffi bindings (Kotlin, Swift, Python) for [`megacrypt`]. Annotations and object lifecycle
//! only: every conversion from a foreign value, every composite operation and the error mapping
//! come from the shared façade [`megacrypt_foreign`] (also used by the wasm binding); every
//! exported name follows the naming rule of `bindings/README.md` and is checked against the wasm
//! binding's by `bindings/api-check.py`. No cryptographic logic lives here.
//!
//! Conventions:
//! - Secrets are opaque objects ([`FileKey`], [`MasterKey`], ...) with explicit `export_*` methods.
//! - Byte inputs are `&[u8]` (borrowed across the FFI, no copy). Small outputs are `Vec<u8>`;
//!   file data comes back as [`Bytes`], which the foreign side sees as the same byte-string type
//!   but which crosses the FFI without uniffi's per-byte loop (see the `bytes` module).
//! - Stateful objects ([`FileEncryptor`], [`FileDecryptor`], [`MetaMacAccumulator`]) refuse use
//!   after `finish` with `ApiMisuse("already finished")`.
//! - Randomness comes from the operating system (`getrandom`).
//! - No wrapper unwraps or indexes: a panic never crosses the boundary (uniffi would also turn one
//!   into an internal error instead of unwinding into foreign code).
// `deny`, not `forbid`: the `bytes` module holds the crate's one `unsafe impl` (a trait promise
// about the wire format; no unsafe operation), allowed there alone.
#![deny(unsafe_code)]
#![deny(missing_docs)]

uniffi::setup_scaffolding!("megacrypt");

mod albums;
mod attributes;
mod base64;
mod bytes;
mod error;
mod file;
mod hashcash;
mod identity;
mod kdf;
mod keys;
mod keys_container;
mod link;
mod metadata;
mod rng;
mod rsa;
mod share;
mod tlv;

pub use albums::*;
pub use attributes::*;
pub use base64::*;
pub use bytes::Bytes;
pub use error::{CryptoError, FfiResult};
pub use file::*;
pub use hashcash::*;
pub use identity::*;
pub use kdf::*;
pub use keys::*;
pub use keys_container::*;
pub use link::*;
pub use metadata::*;
pub use rsa::*;
pub use share::*;
pub use tlv::*;
