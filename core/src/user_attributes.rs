//! Typed private user attributes: the record schemas inside the `*` (private, encrypted) TLV
//! containers (`docs/format/user-attributes.md`).
//!
//! Every `*` attribute is a TLV container sealed under the master key ([`crate::tlv`]); its
//! records hold raw bytes (the SDK's public API base64s them, the container does not). This module
//! gives each attribute MEGA's clients share a typed value:
//!
//! | attribute | type | records |
//! |---|---|---|
//! | `*!cam` | [`CameraUploadsFolders`] | `h` primary folder, `sh` secondary folder (6-byte handles) |
//! | `*!cf` | [`ChatFilesFolder`] | `h` "My chat files" folder (6-byte handle) |
//! | `*!>alias` | [`ContactAliases`] | contact user handle (11 base64 characters) → alias (UTF-8) |
//! | `*!dn` | [`DeviceNames`] | [`device_id_hash`] or `ext:` + drive id → name (UTF-8, unique) |
//! | `*!rp` | [`RichPreviews`] | `num` `"1"`/`"0"`, `c` warning counter (decimal) |
//! | `*!geo` | [`Geolocation`] | `v` `"1"`/`"0"` |
//! | `*keyring` | [`Keyring`] | `prEd255`, `prCu255` (32-byte private keys) |
//! | `*!authring`, `*!authCu255` | [`LegacyAuthring`] | one empty-key record: the raw 29-byte records |
//!
//! Reading is strict — a handle of the wrong length, text that is not UTF-8, a duplicated device
//! name, a key of the wrong length are [`crate::ErrorKind::Malformed`] — and records a type does
//! not know are kept and written back untouched. Attributes without a type here (`*!lstint`,
//! `*!sds`, `*~jscd`, …) are plain [`TlvRecords`]: open them with
//! [`crate::tlv::open_container`].
//!
//! ```
//! use megacrypt::{MasterKey, NodeHandle, user_attributes::{self, CameraUploadsFolders}};
//! # use rand_core::SeedableRng;
//! let mut rng = rand_chacha::ChaCha20Rng::from_seed([7; 32]); // an OS CSPRNG in applications
//! let mk = MasterKey::from_bytes([4; 16])?;
//! let mut cam = CameraUploadsFolders::default();
//! cam.set_primary(Some(NodeHandle::from_b64("JGXrym5_")?));
//! let blob = user_attributes::seal(&mk, &cam, &mut rng)?;
//! let back: CameraUploadsFolders = user_attributes::open(&mk, &blob)?;
//! assert_eq!(back.primary(), cam.primary());
//! # Ok::<(), megacrypt::Error>(())
//! ```

use crate::sorted_map::SortedMap;
use alloc::string::String;
use alloc::vec::Vec;

use rand_core::TryCryptoRng;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::base64;
use crate::error::{Error, Result};
use crate::handles::{NodeHandle, UserHandle};
use crate::keys::{MasterKey, fill_random};
use crate::policy::CompatibilityPolicy;
use crate::tlv::{self, ContainerMode, TlvRecords};

/// A private user attribute with a typed record schema.
pub trait TypedAttribute: Sized {
    /// The attribute's name, e.g. `"*!cam"`.
    const NAME: &'static str;
    /// Checks and reads decrypted records ([`crate::ErrorKind::Malformed`] on a bad record).
    fn from_records(records: TlvRecords) -> Result<Self>;
    /// The records to seal, including the unknown ones read earlier.
    fn to_records(&self) -> Result<TlvRecords>;
}

/// Opens a `*` attribute's container under the master key and reads its typed value.
pub fn open<T: TypedAttribute>(master_key: &MasterKey, container: &[u8]) -> Result<T> {
    let (_, records) = tlv::open_container(master_key.as_aes_key(), container)?;
    T::from_records(records)
}

/// Seals a typed value into a container under the master key (mode `0x10`, fresh 12-byte IV),
/// as the SDK's `putua` writes it.
pub fn seal<T: TypedAttribute, R: TryCryptoRng + ?Sized>(
    master_key: &MasterKey,
    value: &T,
    rng: &mut R,
) -> Result<Vec<u8>> {
    let mut iv = [0u8; 12];
    fill_random(rng, &mut iv)?;
    seal_with_iv(master_key, value, &iv)
}

