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
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use rand_core::TryCryptoRng;
use zeroize::Zeroizing;

use crate::attributes::{self, NodeAttributes};
use crate::base64;
use crate::error::{Error, Result};
use crate::handles::handle_impl;
use crate::keys::{AesKey, FileKey, MasterKey, aes_key_newtype, fill_random};
use crate::policy::CompatibilityPolicy;
use crate::primitives::{aes, cbc_decrypt_zero_iv, cbc_encrypt_zero_iv};
use crate::tlv::{self, ContainerMode, TlvRecords};

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

aes_key_newtype!(
    /// A Set's 16-byte key: it encrypts the Set's attributes and wraps its Elements' keys, and it
    /// is the key of the Set's `collection/` link.
    SetKey
);

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

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/// Encrypts a Set key under the master key for `asp`'s `k`: AES-CBC with a zero IV over one
/// block, which is the same as AES-ECB (SDK `MegaClient::putSet`).
pub fn wrap_set_key(master_key: &MasterKey, set_key: &SetKey) -> [u8; 16] {
    let mut out = *set_key.as_bytes();
    cbc_encrypt_zero_iv(&aes(master_key.as_bytes()), &mut out);
    out
}

/// Decrypts a Set's `k` (exactly 16 bytes) with the master key (SDK `MegaClient::decryptKey`).
/// The result is not authenticated: it is only proven right when the Set's attributes open.
pub fn unwrap_set_key(master_key: &MasterKey, wrapped: &[u8]) -> Result<SetKey> {
    let mut buf = Zeroizing::new(
        <[u8; 16]>::try_from(wrapped)
            .map_err(|_| Error::malformed("Set key: wrapped key is not 16 bytes"))?,
    );
    cbc_decrypt_zero_iv(&aes(master_key.as_bytes()), buf.as_mut());
    SetKey::from_bytes(*buf)
}

/// The key of an Element: the file's 32-byte node key, or the 16-byte key that old webclients
/// stored (the SDK keeps such Elements).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ElementKey {
    /// The file's packed 32-byte node key (what every current client writes).
    File(FileKey),
    /// A 16-byte key written by old webclients.
    Legacy(AesKey),
}

impl ElementKey {
    /// Interprets raw key bytes by their length: 32 bytes = [`ElementKey::File`], 16 bytes =
    /// [`ElementKey::Legacy`]; anything else is [`crate::ErrorKind::InvalidKey`].
    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        match bytes.len() {
            32 => FileKey::from_node_key_slice(bytes).map(ElementKey::File),
            16 => AesKey::from_slice(bytes).map(ElementKey::Legacy),
            _ => Err(Error::invalid_key("Element key must be 16 or 32 bytes")),
        }
    }

    /// The raw key bytes (32 or 16). Handle with care: this is secret material.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        match self {
            ElementKey::File(k) => Zeroizing::new(k.to_node_key().to_vec()),
            ElementKey::Legacy(k) => Zeroizing::new(k.as_bytes().to_vec()),
        }
    }

    /// The AES key of the Element's attributes and of its node's metadata: the folded node key
    /// `k[0..16] ⊕ k[16..32]` of a 32-byte key (SDK `SymmCipher::setkey`), a 16-byte key as is.
    pub fn attribute_key(&self) -> &AesKey {
        match self {
            ElementKey::File(k) => k.aes_key(),
            ElementKey::Legacy(k) => k,
        }
    }
}

impl From<FileKey> for ElementKey {
    fn from(k: FileKey) -> Self {
        ElementKey::File(k)
    }
}

/// Encrypts an Element key under its Set key for `aep`'s `k`: AES-CBC with a zero IV, so a
/// 32-byte key becomes two **chained** blocks (`c1 = E(k1)`, `c2 = E(k2 ⊕ c1)`), not two ECB
/// blocks (SDK `MegaClient::putSetElement`).
pub fn wrap_element_key(set_key: &SetKey, element_key: &ElementKey) -> Vec<u8> {
    let mut buf = element_key.to_bytes();
    cbc_encrypt_zero_iv(&aes(set_key.as_bytes()), &mut buf);
    buf.to_vec()
}

/// Decrypts an Element's `k` (32 bytes, or 16 for old webclients) with its Set key using AES-CBC
/// with a zero IV (SDK `MegaClient::decryptElementData`). The result is not authenticated: it is
/// only proven right when the Element's attributes or its node metadata open.
pub fn unwrap_element_key(set_key: &SetKey, wrapped: &[u8]) -> Result<ElementKey> {
    if wrapped.len() != 32 && wrapped.len() != 16 {
        return Err(Error::malformed(
            "Element key: wrapped key is not 16 or 32 bytes",
        ));
    }
    let mut buf = Zeroizing::new(wrapped.to_vec());
    cbc_decrypt_zero_iv(&aes(set_key.as_bytes()), &mut buf);
    ElementKey::from_slice(&buf)
}

