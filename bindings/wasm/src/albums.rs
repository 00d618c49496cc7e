//! Albums and account settings: Sets and Elements (MEGA Photos albums and playlists),
//! `collection/` links, the typed private user attributes, password-manager items and TOTP —
//! core `megacrypt::sets`, `link::CollectionLink`, `user_attributes`, `password_item`, `totp`.
//! Annotations only: conversions and compositions are `megacrypt_foreign::albums`. Enum values
//! are their names (`'album'`, `'mega.app'`, `'sha256'`); times are seconds since the Unix epoch
//! as numbers (non-negative safe integers). Every object is immutable: a change (`withName`,
//! `withPrimary`, …) returns a new object.

use crate::bindgen::*;
use megacrypt::link as ml;
use megacrypt::password_item as mp;
use megacrypt::sets as ms;
use megacrypt::totp as mt;
use megacrypt::user_attributes::{self as mu, TypedAttribute};
use megacrypt_foreign::albums as fa;
use megacrypt_foreign::albums::ItemField;

use crate::attributes::NodeAttributes;
use crate::error::{JsResult, js};
use crate::keys::{AesKey, FileKey, MasterKey, SetKey};

/// The Set type of a numeric code: `'album'` (0) or `'playlist'` (1); others `Unsupported`.
#[wasm_bindgen(js_name = setTypeFromCode)]
pub fn set_type_from_code(code: u32) -> JsResult<String> {
    js(fa::set_type_from_code(code)).map(|t| t.as_str().into())
}

/// The numeric code of a Set type named `'album'` or `'playlist'`.
#[wasm_bindgen(js_name = setTypeCode)]
pub fn set_type_code(set_type: &str) -> JsResult<u8> {
    js(fa::set_type_named(set_type)).map(|t| t.code())
}

// -------------------------------------------------------------------------------------- keys

/// An Element's key: the file's 32-byte node key (or a 16-byte key of an old webclient).
#[wasm_bindgen]
pub struct ElementKey(pub(crate) ms::ElementKey);

#[wasm_bindgen]
impl ElementKey {
    /// Raw key bytes: 32 (a file's node key) or 16; `InvalidKey` otherwise.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> JsResult<ElementKey> {
        js(ms::ElementKey::from_slice(bytes)).map(ElementKey)
    }
    /// The Element key of a file (its node key).
    #[wasm_bindgen(js_name = fromFileKey)]
    pub fn from_file_key(key: &FileKey) -> ElementKey {
        ElementKey(fa::element_key_from_file_key(&key.0))
    }
    /// The raw key bytes (32 or 16). Secret.
    #[wasm_bindgen(js_name = exportBytes)]
    pub fn export_bytes(&self) -> Vec<u8> {
        self.0.to_bytes().to_vec()
    }
    /// The AES key of the Element's attributes and its node's metadata (the folded node key).
    #[wasm_bindgen(js_name = attributeKey)]
    pub fn attribute_key(&self) -> AesKey {
        AesKey(self.0.attribute_key().clone())
    }
    /// The file key, for a 32-byte Element key.
    #[wasm_bindgen(js_name = fileKey)]
    pub fn file_key(&self) -> Option<FileKey> {
        fa::element_file_key(&self.0).map(FileKey)
    }
    /// Constant-time equality.
    pub fn equals(&self, other: &ElementKey) -> bool {
        self.0 == other.0
    }
}

/// Encrypts a Set key under the master key (`asp`'s `k`, 16 bytes).
#[wasm_bindgen(js_name = wrapSetKey)]
pub fn wrap_set_key(master_key: &MasterKey, set_key: &SetKey) -> Vec<u8> {
    ms::wrap_set_key(&master_key.0, &set_key.0).to_vec()
}

/// Decrypts a Set's `k` (16 bytes). Not authenticated: proven right when the attributes open.
#[wasm_bindgen(js_name = unwrapSetKey)]
pub fn unwrap_set_key(master_key: &MasterKey, wrapped: &[u8]) -> JsResult<SetKey> {
    js(ms::unwrap_set_key(&master_key.0, wrapped)).map(SetKey)
}