/// [`seal`] with a caller-chosen 12-byte IV; public as
/// [`crate::hazmat::seal_user_attribute_with_iv`].
pub(crate) fn seal_with_iv<T: TypedAttribute>(
    master_key: &MasterKey,
    value: &T,
    iv: &[u8],
) -> Result<Vec<u8>> {
    tlv::seal_container_with_iv(
        master_key.as_aes_key(),
        &value.to_records()?,
        ContainerMode::AesGcm12x16,
        iv,
        &CompatibilityPolicy::default(),
    )
}

fn handle_record(records: &TlvRecords, key: &str) -> Result<Option<NodeHandle>> {
    records
        .get(key)
        .map(|v| {
            <[u8; 6]>::try_from(v)
                .map(NodeHandle::from_bytes)
                .map_err(|_| Error::malformed("user attribute: folder handle is not 6 bytes"))
        })
        .transpose()
}

fn text(v: &[u8], what: &'static str) -> Result<String> {
    core::str::from_utf8(v)
        .map(String::from)
        .map_err(|_| Error::malformed(what))
}

fn put_handle(records: &mut TlvRecords, key: &str, h: Option<NodeHandle>) -> Result<()> {
    match h {
        Some(h) => records.insert(key, h.as_bytes()),
        None => {
            records.remove(key);
            Ok(())
        }
    }
}

/// `*!cam`: the Camera Uploads folders (SDK `setCameraUploadsFolders`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CameraUploadsFolders {
    records: TlvRecords,
}

impl CameraUploadsFolders {
    /// The primary Camera Uploads folder (`h`).
    pub fn primary(&self) -> Option<NodeHandle> {
        handle_record(&self.records, "h").ok().flatten()
    }
    /// The secondary (media uploads) folder (`sh`).
    pub fn secondary(&self) -> Option<NodeHandle> {
        handle_record(&self.records, "sh").ok().flatten()
    }
    /// Sets or removes the primary folder.
    pub fn set_primary(&mut self, h: Option<NodeHandle>) {
        // Keys are constants without NUL: insert cannot fail.
        let _ = put_handle(&mut self.records, "h", h);
    }
    /// Sets or removes the secondary folder.
    pub fn set_secondary(&mut self, h: Option<NodeHandle>) {
        let _ = put_handle(&mut self.records, "sh", h);
    }
}

impl TypedAttribute for CameraUploadsFolders {
    const NAME: &'static str = "*!cam";
    fn from_records(records: TlvRecords) -> Result<Self> {
        handle_record(&records, "h")?;
        handle_record(&records, "sh")?;
        Ok(CameraUploadsFolders { records })
    }
    fn to_records(&self) -> Result<TlvRecords> {
        Ok(self.records.clone())
    }
}

/// `*!cf`: the "My chat files" folder (SDK `setMyChatFilesFolder`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChatFilesFolder {
    records: TlvRecords,
}

impl ChatFilesFolder {
    /// The folder (`h`).
    pub fn folder(&self) -> Option<NodeHandle> {
        handle_record(&self.records, "h").ok().flatten()
    }
    /// Sets or removes the folder.
    pub fn set_folder(&mut self, h: Option<NodeHandle>) {
        let _ = put_handle(&mut self.records, "h", h);
    }
}

impl TypedAttribute for ChatFilesFolder {
    const NAME: &'static str = "*!cf";
    fn from_records(records: TlvRecords) -> Result<Self> {
        handle_record(&records, "h")?;
        Ok(ChatFilesFolder { records })
    }
    fn to_records(&self) -> Result<TlvRecords> {
        Ok(self.records.clone())
    }
}

/// `*!>alias`: the aliases the user gave to contacts (SDK `setUserAlias`). Every record key is a
/// contact's user handle in base64 (11 characters), every value the alias in UTF-8.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactAliases {
    aliases: SortedMap<UserHandle, String>,
}

