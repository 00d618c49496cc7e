//! Private user attributes: TLV records in encrypted containers (docs/format/tlv.md).
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
//! [`CompatibilityPolicy::allow_short_tag_container_writes`].

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use aes::Aes128;
use aes_gcm::AesGcm;
use ccm::Ccm;
use ccm::aead::{AeadInOut, KeyInit};
use cipher::Array;
use cipher::consts::{U8, U10, U12, U16};
use rand_core::TryCryptoRng;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::{AesKey, fill_random};
use crate::policy::CompatibilityPolicy;

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

// ---------------------------------------------------------------------------------------------
// Raw AEAD (no container framing)
// ---------------------------------------------------------------------------------------------

fn seal_with<A: AeadInOut + KeyInit>(
    key: &AesKey,
    nonce: &[u8],
    aad: &[u8],
    buf: &mut Vec<u8>,
) -> Result<()> {
    let cipher = A::new_from_slice(key.as_bytes()).map_err(|_| Error::misuse("AES key"))?;
    let nonce =
        Array::try_from(nonce).map_err(|_| Error::misuse("wrong IV length for this mode"))?;
    let tag = cipher
        .encrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into())
        .map_err(|_| Error::misuse("plaintext too long"))?;
    buf.extend_from_slice(&tag);
    Ok(())
}

fn open_with<A: AeadInOut + KeyInit>(
    key: &AesKey,
    nonce: &[u8],
    aad: &[u8],
    buf: &mut Vec<u8>,
    tag_len: usize,
) -> Result<()> {
    let cipher = A::new_from_slice(key.as_bytes()).map_err(|_| Error::misuse("AES key"))?;
    let nonce =
        Array::try_from(nonce).map_err(|_| Error::misuse("wrong IV length for this mode"))?;
    let split = buf.len().checked_sub(tag_len).ok_or_else(Error::decrypt)?;
    let tag_bytes: Vec<u8> = buf.get(split..).ok_or_else(Error::decrypt)?.to_vec();
    let tag = Array::try_from(tag_bytes.as_slice()).map_err(|_| Error::decrypt())?;
    buf.truncate(split);
    let r = cipher.decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &tag);
    if r.is_err() {
        // Whatever the crate left in the buffer is not released.
        zeroize::Zeroize::zeroize(buf);
        buf.clear();
        return Err(Error::decrypt());
    }
    Ok(())
}

/// Authenticated encryption with a container mode's cipher, IV and tag sizes: returns
/// `ciphertext || tag`. MEGA uses no associated data (`aad = []`); the parameter exists for
/// generic test suites (Wycheproof).
pub fn aead_seal(
    mode: ContainerMode,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(plaintext.len() + mode.tag_len());
    buf.extend_from_slice(plaintext);
    match mode {
        ContainerMode::AesCcm12x16 | ContainerMode::AesGcm12x16Broken => {
            seal_with::<Ccm<Aes128, U16, U12>>(key, iv, aad, &mut buf)?
        }
        ContainerMode::AesCcm10x16 => seal_with::<Ccm<Aes128, U16, U10>>(key, iv, aad, &mut buf)?,
        ContainerMode::AesCcm10x8 | ContainerMode::AesGcm10x8Broken => {
            seal_with::<Ccm<Aes128, U8, U10>>(key, iv, aad, &mut buf)?
        }
        ContainerMode::AesGcm12x16 => {
            seal_with::<AesGcm<Aes128, U12, U16>>(key, iv, aad, &mut buf)?
        }
        ContainerMode::AesGcm10x8 => seal_with::<AesGcm<Aes128, U10, U8>>(key, iv, aad, &mut buf)?,
    }
    Ok(buf)
}