/// Encrypts an Element key under its Set key (AES-CBC, zero IV: chained blocks, not ECB).
#[wasm_bindgen(js_name = wrapElementKey)]
pub fn wrap_element_key(set_key: &SetKey, element_key: &ElementKey) -> Vec<u8> {
    ms::wrap_element_key(&set_key.0, &element_key.0)
}

/// Decrypts an Element's `k` (32 or 16 bytes) with its Set key.
#[wasm_bindgen(js_name = unwrapElementKey)]
pub fn unwrap_element_key(set_key: &SetKey, wrapped: &[u8]) -> JsResult<ElementKey> {
    js(ms::unwrap_element_key(&set_key.0, wrapped)).map(ElementKey)
}

// -------------------------------------------------------------------------------- attributes

/// A Set's attributes: name, cover (an Element id), and any other record, kept.
#[wasm_bindgen]
pub struct SetAttributes(ms::SetAttributes);

#[wasm_bindgen]
impl SetAttributes {
    /// No attributes.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> SetAttributes {
        SetAttributes(ms::SetAttributes::new())
    }
    /// Plain (decrypted) TLV bytes, checked.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(tlv: &[u8]) -> JsResult<SetAttributes> {
        js(fa::set_attributes_from_tlv(tlv)).map(SetAttributes)
    }
    /// The plain TLV bytes (records sorted by name).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> JsResult<Vec<u8>> {
        js(fa::set_attributes_to_tlv(&self.0))
    }
    /// The name.
    pub fn name(&self) -> Option<String> {
        self.0.name().map(String::from)
    }
    /// The cover Element id (base64).
    pub fn cover(&self) -> Option<String> {
        fa::set_attributes_cover(&self.0)
    }
    /// A copy with the name set (undefined or empty: removed).
    #[wasm_bindgen(js_name = withName)]
    pub fn with_name(&self, name: Option<String>) -> JsResult<SetAttributes> {
        js(fa::set_attributes_with_name(&self.0, name.as_deref())).map(SetAttributes)
    }
    /// A copy with the cover (Element id, base64) set (undefined: removed).
    #[wasm_bindgen(js_name = withCover)]
    pub fn with_cover(&self, cover_b64: Option<String>) -> JsResult<SetAttributes> {
        js(fa::set_attributes_with_cover(&self.0, cover_b64.as_deref())).map(SetAttributes)
    }
    /// The SDK's check before sending (`ApiMisuse`: a cover on a new Set, or not an Element).
    #[wasm_bindgen(js_name = checkCover)]
    pub fn check_cover(&self, new_set: bool, element_ids_b64: Vec<String>) -> JsResult<()> {
        js(fa::check_cover(&self.0, new_set, &element_ids_b64))
    }
    /// Equality.
    pub fn equals(&self, other: &SetAttributes) -> bool {
        self.0 == other.0
    }
}

/// An Element's attributes: name, and any other record, kept.
#[wasm_bindgen]
pub struct ElementAttributes(ms::ElementAttributes);

#[wasm_bindgen]
impl ElementAttributes {
    /// No attributes.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> ElementAttributes {
        ElementAttributes(ms::ElementAttributes::new())
    }
    /// Plain (decrypted) TLV bytes, checked.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(tlv: &[u8]) -> JsResult<ElementAttributes> {
        js(fa::element_attributes_from_tlv(tlv)).map(ElementAttributes)
    }
    /// The plain TLV bytes.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> JsResult<Vec<u8>> {
        js(fa::element_attributes_to_tlv(&self.0))
    }
    /// The name.
    pub fn name(&self) -> Option<String> {
        self.0.name().map(String::from)
    }
    /// A copy with the name set (undefined or empty: removed).
    #[wasm_bindgen(js_name = withName)]
    pub fn with_name(&self, name: Option<String>) -> JsResult<ElementAttributes> {
        js(fa::element_attributes_with_name(&self.0, name.as_deref())).map(ElementAttributes)
    }
    /// Equality.
    pub fn equals(&self, other: &ElementAttributes) -> bool {
        self.0 == other.0
    }
}

/// Encrypts Set attributes (fresh random IV); empty attributes give an empty `at`.
#[wasm_bindgen(js_name = sealSetAttributes)]
pub fn seal_set_attributes(key: &SetKey, attrs: &SetAttributes) -> JsResult<Vec<u8>> {
    js(fa::seal_set_attributes(&key.0, &attrs.0))
}

