//! Albums and account settings for the foreign API: Sets and Elements (MEGA Photos albums and
//! playlists), `collection/` links, the typed private user attributes, password-manager items and
//! TOTP. Every conversion from a foreign value (base64 ids and handles, names of enum values,
//! JavaScript numbers) and every composite operation both bindings export lives here, so the two
//! bindings stay annotations only.
//!
//! The foreign objects of this module are immutable: a change (`withName`, `withPrimary`, …)
//! returns a new object, so uniffi needs no lock and JavaScript no `&mut`.

use megacrypt::link::{CollectionLink, LinkHost};
use megacrypt::password_item::{CreditCard, PasswordEntry, PasswordItem, TotpSpec};
use megacrypt::sets::{
    self, ElementAttributes, ElementId, ElementKey, PublicSetHandle, SetAttributes, SetKey, SetType,
};
use megacrypt::tlv::TlvRecords;
use megacrypt::totp::{Totp, TotpAlgorithm};
use megacrypt::user_attributes::{
    self, CameraUploadsFolders, ChatFilesFolder, ContactAliases, DeviceNames, TypedAttribute,
};
use megacrypt::{Error, ErrorKind, FileKey, MasterKey, NodeHandle, UserHandle, base64};

use super::error::misuse;
use super::{Result, arg, rng};

// ------------------------------------------------------------------------------- Sets, Elements

/// The Element key of a file: its packed node key.
pub fn element_key_from_file_key(key: &FileKey) -> ElementKey {
    ElementKey::File(key.clone())
}

/// The file key inside an Element key (`None` for a 16-byte key of an old webclient).
pub fn element_file_key(key: &ElementKey) -> Option<FileKey> {
    match key {
        ElementKey::File(k) => Some(k.clone()),
        ElementKey::Legacy(_) => None,
    }
}

/// The Set type of a numeric code (`0` album, `1` playlist; others `Unsupported`).
pub fn set_type_from_code(code: u32) -> Result<SetType> {
    SetType::from_code(u64::from(code))
}

/// The Set type named `"album"` or `"playlist"` (`ApiMisuse` otherwise).
pub fn set_type_named(name: &str) -> Result<SetType> {
    match name {
        "album" => Ok(SetType::Album),
        "playlist" => Ok(SetType::Playlist),
        _ => Err(misuse("Set type must be 'album' or 'playlist'")),
    }
}

/// Records from plain TLV bytes.
fn records(tlv: &[u8]) -> Result<TlvRecords> {
    TlvRecords::from_bytes(tlv)
}

/// Plain TLV bytes of records (sorted by name: equal records give equal bytes).
fn tlv(records: &TlvRecords) -> Result<Vec<u8>> {
    Ok(records.to_bytes()?.to_vec())
}

/// Set attributes from plain (decrypted) TLV bytes, checked.
pub fn set_attributes_from_tlv(bytes: &[u8]) -> Result<SetAttributes> {
    SetAttributes::from_records(records(bytes)?)
}

/// The plain TLV bytes of Set attributes.
pub fn set_attributes_to_tlv(attrs: &SetAttributes) -> Result<Vec<u8>> {
    tlv(attrs.records())
}

/// A copy with the name set (`None` or empty: removed).
pub fn set_attributes_with_name(
    attrs: &SetAttributes,
    name: Option<&str>,
) -> Result<SetAttributes> {
    let mut a = attrs.clone();
    a.set_name(name)?;
    Ok(a)
}

/// A copy with the cover set to an Element id in base64 (`None`: removed).
pub fn set_attributes_with_cover(
    attrs: &SetAttributes,
    cover_b64: Option<&str>,
) -> Result<SetAttributes> {
    let mut a = attrs.clone();
    a.set_cover(cover_b64.map(ElementId::from_b64).transpose()?)?;
    Ok(a)
}

/// The cover Element id in base64.
pub fn set_attributes_cover(attrs: &SetAttributes) -> Option<String> {
    attrs.cover().map(|e| e.to_b64())
}

/// The SDK's cover check before a Set is sent: `ApiMisuse` for a cover on a new Set or a cover
/// that is not one of `element_ids_b64`.
pub fn check_cover<S: AsRef<str>>(
    attrs: &SetAttributes,
    new_set: bool,
    element_ids_b64: &[S],
) -> Result<()> {
    let ids = element_ids_b64
        .iter()
        .map(|s| ElementId::from_b64(s.as_ref()))
        .collect::<Result<Vec<_>>>()?;
    attrs.check_cover(new_set, &ids)
}