// ---------------------------------------------------------------------------------------------
// Attributes
// ---------------------------------------------------------------------------------------------

const NAME: &str = "n";
const COVER: &str = "c";

fn text_record(records: &TlvRecords, key: &str, what: &'static str) -> Result<Option<String>> {
    records
        .get(key)
        .map(|v| {
            core::str::from_utf8(v)
                .map(String::from)
                .map_err(|_| Error::malformed(what))
        })
        .transpose()
}

fn seal_records<R: TryCryptoRng + ?Sized>(
    key: &AesKey,
    records: &TlvRecords,
    rng: &mut R,
) -> Result<Vec<u8>> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let mut iv = [0u8; 12];
    fill_random(rng, &mut iv)?;
    seal_records_with_iv(key, records, &iv)
}

fn seal_records_with_iv(key: &AesKey, records: &TlvRecords, iv: &[u8]) -> Result<Vec<u8>> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    tlv::seal_container_with_iv(
        key,
        records,
        ContainerMode::AesGcm12x16,
        iv,
        &CompatibilityPolicy::default(),
    )
}

fn open_records(key: &AesKey, at: &[u8]) -> Result<TlvRecords> {
    if at.is_empty() {
        return Ok(TlvRecords::new());
    }
    tlv::open_container(key, at).map(|(_, r)| r)
}

/// A Set's attributes: name `n`, cover `c` (the base64 text of one of its Element ids), and any
/// other record, kept untouched.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct SetAttributes {
    records: TlvRecords,
}

impl SetAttributes {
    /// No attributes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks and wraps decrypted records: `n` must be UTF-8 and `c` the 11-character base64 of
    /// an 8-byte Element id, else [`crate::ErrorKind::Malformed`].
    pub fn from_records(records: TlvRecords) -> Result<Self> {
        text_record(&records, NAME, "Set attributes: name is not UTF-8")?;
        if let Some(c) = records.get(COVER) {
            let c = core::str::from_utf8(c)
                .map_err(|_| Error::malformed("Set attributes: cover is not text"))?;
            ElementId::from_b64(c)?;
        }
        Ok(SetAttributes { records })
    }

    /// The records as they are sealed.
    pub fn records(&self) -> &TlvRecords {
        &self.records
    }

    /// The name, if set.
    pub fn name(&self) -> Option<&str> {
        self.records
            .get(NAME)
            .and_then(|v| core::str::from_utf8(v).ok())
    }

    /// The cover Element, if set.
    pub fn cover(&self) -> Option<ElementId> {
        self.records
            .get(COVER)
            .and_then(|v| core::str::from_utf8(v).ok())
            .and_then(|s| ElementId::from_b64(s).ok())
    }

    /// Sets the name; `None` or `""` removes it (as the SDK does with an empty name).
    pub fn set_name(&mut self, name: Option<&str>) -> Result<()> {
        match name {
            Some(n) if !n.is_empty() => self.records.insert(NAME, n.as_bytes()),
            _ => {
                self.records.remove(NAME);
                Ok(())
            }
        }
    }

    /// Sets the cover Element; `None` removes it (SDK `setCover(UNDEF)`).
    pub fn set_cover(&mut self, cover: Option<ElementId>) -> Result<()> {
        match cover {
            Some(c) => self.records.insert(COVER, c.to_b64().as_bytes()),
            None => {
                self.records.remove(COVER);
                Ok(())
            }
        }
    }

    /// The SDK's checks before it sends a cover (`MegaClient::putSet`): a new Set cannot have a
    /// cover, and a cover must be one of the Set's Elements. Violations are
    /// [`crate::ErrorKind::ApiMisuse`] (the SDK answers `API_EARGS` and sends nothing).
    pub fn check_cover(&self, new_set: bool, elements: &[ElementId]) -> Result<()> {
        if self.records.get(COVER).is_none() {
            return Ok(());
        }
        if new_set {
            return Err(Error::misuse(
                "Set attributes: a new Set cannot have a cover",
            ));
        }
        match self.cover() {
            Some(c) if elements.contains(&c) => Ok(()),
            _ => Err(Error::misuse(
                "Set attributes: the cover is not an Element of the Set",
            )),
        }
    }
}