/// Hazardous: encrypts Set attributes with a caller-chosen 12-byte IV (known answers only).
#[wasm_bindgen(js_name = hazmatSealSetAttributesWithIv)]
pub fn hazmat_seal_set_attributes_with_iv(
    key: &SetKey,
    attrs: &SetAttributes,
    iv: &[u8],
) -> JsResult<Vec<u8>> {
    js(megacrypt::hazmat::seal_set_attributes_with_iv(
        &key.0, &attrs.0, iv,
    ))
}

/// Decrypts a Set's `at` (empty: no attributes; `Decrypt` on a tag failure).
#[wasm_bindgen(js_name = openSetAttributes)]
pub fn open_set_attributes(key: &SetKey, at: &[u8]) -> JsResult<SetAttributes> {
    js(ms::open_set_attributes(&key.0, at)).map(SetAttributes)
}

/// Encrypts Element attributes under the folded Element key (fresh random IV).
#[wasm_bindgen(js_name = sealElementAttributes)]
pub fn seal_element_attributes(key: &ElementKey, attrs: &ElementAttributes) -> JsResult<Vec<u8>> {
    js(fa::seal_element_attributes(&key.0, &attrs.0))
}

/// Hazardous: encrypts Element attributes with a caller-chosen 12-byte IV (known answers only).
#[wasm_bindgen(js_name = hazmatSealElementAttributesWithIv)]
pub fn hazmat_seal_element_attributes_with_iv(
    key: &ElementKey,
    attrs: &ElementAttributes,
    iv: &[u8],
) -> JsResult<Vec<u8>> {
    js(megacrypt::hazmat::seal_element_attributes_with_iv(
        &key.0, &attrs.0, iv,
    ))
}

/// Decrypts an Element's `at` under the folded Element key.
#[wasm_bindgen(js_name = openElementAttributes)]
pub fn open_element_attributes(key: &ElementKey, at: &[u8]) -> JsResult<ElementAttributes> {
    js(ms::open_element_attributes(&key.0, at)).map(ElementAttributes)
}

fn node_attributes(a: &megacrypt::attributes::NodeAttributes) -> JsResult<NodeAttributes> {
    NodeAttributes::from_json(a.json())
}

/// Decrypts the node metadata of a public album preview (`MEGA{…}` under the Element key;
/// `Decrypt` for a wrong key).
#[wasm_bindgen(js_name = openPreviewNodeAttributes)]
pub fn open_preview_node_attributes(key: &ElementKey, at: &[u8]) -> JsResult<NodeAttributes> {
    node_attributes(&js(ms::open_preview_node_attributes(&key.0, at))?)
}

/// `openPreviewNodeAttributes` on the base64 `at` text.
#[wasm_bindgen(js_name = openPreviewNodeAttributesB64)]
pub fn open_preview_node_attributes_b64(
    key: &ElementKey,
    at_b64: &str,
) -> JsResult<NodeAttributes> {
    node_attributes(&js(ms::open_preview_node_attributes_b64(&key.0, at_b64))?)
}

// -------------------------------------------------------------------------- collection links

/// A public album link: `https://mega.nz/collection/<public handle>#<Set key>`, parsed strictly.
#[wasm_bindgen]
pub struct CollectionLink(pub(crate) ml::CollectionLink);