impl ContactAliases {
    /// The alias of a contact.
    pub fn get(&self, user: &UserHandle) -> Option<&str> {
        self.aliases.get(user).map(String::as_str)
    }
    /// Sets a contact's alias; `None` or `""` removes it (as the SDK does with an empty value).
    pub fn set(&mut self, user: UserHandle, alias: Option<&str>) {
        match alias {
            Some(a) if !a.is_empty() => {
                self.aliases.insert(user, String::from(a));
            }
            _ => {
                self.aliases.remove(&user);
            }
        }
    }
    /// Every (contact, alias) pair, by handle.
    pub fn iter(&self) -> impl Iterator<Item = (&UserHandle, &str)> {
        self.aliases.iter().map(|(u, a)| (u, a.as_str()))
    }
}

impl TypedAttribute for ContactAliases {
    const NAME: &'static str = "*!>alias";
    fn from_records(records: TlvRecords) -> Result<Self> {
        let mut aliases = SortedMap::new();
        for (k, v) in records.iter() {
            let user = UserHandle::from_b64(k)
                .map_err(|_| Error::malformed("*!>alias: key is not a user handle"))?;
            aliases.insert(user, text(v, "*!>alias: alias is not UTF-8")?);
        }
        Ok(ContactAliases { aliases })
    }
    fn to_records(&self) -> Result<TlvRecords> {
        let mut r = TlvRecords::new();
        for (u, a) in &self.aliases {
            r.insert(&u.to_b64(), a.as_bytes())?;
        }
        Ok(r)
    }
}

/// The record key of a device in `*!dn`: `B64(SHA-256(device id))` (SDK
/// `MegaClient::getDeviceidHash`; on Linux the device id is `/etc/machine-id` without its
/// newline). An empty device id gives the empty string, as in the SDK.
///
/// ```
/// // SHA-256("") would be 47DEQpj8…; the SDK maps an empty id to "" instead.
/// assert_eq!(megacrypt::user_attributes::device_id_hash(b""), "");
/// assert_eq!(megacrypt::user_attributes::device_id_hash(b"abc").len(), 43);
/// ```
pub fn device_id_hash(device_id: &[u8]) -> String {
    if device_id.is_empty() {
        return String::new();
    }
    base64::encode(&Sha256::digest(device_id))
}

/// The prefix of an external drive's record key in `*!dn`.
pub const DRIVE_PREFIX: &str = "ext:";

/// `*!dn`: names of the user's devices and external drives (SDK `setDeviceName`,
/// `setDriveName`). Device keys are [`device_id_hash`] values (43 characters), drive keys
/// `ext:` + the base64 of the 8-byte drive id. Names are UTF-8 and unique across the attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceNames {
    devices: SortedMap<String, String>,
    drives: SortedMap<[u8; 8], String>,
}

