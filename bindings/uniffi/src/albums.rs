//! Albums and account settings: Sets and Elements (MEGA Photos albums and playlists), `collection/`
//! links, the typed private user attributes, password-manager items and TOTP. Annotations only:
//! the conversions and compositions are `megacrypt_foreign::albums`. Every object is immutable; a
//! change (`withName`, `withPrimary`, …) returns a new object.

use std::sync::Arc;

use megacrypt::link::{self as ml, LinkHost, LinkKind};
use megacrypt::password_item as mp;
use megacrypt::sets::{self as ms, SetType};
use megacrypt::totp::{self as mt, TotpAlgorithm};
use megacrypt::user_attributes::{self as mu, TypedAttribute};
use megacrypt_foreign::albums as fa;
use megacrypt_foreign::albums::ItemField;

use crate::attributes::NodeAttributes;
use crate::error::FfiResult;
use crate::keys::{AesKey, FileKey, MasterKey, SetKey};

// ------------------------------------------------------------------------------------- enums

/// The type of a Set.
#[uniffi::remote(Enum)]
pub enum SetType {
    /// `0`: a photo album.
    Album,
    /// `1`: a playlist.
    Playlist,
}

/// The host of a `collection/` link.
#[uniffi::remote(Enum)]
pub enum LinkHost {
    /// `https://mega.nz`.
    MegaNz,
    /// `https://mega.app`.
    MegaApp,
}

/// The HMAC hash of a TOTP.
#[uniffi::remote(Enum)]
pub enum TotpAlgorithm {
    /// HMAC-SHA-1 (the default).
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

/// The Set type of a numeric code (`0` album, `1` playlist; others `Unsupported`).
#[uniffi::export]
pub fn set_type_from_code(code: u32) -> FfiResult<SetType> {
    Ok(fa::set_type_from_code(code)?)
}

/// The numeric code of a Set type (the `t` of `asp`).
#[uniffi::export]
pub fn set_type_code(set_type: SetType) -> u8 {
    set_type.code()
}

// -------------------------------------------------------------------------------------- keys

/// An Element's key: the file's 32-byte node key (or a 16-byte key of an old webclient).
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct ElementKey(pub(crate) ms::ElementKey);

#[uniffi::export]
impl ElementKey {
    /// Raw key bytes: 32 (a file's node key) or 16 (old webclients); `InvalidKey` otherwise.
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ElementKey(ms::ElementKey::from_slice(bytes)?)))
    }

    /// The Element key of a file (its node key).
    #[uniffi::constructor]
    pub fn from_file_key(key: Arc<FileKey>) -> Arc<Self> {
        Arc::new(ElementKey(fa::element_key_from_file_key(&key.0)))
    }

    /// The raw key bytes (32 or 16). Secret.
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }

    /// The AES key of the Element's attributes and its node's metadata (the folded node key).
    pub fn attribute_key(&self) -> Arc<AesKey> {
        Arc::new(AesKey(self.0.attribute_key().clone()))
    }

    /// The file key, for a 32-byte Element key.
    pub fn file_key(&self) -> Option<Arc<FileKey>> {
        fa::element_file_key(&self.0).map(|k| Arc::new(FileKey(k)))
    }
}

/// Encrypts a Set key under the master key (`asp`'s `k`, 16 bytes).
#[uniffi::export]
pub fn wrap_set_key(master_key: Arc<MasterKey>, set_key: Arc<SetKey>) -> Vec<u8> {
    ms::wrap_set_key(&master_key.0, &set_key.0).to_vec()
}

/// Decrypts a Set's `k` (16 bytes) with the master key. Not authenticated: proven right only when
/// the Set's attributes open.
#[uniffi::export]
pub fn unwrap_set_key(master_key: Arc<MasterKey>, wrapped: &[u8]) -> FfiResult<Arc<SetKey>> {
    Ok(Arc::new(SetKey(ms::unwrap_set_key(
        &master_key.0,
        wrapped,
    )?)))
}