/// Encrypts Set attributes for `asp`'s `at`: a TLV container (mode `0x10`, fresh 12-byte IV)
/// under the Set key; empty attributes give an empty `at` ("attributes cleared").
pub fn seal_set_attributes<R: TryCryptoRng + ?Sized>(
    set_key: &SetKey,
    attrs: &SetAttributes,
    rng: &mut R,
) -> Result<Vec<u8>> {
    seal_records(set_key.as_aes_key(), &attrs.records, rng)
}

/// [`seal_set_attributes`] with a caller-chosen 12-byte IV; public as
/// [`crate::hazmat::seal_set_attributes_with_iv`].
pub(crate) fn seal_set_attributes_with_iv(
    set_key: &SetKey,
    attrs: &SetAttributes,
    iv: &[u8],
) -> Result<Vec<u8>> {
    seal_records_with_iv(set_key.as_aes_key(), &attrs.records, iv)
}

/// Decrypts and checks a Set's `at`. An empty `at` gives empty attributes; a container that does
/// not authenticate under the Set key is [`crate::ErrorKind::Decrypt`] (the SDK drops such a Set
/// and its Elements); records of the wrong form are [`crate::ErrorKind::Malformed`].
pub fn open_set_attributes(set_key: &SetKey, at: &[u8]) -> Result<SetAttributes> {
    SetAttributes::from_records(open_records(set_key.as_aes_key(), at)?)
}

/// An Element's attributes: name `n`, and any other record, kept untouched.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct ElementAttributes {
    records: TlvRecords,
}

impl ElementAttributes {
    /// No attributes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks and wraps decrypted records: `n` must be UTF-8.
    pub fn from_records(records: TlvRecords) -> Result<Self> {
        text_record(&records, NAME, "Element attributes: name is not UTF-8")?;
        Ok(ElementAttributes { records })
    }

    /// The records as they are sealed.
    pub fn records(&self) -> &TlvRecords {
        &self.records
    }

    /// The name, if set.
    pub fn name(&self) -> Option<&str> {
        self.records
            .get(NAME)
            .and_then(|v| core::str::from_utf8(v).ok())
    }

    /// Sets the name; `None` or `""` removes it.
    pub fn set_name(&mut self, name: Option<&str>) -> Result<()> {
        match name {
            Some(n) if !n.is_empty() => self.records.insert(NAME, n.as_bytes()),
            _ => {
                self.records.remove(NAME);
                Ok(())
            }
        }
    }
}

/// Encrypts Element attributes for `aep`'s `at` under the folded Element key
/// ([`ElementKey::attribute_key`]); empty attributes give an empty `at`.
pub fn seal_element_attributes<R: TryCryptoRng + ?Sized>(
    element_key: &ElementKey,
    attrs: &ElementAttributes,
    rng: &mut R,
) -> Result<Vec<u8>> {
    seal_records(element_key.attribute_key(), &attrs.records, rng)
}

/// [`seal_element_attributes`] with a caller-chosen 12-byte IV; public as
/// [`crate::hazmat::seal_element_attributes_with_iv`].
pub(crate) fn seal_element_attributes_with_iv(
    element_key: &ElementKey,
    attrs: &ElementAttributes,
    iv: &[u8],
) -> Result<Vec<u8>> {
    seal_records_with_iv(element_key.attribute_key(), &attrs.records, iv)
}

/// Decrypts and checks an Element's `at` under the folded Element key. An empty `at` gives empty
/// attributes; a tag failure is [`crate::ErrorKind::Decrypt`].
pub fn open_element_attributes(element_key: &ElementKey, at: &[u8]) -> Result<ElementAttributes> {
    ElementAttributes::from_records(open_records(element_key.attribute_key(), at)?)
}

/// Decrypts the node metadata of a public album preview (`aft` response, `n[].at`): the ordinary
/// `MEGA{…}` node attribute blob under the Element key (SDK `MegaClient::decryptNodeMetadata`).
/// A wrong key fails the `MEGA{"` check with [`crate::ErrorKind::Decrypt`].
pub fn open_preview_node_attributes(element_key: &ElementKey, at: &[u8]) -> Result<NodeAttributes> {
    attributes::open_node_attributes(element_key.attribute_key(), at)
}

/// [`open_preview_node_attributes`] on the base64 `at` text.
pub fn open_preview_node_attributes_b64(
    element_key: &ElementKey,
    at_b64: &str,
) -> Result<NodeAttributes> {
    open_preview_node_attributes(element_key, &base64::decode(at_b64)?)
}

#[cfg(test)]
mod tests {
    use super::*;

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