impl DeviceNames {
    /// The name of a device, by its [`device_id_hash`].
    pub fn device(&self, id_hash: &str) -> Option<&str> {
        self.devices.get(id_hash).map(String::as_str)
    }
    /// The name of an external drive, by its 8-byte drive id.
    pub fn drive(&self, drive_id: &[u8; 8]) -> Option<&str> {
        self.drives.get(drive_id).map(String::as_str)
    }
    /// Every device (id hash, name).
    pub fn devices(&self) -> impl Iterator<Item = (&str, &str)> {
        self.devices.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
    /// Every drive (drive id, name).
    pub fn drives(&self) -> impl Iterator<Item = (&[u8; 8], &str)> {
        self.drives.iter().map(|(k, v)| (k, v.as_str()))
    }

    fn name_taken(
        &self,
        name: &str,
        except_device: Option<&str>,
        except_drive: Option<&[u8; 8]>,
    ) -> bool {
        self.devices
            .iter()
            .any(|(k, v)| v == name && Some(k.as_str()) != except_device)
            || self
                .drives
                .iter()
                .any(|(k, v)| v == name && Some(k) != except_drive)
    }

    /// Names a device; `None` or `""` removes it. A name another device or drive already has is
    /// refused with [`crate::ErrorKind::ApiMisuse`] (the SDK answers `API_EEXIST`); a key that is
    /// not a 43-character hash is [`crate::ErrorKind::Malformed`].
    pub fn set_device(&mut self, id_hash: &str, name: Option<&str>) -> Result<()> {
        check_device_key(id_hash)?;
        match name {
            Some(n) if !n.is_empty() => {
                if self.name_taken(n, Some(id_hash), None) {
                    return Err(Error::misuse("*!dn: another device already has this name"));
                }
                self.devices.insert(String::from(id_hash), String::from(n));
            }
            _ => {
                self.devices.remove(id_hash);
            }
        }
        Ok(())
    }

    /// Names an external drive; `None` or `""` removes it. Duplicate names as in
    /// [`DeviceNames::set_device`].
    pub fn set_drive(&mut self, drive_id: [u8; 8], name: Option<&str>) -> Result<()> {
        match name {
            Some(n) if !n.is_empty() => {
                if self.name_taken(n, None, Some(&drive_id)) {
                    return Err(Error::misuse("*!dn: another device already has this name"));
                }
                self.drives.insert(drive_id, String::from(n));
            }
            _ => {
                self.drives.remove(&drive_id);
            }
        }
        Ok(())
    }
}

fn check_device_key(k: &str) -> Result<()> {
    if k.len() != 43 || base64::decode_array::<32>(k).is_err() {
        return Err(Error::malformed(
            "*!dn: device key is not the base64 of a SHA-256 hash",
        ));
    }
    Ok(())
}

impl TypedAttribute for DeviceNames {
    const NAME: &'static str = "*!dn";
    fn from_records(records: TlvRecords) -> Result<Self> {
        let mut out = DeviceNames::default();
        for (k, v) in records.iter() {
            let name = text(v, "*!dn: name is not UTF-8")?;
            if name.is_empty() {
                return Err(Error::malformed("*!dn: empty name"));
            }
            if out.name_taken(&name, None, None) {
                return Err(Error::malformed("*!dn: two devices have the same name"));
            }
            if let Some(drive) = k.strip_prefix(DRIVE_PREFIX) {
                let id = if drive.len() == 11 {
                    base64::decode_array::<8>(drive).ok()
                } else {
                    None
                }
                .ok_or(Error::malformed("*!dn: drive id is not 8 bytes in base64"))?;
                out.drives.insert(id, name);
            } else {
                check_device_key(k)?;
                out.devices.insert(String::from(k), name);
            }
        }
        Ok(out)
    }
    fn to_records(&self) -> Result<TlvRecords> {
        let mut r = TlvRecords::new();
        for (k, v) in &self.devices {
            r.insert(k, v.as_bytes())?;
        }
        for (k, v) in &self.drives {
            let mut key = String::from(DRIVE_PREFIX);
            key.push_str(&base64::encode(k));
            r.insert(&key, v.as_bytes())?;
        }
        Ok(r)
    }
}

fn flag_record(records: &TlvRecords, key: &str, what: &'static str) -> Result<Option<bool>> {
    records
        .get(key)
        .map(|v| match v {
            b"1" => Ok(true),
            b"0" => Ok(false),
            _ => Err(Error::malformed(what)),
        })
        .transpose()
}

fn put_flag(records: &mut TlvRecords, key: &str, v: Option<bool>) {
    match v {
        Some(b) => {
            let _ = records.insert(key, if b { b"1" } else { b"0" });
        }
        None => {
            records.remove(key);
        }
    }
}

/// `*!rp`: rich URL previews in chats (SDK `enableRichPreviews`, `setRichLinkWarningCounterValue`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RichPreviews {
    records: TlvRecords,
}

impl RichPreviews {
    /// Whether rich previews are enabled (`num`).
    pub fn enabled(&self) -> Option<bool> {
        flag_record(&self.records, "num", "").ok().flatten()
    }
    /// How often the user was warned (`c`).
    pub fn warning_count(&self) -> Option<u32> {
        counter(&self.records).ok().flatten()
    }
    /// Sets or removes `num`.
    pub fn set_enabled(&mut self, v: Option<bool>) {
        put_flag(&mut self.records, "num", v);
    }
    /// Sets or removes `c`.
    pub fn set_warning_count(&mut self, v: Option<u32>) {
        match v {
            Some(n) => {
                let _ = self.records.insert("c", alloc::format!("{n}").as_bytes());
            }
            None => {
                self.records.remove("c");
            }
        }
    }
}