/// Encrypts an Element key under its Set key (AES-CBC, zero IV: chained blocks, not ECB).
#[uniffi::export]
pub fn wrap_element_key(set_key: Arc<SetKey>, element_key: Arc<ElementKey>) -> Vec<u8> {
    ms::wrap_element_key(&set_key.0, &element_key.0)
}

/// Decrypts an Element's `k` (32 or 16 bytes) with its Set key.
#[uniffi::export]
pub fn unwrap_element_key(set_key: Arc<SetKey>, wrapped: &[u8]) -> FfiResult<Arc<ElementKey>> {
    Ok(Arc::new(ElementKey(ms::unwrap_element_key(
        &set_key.0, wrapped,
    )?)))
}

// -------------------------------------------------------------------------------- attributes

/// A Set's attributes: name, cover (an Element id), and any other record, kept.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct SetAttributes(pub(crate) ms::SetAttributes);

#[uniffi::export]
impl SetAttributes {
    /// No attributes.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(SetAttributes(ms::SetAttributes::new()))
    }

    /// Plain (decrypted) TLV bytes, checked (`Malformed`: name not UTF-8, cover not an id).
    #[uniffi::constructor]
    pub fn from_bytes(tlv: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(SetAttributes(fa::set_attributes_from_tlv(tlv)?)))
    }

    /// The plain TLV bytes (records sorted by name).
    pub fn to_bytes(&self) -> FfiResult<Vec<u8>> {
        Ok(fa::set_attributes_to_tlv(&self.0)?)
    }

    /// The name.
    pub fn name(&self) -> Option<String> {
        self.0.name().map(String::from)
    }

    /// The cover Element id (base64).
    pub fn cover(&self) -> Option<String> {
        fa::set_attributes_cover(&self.0)
    }

    /// A copy with the name set (`None` or empty: removed).
    pub fn with_name(&self, name: Option<String>) -> FfiResult<Arc<SetAttributes>> {
        Ok(Arc::new(SetAttributes(fa::set_attributes_with_name(
            &self.0,
            name.as_deref(),
        )?)))
    }

    /// A copy with the cover Element (base64 id) set (`None`: removed).
    pub fn with_cover(&self, cover_b64: Option<String>) -> FfiResult<Arc<SetAttributes>> {
        Ok(Arc::new(SetAttributes(fa::set_attributes_with_cover(
            &self.0,
            cover_b64.as_deref(),
        )?)))
    }

    /// The SDK's check before sending: a new Set has no cover, a cover is one of the Set's
    /// Elements (`ApiMisuse` otherwise).
    pub fn check_cover(&self, new_set: bool, element_ids_b64: Vec<String>) -> FfiResult<()> {
        Ok(fa::check_cover(&self.0, new_set, &element_ids_b64)?)
    }
}

/// An Element's attributes: name, and any other record, kept.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct ElementAttributes(pub(crate) ms::ElementAttributes);

#[uniffi::export]
impl ElementAttributes {
    /// No attributes.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(ElementAttributes(ms::ElementAttributes::new()))
    }

    /// Plain (decrypted) TLV bytes, checked.
    #[uniffi::constructor]
    pub fn from_bytes(tlv: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ElementAttributes(
            fa::element_attributes_from_tlv(tlv)?,
        )))
    }

    /// The plain TLV bytes.
    pub fn to_bytes(&self) -> FfiResult<Vec<u8>> {
        Ok(fa::element_attributes_to_tlv(&self.0)?)
    }

    /// The name.
    pub fn name(&self) -> Option<String> {
        self.0.name().map(String::from)
    }

    /// A copy with the name set (`None` or empty: removed).
    pub fn with_name(&self, name: Option<String>) -> FfiResult<Arc<ElementAttributes>> {
        Ok(Arc::new(ElementAttributes(
            fa::element_attributes_with_name(&self.0, name.as_deref())?,
        )))
    }
}

