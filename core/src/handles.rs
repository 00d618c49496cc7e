//! Node and user handles (docs/format/base64-and-handles.md#handles-and-identifier-sizes): opaque
//! identifiers, not secrets.
//!
//! A [`NodeHandle`] (6 bytes, 8 base64 characters) names a file or folder, a share root, or — as a
//! *public handle* — an exported node in a link. A [`UserHandle`] (8 bytes, 11 characters) names an
//! account. They travel as raw bytes in MEGA base64; never reinterpret them as numbers.

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use crate::base64;
use crate::error::{Error, Result};

/// A 6-byte node handle (also used for public link handles).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeHandle([u8; 6]);

/// An 8-byte user handle.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserHandle([u8; 8]);

macro_rules! handle_impl {
    ($name:ident, $n:expr, $chars:expr, $what:literal) => {
        impl $name {
            /// Length in bytes.
            pub const LEN: usize = $n;
            /// Length of the base64 form in characters.
            pub const B64_LEN: usize = $chars;

            /// Wraps the raw bytes.
            pub const fn from_bytes(bytes: [u8; $n]) -> Self {
                $name(bytes)
            }
            /// The raw bytes.
            pub const fn as_bytes(&self) -> &[u8; $n] {
                &self.0
            }
            /// Decodes the base64 form, which must be exactly [`Self::B64_LEN`] characters.
            pub fn from_b64(s: &str) -> Result<Self> {
                if s.len() != $chars {
                    return Err(Error::malformed(concat!($what, ": wrong length")));
                }
                base64::decode_array::<$n>(s)
                    .map($name)
                    .map_err(|_| Error::malformed(concat!($what, ": invalid base64")))
            }
            /// The base64 form.
            pub fn to_b64(&self) -> String {
                base64::encode(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Self::from_b64(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_b64())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.to_b64())
            }
        }
    };
}

pub(crate) use handle_impl;

handle_impl!(NodeHandle, 6, 8, "node handle");
handle_impl!(UserHandle, 8, 11, "user handle");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_strict_lengths() {
        let h = NodeHandle::from_b64("ChssPU5f").unwrap();
        assert_eq!(h.as_bytes(), &[0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f]);
        assert_eq!(alloc::format!("{h}"), "ChssPU5f");
        assert!(NodeHandle::from_b64("ChssPU5").is_err());
        assert!(NodeHandle::from_b64("ChssPU5f9").is_err());
        assert!(NodeHandle::from_b64("Chss.U5f").is_err());
        assert!(UserHandle::from_b64("AAAAAAAAAAA").is_ok());
        assert!(UserHandle::from_b64("AAAAAAAAAAB").is_err()); // non-canonical trailing bits
    }
}
