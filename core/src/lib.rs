#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// `#[macro_use]` puts `vec!` in scope everywhere: cargo-mutants writes `vec![]` when it replaces a
// function returning a Vec, and without it those mutants would not build (docs/mutation-testing.md).
// The crate itself writes `alloc::vec!`, hence the allow.
#[allow(unused_imports)]
#[macro_use]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod account_keys;
pub mod attributes;
pub mod base64;
pub mod cloudraid;
pub mod error;
pub mod file;
pub mod fingerprint;
pub mod handles;
pub mod hashcash;
pub mod hazmat;
pub mod identity;
pub mod kdf;
pub mod keys;
pub mod keys_container;
pub mod link;
pub mod location;
pub mod media;
mod parallelism;
pub mod password_item;
pub mod policy;
pub(crate) mod primitives;
pub mod rsa;
pub mod session;
pub mod sets;
pub mod share;
pub(crate) mod sorted_map;
pub mod tlv;
pub mod totp;
pub mod upload_checksum;
pub mod user_attributes;

pub use error::{Error, ErrorKind, Result};
pub use handles::{NodeHandle, UserHandle};
pub use keys::{
    AesKey, AuthKey, ContentKey, FileKey, FolderKey, MasterKey, MetaMac, NodeKey, Nonce,
    PasswordKey, ShareKey,
};
pub use parallelism::Parallelism;