/// Encrypts Set attributes (fresh random IV); empty attributes give an empty `at`.
#[uniffi::export]
pub fn seal_set_attributes(key: Arc<SetKey>, attrs: Arc<SetAttributes>) -> FfiResult<Vec<u8>> {
    Ok(fa::seal_set_attributes(&key.0, &attrs.0)?)
}

/// Hazardous: encrypts Set attributes with a caller-chosen 12-byte IV (known answers only).
#[uniffi::export]
pub fn hazmat_seal_set_attributes_with_iv(
    key: Arc<SetKey>,
    attrs: Arc<SetAttributes>,
    iv: &[u8],
) -> FfiResult<Vec<u8>> {
    Ok(megacrypt::hazmat::seal_set_attributes_with_iv(
        &key.0, &attrs.0, iv,
    )?)
}

/// Decrypts a Set's `at` (empty: no attributes; `Decrypt` on a tag failure).
#[uniffi::export]
pub fn open_set_attributes(key: Arc<SetKey>, at: &[u8]) -> FfiResult<Arc<SetAttributes>> {
    Ok(Arc::new(SetAttributes(ms::open_set_attributes(
        &key.0, at,
    )?)))
}

/// Encrypts Element attributes under the folded Element key (fresh random IV).
#[uniffi::export]
pub fn seal_element_attributes(
    key: Arc<ElementKey>,
    attrs: Arc<ElementAttributes>,
) -> FfiResult<Vec<u8>> {
    Ok(fa::seal_element_attributes(&key.0, &attrs.0)?)
}

/// Hazardous: encrypts Element attributes with a caller-chosen 12-byte IV (known answers only).
#[uniffi::export]
pub fn hazmat_seal_element_attributes_with_iv(
    key: Arc<ElementKey>,
    attrs: Arc<ElementAttributes>,
    iv: &[u8],
) -> FfiResult<Vec<u8>> {
    Ok(megacrypt::hazmat::seal_element_attributes_with_iv(
        &key.0, &attrs.0, iv,
    )?)
}

/// Decrypts an Element's `at` under the folded Element key.
#[uniffi::export]
pub fn open_element_attributes(
    key: Arc<ElementKey>,
    at: &[u8],
) -> FfiResult<Arc<ElementAttributes>> {
    Ok(Arc::new(ElementAttributes(ms::open_element_attributes(
        &key.0, at,
    )?)))
}

/// Decrypts the node metadata of a public album preview (`MEGA{…}` under the Element key;
/// `Decrypt` for a wrong key).
#[uniffi::export]
pub fn open_preview_node_attributes(
    key: Arc<ElementKey>,
    at: &[u8],
) -> FfiResult<Arc<NodeAttributes>> {
    Ok(Arc::new(NodeAttributes(ms::open_preview_node_attributes(
        &key.0, at,
    )?)))
}

/// [`open_preview_node_attributes`] on the base64 `at` text.
#[uniffi::export]
pub fn open_preview_node_attributes_b64(
    key: Arc<ElementKey>,
    at_b64: String,
) -> FfiResult<Arc<NodeAttributes>> {
    Ok(Arc::new(NodeAttributes(
        ms::open_preview_node_attributes_b64(&key.0, &at_b64)?,
    )))
}

// -------------------------------------------------------------------------- collection links

/// A public album link: `https://mega.nz/collection/<public handle>#<Set key>`. Parsed strictly
/// (the written form only; the SDK reads some looser forms, refused here with `Malformed`).
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct CollectionLink(pub(crate) ml::CollectionLink);