/// Verifies and decrypts `ciphertext || tag` (see [`aead_seal`]). Any failure is the opaque
/// [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt); no plaintext is returned unless the tag verified.
pub fn aead_open(
    mode: ContainerMode,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    if iv.len() != mode.iv_len() {
        return Err(Error::decrypt());
    }
    let mut buf = Zeroizing::new(ciphertext_and_tag.to_vec());
    let t = mode.tag_len();
    match mode {
        ContainerMode::AesCcm12x16 | ContainerMode::AesGcm12x16Broken => {
            open_with::<Ccm<Aes128, U16, U12>>(key, iv, aad, &mut buf, t)?
        }
        ContainerMode::AesCcm10x16 => {
            open_with::<Ccm<Aes128, U16, U10>>(key, iv, aad, &mut buf, t)?
        }
        ContainerMode::AesCcm10x8 | ContainerMode::AesGcm10x8Broken => {
            open_with::<Ccm<Aes128, U8, U10>>(key, iv, aad, &mut buf, t)?
        }
        ContainerMode::AesGcm12x16 => {
            open_with::<AesGcm<Aes128, U12, U16>>(key, iv, aad, &mut buf, t)?
        }
        ContainerMode::AesGcm10x8 => {
            open_with::<AesGcm<Aes128, U10, U8>>(key, iv, aad, &mut buf, t)?
        }
    }
    Ok(buf)
}

// ---------------------------------------------------------------------------------------------
// TLV records
// ---------------------------------------------------------------------------------------------

/// A set of TLV records (docs/format/tlv.md#tlv-records):
/// `key (ASCII) || 0x00 || length (u16 BE) || value`.
///
/// Kept sorted by key, which is the order MEGA's SDK writes (a `std::map`); readers accept any
/// order, and for a duplicated key the last record wins (as both official readers do). Values are
/// treated as secret (zeroized on drop).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct MegaTlvRecords {
    records: BTreeMap<String, Zeroizing<Vec<u8>>>,
}

