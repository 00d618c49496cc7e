//! Hazardous materials: deterministic and interop-only entry points. **Not for applications.**
//!
//! Everything here exists to reproduce known answers (test vectors, other clients' output), to
//! fuzz, or to talk to a generic test suite. Each item gives up a property the ordinary API
//! guarantees, so an application that calls one is almost certainly wrong:
//!
//! | item | ordinary API | what goes wrong |
//! |---|---|---|
//! | [`encrypt_file_in_place_with_key`] | [`file::encrypt_file_in_place`] | a content key used for two different contents is a reused CTR keystream: XOR of the ciphertexts = XOR of the plaintexts |
//! | [`seal_container_with_iv`] | [`tlv::seal_container`] | a repeated IV under one key breaks AES-GCM: both plaintexts leak and tags can be forged |
//! | [`aead_seal`], [`aead_open`] | [`tlv::seal_container`], [`tlv::open_container`] | raw AEAD without container framing: caller-chosen IV (same reuse danger), associated data MEGA never uses, no TLV checks |
//! | [`seal_user_attribute_with_iv`] | [`user_attributes::seal`] | IV reuse under the master key (AES-GCM) |
//! | [`seal_set_attributes_with_iv`], [`seal_element_attributes_with_iv`] | [`sets::seal_set_attributes`], [`sets::seal_element_attributes`] | IV reuse under a Set or Element key (AES-GCM) |
//! | [`protect_link_with_salt`] | [`ProtectedLink::protect`] | a fixed salt makes the password-derived key the same for every link protected with that password: one precomputation attacks them all |
//! | [`keys_container`] | [`KeysContainer::seal`], [`KeysContainer::open`] | fixed IVs under the master key; parsing and writing without the identity, generation (rollback) and record checks |
//!
//! The ordinary API draws every IV, salt and key from the caller's CSPRNG.
//!
//! [`file::encrypt_file_in_place`]: crate::file::encrypt_file_in_place
//! [`tlv::seal_container`]: crate::tlv::seal_container
//! [`tlv::open_container`]: crate::tlv::open_container
//! [`user_attributes::seal`]: crate::user_attributes::seal
//! [`sets::seal_set_attributes`]: crate::sets::seal_set_attributes
//! [`sets::seal_element_attributes`]: crate::sets::seal_element_attributes
//! [`ProtectedLink::protect`]: crate::link::ProtectedLink::protect
//! [`KeysContainer::seal`]: crate::keys_container::KeysContainer::seal
//! [`KeysContainer::open`]: crate::keys_container::KeysContainer::open

pub mod keys_container;

use alloc::vec::Vec;

use zeroize::Zeroizing;

use crate::error::Result;
use crate::keys::{AesKey, ContentKey, FileKey, MasterKey};
use crate::link::{ProtectedLink, PublicLink};
use crate::policy::CompatibilityPolicy;
use crate::sets::{ElementAttributes, ElementKey, SetAttributes, SetKey};
use crate::tlv::{ContainerMode, TlvRecords};
use crate::user_attributes::TypedAttribute;

/// Encrypts a whole file in place under a given content key (not a fresh one) and returns its
/// file key. **Never encrypt two different contents under one content key**: CTR mode would
/// reuse its keystream. Applications call [`crate::file::encrypt_file_in_place`].
pub fn encrypt_file_in_place_with_key(content_key: ContentKey, buf: &mut [u8]) -> Result<FileKey> {
    crate::file::encrypt_file_in_place_with_key(content_key, buf)
}

/// [`crate::tlv::seal_container`] with a caller-chosen IV. The IV must never repeat under one
/// key (GCM loses all security then): only for reproducing known answers.
pub fn seal_container_with_iv(
    key: &AesKey,
    records: &TlvRecords,
    mode: ContainerMode,
    iv: &[u8],
    policy: &CompatibilityPolicy,
) -> Result<Vec<u8>> {
    crate::tlv::seal_container_with_iv(key, records, mode, iv, policy)
}

/// Authenticated encryption with a container mode's cipher, IV and tag sizes, without container
/// framing: returns `ciphertext || tag`. MEGA uses no associated data (`aad = []`); the
/// parameter exists for generic test suites (Wycheproof). The IV is the caller's: never repeat it
/// under one key.
pub fn aead_seal(
    mode: ContainerMode,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    crate::tlv::aead_seal(mode, key, iv, aad, plaintext)
}

/// Verifies and decrypts `ciphertext || tag` (see [`aead_seal`]). Any failure is the opaque
/// [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt); no plaintext is returned unless the tag
/// verified. Unlike [`crate::tlv::open_container`] it reads no mode byte and checks no records.
pub fn aead_open(
    mode: ContainerMode,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    crate::tlv::aead_open(mode, key, iv, aad, ciphertext_and_tag)
}

/// [`crate::user_attributes::seal`] with a caller-chosen 12-byte IV. An IV must never repeat
/// under one master key: only for reproducing known answers.
pub fn seal_user_attribute_with_iv<T: TypedAttribute>(
    master_key: &MasterKey,
    value: &T,
    iv: &[u8],
) -> Result<Vec<u8>> {
    crate::user_attributes::seal_with_iv(master_key, value, iv)
}

/// [`crate::sets::seal_set_attributes`] with a caller-chosen 12-byte IV. An IV must never repeat
/// under one Set key: only for reproducing known answers.
pub fn seal_set_attributes_with_iv(
    set_key: &SetKey,
    attrs: &SetAttributes,
    iv: &[u8],
) -> Result<Vec<u8>> {
    crate::sets::seal_set_attributes_with_iv(set_key, attrs, iv)
}

/// [`crate::sets::seal_element_attributes`] with a caller-chosen 12-byte IV. An IV must never
/// repeat under one Element key: only for reproducing known answers.
pub fn seal_element_attributes_with_iv(
    element_key: &ElementKey,
    attrs: &ElementAttributes,
    iv: &[u8],
) -> Result<Vec<u8>> {
    crate::sets::seal_element_attributes_with_iv(element_key, attrs, iv)
}

/// [`ProtectedLink::protect`] with a caller-chosen 32-byte salt (known answers, reproducible
/// builds). Production code must use a fresh random salt: with a fixed one, every link protected
/// with the same password gets the same password-derived key.
pub fn protect_link_with_salt(
    link: &PublicLink,
    password: &str,
    salt: [u8; 32],
) -> Result<ProtectedLink> {
    ProtectedLink::protect_with_salt(link, password, salt)
}