#[uniffi::export]
impl CollectionLink {
    /// A link from a public Set handle (8 base64 characters) and the Set key.
    #[uniffi::constructor]
    pub fn new(public_handle_b64: String, key: Arc<SetKey>) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(CollectionLink(fa::collection_link(
            &public_handle_b64,
            &key.0,
        )?)))
    }

    /// Parses `https://mega.nz/collection/<H>#<K>` (or `mega.app`).
    #[uniffi::constructor]
    pub fn parse(url: String) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(CollectionLink(ml::CollectionLink::parse(&url)?)))
    }

    /// Always `Collection`.
    pub fn kind(&self) -> LinkKind {
        LinkKind::Collection
    }

    /// The public Set handle (base64, 8 characters).
    pub fn public_handle(&self) -> String {
        self.0.handle().to_b64()
    }

    /// The Set key.
    pub fn set_key(&self) -> Arc<SetKey> {
        Arc::new(SetKey(self.0.key().clone()))
    }

    /// The host the link was parsed from (`MegaNz` for a built link).
    pub fn host(&self) -> LinkHost {
        self.0.host()
    }

    /// `https://mega.nz/collection/<H>#<K>`. Contains the key: secret.
    pub fn to_url(&self) -> String {
        self.0.to_url()
    }

    /// The URL on a given host. Contains the key: secret.
    pub fn to_url_on(&self, host: LinkHost) -> String {
        self.0.to_url_on(host)
    }
}

// ------------------------------------------------------------------ typed private user attributes

