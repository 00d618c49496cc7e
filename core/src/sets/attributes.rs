//! Set and Element attributes: the TLV containers sealed with AES-GCM under a Set key or an
//! Element's attribute key, and the node attributes of an Element's preview.

use alloc::string::String;
use alloc::vec::Vec;

use rand_core::TryCryptoRng;

use crate::attributes::{self, NodeAttributes};
use crate::base64;
use crate::error::{Error, Result};
use crate::keys::{AesKey, fill_random};
use crate::policy::CompatibilityPolicy;
use crate::tlv::{self, ContainerMode, TlvRecords};

use super::{ElementId, ElementKey, SetKey};

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
