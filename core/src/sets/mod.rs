//! Sets and Elements: MEGA Photos albums and playlists (`docs/format/sets.md`).
//!
//! A **Set** (album or playlist) has an 8-byte [`SetId`], a 16-byte [`SetKey`] and encrypted
//! attributes; its **Elements** each point at one file node, with an 8-byte [`ElementId`] and the
//! file's node key re-encrypted under the Set key. An exported Set has a 6-byte
//! [`PublicSetHandle`] and is shared as a `collection/` link ([`crate::link::CollectionLink`]).
//!
//! | what | on the wire (`k`, `at`) | here |
//! |---|---|---|
//! | Set key | `AES-CBC(master key, zero IV, set key)`, one block (= ECB) | [`wrap_set_key`], [`unwrap_set_key`] |
//! | Element key | `AES-CBC(set key, zero IV, 32-byte node key)`: two **chained** blocks, not ECB | [`wrap_element_key`], [`unwrap_element_key`] |
//! | Set attributes | TLV container under the Set key: `n` name, `c` cover Element id (text) | [`seal_set_attributes`], [`open_set_attributes`] |
//! | Element attributes | TLV container under the *folded* Element key: `n` name | [`seal_element_attributes`], [`open_element_attributes`] |
//! | preview node metadata | the ordinary `MEGA{…}` node attribute blob under the Element key | [`open_preview_node_attributes`] |
//!
//! An empty `at` means "no attributes" (the SDK sends `"at":""` when the last one is cleared):
//! sealing empty attributes gives an empty `at`, and opening an empty `at` gives empty attributes.
//!
//! Keys are not authenticated by the format: a wrong Set key is only noticed when the Set's
//! attributes fail their GCM tag (the SDK then drops the Set and its Elements), a wrong Element
//! key when the Element's attributes fail their tag or the node metadata fails its `MEGA{"` check.
//!
//! ```
//! use megacrypt::{MasterKey, sets::{self, SetAttributes, SetKey}};
//! # use rand_core::SeedableRng;
//! let mut rng = rand_chacha::ChaCha20Rng::from_seed([7; 32]); // an OS CSPRNG in applications
//! let mk = MasterKey::from_bytes([1; 16])?;
//! let sk = SetKey::from_bytes([2; 16])?;
//! let k = sets::wrap_set_key(&mk, &sk);
//! assert_eq!(sets::unwrap_set_key(&mk, &k)?, sk);
//!
//! let mut attrs = SetAttributes::new();
//! attrs.set_name(Some("Holiday 2024"))?;
//! let at = sets::seal_set_attributes(&sk, &attrs, &mut rng)?;
//! assert_eq!(sets::open_set_attributes(&sk, &at)?.name(), Some("Holiday 2024"));
//! attrs.set_name(None)?;
//! assert!(sets::seal_set_attributes(&sk, &attrs, &mut rng)?.is_empty());
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use crate::base64;
use crate::error::{Error, Result};
use crate::handles::handle_impl;

pub use attributes::*;
pub use keys::*;

/// An 8-byte Set id (11 base64 characters).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SetId([u8; 8]);

/// An 8-byte Element id (11 base64 characters).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElementId([u8; 8]);

/// The 6-byte public handle of an exported Set (8 base64 characters): the handle of a
/// `collection/` link.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicSetHandle([u8; 6]);

handle_impl!(SetId, 8, 11, "Set id");
handle_impl!(ElementId, 8, 11, "Element id");
handle_impl!(PublicSetHandle, 6, 8, "public Set handle");

/// The type of a Set (SDK `Set::SetType`, the `t` field of `asp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetType {
    /// `0`: a photo album.
    Album,
    /// `1`: a playlist.
    Playlist,
}

impl SetType {
    /// The numeric code sent as `t`.
    pub const fn code(self) -> u8 {
        match self {
            SetType::Album => 0,
            SetType::Playlist => 1,
        }
    }

    /// The type of a numeric code; other codes are [`crate::ErrorKind::Unsupported`].
    pub fn from_code(code: u64) -> Result<Self> {
        match code {
            0 => Ok(SetType::Album),
            1 => Ok(SetType::Playlist),
            _ => Err(Error::unsupported("Set type: unknown code")),
        }
    }

    /// `"album"` or `"playlist"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SetType::Album => "album",
            SetType::Playlist => "playlist",
        }
    }
}

mod attributes;
mod keys;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::aes;

    #[test]
    fn ids_have_strict_lengths() {
        assert!(SetId::from_b64("7_c9QTtSvpA").is_ok());
        assert!(SetId::from_b64("7_c9QTtSvp").is_err());
        assert!(ElementId::from_b64("mAosGWFZxWA").is_ok());
        assert!(PublicSetHandle::from_b64("QylglsXZ").is_ok());
        assert!(PublicSetHandle::from_b64("QylglsX").is_err());
        assert_eq!(SetType::from_code(1).unwrap().as_str(), "playlist");
        assert!(SetType::from_code(2).is_err());
    }

    #[test]
    fn element_key_is_cbc_not_ecb() {
        // First principles: with a zero IV the first CBC block equals ECB, the second is
        // E(k2 ⊕ c1), so it differs from E(k2) unless c1 is zero.
        let sk = SetKey::from_bytes([3; 16]).unwrap();
        let mut nk = [0u8; 32];
        for (i, b) in nk.iter_mut().enumerate() {
            *b = i as u8 + 1;
        }
        let ek = ElementKey::from_slice(&nk).unwrap();
        let w = wrap_element_key(&sk, &ek);
        let mut ecb = nk;
        crate::primitives::ecb_encrypt(&aes(sk.as_bytes()), &mut ecb);
        assert_eq!(w[..16], ecb[..16]);
        assert_ne!(w[16..], ecb[16..]);
        assert_eq!(unwrap_element_key(&sk, &w).unwrap(), ek);
        assert_ne!(unwrap_element_key(&sk, &ecb).unwrap(), ek);
        assert!(unwrap_element_key(&sk, &w[..31]).is_err());
    }

    #[test]
    fn cover_must_be_an_element() {
        let e = ElementId::from_b64("mAosGWFZxWA").unwrap();
        let mut a = SetAttributes::new();
        a.set_cover(Some(e)).unwrap();
        assert!(a.check_cover(true, &[e]).is_err());
        assert!(a.check_cover(false, &[]).is_err());
        assert!(a.check_cover(false, &[e]).is_ok());
        a.set_cover(None).unwrap();
        assert!(a.check_cover(true, &[]).is_ok());
    }
}
