//! Encrypted user attributes (`*!keyring`, `*!authring`, …): TLV records sealed in an AEAD
//! container (mode byte, IV, CCM/GCM), and the raw AEAD with a container mode's sizes — core
//! `megacrypt::tlv`.

use crate::bindgen::*;
use megacrypt::tlv::{self, ContainerMode};
use megacrypt_foreign::{arg, ops};

use crate::error::{JsResult, js};
use crate::keys::AesKey;

/// The container mode named `name` (`'aes-gcm-12x16'`, ...).
fn mode(name: &str) -> JsResult<ContainerMode> {
    js(arg::name(name))
}

/// The records of an encrypted user attribute (`*!keyring`, `*!authring`, …): string keys,
/// byte values.
#[wasm_bindgen]
pub struct TlvRecords(tlv::TlvRecords);

#[wasm_bindgen]
impl TlvRecords {
    /// An empty record set.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TlvRecords {
        TlvRecords(tlv::TlvRecords::new())
    }
    /// Parses TLV bytes (`Malformed` if invalid).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<TlvRecords> {
        js(tlv::TlvRecords::from_bytes(bytes)).map(TlvRecords)
    }
    /// The TLV bytes (secret: may hold keys).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> JsResult<Vec<u8>> {
        Ok(js(self.0.to_bytes())?.to_vec())
    }
    /// Sets a record (replacing one with the same name).
    pub fn insert(&mut self, key: &str, value: &[u8]) -> JsResult<()> {
        js(self.0.insert(key, value))
    }
    /// A record's value.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.0.get(key).map(<[u8]>::to_vec)
    }
    /// Removes a record; returns whether it existed.
    pub fn remove(&mut self, key: &str) -> bool {
        self.0.remove(key)
    }
    /// The record keys, in order.
    pub fn keys(&self) -> Vec<String> {
        self.0.iter().map(|(k, _)| k.to_string()).collect()
    }
    /// Number of records.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        arg::len_u32(self.0.len())
    }
}

impl Default for TlvRecords {
    fn default() -> Self {
        Self::new()
    }
}

/// Encrypts records into a container with a fresh random IV. `mode` names one of the seven modes
/// (default `'aes-gcm-12x16'`, what MEGA writes today); the 8-byte-tag modes are refused unless
/// `allowShortTagWrites`.
#[wasm_bindgen(js_name = sealContainer)]
pub fn seal_container(
    key: &AesKey,
    records: &TlvRecords,
    mode: Option<String>,
    allow_short_tag_writes: Option<bool>,
) -> JsResult<Vec<u8>> {
    let mode = js(arg::name_or(mode.as_deref(), ContainerMode::default()))?;
    js(ops::seal_container(
        &key.0,
        &records.0,
        mode,
        allow_short_tag_writes.unwrap_or(false),
    ))
}

/// Opens a container in any of the seven modes; returns its records. Bad tag: opaque `Decrypt`.
#[wasm_bindgen(js_name = openContainer)]
pub fn open_container(key: &AesKey, blob: &[u8]) -> JsResult<TlvRecords> {
    Ok(TlvRecords(js(tlv::open_container(&key.0, blob))?.1))
}

/// The name of a sealed container's mode (its first byte; `Malformed` if empty, `Unsupported` if
/// unknown). Does not authenticate anything.
#[wasm_bindgen(js_name = containerModeOf)]
pub fn container_mode_of(blob: &[u8]) -> JsResult<String> {
    Ok(js(ContainerMode::of_container(blob))?.as_str().into())
}

/// The name of the mode with this mode byte (`Unsupported` for unknown bytes).
#[wasm_bindgen(js_name = containerModeFromByte)]
pub fn container_mode_from_byte(byte: u32) -> JsResult<String> {
    Ok(js(arg::container_mode_byte(byte))?.as_str().into())
}

/// The mode byte of the mode named `mode`.
#[wasm_bindgen(js_name = containerModeByte)]
pub fn container_mode_byte(mode: &str) -> JsResult<u8> {
    Ok(self::mode(mode)?.byte())
}

/// `'ccm'` or `'gcm'`: the cipher a container mode really uses (the two "broken" GCM modes are
/// CCM).
#[wasm_bindgen(js_name = containerCipher)]
pub fn container_cipher(mode: &str) -> JsResult<String> {
    Ok(self::mode(mode)?.cipher().as_str().into())
}

/// IV length in bytes of a container mode.
#[wasm_bindgen(js_name = containerIvLength)]
pub fn container_iv_length(mode: &str) -> JsResult<u32> {
    Ok(arg::len_u32(self::mode(mode)?.iv_len()))
}

/// Tag length in bytes of a container mode.
#[wasm_bindgen(js_name = containerTagLength)]
pub fn container_tag_length(mode: &str) -> JsResult<u32> {
    Ok(arg::len_u32(self::mode(mode)?.tag_len()))
}

/// Hazardous: raw AES-CCM/GCM with a container mode's sizes and a caller-chosen IV, no container
/// framing: returns `ciphertext || tag`.
#[wasm_bindgen(js_name = hazmatAeadSeal)]
pub fn hazmat_aead_seal(
    mode: &str,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> JsResult<Vec<u8>> {
    js(megacrypt::hazmat::aead_seal(
        self::mode(mode)?,
        &key.0,
        iv,
        aad,
        plaintext,
    ))
}

/// Hazardous: raw AEAD open of `ciphertext || tag`, no container framing; any failure is the
/// opaque `Decrypt`.
#[wasm_bindgen(js_name = hazmatAeadOpen)]
pub fn hazmat_aead_open(
    mode: &str,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> JsResult<Vec<u8>> {
    Ok(js(megacrypt::hazmat::aead_open(
        self::mode(mode)?,
        &key.0,
        iv,
        aad,
        ciphertext_and_tag,
    ))?
    .to_vec())
}

/// Hazardous: `sealContainer` with a caller-chosen IV (known answers only: an IV must never repeat
/// under a key). `allowShortTagWrites` permits the 8-byte-tag modes (as official clients do).
#[wasm_bindgen(js_name = hazmatSealContainerWithIv)]
pub fn hazmat_seal_container_with_iv(
    key: &AesKey,
    records: &TlvRecords,
    mode: &str,
    iv: &[u8],
    allow_short_tag_writes: bool,
) -> JsResult<Vec<u8>> {
    js(ops::hazmat_seal_container_with_iv(
        &key.0,
        &records.0,
        self::mode(mode)?,
        iv,
        allow_short_tag_writes,
    ))
}