/// The part every typed user attribute shares: empty value, plain TLV bytes in and out, opening
/// and sealing under the master key, the attribute's name.
macro_rules! typed_attribute {
    ($(#[$m:meta])* $name:ident, $core:ty) => {
        $(#[$m])*
        #[derive(Debug, PartialEq, Eq, uniffi::Object)]
        #[uniffi::export(Debug, Eq)]
        pub struct $name(pub(crate) $core);

        #[uniffi::export]
        impl $name {
            /// The empty attribute.
            #[uniffi::constructor]
            pub fn new() -> Arc<Self> {
                Arc::new($name(<$core>::default()))
            }

            /// Plain (decrypted) TLV bytes, checked (`Malformed` on a bad record).
            #[uniffi::constructor]
            pub fn from_bytes(tlv: &[u8]) -> FfiResult<Arc<Self>> {
                Ok(Arc::new($name(fa::typed_from_tlv(tlv)?)))
            }

            /// Opens the container sealed under the master key.
            #[uniffi::constructor]
            pub fn open(master_key: Arc<MasterKey>, container: &[u8]) -> FfiResult<Arc<Self>> {
                Ok(Arc::new($name(fa::open_typed(&master_key.0, container)?)))
            }

            /// The plain TLV bytes (unknown records included).
            pub fn to_bytes(&self) -> FfiResult<Vec<u8>> {
                Ok(fa::typed_to_tlv(&self.0)?)
            }

            /// Seals under the master key (mode `0x10`, fresh random IV).
            pub fn seal(&self, master_key: Arc<MasterKey>) -> FfiResult<Vec<u8>> {
                Ok(fa::seal_typed(&master_key.0, &self.0)?)
            }

            /// Hazardous: seals with a caller-chosen 12-byte IV (known answers only).
            pub fn hazmat_seal_with_iv(&self, master_key: Arc<MasterKey>, iv: &[u8]) -> FfiResult<Vec<u8>> {
                Ok(fa::seal_typed_with_iv(&master_key.0, &self.0, iv)?)
            }

            /// The user attribute's name, e.g. `*!cam`.
            pub fn attribute_name(&self) -> String {
                <$core as TypedAttribute>::NAME.to_string()
            }
        }
    };
}

typed_attribute!(
    /// `*!cam`: the Camera Uploads target folders.
    CameraUploadsFolders, mu::CameraUploadsFolders
);
typed_attribute!(
    /// `*!cf`: the "My chat files" folder.
    ChatFilesFolder, mu::ChatFilesFolder
);
typed_attribute!(
    /// `*!>alias`: contact nicknames by user handle.
    ContactAliases, mu::ContactAliases
);
typed_attribute!(
    /// `*!dn`: device and external drive names (unique).
    DeviceNames, mu::DeviceNames
);
typed_attribute!(
    /// `*!rp`: rich link previews (enabled flag, warning counter).
    RichPreviews, mu::RichPreviews
);
typed_attribute!(
    /// `*!geo`: geolocation messages allowed.
    Geolocation, mu::Geolocation
);
typed_attribute!(
    /// `*keyring`: the Ed25519 seed and the Cu25519 private key.
    Keyring, mu::Keyring
);
typed_attribute!(
    /// `*!authring` / `*!authCu255`: a legacy authring, kept as its raw records.
    LegacyAuthring, mu::LegacyAuthring
);

#[uniffi::export]
impl CameraUploadsFolders {
    /// The primary folder (node handle, base64).
    pub fn primary(&self) -> Option<String> {
        fa::node_handle_b64(self.0.primary())
    }

    /// The secondary folder (node handle, base64).
    pub fn secondary(&self) -> Option<String> {
        fa::node_handle_b64(self.0.secondary())
    }

    /// A copy with the primary folder set (`None`: removed).
    pub fn with_primary(&self, folder_b64: Option<String>) -> FfiResult<Arc<CameraUploadsFolders>> {
        Ok(Arc::new(CameraUploadsFolders(
            fa::camera_uploads_with_primary(&self.0, folder_b64.as_deref())?,
        )))
    }

    /// A copy with the secondary folder set (`None`: removed).
    pub fn with_secondary(
        &self,
        folder_b64: Option<String>,
    ) -> FfiResult<Arc<CameraUploadsFolders>> {
        Ok(Arc::new(CameraUploadsFolders(
            fa::camera_uploads_with_secondary(&self.0, folder_b64.as_deref())?,
        )))
    }
}

#[uniffi::export]
impl ChatFilesFolder {
    /// The folder (node handle, base64).
    pub fn folder(&self) -> Option<String> {
        fa::node_handle_b64(self.0.folder())
    }

    /// A copy with the folder set (`None`: removed).
    pub fn with_folder(&self, folder_b64: Option<String>) -> FfiResult<Arc<ChatFilesFolder>> {
        Ok(Arc::new(ChatFilesFolder(fa::chat_files_with_folder(
            &self.0,
            folder_b64.as_deref(),
        )?)))
    }
}

#[uniffi::export]
impl ContactAliases {
    /// The alias of a contact (user handle, base64).
    pub fn get(&self, user_b64: String) -> FfiResult<Option<String>> {
        Ok(fa::contact_alias(&self.0, &user_b64)?)
    }

    /// The contacts that have an alias (user handles, base64), in order.
    pub fn keys(&self) -> Vec<String> {
        fa::contact_aliases_users(&self.0)
    }

    /// The number of aliases.
    pub fn size(&self) -> u32 {
        megacrypt_foreign::arg::len_u32(self.0.iter().count())
    }

    /// A copy with a contact's alias set (`None` or empty: removed).
    pub fn with_alias(
        &self,
        user_b64: String,
        alias: Option<String>,
    ) -> FfiResult<Arc<ContactAliases>> {
        Ok(Arc::new(ContactAliases(fa::contact_aliases_with_alias(
            &self.0,
            &user_b64,
            alias.as_deref(),
        )?)))
    }
}

#[uniffi::export]
impl DeviceNames {
    /// The name of a device, by its id hash ([`device_id_hash`]).
    pub fn device(&self, id_hash: String) -> Option<String> {
        fa::device_name(&self.0, &id_hash)
    }

    /// The name of an external drive, by its 8-byte id in base64.
    pub fn drive(&self, drive_id_b64: String) -> FfiResult<Option<String>> {
        Ok(fa::drive_name(&self.0, &drive_id_b64)?)
    }

    /// The device id hashes that have a name.
    pub fn device_id_hashes(&self) -> Vec<String> {
        fa::device_id_hashes(&self.0)
    }

    /// The external drive ids (base64) that have a name.
    pub fn drive_ids(&self) -> Vec<String> {
        fa::drive_ids(&self.0)
    }

    /// A copy with a device's name set (`None` or empty: removed; a name another device or
    /// drive has: `ApiMisuse`).
    pub fn with_device(
        &self,
        id_hash: String,
        name: Option<String>,
    ) -> FfiResult<Arc<DeviceNames>> {
        Ok(Arc::new(DeviceNames(fa::device_names_with_device(
            &self.0,
            &id_hash,
            name.as_deref(),
        )?)))
    }

    /// A copy with an external drive's name set (same rules).
    pub fn with_drive(
        &self,
        drive_id_b64: String,
        name: Option<String>,
    ) -> FfiResult<Arc<DeviceNames>> {
        Ok(Arc::new(DeviceNames(fa::device_names_with_drive(
            &self.0,
            &drive_id_b64,
            name.as_deref(),
        )?)))
    }
}

#[uniffi::export]
impl RichPreviews {
    /// Whether rich previews are on (`None`: never chosen).
    pub fn enabled(&self) -> Option<bool> {
        self.0.enabled()
    }

    /// How often the user was warned (`None`: never).
    pub fn warning_count(&self) -> Option<u32> {
        self.0.warning_count()
    }

    /// A copy with the choice set (`None`: removed).
    pub fn with_enabled(&self, enabled: Option<bool>) -> Arc<RichPreviews> {
        let mut v = self.0.clone();
        v.set_enabled(enabled);
        Arc::new(RichPreviews(v))
    }

    /// A copy with the warning counter set (`None`: removed).
    pub fn with_warning_count(&self, count: Option<u32>) -> Arc<RichPreviews> {
        let mut v = self.0.clone();
        v.set_warning_count(count);
        Arc::new(RichPreviews(v))
    }
}

#[uniffi::export]
impl Geolocation {
    /// Whether geolocation messages are allowed.
    pub fn enabled(&self) -> bool {
        self.0.enabled()
    }

    /// A copy with the flag set.
    pub fn with_enabled(&self, enabled: bool) -> Arc<Geolocation> {
        let mut v = self.0.clone();
        v.set_enabled(enabled);
        Arc::new(Geolocation(v))
    }
}

#[uniffi::export]
impl Keyring {
    /// A keyring with both 32-byte private keys (`InvalidKey` for another length).
    #[uniffi::constructor]
    pub fn from_parts(ed25519_seed: &[u8], cu25519_private: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Keyring(fa::keyring_from_parts(
            ed25519_seed,
            cu25519_private,
        )?)))
    }

    /// The Ed25519 seed (`prEd255`). Secret.
    pub fn export_ed25519_seed(&self) -> Option<Vec<u8>> {
        self.0.ed25519_seed().map(|k| k.to_vec())
    }

    /// The Cu25519 private key (`prCu255`). Secret.
    pub fn export_cu25519_private(&self) -> Option<Vec<u8>> {
        self.0.cu25519_private().map(|k| k.to_vec())
    }
}