/// Seals Set attributes with a fresh random IV.
pub fn seal_set_attributes(key: &SetKey, attrs: &SetAttributes) -> Result<Vec<u8>> {
    sets::seal_set_attributes(key, attrs, &mut rng())
}

/// Element attributes from plain TLV bytes, checked.
pub fn element_attributes_from_tlv(bytes: &[u8]) -> Result<ElementAttributes> {
    ElementAttributes::from_records(records(bytes)?)
}

/// The plain TLV bytes of Element attributes.
pub fn element_attributes_to_tlv(attrs: &ElementAttributes) -> Result<Vec<u8>> {
    tlv(attrs.records())
}

/// A copy with the name set (`None` or empty: removed).
pub fn element_attributes_with_name(
    attrs: &ElementAttributes,
    name: Option<&str>,
) -> Result<ElementAttributes> {
    let mut a = attrs.clone();
    a.set_name(name)?;
    Ok(a)
}

/// Seals Element attributes with a fresh random IV.
pub fn seal_element_attributes(key: &ElementKey, attrs: &ElementAttributes) -> Result<Vec<u8>> {
    sets::seal_element_attributes(key, attrs, &mut rng())
}

// ---------------------------------------------------------------------------- collection links

/// A collection link from a public Set handle (8 base64 characters) and the Set key.
pub fn collection_link(public_handle_b64: &str, key: &SetKey) -> Result<CollectionLink> {
    Ok(CollectionLink::new(
        PublicSetHandle::from_b64(public_handle_b64)?,
        key.clone(),
    ))
}

/// The host named `"mega.nz"` or `"mega.app"` (`ApiMisuse` otherwise).
pub fn link_host_named(name: &str) -> Result<LinkHost> {
    match name {
        "mega.nz" => Ok(LinkHost::MegaNz),
        "mega.app" => Ok(LinkHost::MegaApp),
        _ => Err(misuse("link host must be 'mega.nz' or 'mega.app'")),
    }
}

// ------------------------------------------------------------------ typed private user attributes

/// A typed attribute from plain (decrypted) TLV bytes, checked (`Malformed` on a bad record).
pub fn typed_from_tlv<T: TypedAttribute>(bytes: &[u8]) -> Result<T> {
    T::from_records(records(bytes)?)
}

/// The plain TLV bytes of a typed attribute (unknown records included).
pub fn typed_to_tlv<T: TypedAttribute>(value: &T) -> Result<Vec<u8>> {
    tlv(&value.to_records()?)
}

/// Opens a container sealed under the master key as a typed attribute.
pub fn open_typed<T: TypedAttribute>(master_key: &MasterKey, container: &[u8]) -> Result<T> {
    user_attributes::open(master_key, container)
}

/// Seals a typed attribute under the master key (mode `0x10`, fresh random IV).
pub fn seal_typed<T: TypedAttribute>(master_key: &MasterKey, value: &T) -> Result<Vec<u8>> {
    user_attributes::seal(master_key, value, &mut rng())
}

/// Seals a typed attribute with a caller-chosen 12-byte IV (known answers only).
pub fn seal_typed_with_iv<T: TypedAttribute>(
    master_key: &MasterKey,
    value: &T,
    iv: &[u8],
) -> Result<Vec<u8>> {
    megacrypt::hazmat::seal_user_attribute_with_iv(master_key, value, iv)
}

/// An optional node handle given as base64.
pub fn optional_node_handle(b64: Option<&str>) -> Result<Option<NodeHandle>> {
    b64.map(arg::node_handle).transpose()
}

/// A node handle as base64.
pub fn node_handle_b64(h: Option<NodeHandle>) -> Option<String> {
    h.map(|h| h.to_b64())
}

/// `*!cam` with the primary folder set (`None`: removed).
pub fn camera_uploads_with_primary(
    v: &CameraUploadsFolders,
    folder_b64: Option<&str>,
) -> Result<CameraUploadsFolders> {
    let mut v = v.clone();
    v.set_primary(optional_node_handle(folder_b64)?);
    Ok(v)
}

