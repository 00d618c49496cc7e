//! Encrypted user attributes: TLV records in an AEAD container (mode byte, IV, CCM/GCM).

use std::sync::{Arc, Mutex};

use megacrypt::tlv::{self as mu, ContainerCipher, ContainerMode};
use megacrypt_foreign::{arg, ops};

use crate::error::{CryptoError, FfiResult};
use crate::keys::AesKey;

/// The mode byte of a TLV container.
#[uniffi::remote(Enum)]
pub enum ContainerMode {
    /// `0x00` AES-128-CCM, 12-byte nonce, 16-byte tag.
    AesCcm12x16,
    /// `0x01` AES-128-CCM, 10-byte nonce, 16-byte tag.
    AesCcm10x16,
    /// `0x02` AES-128-CCM, 10-byte nonce, 8-byte tag.
    AesCcm10x8,
    /// `0x03` "GCM broken": really CCM, 12-byte nonce, 16-byte tag.
    AesGcm12x16Broken,
    /// `0x04` "GCM broken": really CCM, 10-byte nonce, 8-byte tag.
    AesGcm10x8Broken,
    /// `0x10` AES-128-GCM, 12-byte IV, 16-byte tag (the default today).
    AesGcm12x16,
    /// `0x11` AES-128-GCM, 10-byte IV, 8-byte tag.
    AesGcm10x8,
}

/// The mode for a mode byte (`Unsupported` for unknown bytes). Takes `u32`: JNA sign-extends
/// byte-sized arguments >= 128, which Rust does not expect.
#[uniffi::export]
pub fn container_mode_from_byte(byte: u32) -> FfiResult<ContainerMode> {
    Ok(arg::container_mode_byte(byte)?)
}

/// The mode byte of a mode.
#[uniffi::export]
pub fn container_mode_byte(mode: ContainerMode) -> u8 {
    mode.byte()
}

/// The mode of a sealed container (its first byte; `Malformed` if empty, `Unsupported` if
/// unknown). Does not authenticate anything.
#[uniffi::export]
pub fn container_mode_of(blob: &[u8]) -> FfiResult<ContainerMode> {
    Ok(ContainerMode::of_container(blob)?)
}

/// One TLV record.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TlvRecord {
    /// The record name.
    pub key: String,
    /// The record value (often secret key material).
    pub value: Vec<u8>,
}

/// An ordered set of TLV records (values zeroized on drop in the core). Thread-safe.
#[derive(uniffi::Object)]
pub struct TlvRecords(Mutex<mu::TlvRecords>);

impl TlvRecords {
    fn lock(&self) -> FfiResult<std::sync::MutexGuard<'_, mu::TlvRecords>> {
        self.0.lock().map_err(|_| CryptoError::poisoned())
    }
}

#[uniffi::export]
impl TlvRecords {
    /// No records.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(TlvRecords(Mutex::new(mu::TlvRecords::new())))
    }

    /// Parses plain TLV bytes.
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(TlvRecords(Mutex::new(
            mu::TlvRecords::from_bytes(bytes)?,
        ))))
    }

    /// Sets a record (replacing one with the same name).
    pub fn insert(&self, key: String, value: &[u8]) -> FfiResult<()> {
        Ok(self.lock()?.insert(&key, value)?)
    }

    /// A record's value.
    pub fn get(&self, key: String) -> FfiResult<Option<Vec<u8>>> {
        Ok(self.lock()?.get(&key).map(<[u8]>::to_vec))
    }

    /// Removes a record; whether it existed.
    pub fn remove(&self, key: String) -> FfiResult<bool> {
        Ok(self.lock()?.remove(&key))
    }

    /// The record names, in order.
    pub fn keys(&self) -> FfiResult<Vec<String>> {
        Ok(self.lock()?.iter().map(|(k, _)| k.to_string()).collect())
    }

    /// Number of records.
    pub fn size(&self) -> FfiResult<u32> {
        Ok(arg::len_u32(self.lock()?.len()))
    }

    /// Every record, in order.
    pub fn records(&self) -> FfiResult<Vec<TlvRecord>> {
        Ok(self
            .lock()?
            .iter()
            .map(|(k, v)| TlvRecord {
                key: k.to_string(),
                value: v.to_vec(),
            })
            .collect())
    }

    /// The plain TLV encoding (secret if the values are).
    pub fn to_bytes(&self) -> FfiResult<Vec<u8>> {
        Ok(self.lock()?.to_bytes()?.to_vec())
    }
}