fn counter(records: &TlvRecords) -> Result<Option<u32>> {
    let bad = || Error::malformed("*!rp: warning counter is not a decimal number");
    records
        .get("c")
        .map(|v| {
            if v.is_empty() || v.len() > 10 || !v.iter().all(u8::is_ascii_digit) {
                return Err(bad());
            }
            core::str::from_utf8(v)
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
                .ok_or_else(bad)
        })
        .transpose()
}

impl TypedAttribute for RichPreviews {
    const NAME: &'static str = "*!rp";
    fn from_records(records: TlvRecords) -> Result<Self> {
        flag_record(&records, "num", "*!rp: num is not \"0\" or \"1\"")?;
        counter(&records)?;
        Ok(RichPreviews { records })
    }
    fn to_records(&self) -> Result<TlvRecords> {
        Ok(self.records.clone())
    }
}

/// `*!geo`: whether geolocation (location data in uploaded photos) is enabled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Geolocation {
    records: TlvRecords,
}

impl Geolocation {
    /// Whether geolocation is enabled (`v` = `"1"`).
    pub fn enabled(&self) -> bool {
        flag_record(&self.records, "v", "").ok().flatten() == Some(true)
    }
    /// Enables (`v` = `"1"`) or disables (`v` = `"0"`) geolocation.
    pub fn set_enabled(&mut self, v: bool) {
        put_flag(&mut self.records, "v", Some(v));
    }
}

impl TypedAttribute for Geolocation {
    const NAME: &'static str = "*!geo";
    fn from_records(records: TlvRecords) -> Result<Self> {
        flag_record(&records, "v", "*!geo: v is not \"0\" or \"1\"")?;
        Ok(Geolocation { records })
    }
    fn to_records(&self) -> Result<TlvRecords> {
        Ok(self.records.clone())
    }
}

/// `*keyring`: the account's Ed25519 signing seed (`prEd255`) and X25519 private key
/// (`prCu255`), 32 bytes each, zeroized on drop. Kept by MEGA for backward compatibility next to
/// `^!keys`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Keyring {
    ed25519_seed: Option<Zeroizing<[u8; 32]>>,
    cu25519_private: Option<Zeroizing<[u8; 32]>>,
    others: TlvRecords,
}

impl core::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Keyring")
            .field("has_ed25519", &self.ed25519_seed.is_some())
            .field("has_cu25519", &self.cu25519_private.is_some())
            .finish_non_exhaustive()
    }
}

fn key32(
    records: &TlvRecords,
    key: &str,
    what: &'static str,
) -> Result<Option<Zeroizing<[u8; 32]>>> {
    records
        .get(key)
        .map(|v| {
            <[u8; 32]>::try_from(v)
                .map(Zeroizing::new)
                .map_err(|_| Error::malformed(what))
        })
        .transpose()
}

impl Keyring {
    /// A keyring holding both private keys.
    pub fn new(ed25519_seed: [u8; 32], cu25519_private: [u8; 32]) -> Self {
        Keyring {
            ed25519_seed: Some(Zeroizing::new(ed25519_seed)),
            cu25519_private: Some(Zeroizing::new(cu25519_private)),
            others: TlvRecords::new(),
        }
    }
    /// The Ed25519 seed (`prEd255`). Secret material.
    pub fn ed25519_seed(&self) -> Option<&[u8; 32]> {
        self.ed25519_seed.as_deref()
    }
    /// The X25519 private key (`prCu255`). Secret material.
    pub fn cu25519_private(&self) -> Option<&[u8; 32]> {
        self.cu25519_private.as_deref()
    }
}

impl TypedAttribute for Keyring {
    const NAME: &'static str = "*keyring";
    fn from_records(mut records: TlvRecords) -> Result<Self> {
        let ed = key32(&records, "prEd255", "*keyring: prEd255 is not 32 bytes")?;
        let cu = key32(&records, "prCu255", "*keyring: prCu255 is not 32 bytes")?;
        records.remove("prEd255");
        records.remove("prCu255");
        Ok(Keyring {
            ed25519_seed: ed,
            cu25519_private: cu,
            others: records,
        })
    }
    fn to_records(&self) -> Result<TlvRecords> {
        let mut r = self.others.clone();
        if let Some(k) = &self.ed25519_seed {
            r.insert("prEd255", k.as_ref())?;
        }
        if let Some(k) = &self.cu25519_private {
            r.insert("prCu255", k.as_ref())?;
        }
        Ok(r)
    }
}