/// `*!cam` with the secondary folder set (`None`: removed).
pub fn camera_uploads_with_secondary(
    v: &CameraUploadsFolders,
    folder_b64: Option<&str>,
) -> Result<CameraUploadsFolders> {
    let mut v = v.clone();
    v.set_secondary(optional_node_handle(folder_b64)?);
    Ok(v)
}

/// `*!cf` with the folder set (`None`: removed).
pub fn chat_files_with_folder(
    v: &ChatFilesFolder,
    folder_b64: Option<&str>,
) -> Result<ChatFilesFolder> {
    let mut v = v.clone();
    v.set_folder(optional_node_handle(folder_b64)?);
    Ok(v)
}

/// The alias of a contact given by its user handle (base64).
pub fn contact_alias(v: &ContactAliases, user_b64: &str) -> Result<Option<String>> {
    Ok(v.get(&arg::user_handle(user_b64)?).map(String::from))
}

/// `*!>alias` with a contact's alias set (`None` or empty: removed).
pub fn contact_aliases_with_alias(
    v: &ContactAliases,
    user_b64: &str,
    alias: Option<&str>,
) -> Result<ContactAliases> {
    let mut v = v.clone();
    v.set(UserHandle::from_b64(user_b64)?, alias);
    Ok(v)
}

/// The user handles (base64) that have an alias, in order.
pub fn contact_aliases_users(v: &ContactAliases) -> Vec<String> {
    v.iter().map(|(u, _)| u.to_b64()).collect()
}

/// An external drive id (8 bytes) given as its 11 base64 characters.
pub fn drive_id(b64: &str) -> Result<[u8; 8]> {
    if b64.len() != 11 {
        return Err(misuse("drive id must be 8 bytes in base64 (11 characters)"));
    }
    base64::decode_array::<8>(b64)
}

/// The name of a device given by its id hash.
pub fn device_name(v: &DeviceNames, id_hash: &str) -> Option<String> {
    v.device(id_hash).map(String::from)
}

/// The name of an external drive given by its id (base64).
pub fn drive_name(v: &DeviceNames, drive_id_b64: &str) -> Result<Option<String>> {
    Ok(v.drive(&drive_id(drive_id_b64)?).map(String::from))
}

/// `*!dn` with a device's name set (`None` or empty: removed; a name another device has:
/// `ApiMisuse`, as the SDK answers `API_EEXIST`).
pub fn device_names_with_device(
    v: &DeviceNames,
    id_hash: &str,
    name: Option<&str>,
) -> Result<DeviceNames> {
    let mut v = v.clone();
    v.set_device(id_hash, name)?;
    Ok(v)
}

/// `*!dn` with an external drive's name set (same rules as a device).
pub fn device_names_with_drive(
    v: &DeviceNames,
    drive_id_b64: &str,
    name: Option<&str>,
) -> Result<DeviceNames> {
    let mut v = v.clone();
    v.set_drive(drive_id(drive_id_b64)?, name)?;
    Ok(v)
}

/// The device id hashes that have a name, in order.
pub fn device_id_hashes(v: &DeviceNames) -> Vec<String> {
    v.devices().map(|(k, _)| k.to_string()).collect()
}

/// The external drive ids (base64) that have a name, in order.
pub fn drive_ids(v: &DeviceNames) -> Vec<String> {
    v.drives().map(|(k, _)| base64::encode(k)).collect()
}

/// A `*keyring` holding the two 32-byte private keys.
pub fn keyring_from_parts(
    ed25519_seed: &[u8],
    cu25519_private: &[u8],
) -> Result<user_attributes::Keyring> {
    let ed: [u8; 32] = ed25519_seed
        .try_into()
        .map_err(|_| Error::new(ErrorKind::InvalidKey, "Ed25519 seed must be 32 bytes"))?;
    let cu: [u8; 32] = cu25519_private.try_into().map_err(|_| {
        Error::new(
            ErrorKind::InvalidKey,
            "Cu25519 private key must be 32 bytes",
        )
    })?;
    Ok(user_attributes::Keyring::new(ed, cu))
}

// ------------------------------------------------------------------------------------------ TOTP

/// The TOTP hash named `"sha1"`, `"sha256"` or `"sha512"` (`Unsupported` otherwise, as the core
/// reads `alg`).
pub fn totp_algorithm_named(name: &str) -> Result<TotpAlgorithm> {
    TotpAlgorithm::parse(name)
}