impl core::fmt::Debug for MegaTlvRecords {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MegaTlvRecords")
            .field("keys", &self.records.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Largest record value with an ordinary 2-byte length.
const MAX_VALUE: usize = 0xFFFF;

impl MegaTlvRecords {
    /// No records.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value` (replacing an earlier value). Keys must not contain NUL.
    pub fn insert(&mut self, key: &str, value: &[u8]) -> Result<()> {
        if key.as_bytes().contains(&0) {
            return Err(Error::misuse("TLV key contains a NUL byte"));
        }
        self.records
            .insert(String::from(key), Zeroizing::new(value.to_vec()));
        Ok(())
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&[u8]> {
        self.records.get(key).map(|v| v.as_slice())
    }

    /// Removes `key`, returning whether it was present.
    pub fn remove(&mut self, key: &str) -> bool {
        self.records.remove(key).is_some()
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// `true` when there are no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The records in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.records.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Serialises the records (sorted by key). A value over 65 535 bytes is only representable as
    /// the single record of a container whose key is empty (length field `0xFFFF`, then the whole
    /// value), as the SDK writes authrings.
    pub fn to_bytes(&self) -> Result<Zeroizing<Vec<u8>>> {
        let mut out = Zeroizing::new(Vec::new());
        for (k, v) in &self.records {
            let len = match u16::try_from(v.len()) {
                Ok(l) => l,
                Err(_) if k.is_empty() && self.records.len() == 1 => 0xFFFF,
                Err(_) => return Err(Error::misuse("TLV value longer than 65535 bytes")),
            };
            out.extend_from_slice(k.as_bytes());
            out.push(0);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(v);
        }
        // Readers take a container of 65 538+ bytes that starts with an empty key as the single
        // oversize record: refuse to write several records that would be read back that way.
        if self.records.len() > 1 && out.len() >= MAX_VALUE + 3 && out.first() == Some(&0) {
            return Err(Error::misuse(
                "TLV records with an empty key cannot exceed 65537 bytes",
            ));
        }
        Ok(out)
    }

    /// Parses a plaintext container. Errors: missing NUL terminator, fewer than 2 length bytes,
    /// a value running past the end, a non-UTF-8 key.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let bad = || Error::malformed("TLV container is malformed");
        let mut records = BTreeMap::new();
        // The oversize single empty-key record (SDK containerToTLVrecords).
        if bytes.len() >= MAX_VALUE + 3 && bytes.first() == Some(&0) {
            let v = bytes.get(3..).ok_or_else(bad)?;
            records.insert(String::new(), Zeroizing::new(v.to_vec()));
            return Ok(MegaTlvRecords { records });
        }
        let mut rest = bytes;
        while !rest.is_empty() {
            let nul = rest.iter().position(|b| *b == 0).ok_or_else(bad)?;
            let (key, tail) = rest.split_at_checked(nul).ok_or_else(bad)?;
            let key = core::str::from_utf8(key).map_err(|_| bad())?;
            let tail = tail.get(1..).ok_or_else(bad)?;
            let (len, tail) = tail.split_at_checked(2).ok_or_else(bad)?;
            let len = usize::from(u16::from_be_bytes(len.try_into().map_err(|_| bad())?));
            let (value, tail) = tail.split_at_checked(len).ok_or_else(bad)?;
            records.insert(String::from(key), Zeroizing::new(value.to_vec()));
            rest = tail;
        }
        Ok(MegaTlvRecords { records })
    }

    /// [`from_bytes`](Self::from_bytes) with the legacy UTF-8 repair of the official clients: if
    /// the bytes do not parse, decode them as UTF-8, turn every code point (which must be ≤ 0xFF)
    /// into one byte and parse again (old webclients UTF-8-encoded the binary string before
    /// encrypting; SDK "Retrying TLV records decoding with UTF-8 patch").
    pub fn from_bytes_with_utf8_repair(bytes: &[u8]) -> Result<Self> {
        match Self::from_bytes(bytes) {
            Ok(r) => Ok(r),
            Err(e) => {
                let text = core::str::from_utf8(bytes).map_err(|_| e)?;
                let mut raw = Zeroizing::new(Vec::with_capacity(text.len()));
                for ch in text.chars() {
                    raw.push(u8::try_from(u32::from(ch)).map_err(|_| e)?);
                }
                Self::from_bytes(&raw)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Encrypted containers
// ---------------------------------------------------------------------------------------------

/// Encrypts `records` into a container with a fresh random IV, in `mode` (use
/// [`ContainerMode::default()`], `0x10`, unless you must match an old client). The 8-byte-tag modes
/// are refused unless `policy` allows them.
pub fn seal_container<R: TryCryptoRng + ?Sized>(
    key: &AesKey,
    records: &MegaTlvRecords,
    mode: ContainerMode,
    policy: &CompatibilityPolicy,
    rng: &mut R,
) -> Result<Vec<u8>> {
    let mut iv = [0u8; 12];
    let iv = iv
        .get_mut(..mode.iv_len())
        .ok_or(Error::misuse("IV length"))?;
    fill_random(rng, iv)?;
    seal_container_with_iv(key, records, mode, iv, policy)
}

/// [`seal_container`] with a caller-chosen IV. The IV must never repeat under one key (GCM
/// loses all security then): only for reproducing known answers.
pub fn seal_container_with_iv(
    key: &AesKey,
    records: &MegaTlvRecords,
    mode: ContainerMode,
    iv: &[u8],
    policy: &CompatibilityPolicy,
) -> Result<Vec<u8>> {
    if mode.tag_len() < 16 && !policy.allow_short_tag_container_writes {
        return Err(Error::unsupported(
            "8-byte-tag container modes are read-only by default",
        ));
    }
    if iv.len() != mode.iv_len() {
        return Err(Error::misuse("wrong IV length for this mode"));
    }
    let plain = records.to_bytes()?;
    let sealed = aead_seal(mode, key, iv, &[], &plain)?;
    let mut out = Vec::with_capacity(1 + iv.len() + sealed.len());
    out.push(mode.byte());
    out.extend_from_slice(iv);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens a container in any of the seven modes: mode byte, length, tag, then TLV parsing (with the
/// legacy UTF-8 repair, which only ever runs on authenticated plaintext). Unknown mode →
/// [`crate::ErrorKind::Unsupported`]; too short or a bad tag → [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt); bad TLV →
/// [`crate::ErrorKind::Malformed`].
pub fn open_container(key: &AesKey, blob: &[u8]) -> Result<(ContainerMode, MegaTlvRecords)> {
    let (&mode_byte, rest) = blob.split_first().ok_or_else(Error::decrypt)?;
    let mode = ContainerMode::from_byte(mode_byte)?;
    if rest.len() < mode.iv_len() + mode.tag_len() {
        return Err(Error::decrypt());
    }
    let (iv, body) = rest
        .split_at_checked(mode.iv_len())
        .ok_or_else(Error::decrypt)?;
    let plain = aead_open(mode, key, iv, &[], body)?;
    Ok((mode, MegaTlvRecords::from_bytes_with_utf8_repair(&plain)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    // docs/format/tlv.md#tlv-records, from the webclient's tlvstore_test.js: foo/bar ->
    // "foo\0\0\x03bar".
    #[test]
    fn tlv_webclient_vector_and_order() {
        let mut r = MegaTlvRecords::new();
        r.insert("foo", b"bar").unwrap();
        assert_eq!(&*r.to_bytes().unwrap(), b"foo\0\0\x03bar");
        // Any order is read; last duplicate wins.
        let parsed = MegaTlvRecords::from_bytes(b"b\0\0\x011a\0\0\x00b\0\0\x012").unwrap();
        assert_eq!(parsed.get("b"), Some(&b"2"[..]));
        assert_eq!(parsed.get("a"), Some(&b""[..]));
        assert_eq!(parsed.len(), 2);
    }

    #[test]
    fn tlv_rejects_malformed() {
        for bad in [
            &b"foo"[..],
            b"foo\0",
            b"foo\0\0",
            b"foo\0\0\x04bar",
            b"\xff\0\0\0",
        ] {
            assert_eq!(
                MegaTlvRecords::from_bytes(bad).unwrap_err().kind(),
                crate::ErrorKind::Malformed,
                "{bad:?}"
            );
        }
        assert!(MegaTlvRecords::from_bytes(b"").unwrap().is_empty());
    }

    #[test]
    fn tlv_oversize_single_record() {
        let big = alloc::vec![7u8; 70_000];
        let mut r = MegaTlvRecords::new();
        r.insert("", &big).unwrap();
        let bytes = r.to_bytes().unwrap();
        assert_eq!(&bytes[..3], &[0, 0xff, 0xff]);
        assert_eq!(MegaTlvRecords::from_bytes(&bytes).unwrap(), r);
        r.insert("x", b"1").unwrap();
        assert!(r.to_bytes().is_err());
    }

    fn k(h: &str) -> AesKey {
        AesKey::from_slice(&hex::decode(h).unwrap()).unwrap()
    }

    // Mode 0x11 (GCM, 10-byte IV, 8-byte tag). Expected values computed with node:crypto
    // (node v20.20.2, OpenSSL 3.0): createCipheriv("aes-128-gcm", key, iv10, {authTagLength: 8}).
    #[test]
    fn gcm_10_byte_iv_8_byte_tag_known_answers() {
        let key = k("000102030405060708090a0b0c0d0e0f");
        let iv = hex::decode("a0a1a2a3a4a5a6a7a8a9").unwrap();
        let cases: [(&str, &str); 2] = [
            ("", "1ffed55e1b1348d4"),
            ("616263", "81cbfc7a6619a99f114e94"),
        ];
        for (pt, want) in cases {
            let pt = hex::decode(pt).unwrap();
            let got = aead_seal(ContainerMode::AesGcm10x8, &key, &iv, &[], &pt).unwrap();
            assert_eq!(hex::encode(&got), want);
            assert_eq!(
                &*aead_open(ContainerMode::AesGcm10x8, &key, &iv, &[], &got).unwrap(),
                &pt[..]
            );
        }
        let key = k("0f0e0d0c0b0a09080706050403020100");
        let iv = hex::decode("00010203040506070809").unwrap();
        let pt = hex::decode("00112233445566778899aabbccddeeff0011223344").unwrap();
        let got = aead_seal(ContainerMode::AesGcm10x8, &key, &iv, &[], &pt).unwrap();
        assert_eq!(
            hex::encode(&got),
            "960e4984e4a2155599809d322bab32aaf96816eaadc54bdd6de3fd16f2"
        );
        let mut bad = got.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert_eq!(
            aead_open(ContainerMode::AesGcm10x8, &key, &iv, &[], &bad).unwrap_err(),
            Error::decrypt()
        );
    }

    // docs/format/tlv.md#modes: meganz/sdk tests/unit/Crypto_test.cpp AES_GCM (12-byte IV, 16-byte
    // tag).
    #[test]
    fn gcm_sdk_unit_test_vector() {
        let key = k("7464218a2f81efe78b2c7462380ebdd3");
        let iv = hex::decode("47cab59e30115d2eeead6bf7").unwrap();
        let pt = hex::decode("746421c28a2fc281c3afc3a7c28b2c7462380ec2bdc393").unwrap();
        let got = aead_seal(ContainerMode::AesGcm12x16, &key, &iv, &[], &pt).unwrap();
        assert_eq!(
            hex::encode(got),
            "2f7cea55800eb1193bccc8362ac35355285c69df138c843bba67ecbe26b6d503b45d38fcbda791"
        );
    }

    #[test]
    fn container_framing_errors() {
        let key = k("000102030405060708090a0b0c0d0e0f");
        assert_eq!(
            open_container(&key, &[0x05; 40]).unwrap_err().kind(),
            crate::ErrorKind::Unsupported
        );
        assert_eq!(open_container(&key, &[]).unwrap_err(), Error::decrypt());
        assert_eq!(
            open_container(&key, &[0x10; 28]).unwrap_err(),
            Error::decrypt()
        ); // 1 + 12 + 15
        let mut r = MegaTlvRecords::new();
        r.insert("a", b"1").unwrap();
        let strict = CompatibilityPolicy::STRICT;
        for mode in ContainerMode::ALL {
            let iv = alloc::vec![9u8; mode.iv_len()];
            let res = seal_container_with_iv(&key, &r, mode, &iv, &strict);
            assert_eq!(res.is_ok(), mode.tag_len() == 16, "{mode:?}");
            let blob =
                seal_container_with_iv(&key, &r, mode, &iv, &CompatibilityPolicy::OFFICIAL_CLIENT)
                    .unwrap();
            assert_eq!(blob[0], mode.byte());
            assert_eq!(blob.len(), 1 + mode.iv_len() + 5 + mode.tag_len()); // "a" NUL len(2) "1"
            assert_eq!(open_container(&key, &blob).unwrap(), (mode, r.clone()));
            assert_eq!(ContainerMode::from_byte(mode.byte()).unwrap(), mode);
        }
        // 0x03 is CCM: a 0x03 container is byte-identical to a 0x00 one apart from the mode byte.
        let iv = [3u8; 12];
        let a = seal_container_with_iv(&key, &r, ContainerMode::AesCcm12x16, &iv, &strict).unwrap();
        let b = seal_container_with_iv(&key, &r, ContainerMode::AesGcm12x16Broken, &iv, &strict)
            .unwrap();
        assert_eq!(a[1..], b[1..]);
    }

    #[test]
    fn utf8_repair() {
        // "k\0\0\x01\xe9" UTF-8-encoded: \xe9 becomes c3 a9.
        let enc = "k\u{0}\u{0}\u{1}\u{e9}".as_bytes();
        assert!(MegaTlvRecords::from_bytes(enc).is_err());
        let r = MegaTlvRecords::from_bytes_with_utf8_repair(enc).unwrap();
        assert_eq!(r.get("k"), Some(&[0xe9][..]));
    }
}