#[uniffi::export]
impl LegacyAuthring {
    /// Wraps the raw authring record bytes (29-byte records, not interpreted).
    #[uniffi::constructor]
    pub fn from_raw(raw: &[u8]) -> Arc<Self> {
        Arc::new(LegacyAuthring(mu::LegacyAuthring::from_raw(raw)))
    }

    /// The raw authring record bytes.
    pub fn raw(&self) -> Vec<u8> {
        self.0.raw().to_vec()
    }
}

/// The `*!dn` key of a device: base64 of SHA-256 of its device id (empty for an empty id).
#[uniffi::export]
pub fn device_id_hash(device_id: &[u8]) -> String {
    mu::device_id_hash(device_id)
}

// ------------------------------------------------------------------------------------------ TOTP

/// A TOTP generator and verifier (RFC 6238). Times are seconds since the Unix epoch, given by the
/// caller. `toString()` never shows the secret.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Totp(pub(crate) mt::Totp);

#[uniffi::export]
impl Totp {
    /// From a base32 secret; digits 6–10, period at least 1 s (`Malformed`), a secret with no
    /// base32 character (`InvalidKey`).
    #[uniffi::constructor]
    pub fn new(
        secret_base32: String,
        algorithm: TotpAlgorithm,
        digits: u32,
        period: u32,
    ) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Totp(fa::totp(
            &secret_base32,
            algorithm,
            digits,
            period,
        )?)))
    }

    /// From the raw secret bytes.
    #[uniffi::constructor]
    pub fn from_secret(
        secret: &[u8],
        algorithm: TotpAlgorithm,
        digits: u32,
        period: u32,
    ) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Totp(fa::totp_from_secret(
            secret, algorithm, digits, period,
        )?)))
    }

    /// The code at a Unix time (seconds), zero-padded.
    pub fn code_at(&self, unix_time: u64) -> String {
        self.0.code_at(unix_time).to_string()
    }

    /// The RFC 4226 HOTP value of a counter.
    pub fn hotp(&self, counter: u64) -> String {
        self.0.hotp(counter).to_string()
    }

    /// Checks a code at a Unix time, accepting `window` periods before and after; constant time
    /// over every candidate. A window above 100 is `ApiMisuse`.
    pub fn verify(&self, code: String, unix_time: u64, window: u32) -> FfiResult<bool> {
        Ok(self.0.verify(&code, unix_time, window)?)
    }

    /// Seconds until the code at `unix_time` changes.
    pub fn remaining_seconds(&self, unix_time: u64) -> u32 {
        self.0.remaining_seconds(unix_time)
    }

    /// The hash.
    pub fn algorithm(&self) -> TotpAlgorithm {
        self.0.algorithm()
    }

    /// The number of digits.
    pub fn digits(&self) -> u8 {
        self.0.digits()
    }

    /// The period in seconds.
    pub fn period(&self) -> u32 {
        self.0.period()
    }
}

