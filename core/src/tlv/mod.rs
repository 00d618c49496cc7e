//! The TLV/AEAD codec: TLV records and the encrypted containers that hold them (docs/format/tlv.md),
//! used by private user attributes, Set (album) attributes and authrings.
//!
//! A container is `mode (1 byte) || iv || ciphertext || tag`, encrypted under the master key (or a
//! Set key) with one of seven modes. Two legacy mode bytes are labelled GCM but are CCM (a bug in
//! the official clients that the format now depends on); MEGA's SDK writes `0x10` (real AES-GCM,
//! 12-byte IV, 16-byte tag) everywhere today.
//!
//! | byte | [`ContainerMode`] | cipher | IV | tag |
//! |---|---|---|---|---|
//! | `0x00` | `AesCcm12x16` | CCM | 12 | 16 |
//! | `0x01` | `AesCcm10x16` | CCM | 10 | 16 |
//! | `0x02` | `AesCcm10x8` | CCM | 10 | 8 |
//! | `0x03` | `AesGcm12x16Broken` | **CCM** | 12 | 16 |
//! | `0x04` | `AesGcm10x8Broken` | **CCM** | 10 | 8 |
//! | `0x10` | `AesGcm12x16` | GCM | 12 | 16 |
//! | `0x11` | `AesGcm10x8` | GCM | 10 | 8 |
//!
//! AES-CCM comes from the `ccm` crate and AES-GCM from `aes-gcm`, both with their generic nonce and
//! tag sizes: `aes-gcm` supports an 8-byte tag (`U8`, behind its `hazmat` feature, which truncates
//! the full GHASH tag and compares the truncation in constant time — exactly NIST SP 800-38D's
//! `MSB_t`) and a 10-byte IV (hashed with GHASH into the initial counter block, the standard rule for
//! IVs that are not 96 bits). No associated data is used by MEGA.
//!
//! Mode byte, IV and tag are checked before any plaintext is released; the plaintext is released
//! only after the tag verified. The 8-byte-tag modes are read-only by default
//! (docs/security-notes.md#key-manager-contacts-and-downgrade): writing them needs
//! [`CompatibilityPolicy::allow_short_tag_container_writes`](crate::policy::CompatibilityPolicy::allow_short_tag_container_writes).

mod aead;
mod container;
mod mode;
mod records;

pub(crate) use aead::{aead_open, aead_seal};
pub(crate) use container::seal_container_with_iv;
pub use container::{open_container, seal_container};
pub use mode::{ContainerCipher, ContainerMode};
pub use records::TlvRecords;