#[wasm_bindgen]
impl CollectionLink {
    /// A link from a public Set handle (8 base64 characters) and the Set key.
    #[wasm_bindgen(constructor)]
    pub fn new(public_handle_b64: &str, key: &SetKey) -> JsResult<CollectionLink> {
        js(fa::collection_link(public_handle_b64, &key.0)).map(CollectionLink)
    }
    /// Parses `https://mega.nz/collection/<H>#<K>` (or `mega.app`); anything else `Malformed`.
    pub fn parse(url: &str) -> JsResult<CollectionLink> {
        js(ml::CollectionLink::parse(url)).map(CollectionLink)
    }
    /// Always `'collection'`.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        ml::LinkKind::Collection.as_str().into()
    }
    /// The public Set handle (base64, 8 characters).
    #[wasm_bindgen(getter, js_name = publicHandle)]
    pub fn public_handle(&self) -> String {
        self.0.handle().to_b64()
    }
    /// The Set key.
    #[wasm_bindgen(js_name = setKey)]
    pub fn set_key(&self) -> SetKey {
        SetKey(self.0.key().clone())
    }
    /// The host the link was parsed from: `'mega.nz'` (also for a built link) or `'mega.app'`.
    #[wasm_bindgen(getter)]
    pub fn host(&self) -> String {
        self.0.host().as_str().into()
    }
    /// `https://mega.nz/collection/<H>#<K>`. Contains the key: secret.
    #[wasm_bindgen(js_name = toUrl)]
    pub fn to_url(&self) -> String {
        self.0.to_url()
    }
    /// The URL on a host named `'mega.nz'` or `'mega.app'`.
    #[wasm_bindgen(js_name = toUrlOn)]
    pub fn to_url_on(&self, host: &str) -> JsResult<String> {
        js(fa::link_host_named(host)).map(|h| self.0.to_url_on(h))
    }
    /// Equality (the key compared in constant time).
    pub fn equals(&self, other: &CollectionLink) -> bool {
        self.0 == other.0
    }
}

// ------------------------------------------------------------------ typed private user attributes