/// A TOTP generator from a base32 secret; digits given as `u32` (6 to 10, else `Malformed`).
pub fn totp(
    secret_base32: &str,
    algorithm: TotpAlgorithm,
    digits: u32,
    period: u32,
) -> Result<Totp> {
    Totp::new(secret_base32, algorithm, totp_digits(digits)?, period)
}

/// A TOTP generator from raw secret bytes.
pub fn totp_from_secret(
    secret: &[u8],
    algorithm: TotpAlgorithm,
    digits: u32,
    period: u32,
) -> Result<Totp> {
    Totp::from_secret(secret, algorithm, totp_digits(digits)?, period)
}

/// Digits given as `u32`: anything that is not 6 to 10 is `Malformed` (the core's verdict).
fn totp_digits(digits: u32) -> Result<u8> {
    u8::try_from(digits).map_err(|_| {
        Error::new(
            ErrorKind::Malformed,
            "TOTP: digits must be between 6 and 10",
        )
    })
}

/// A TOTP spec (the `totp` object of a password item) from explicit parameters.
pub fn totp_spec(
    secret_base32: &str,
    algorithm: TotpAlgorithm,
    digits: u32,
    period: u32,
) -> Result<TotpSpec> {
    TotpSpec::new(secret_base32, algorithm, totp_digits(digits)?, period)
}

/// A Unix time in seconds given as a JavaScript number: a non-negative safe integer.
pub fn unix_time(seconds: f64) -> Result<u64> {
    if seconds.is_finite()
        && seconds >= 0.0
        && seconds.fract() == 0.0
        && seconds <= 9_007_199_254_740_991.0
    {
        Ok(seconds as u64)
    } else {
        Err(misuse(
            "a time must be a non-negative safe integer (seconds)",
        ))
    }
}

/// The base32 decoding of a TOTP secret (secret bytes).
pub fn decode_base32(text: &str) -> Result<Vec<u8>> {
    Ok(megacrypt::totp::decode_base32(text)?.to_vec())
}

// -------------------------------------------------------------------------------- password items

/// A new password item.
pub fn password_item_password(password: &str) -> PasswordItem {
    PasswordItem::Password(PasswordEntry::new(password))
}

/// A new credit-card item.
pub fn password_item_credit_card(number: &str) -> PasswordItem {
    PasswordItem::CreditCard(CreditCard::new(number))
}

/// Reads the `pwm` attribute of decrypted node attributes.
pub fn password_item_from_node_attributes(
    attrs: &megacrypt::attributes::NodeAttributes,
) -> Result<PasswordItem> {
    PasswordItem::from_node_attributes(attrs)
}

/// The `pwm` JSON text (unknown fields kept; `t` and `nd` written as integers).
pub fn password_item_to_json(item: &PasswordItem) -> String {
    item.to_value().to_string()
}

/// Whether the item is a credit card.
pub fn password_item_is_credit_card(item: &PasswordItem) -> bool {
    matches!(item, PasswordItem::CreditCard(_))
}

fn entry(item: &PasswordItem) -> Option<&PasswordEntry> {
    match item {
        PasswordItem::Password(p) => Some(p),
        PasswordItem::CreditCard(_) => None,
    }
}

fn card(item: &PasswordItem) -> Option<&CreditCard> {
    match item {
        PasswordItem::CreditCard(c) => Some(c),
        PasswordItem::Password(_) => None,
    }
}

/// The password of a password item (secret).
pub fn password_item_password_text(item: &PasswordItem) -> Option<String> {
    entry(item).map(|p| p.password().to_string())
}

/// The user name of a password item, or the holder of a card (both are `u`).
pub fn password_item_user_name(item: &PasswordItem) -> Option<String> {
    match item {
        PasswordItem::Password(p) => p.user_name().map(String::from),
        PasswordItem::CreditCard(c) => c.holder().map(String::from),
    }
}

/// The URL of a password item.
pub fn password_item_url(item: &PasswordItem) -> Option<String> {
    entry(item).and_then(|p| p.url()).map(String::from)
}

/// The notes of either kind.
pub fn password_item_notes(item: &PasswordItem) -> Option<String> {
    match item {
        PasswordItem::Password(p) => p.notes().map(String::from),
        PasswordItem::CreditCard(c) => c.notes().map(String::from),
    }
}

/// The TOTP of a password item.
pub fn password_item_totp(item: &PasswordItem) -> Option<TotpSpec> {
    entry(item).and_then(|p| p.totp()).cloned()
}