/// An opened container: its mode and records.
#[derive(uniffi::Record)]
pub struct OpenedContainer {
    /// The container's mode.
    pub mode: ContainerMode,
    /// The records.
    pub records: Arc<TlvRecords>,
}

/// Encrypts records into a container with a fresh random IV. 8-byte-tag modes are refused unless
/// `allow_short_tag_writes`.
#[uniffi::export]
pub fn seal_container(
    key: Arc<AesKey>,
    records: Arc<TlvRecords>,
    mode: ContainerMode,
    allow_short_tag_writes: bool,
) -> FfiResult<Vec<u8>> {
    let recs = records.lock()?;
    Ok(ops::seal_container(
        &key.0,
        &recs,
        mode,
        allow_short_tag_writes,
    )?)
}

/// Hazardous: `seal_container` with a caller-chosen IV (known answers only: never repeat an IV).
#[uniffi::export]
pub fn hazmat_seal_container_with_iv(
    key: Arc<AesKey>,
    records: Arc<TlvRecords>,
    mode: ContainerMode,
    iv: &[u8],
    allow_short_tag_writes: bool,
) -> FfiResult<Vec<u8>> {
    let recs = records.lock()?;
    Ok(ops::hazmat_seal_container_with_iv(
        &key.0,
        &recs,
        mode,
        iv,
        allow_short_tag_writes,
    )?)
}

/// Opens a container in any mode (`Unsupported` mode, opaque `Decrypt`, or `Malformed` TLV).
#[uniffi::export]
pub fn open_container(key: Arc<AesKey>, blob: &[u8]) -> FfiResult<OpenedContainer> {
    let (mode, recs) = mu::open_container(&key.0, blob)?;
    Ok(OpenedContainer {
        mode,
        records: Arc::new(TlvRecords(Mutex::new(recs))),
    })
}

/// Hazardous: raw AEAD with a container mode's cipher and sizes and a caller-chosen IV, no
/// container framing: returns `ciphertext || tag`.
#[uniffi::export]
pub fn hazmat_aead_seal(
    mode: ContainerMode,
    key: Arc<AesKey>,
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> FfiResult<Vec<u8>> {
    Ok(megacrypt::hazmat::aead_seal(
        mode, &key.0, iv, aad, plaintext,
    )?)
}

/// Hazardous: raw AEAD open of `ciphertext || tag`, no container framing (opaque `Decrypt` on
/// failure).
#[uniffi::export]
pub fn hazmat_aead_open(
    mode: ContainerMode,
    key: Arc<AesKey>,
    iv: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> FfiResult<Vec<u8>> {
    Ok(megacrypt::hazmat::aead_open(mode, &key.0, iv, aad, ciphertext_and_tag)?.to_vec())
}

/// The cipher a container mode really uses.
#[uniffi::remote(Enum)]
pub enum ContainerCipher {
    /// AES-128-CCM.
    Ccm,
    /// AES-128-GCM.
    Gcm,
}

/// The parameters of a container mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct ContainerModeInfo {
    /// The mode byte.
    pub byte: u8,
    /// The cipher actually used.
    pub cipher: ContainerCipher,
    /// IV (nonce) length in bytes.
    pub iv_length: u32,
    /// Tag length in bytes.
    pub tag_length: u32,
}

/// The mode byte, cipher, IV and tag lengths of a container mode.
#[uniffi::export]
pub fn container_mode_info(mode: ContainerMode) -> ContainerModeInfo {
    ContainerModeInfo {
        byte: mode.byte(),
        cipher: mode.cipher(),
        iv_length: arg::len_u32(mode.iv_len()),
        tag_length: arg::len_u32(mode.tag_len()),
    }
}