macro_rules! typed_attribute {
    ($(#[$m:meta])* $name:ident, $core:ty) => {
        $(#[$m])*
        #[wasm_bindgen]
        pub struct $name($core);

        #[wasm_bindgen]
        impl $name {
            /// The empty attribute.
            #[wasm_bindgen(constructor)]
            #[allow(clippy::new_without_default)]
            pub fn new() -> $name {
                $name(<$core>::default())
            }
            /// Plain (decrypted) TLV bytes, checked (`Malformed` on a bad record).
            #[wasm_bindgen(js_name = fromBytes)]
            pub fn from_bytes(tlv: &[u8]) -> JsResult<$name> {
                js(fa::typed_from_tlv(tlv)).map($name)
            }
            /// Opens the container sealed under the master key.
            pub fn open(master_key: &MasterKey, container: &[u8]) -> JsResult<$name> {
                js(fa::open_typed(&master_key.0, container)).map($name)
            }
            /// The plain TLV bytes (unknown records included).
            #[wasm_bindgen(js_name = toBytes)]
            pub fn to_bytes(&self) -> JsResult<Vec<u8>> {
                js(fa::typed_to_tlv(&self.0))
            }
            /// Seals under the master key (mode `0x10`, fresh random IV).
            pub fn seal(&self, master_key: &MasterKey) -> JsResult<Vec<u8>> {
                js(fa::seal_typed(&master_key.0, &self.0))
            }
            /// Hazardous: seals with a caller-chosen 12-byte IV (known answers only).
            #[wasm_bindgen(js_name = hazmatSealWithIv)]
            pub fn hazmat_seal_with_iv(&self, master_key: &MasterKey, iv: &[u8]) -> JsResult<Vec<u8>> {
                js(fa::seal_typed_with_iv(&master_key.0, &self.0, iv))
            }
            /// The user attribute's name, e.g. `*!cam`.
            #[wasm_bindgen(js_name = attributeName)]
            pub fn attribute_name(&self) -> String {
                <$core as TypedAttribute>::NAME.to_string()
            }
            /// Equality.
            pub fn equals(&self, other: &$name) -> bool {
                self.0 == other.0
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

#[wasm_bindgen]
impl CameraUploadsFolders {
    /// The primary folder (node handle, base64).
    pub fn primary(&self) -> Option<String> {
        fa::node_handle_b64(self.0.primary())
    }
    /// The secondary folder (node handle, base64).
    pub fn secondary(&self) -> Option<String> {
        fa::node_handle_b64(self.0.secondary())
    }
    /// A copy with the primary folder set (undefined: removed).
    #[wasm_bindgen(js_name = withPrimary)]
    pub fn with_primary(&self, folder_b64: Option<String>) -> JsResult<CameraUploadsFolders> {
        js(fa::camera_uploads_with_primary(
            &self.0,
            folder_b64.as_deref(),
        ))
        .map(CameraUploadsFolders)
    }
    /// A copy with the secondary folder set (undefined: removed).
    #[wasm_bindgen(js_name = withSecondary)]
    pub fn with_secondary(&self, folder_b64: Option<String>) -> JsResult<CameraUploadsFolders> {
        js(fa::camera_uploads_with_secondary(
            &self.0,
            folder_b64.as_deref(),
        ))
        .map(CameraUploadsFolders)
    }
}

#[wasm_bindgen]
impl ChatFilesFolder {
    /// The folder (node handle, base64).
    pub fn folder(&self) -> Option<String> {
        fa::node_handle_b64(self.0.folder())
    }
    /// A copy with the folder set (undefined: removed).
    #[wasm_bindgen(js_name = withFolder)]
    pub fn with_folder(&self, folder_b64: Option<String>) -> JsResult<ChatFilesFolder> {
        js(fa::chat_files_with_folder(&self.0, folder_b64.as_deref())).map(ChatFilesFolder)
    }
}

#[wasm_bindgen]
impl ContactAliases {
    /// The alias of a contact (user handle, base64).
    pub fn get(&self, user_b64: &str) -> JsResult<Option<String>> {
        js(fa::contact_alias(&self.0, user_b64))
    }
    /// The contacts that have an alias (user handles, base64), in order.
    pub fn keys(&self) -> Vec<String> {
        fa::contact_aliases_users(&self.0)
    }
    /// The number of aliases.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        megacrypt_foreign::arg::len_u32(self.0.iter().count())
    }
    /// A copy with a contact's alias set (undefined or empty: removed).
    #[wasm_bindgen(js_name = withAlias)]
    pub fn with_alias(&self, user_b64: &str, alias: Option<String>) -> JsResult<ContactAliases> {
        js(fa::contact_aliases_with_alias(
            &self.0,
            user_b64,
            alias.as_deref(),
        ))
        .map(ContactAliases)
    }
}

#[wasm_bindgen]
impl DeviceNames {
    /// The name of a device, by its id hash (`deviceIdHash`).
    pub fn device(&self, id_hash: &str) -> Option<String> {
        fa::device_name(&self.0, id_hash)
    }
    /// The name of an external drive, by its 8-byte id in base64.
    pub fn drive(&self, drive_id_b64: &str) -> JsResult<Option<String>> {
        js(fa::drive_name(&self.0, drive_id_b64))
    }
    /// The device id hashes that have a name.
    #[wasm_bindgen(js_name = deviceIdHashes)]
    pub fn device_id_hashes(&self) -> Vec<String> {
        fa::device_id_hashes(&self.0)
    }
    /// The external drive ids (base64) that have a name.
    #[wasm_bindgen(js_name = driveIds)]
    pub fn drive_ids(&self) -> Vec<String> {
        fa::drive_ids(&self.0)
    }
    /// A copy with a device's name set (undefined or empty: removed; a name another device or
    /// drive has: `ApiMisuse`).
    #[wasm_bindgen(js_name = withDevice)]
    pub fn with_device(&self, id_hash: &str, name: Option<String>) -> JsResult<DeviceNames> {
        js(fa::device_names_with_device(
            &self.0,
            id_hash,
            name.as_deref(),
        ))
        .map(DeviceNames)
    }
    /// A copy with an external drive's name set (same rules).
    #[wasm_bindgen(js_name = withDrive)]
    pub fn with_drive(&self, drive_id_b64: &str, name: Option<String>) -> JsResult<DeviceNames> {
        js(fa::device_names_with_drive(
            &self.0,
            drive_id_b64,
            name.as_deref(),
        ))
        .map(DeviceNames)
    }
}

#[wasm_bindgen]
impl RichPreviews {
    /// Whether rich previews are on (undefined: never chosen).
    pub fn enabled(&self) -> Option<bool> {
        self.0.enabled()
    }
    /// How often the user was warned (undefined: never).
    #[wasm_bindgen(js_name = warningCount)]
    pub fn warning_count(&self) -> Option<u32> {
        self.0.warning_count()
    }
    /// A copy with the choice set (undefined: removed).
    #[wasm_bindgen(js_name = withEnabled)]
    pub fn with_enabled(&self, enabled: Option<bool>) -> RichPreviews {
        let mut v = self.0.clone();
        v.set_enabled(enabled);
        RichPreviews(v)
    }
    /// A copy with the warning counter set (undefined: removed).
    #[wasm_bindgen(js_name = withWarningCount)]
    pub fn with_warning_count(&self, count: Option<u32>) -> RichPreviews {
        let mut v = self.0.clone();
        v.set_warning_count(count);
        RichPreviews(v)
    }
}

#[wasm_bindgen]
impl Geolocation {
    /// Whether geolocation messages are allowed.
    pub fn enabled(&self) -> bool {
        self.0.enabled()
    }
    /// A copy with the flag set.
    #[wasm_bindgen(js_name = withEnabled)]
    pub fn with_enabled(&self, enabled: bool) -> Geolocation {
        let mut v = self.0.clone();
        v.set_enabled(enabled);
        Geolocation(v)
    }
}

#[wasm_bindgen]
impl Keyring {
    /// A keyring with both 32-byte private keys (`InvalidKey` for another length).
    #[wasm_bindgen(js_name = fromParts)]
    pub fn from_parts(ed25519_seed: &[u8], cu25519_private: &[u8]) -> JsResult<Keyring> {
        js(fa::keyring_from_parts(ed25519_seed, cu25519_private)).map(Keyring)
    }
    /// The Ed25519 seed (`prEd255`). Secret.
    #[wasm_bindgen(js_name = exportEd25519Seed)]
    pub fn export_ed25519_seed(&self) -> Option<Vec<u8>> {
        self.0.ed25519_seed().map(|k| k.to_vec())
    }
    /// The Cu25519 private key (`prCu255`). Secret.
    #[wasm_bindgen(js_name = exportCu25519Private)]
    pub fn export_cu25519_private(&self) -> Option<Vec<u8>> {
        self.0.cu25519_private().map(|k| k.to_vec())
    }
}

#[wasm_bindgen]
impl LegacyAuthring {
    /// Wraps the raw authring record bytes (29-byte records, not interpreted).
    #[wasm_bindgen(js_name = fromRaw)]
    pub fn from_raw(raw: &[u8]) -> LegacyAuthring {
        LegacyAuthring(mu::LegacyAuthring::from_raw(raw))
    }
    /// The raw authring record bytes.
    pub fn raw(&self) -> Vec<u8> {
        self.0.raw().to_vec()
    }
}

/// The `*!dn` key of a device: base64 of SHA-256 of its device id (empty for an empty id).
#[wasm_bindgen(js_name = deviceIdHash)]
pub fn device_id_hash(device_id: &[u8]) -> String {
    mu::device_id_hash(device_id)
}

// ------------------------------------------------------------------------------------------ TOTP

/// A TOTP generator and verifier (RFC 6238). Times are seconds since the Unix epoch (numbers).
#[wasm_bindgen]
pub struct Totp(mt::Totp);

#[wasm_bindgen]
impl Totp {
    /// From a base32 secret, an algorithm (`'sha1'`, `'sha256'`, `'sha512'`), digits (6–10) and
    /// a period in seconds (at least 1).
    #[wasm_bindgen(constructor)]
    pub fn new(secret_base32: &str, algorithm: &str, digits: u32, period: u32) -> JsResult<Totp> {
        let alg = js(fa::totp_algorithm_named(algorithm))?;
        js(fa::totp(secret_base32, alg, digits, period)).map(Totp)
    }
    /// From the raw secret bytes.
    #[wasm_bindgen(js_name = fromSecret)]
    pub fn from_secret(secret: &[u8], algorithm: &str, digits: u32, period: u32) -> JsResult<Totp> {
        let alg = js(fa::totp_algorithm_named(algorithm))?;
        js(fa::totp_from_secret(secret, alg, digits, period)).map(Totp)
    }
    /// The code at a Unix time (seconds), zero-padded.
    #[wasm_bindgen(js_name = codeAt)]
    pub fn code_at(&self, unix_time: f64) -> JsResult<String> {
        Ok(self.0.code_at(js(fa::unix_time(unix_time))?).to_string())
    }
    /// The RFC 4226 HOTP value of a counter (a non-negative safe integer).
    pub fn hotp(&self, counter: f64) -> JsResult<String> {
        Ok(self.0.hotp(js(fa::unix_time(counter))?).to_string())
    }
    /// Checks a code at a Unix time, accepting `window` periods before and after; constant time
    /// over every candidate. A window above 100 is `ApiMisuse`.
    pub fn verify(&self, code: &str, unix_time: f64, window: u32) -> JsResult<bool> {
        js(self.0.verify(code, js(fa::unix_time(unix_time))?, window))
    }
    /// Seconds until the code at `unixTime` changes.
    #[wasm_bindgen(js_name = remainingSeconds)]
    pub fn remaining_seconds(&self, unix_time: f64) -> JsResult<u32> {
        Ok(self.0.remaining_seconds(js(fa::unix_time(unix_time))?))
    }
    /// `'sha1'`, `'sha256'` or `'sha512'`.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.0.algorithm().as_str().into()
    }
    /// The number of digits.
    #[wasm_bindgen(getter)]
    pub fn digits(&self) -> u8 {
        self.0.digits()
    }
    /// The period in seconds.
    #[wasm_bindgen(getter)]
    pub fn period(&self) -> u32 {
        self.0.period()
    }
}

/// Decodes RFC 4648 base32 as MEGA reads TOTP secrets (either case, optional padding).
#[wasm_bindgen(js_name = decodeBase32)]
pub fn decode_base32(text: &str) -> JsResult<Vec<u8>> {
    js(fa::decode_base32(text))
}

/// Encodes bytes as RFC 4648 base32 (upper case, `=` padding).
#[wasm_bindgen(js_name = encodeBase32)]
pub fn encode_base32(bytes: &[u8]) -> String {
    mt::encode_base32(bytes)
}

// -------------------------------------------------------------------------------- password items

/// The `totp` object of a password item (missing parameters: SHA-1, 6 digits, 30 s).
#[wasm_bindgen]
pub struct TotpSpec(mp::TotpSpec);

#[wasm_bindgen]
impl TotpSpec {
    /// From a base32 secret and explicit parameters (validated as `Totp` does).
    #[wasm_bindgen(constructor)]
    pub fn new(
        secret_base32: &str,
        algorithm: &str,
        digits: u32,
        period: u32,
    ) -> JsResult<TotpSpec> {
        let alg = js(fa::totp_algorithm_named(algorithm))?;
        js(fa::totp_spec(secret_base32, alg, digits, period)).map(TotpSpec)
    }
    /// The base32 shared secret (`shse`). Secret.
    #[wasm_bindgen(js_name = exportSharedSecret)]
    pub fn export_shared_secret(&self) -> String {
        self.0.shared_secret().to_string()
    }
    /// The generator.
    #[wasm_bindgen(js_name = toTotp)]
    pub fn to_totp(&self) -> JsResult<Totp> {
        js(self.0.to_totp()).map(Totp)
    }
}

/// A password-manager item (the `pwm` node attribute): a password (with optional TOTP) or a
/// credit card. Unknown fields are kept; secrets leave only through `export*`.
#[wasm_bindgen]
pub struct PasswordItem(mp::PasswordItem);

#[wasm_bindgen]
impl PasswordItem {
    /// A new password item.
    pub fn password(password: &str) -> PasswordItem {
        PasswordItem(fa::password_item_password(password))
    }
    /// A new credit-card item.
    #[wasm_bindgen(js_name = creditCard)]
    pub fn credit_card(number: &str) -> PasswordItem {
        PasswordItem(fa::password_item_credit_card(number))
    }
    /// Parses the `pwm` JSON (strict types: `Malformed`; unknown `t`: `Unsupported`). A TOTP's
    /// `t` and `nd` are read as integers or decimal text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> JsResult<PasswordItem> {
        js(mp::PasswordItem::from_json(json)).map(PasswordItem)
    }
    /// Reads the `pwm` attribute of decrypted node attributes.
    #[wasm_bindgen(js_name = fromNodeAttributes)]
    pub fn from_node_attributes(attrs: &NodeAttributes) -> JsResult<PasswordItem> {
        let core = js(megacrypt::attributes::NodeAttributes::from_json(
            &attrs.json(),
        ))?;
        js(fa::password_item_from_node_attributes(&core)).map(PasswordItem)
    }
    /// The `pwm` JSON (unknown fields kept; `t` and `nd` written as integers). Contains secrets.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        fa::password_item_to_json(&self.0)
    }
    /// `attrs` with `pwm` set to this item.
    #[wasm_bindgen(js_name = toNodeAttributes)]
    pub fn to_node_attributes(&self, attrs: &NodeAttributes) -> JsResult<NodeAttributes> {
        let core = js(megacrypt::attributes::NodeAttributes::from_json(
            &attrs.json(),
        ))?;
        node_attributes(&self.0.to_node_attributes(&core))
    }
    /// Whether this is a credit card (else a password).
    #[wasm_bindgen(getter, js_name = isCreditCard)]
    pub fn is_credit_card(&self) -> bool {
        fa::password_item_is_credit_card(&self.0)
    }
    /// The password of a password item. Secret.
    #[wasm_bindgen(js_name = exportPassword)]
    pub fn export_password(&self) -> Option<String> {
        fa::password_item_password_text(&self.0)
    }
    /// The user name (`u`; a card's holder).
    #[wasm_bindgen(js_name = userName)]
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
    pub fn totp(&self) -> Option<TotpSpec> {
        fa::password_item_totp(&self.0).map(TotpSpec)
    }
    /// The card number. Secret.
    #[wasm_bindgen(js_name = exportCardNumber)]
    pub fn export_card_number(&self) -> Option<String> {
        fa::password_item_card_number(&self.0)
    }
    /// The card's CVV. Secret.
    #[wasm_bindgen(js_name = exportCvv)]
    pub fn export_cvv(&self) -> Option<String> {
        fa::password_item_cvv(&self.0)
    }
    /// The card's expiry.
    pub fn expiry(&self) -> Option<String> {
        fa::password_item_expiry(&self.0)
    }
    /// A copy with the user name (a card's holder) set (undefined: removed).
    #[wasm_bindgen(js_name = withUserName)]
    pub fn with_user_name(&self, value: Option<String>) -> JsResult<PasswordItem> {
        self.with(ItemField::UserName, value)
    }
    /// A copy with the URL set (password items only, else `ApiMisuse`).
    #[wasm_bindgen(js_name = withUrl)]
    pub fn with_url(&self, value: Option<String>) -> JsResult<PasswordItem> {
        self.with(ItemField::Url, value)
    }
    /// A copy with the notes set.
    #[wasm_bindgen(js_name = withNotes)]
    pub fn with_notes(&self, value: Option<String>) -> JsResult<PasswordItem> {
        self.with(ItemField::Notes, value)
    }
    /// A copy with the CVV set (cards only).
    #[wasm_bindgen(js_name = withCvv)]
    pub fn with_cvv(&self, value: Option<String>) -> JsResult<PasswordItem> {
        self.with(ItemField::Cvv, value)
    }
    /// A copy with the expiry set (cards only).
    #[wasm_bindgen(js_name = withExpiry)]
    pub fn with_expiry(&self, value: Option<String>) -> JsResult<PasswordItem> {
        self.with(ItemField::Expiry, value)
    }
    /// A copy with a TOTP (password items only).
    #[wasm_bindgen(js_name = withTotp)]
    pub fn with_totp(&self, totp: &TotpSpec) -> JsResult<PasswordItem> {
        js(fa::password_item_with_totp(&self.0, Some(totp.0.clone()))).map(PasswordItem)
    }
    /// A copy without a TOTP (password items only).
    #[wasm_bindgen(js_name = withoutTotp)]
    pub fn without_totp(&self) -> JsResult<PasswordItem> {
        js(fa::password_item_with_totp(&self.0, None)).map(PasswordItem)
    }
    /// Equality.
    pub fn equals(&self, other: &PasswordItem) -> bool {
        self.0 == other.0
    }
}

impl PasswordItem {
    fn with(&self, field: ItemField, value: Option<String>) -> JsResult<PasswordItem> {
        js(fa::password_item_with(&self.0, field, value.as_deref())).map(PasswordItem)
    }
}
