//! The container mode byte: which AEAD (CCM or GCM), IV length and tag length a container uses.

use crate::error::{Error, Result};

/// The mode byte of an encrypted TLV container (SDK `encryptionsetting_t`, WEB
/// `BLOCK_ENCRYPTION_SCHEME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerMode {
    /// `0x00` AES-128-CCM, 12-byte nonce, 16-byte tag (older webclient default).
    AesCcm12x16,
    /// `0x01` AES-128-CCM, 10-byte nonce, 16-byte tag.
    AesCcm10x16,
    /// `0x02` AES-128-CCM, 10-byte nonce, 8-byte tag.
    AesCcm10x8,
    /// `0x03` "AES_GCM_12_16_BROKEN": really AES-128-CCM, 12-byte nonce, 16-byte tag (= `0x00`).
    AesGcm12x16Broken,
    /// `0x04` "AES_GCM_10_08_BROKEN": really AES-128-CCM, 10-byte nonce, 8-byte tag (= `0x02`).
    AesGcm10x8Broken,
    /// `0x10` AES-128-GCM, 12-byte IV, 16-byte tag: what MEGA writes today (the default).
    AesGcm12x16,
    /// `0x11` AES-128-GCM, 10-byte IV, 8-byte tag.
    AesGcm10x8,
}

// `ALL` is in declaration order, which is mode-byte order.
crate::error::enum_names!(ContainerMode, "unknown TLV container mode name", [
    AesCcm12x16 => "aes-ccm-12x16",
    AesCcm10x16 => "aes-ccm-10x16",
    AesCcm10x8 => "aes-ccm-10x8",
    AesGcm12x16Broken => "aes-gcm-12x16-broken",
    AesGcm10x8Broken => "aes-gcm-10x8-broken",
    AesGcm12x16 => "aes-gcm-12x16",
    AesGcm10x8 => "aes-gcm-10x8",
]);

/// The cipher actually used by a [`ContainerMode`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerCipher {
    /// AES-128-CCM (NIST SP 800-38C).
    Ccm,
    /// AES-128-GCM (NIST SP 800-38D).
    Gcm,
}

crate::error::enum_names!(ContainerCipher, "unknown container cipher name", [
    Ccm => "ccm",
    Gcm => "gcm",
]);

impl ContainerMode {
    /// The mode of a sealed container: its first byte (an empty blob is
    /// [`crate::ErrorKind::Malformed`], an unknown byte [`crate::ErrorKind::Unsupported`]). Reads
    /// nothing else: the container is not authenticated by this.
    pub fn of_container(blob: &[u8]) -> Result<Self> {
        let b = *blob
            .first()
            .ok_or(Error::malformed("empty TLV container"))?;
        Self::from_byte(b)
    }

    /// The mode for a mode byte; unknown bytes are [`crate::ErrorKind::Unsupported`].
    pub fn from_byte(b: u8) -> Result<Self> {
        Ok(match b {
            0x00 => ContainerMode::AesCcm12x16,
            0x01 => ContainerMode::AesCcm10x16,
            0x02 => ContainerMode::AesCcm10x8,
            0x03 => ContainerMode::AesGcm12x16Broken,
            0x04 => ContainerMode::AesGcm10x8Broken,
            0x10 => ContainerMode::AesGcm12x16,
            0x11 => ContainerMode::AesGcm10x8,
            _ => return Err(Error::unsupported("unknown TLV container mode byte")),
        })
    }

    /// The mode byte.
    pub const fn byte(self) -> u8 {
        match self {
            ContainerMode::AesCcm12x16 => 0x00,
            ContainerMode::AesCcm10x16 => 0x01,
            ContainerMode::AesCcm10x8 => 0x02,
            ContainerMode::AesGcm12x16Broken => 0x03,
            ContainerMode::AesGcm10x8Broken => 0x04,
            ContainerMode::AesGcm12x16 => 0x10,
            ContainerMode::AesGcm10x8 => 0x11,
        }
    }

    /// The cipher really used (the two "BROKEN" GCM labels are CCM).
    pub const fn cipher(self) -> ContainerCipher {
        match self {
            ContainerMode::AesGcm12x16 | ContainerMode::AesGcm10x8 => ContainerCipher::Gcm,
            _ => ContainerCipher::Ccm,
        }
    }

    /// IV (nonce) length in bytes.
    pub const fn iv_len(self) -> usize {
        match self {
            ContainerMode::AesCcm12x16
            | ContainerMode::AesGcm12x16Broken
            | ContainerMode::AesGcm12x16 => 12,
            _ => 10,
        }
    }

    /// Tag length in bytes.
    pub const fn tag_len(self) -> usize {
        match self {
            ContainerMode::AesCcm10x8
            | ContainerMode::AesGcm10x8Broken
            | ContainerMode::AesGcm10x8 => 8,
            _ => 16,
        }
    }
}

impl Default for ContainerMode {
    /// `0x10` (AES-GCM, 12-byte IV, 16-byte tag), what MEGA's clients write today.
    fn default() -> Self {
        ContainerMode::AesGcm12x16
    }
}