/// The card number (secret).
pub fn password_item_card_number(item: &PasswordItem) -> Option<String> {
    card(item).map(|c| c.number().to_string())
}

/// The card's CVV (secret).
pub fn password_item_cvv(item: &PasswordItem) -> Option<String> {
    card(item).and_then(|c| c.cvv()).map(String::from)
}

/// The card's expiry text.
pub fn password_item_expiry(item: &PasswordItem) -> Option<String> {
    card(item).and_then(|c| c.expiry()).map(String::from)
}

/// Which field a `with*` call changes.
#[derive(Clone, Copy, Debug)]
pub enum ItemField {
    /// `u`: user name of a password, holder of a card.
    UserName,
    /// `url` (password items only).
    Url,
    /// `n` (both kinds).
    Notes,
    /// `cvv` (cards only).
    Cvv,
    /// `exp` (cards only).
    Expiry,
}

/// A copy with a text field set (`None`: removed); a field the kind does not have is
/// `ApiMisuse`.
pub fn password_item_with(
    item: &PasswordItem,
    field: ItemField,
    value: Option<&str>,
) -> Result<PasswordItem> {
    let mut item = item.clone();
    match (&mut item, field) {
        (PasswordItem::Password(p), ItemField::UserName) => p.set_user_name(value),
        (PasswordItem::Password(p), ItemField::Url) => p.set_url(value),
        (PasswordItem::Password(p), ItemField::Notes) => p.set_notes(value),
        (PasswordItem::CreditCard(c), ItemField::UserName) => c.set_holder(value),
        (PasswordItem::CreditCard(c), ItemField::Notes) => c.set_notes(value),
        (PasswordItem::CreditCard(c), ItemField::Cvv) => c.set_cvv(value),
        (PasswordItem::CreditCard(c), ItemField::Expiry) => c.set_expiry(value),
        (PasswordItem::Password(_), _) => {
            return Err(misuse("password items have no cvv or expiry"));
        }
        (PasswordItem::CreditCard(_), _) => {
            return Err(misuse("credit-card items have no url"));
        }
    }
    Ok(item)
}

/// A copy of a password item with its TOTP set or removed (`ApiMisuse` for a card).
pub fn password_item_with_totp(
    item: &PasswordItem,
    totp: Option<TotpSpec>,
) -> Result<PasswordItem> {
    let mut item = item.clone();
    match &mut item {
        PasswordItem::Password(p) => p.set_totp(totp),
        PasswordItem::CreditCard(_) => return Err(misuse("credit-card items have no totp")),
    }
    Ok(item)
}

#[cfg(test)]
mod tests {
    use super::*;
    use megacrypt::ErrorKind;

    #[test]
    fn digits_outside_a_byte_are_malformed_like_the_core() {
        for d in [5, 11, 256, u32::MAX] {
            assert_eq!(
                totp("GEZDGNBVGY3TQOJQ", TotpAlgorithm::Sha1, d, 30)
                    .unwrap_err()
                    .kind(),
                ErrorKind::Malformed,
                "{d}"
            );
        }
    }

    #[test]
    fn unix_times_are_safe_integers() {
        assert_eq!(unix_time(59.0).unwrap(), 59);
        for bad in [-1.0, 0.5, f64::NAN, 9_007_199_254_740_992.0] {
            assert_eq!(unix_time(bad).unwrap_err().kind(), ErrorKind::ApiMisuse);
        }
    }

    #[test]
    fn drive_ids_are_eight_bytes() {
        assert_eq!(drive_id("AQIDBAUGBwg").unwrap(), [1, 2, 3, 4, 5, 6, 7, 8]);
        assert!(drive_id("AQIDBAUGBw").is_err());
    }

    #[test]
    fn fields_of_the_other_kind_are_misuse() {
        let p = password_item_password("pw");
        assert_eq!(
            password_item_with(&p, ItemField::Cvv, Some("1"))
                .unwrap_err()
                .kind(),
            ErrorKind::ApiMisuse
        );
        let c = password_item_credit_card("4111");
        assert_eq!(
            password_item_with_totp(&c, None).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
        let c = password_item_with(&c, ItemField::UserName, Some("A B")).unwrap();
        assert_eq!(password_item_user_name(&c).as_deref(), Some("A B"));
        assert!(password_item_to_json(&c).contains("\"u\":\"A B\""));
    }
}
