#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod base64;
pub mod error;
pub mod file;
pub mod keys;
pub(crate) mod primitives;

pub use error::{Error, ErrorKind, Result};
pub use keys::{AesKey, FileKey, FolderKey, MasterKey, MetaMac, NodeKey, Nonce, PasswordKey, ShareKey};