/// Decodes RFC 4648 base32 as MEGA reads TOTP secrets (either case, optional padding).
#[uniffi::export]
pub fn decode_base32(text: String) -> FfiResult<Vec<u8>> {
    Ok(fa::decode_base32(&text)?)
}

/// Encodes bytes as RFC 4648 base32 (upper case, `=` padding).
#[uniffi::export]
pub fn encode_base32(bytes: &[u8]) -> String {
    mt::encode_base32(bytes)
}

// -------------------------------------------------------------------------------- password items

/// The `totp` object of a password item: base32 secret and parameters (missing ones take MEGA's
/// defaults: SHA-1, 6 digits, 30 s).
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct TotpSpec(pub(crate) mp::TotpSpec);

#[uniffi::export]
impl TotpSpec {
    /// From a base32 secret and explicit parameters (validated as `Totp` does).
    #[uniffi::constructor]
    pub fn new(
        secret_base32: String,
        algorithm: TotpAlgorithm,
        digits: u32,
        period: u32,
    ) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(TotpSpec(fa::totp_spec(
            &secret_base32,
            algorithm,
            digits,
            period,
        )?)))
    }

    /// The base32 shared secret (`shse`). Secret.
    pub fn export_shared_secret(&self) -> String {
        self.0.shared_secret().to_string()
    }

    /// The generator.
    pub fn to_totp(&self) -> FfiResult<Arc<Totp>> {
        Ok(Arc::new(Totp(self.0.to_totp()?)))
    }
}

/// A password-manager item (the `pwm` node attribute): a password (with optional TOTP) or a
/// credit card. Unknown fields are kept; secrets leave only through `export*`.
#[derive(Debug, PartialEq, Eq, uniffi::Object)]
#[uniffi::export(Debug, Eq)]
pub struct PasswordItem(pub(crate) mp::PasswordItem);

fn item(v: mp::PasswordItem) -> Arc<PasswordItem> {
    Arc::new(PasswordItem(v))
}

#[uniffi::export]
impl PasswordItem {
    /// A new password item.
    #[uniffi::constructor]
    pub fn password(password: String) -> Arc<Self> {
        item(fa::password_item_password(&password))
    }

    /// A new credit-card item.
    #[uniffi::constructor]
    pub fn credit_card(number: String) -> Arc<Self> {
        item(fa::password_item_credit_card(&number))
    }