/// `*!authring` (Ed25519) or `*!authCu255` (X25519): the legacy authrings, kept as the raw bytes
/// of their single empty-key record (a sequence of 29-byte records: user handle, fingerprint,
/// verification method; not interpreted here).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LegacyAuthring {
    records: TlvRecords,
}

impl LegacyAuthring {
    /// Wraps raw authring record bytes.
    pub fn from_raw(bytes: &[u8]) -> Self {
        let mut records = TlvRecords::new();
        let _ = records.insert("", bytes);
        LegacyAuthring { records }
    }
    /// The raw record bytes (empty when the attribute holds none).
    pub fn raw(&self) -> &[u8] {
        self.records.get("").unwrap_or_default()
    }
}

impl TypedAttribute for LegacyAuthring {
    const NAME: &'static str = "*!authring";
    fn from_records(records: TlvRecords) -> Result<Self> {
        Ok(LegacyAuthring { records })
    }
    fn to_records(&self) -> Result<TlvRecords> {
        Ok(self.records.clone())
    }
}

/// The name of the X25519 legacy authring, read with the same [`LegacyAuthring`] type.
pub const AUTHRING_CU25519: &str = "*!authCu255";

#[cfg(test)]
mod tests {
    use super::*;

    fn records(pairs: &[(&str, &[u8])]) -> TlvRecords {
        let mut r = TlvRecords::new();
        for (k, v) in pairs {
            r.insert(k, v).unwrap();
        }
        r
    }

    #[test]
    fn strict_records() {
        assert!(CameraUploadsFolders::from_records(records(&[("h", b"12345")])).is_err());
        assert!(ChatFilesFolder::from_records(records(&[("h", b"1234567")])).is_err());
        assert!(ContactAliases::from_records(records(&[("AAAAAAAAAA", b"x")])).is_err());
        assert!(ContactAliases::from_records(records(&[("AAAAAAAAAAA", b"\xff")])).is_err());
        let h = "uVMOAe5iD3CJBYO6unNkrjG8v36pjHmEaub2BCf4dzQ";
        assert!(
            DeviceNames::from_records(records(&[(h, b"a"), ("ext:AAAAAAAAAAA", b"a")])).is_err()
        );
        assert!(DeviceNames::from_records(records(&[("ext:AAAA", b"a")])).is_err());
        assert!(DeviceNames::from_records(records(&[("laptop", b"a")])).is_err());
        assert!(RichPreviews::from_records(records(&[("num", b"2")])).is_err());
        assert!(RichPreviews::from_records(records(&[("c", b"-1")])).is_err());
        assert!(Geolocation::from_records(records(&[("v", b"yes")])).is_err());
        assert!(Keyring::from_records(records(&[("prEd255", &[1; 31])])).is_err());
    }

    #[test]
    fn unknown_records_pass_through() {
        let r = records(&[("h", b"123456"), ("zz", b"keep")]);
        let cam = CameraUploadsFolders::from_records(r.clone()).unwrap();
        assert_eq!(cam.to_records().unwrap(), r);
        let r = records(&[("prEd255", &[1; 32]), ("x", b"y")]);
        let k = Keyring::from_records(r.clone()).unwrap();
        assert_eq!(k.ed25519_seed(), Some(&[1; 32]));
        assert_eq!(k.to_records().unwrap(), r);
    }

    #[test]
    fn device_names_are_unique() {
        let h = "uVMOAe5iD3CJBYO6unNkrjG8v36pjHmEaub2BCf4dzQ";
        let mut d = DeviceNames::default();
        d.set_device(h, Some("a")).unwrap();
        d.set_device(h, Some("a")).unwrap(); // renaming to its own name is fine
        assert!(d.set_drive([1; 8], Some("a")).is_err());
        d.set_drive([1; 8], Some("b")).unwrap();
        d.set_device(h, None).unwrap();
        assert_eq!(d.devices().count(), 0);
    }
}