    /// Parses the `pwm` JSON (strict types: `Malformed`; unknown `t`: `Unsupported`). `t` and
    /// `nd` of a TOTP are read as integers or decimal text.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> FfiResult<Arc<Self>> {
        Ok(item(mp::PasswordItem::from_json(&json)?))
    }

    /// Reads the `pwm` attribute of decrypted node attributes.
    #[uniffi::constructor]
    pub fn from_node_attributes(attrs: Arc<NodeAttributes>) -> FfiResult<Arc<Self>> {
        Ok(item(fa::password_item_from_node_attributes(&attrs.0)?))
    }

    /// The `pwm` JSON (unknown fields kept; `t` and `nd` written as integers). Contains secrets.
    pub fn to_json(&self) -> String {
        fa::password_item_to_json(&self.0)
    }

    /// `attrs` with `pwm` set to this item.
    pub fn to_node_attributes(&self, attrs: Arc<NodeAttributes>) -> Arc<NodeAttributes> {
        Arc::new(NodeAttributes(self.0.to_node_attributes(&attrs.0)))
    }

    /// Whether this is a credit card (else a password).
    pub fn is_credit_card(&self) -> bool {
        fa::password_item_is_credit_card(&self.0)
    }

    /// The password of a password item. Secret.
    pub fn export_password(&self) -> Option<String> {
        fa::password_item_password_text(&self.0)
    }

    /// The user name (`u`; a card's holder).
    pub fn user_name(&self) -> Option<String> {
        fa::password_item_user_name(&self.0)
    }

    /// The URL of a password item.
    pub fn url(&self) -> Option<String> {
        fa::password_item_url(&self.0)
    }

    /// The notes.
    pub fn notes(&self) -> Option<String> {
        fa::password_item_notes(&self.0)
    }

    /// The TOTP of a password item.
    pub fn totp(&self) -> Option<Arc<TotpSpec>> {
        fa::password_item_totp(&self.0).map(|t| Arc::new(TotpSpec(t)))
    }

    /// The card number. Secret.
    pub fn export_card_number(&self) -> Option<String> {
        fa::password_item_card_number(&self.0)
    }

    /// The card's CVV. Secret.
    pub fn export_cvv(&self) -> Option<String> {
        fa::password_item_cvv(&self.0)
    }

    /// The card's expiry.
    pub fn expiry(&self) -> Option<String> {
        fa::password_item_expiry(&self.0)
    }

    /// A copy with the user name (a card's holder) set (`None`: removed).
    pub fn with_user_name(&self, value: Option<String>) -> FfiResult<Arc<PasswordItem>> {
        self.with(ItemField::UserName, value)
    }

    /// A copy with the URL set (password items only, else `ApiMisuse`).
    pub fn with_url(&self, value: Option<String>) -> FfiResult<Arc<PasswordItem>> {
        self.with(ItemField::Url, value)
    }

    /// A copy with the notes set.
    pub fn with_notes(&self, value: Option<String>) -> FfiResult<Arc<PasswordItem>> {
        self.with(ItemField::Notes, value)
    }

    /// A copy with the CVV set (cards only).
    pub fn with_cvv(&self, value: Option<String>) -> FfiResult<Arc<PasswordItem>> {
        self.with(ItemField::Cvv, value)
    }

    /// A copy with the expiry set (cards only).
    pub fn with_expiry(&self, value: Option<String>) -> FfiResult<Arc<PasswordItem>> {
        self.with(ItemField::Expiry, value)
    }

    /// A copy with a TOTP (password items only).
    pub fn with_totp(&self, totp: Arc<TotpSpec>) -> FfiResult<Arc<PasswordItem>> {
        Ok(item(fa::password_item_with_totp(
            &self.0,
            Some(totp.0.clone()),
        )?))
    }

    /// A copy without a TOTP (password items only).
    pub fn without_totp(&self) -> FfiResult<Arc<PasswordItem>> {
        Ok(item(fa::password_item_with_totp(&self.0, None)?))
    }
}

impl PasswordItem {
    fn with(&self, field: ItemField, value: Option<String>) -> FfiResult<Arc<PasswordItem>> {
        Ok(item(fa::password_item_with(
            &self.0,
            field,
            value.as_deref(),
        )?))
    }
}
