//! Public links and password-protected (`#P!`) links (docs/format/links.md).
//!
//! [`PublicLink`] parses and builds every link form MEGA clients produce:
//!
//! | form | kind |
//! |---|---|
//! | `https://mega.nz/file/<H>#<K>` | file |
//! | `https://mega.nz/folder/<H>#<K>` | folder |
//! | `https://mega.nz/folder/<H>#<K>/file/<C>` | folder, opening file `C` |
//! | `https://mega.nz/folder/<H>#<K>/folder/<C>` | folder, opening sub-folder `C` |
//! | `https://mega.nz/#!<H>!<K>` | file (legacy) |
//! | `https://mega.nz/#F!<H>!<K>` and `#F!<H>!<K>!<C>` | folder (legacy), optionally opening node `C` |
//! | any of the above without `<K>` | a *keyless* link: the key must be obtained separately |
//! | `https://mega.nz/collection/<H>#<S>` (or `mega.app`) | public album (Set): [`CollectionLink`] |
//!
//! Hosts `mega.nz`, `mega.co.nz` and `mega.app` over `https` or `http`; a query string before the
//! fragment is ignored. `<H>` is the 6-byte public handle (8 characters), `<K>` the 32-byte packed
//! node key of a file (43 characters) or the 16-byte key of a folder (22 characters).
//!
//! Parsing is strict: unknown prefixes, extra fields, wrong hosts, bad characters or lengths give
//! [`crate::ErrorKind::Malformed`] with a detail saying what was wrong; embed links, and collection
//! links given to [`PublicLink::parse`], give [`crate::ErrorKind::Unsupported`]. A file key whose
//! halves are equal is [`crate::ErrorKind::InvalidKey`].
//!
//! [`CollectionLink`] parses and builds public album links (`docs/format/sets.md`) in exactly the
//! form MEGA's SDK writes (`MegaClient::getPublicSetLink`): `https://` + `mega.nz` or `mega.app` +
//! `/collection/` + the 8-character public Set handle + `#` + the 22-character Set key, nothing
//! else. The SDK's own parser (`MegaClient::parsepubliclink`) is far looser; every form it accepts
//! beyond that is refused here with [`crate::ErrorKind::Malformed`] (see
//! [`CollectionLink::parse`]). [`Link::parse`] dispatches `collection/` links to it.
//!
//! [`ProtectedLink`] handles `#P!` links: [`ProtectedLink::open`] checks the HMAC (constant time)
//! before it decrypts the key; [`ProtectedLink::protect`] creates algorithm-2 links as the SDK and
//! webclient do today.
//!
//! ```
//! use megacrypt::link::{Link, PublicLink};
//! let link: PublicLink = "https://mega.nz/#!xUIkknuH!nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc".parse()?;
//! assert!(link.is_file());
//! assert_eq!(link.to_url(), "https://mega.nz/file/xUIkknuH#nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc");
//! assert!(matches!(Link::parse("https://mega.nz/file/xUIkknuH")?, Link::Public(_)));
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use hmac::{Hmac, KeyInit, Mac};
use rand_core::TryCryptoRng;
use sha2::{Sha256, Sha512};
use zeroize::Zeroizing;

use crate::base64;
use crate::error::{Error, Result};
use crate::handles::NodeHandle;
use crate::keys::{FileKey, FolderKey, NodeKey, fill_random};
use crate::primitives::{ct_eq, xor_in_place};
use crate::sets::{PublicSetHandle, SetKey};

/// Whether a link points to a file, a folder or a public album (Set).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// A file link; its key is the 32-byte packed node key.
    File,
    /// A folder link; its key is the folder's 16-byte key (the share key of the export).
    Folder,
    /// A public album link (`collection/`); its key is the Set's 16-byte key. Parsed and built by
    /// [`CollectionLink`]; a [`PublicLink`] of this kind can only be keyless.
    Collection,
}

// `as_str()` is `"file"`, `"folder"` or `"collection"`: the path segment of the link.
crate::error::enum_names!(LinkKind, "unknown link kind name", [
    File => "file",
    Folder => "folder",
    Collection => "collection",
]);

/// A node selected inside a folder link (`/file/<C>`, `/folder/<C>`, legacy `!<C>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkChild {
    /// A file inside the linked folder.
    File(NodeHandle),
    /// A sub-folder inside the linked folder.
    Folder(NodeHandle),
    /// A node selected by a legacy `#F!<H>!<K>!<C>` link (the form does not say which kind).
    Node(NodeHandle),
}

impl LinkChild {
    /// The names of the three forms, as [`LinkChild::as_str`] writes them.
    pub const NAMES: [&'static str; 3] = ["file", "folder", "node"];

    /// The form's stable name: `"file"`, `"folder"` or `"node"` (the legacy form).
    pub const fn as_str(&self) -> &'static str {
        match self {
            LinkChild::File(_) => "file",
            LinkChild::Folder(_) => "folder",
            LinkChild::Node(_) => "node",
        }
    }

    /// The child of the form named `name` (as [`LinkChild::as_str`] writes it) with handle
    /// `handle`; any other name is [`crate::ErrorKind::ApiMisuse`].
    pub fn from_name(name: &str, handle: NodeHandle) -> Result<Self> {
        match name {
            "file" => Ok(LinkChild::File(handle)),
            "folder" => Ok(LinkChild::Folder(handle)),
            "node" => Ok(LinkChild::Node(handle)),
            _ => Err(Error::misuse("unknown link child name")),
        }
    }

    /// The selected node's handle.
    pub fn handle(&self) -> NodeHandle {
        match *self {
            LinkChild::File(h) | LinkChild::Folder(h) | LinkChild::Node(h) => h,
        }
    }
}

/// A public file or folder link.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicLink {
    kind: LinkKind,
    handle: NodeHandle,
    key: Option<NodeKey>,
    child: Option<LinkChild>,
}

impl fmt::Debug for PublicLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicLink")
            .field("kind", &self.kind)
            .field("handle", &self.handle)
            .field("has_key", &self.key.is_some())
            .field("child", &self.child)
            .finish()
    }
}

const HOSTS: [&str; 3] = ["mega.nz", "mega.co.nz", "mega.app"];

/// Splits `scheme://host` off a URL; returns the rest (path, query, fragment).
fn strip_origin(url: &str) -> Result<&str> {
    let lower_starts = |p: &str| {
        url.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    let rest = if lower_starts("https://") {
        url.get(8..)
    } else if lower_starts("http://") {
        url.get(7..)
    } else {
        return Err(Error::malformed("link: not an http(s) URL"));
    }
    .unwrap_or_default();
    let host_end = rest.find(['/', '#', '?']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    if !HOSTS.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return Err(Error::malformed(
            "link: host is not mega.nz, mega.co.nz or mega.app",
        ));
    }
    Ok(tail)
}

fn parse_handle(s: &str) -> Result<NodeHandle> {
    NodeHandle::from_b64(s).map_err(|_| Error::malformed("link: invalid handle"))
}

fn parse_key(kind: LinkKind, s: &str) -> Result<Option<NodeKey>> {
    if s.is_empty() {
        return Ok(None);
    }
    let key = match kind {
        LinkKind::File => {
            let raw = Zeroizing::new(
                base64::decode_array::<32>(s)
                    .map_err(|_| Error::malformed("link: invalid file key"))?,
            );
            NodeKey::File(FileKey::from_node_key(&raw)?)
        }
        LinkKind::Folder => {
            let raw = Zeroizing::new(
                base64::decode_array::<16>(s)
                    .map_err(|_| Error::malformed("link: invalid folder key"))?,
            );
            NodeKey::Folder(FolderKey::from_bytes(*raw)?)
        }
        LinkKind::Collection => {
            return Err(Error::unsupported(
                "link: collection link, use CollectionLink",
            ));
        }
    };
    Ok(Some(key))
}

impl PublicLink {
    /// A file link with its key.
    pub fn file(handle: NodeHandle, key: FileKey) -> Self {
        PublicLink {
            kind: LinkKind::File,
            handle,
            key: Some(NodeKey::File(key)),
            child: None,
        }
    }

    /// A folder link with its key, optionally opening a node inside the folder.
    pub fn folder(handle: NodeHandle, key: FolderKey, child: Option<LinkChild>) -> Self {
        PublicLink {
            kind: LinkKind::Folder,
            handle,
            key: Some(NodeKey::Folder(key)),
            child,
        }
    }

    /// A link without its key (the key is shared separately).
    pub fn keyless(kind: LinkKind, handle: NodeHandle) -> Self {
        PublicLink {
            kind,
            handle,
            key: None,
            child: None,
        }
    }

    /// Returns this link with `key` attached (e.g. a key the user pasted for a keyless link). The
    /// key's kind must match the link's.
    pub fn with_key(mut self, key: NodeKey) -> Result<Self> {
        match (&key, self.kind) {
            (NodeKey::File(_), LinkKind::File) | (NodeKey::Folder(_), LinkKind::Folder) => {
                self.key = Some(key);
                Ok(self)
            }
            _ => Err(Error::misuse("link: key kind does not match the link kind")),
        }
    }

    /// Parses a link (see the module docs for the accepted forms).
    pub fn parse(url: &str) -> Result<Self> {
        let tail = strip_origin(url)?;
        let (path_and_query, fragment) = match tail.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (tail, None),
        };
        let path = path_and_query
            .split_once('?')
            .map_or(path_and_query, |(p, _)| p);
        let path = path.trim_end_matches('/');
        if path.is_empty() {
            return Self::parse_legacy(fragment.unwrap_or_default());
        }
        let (kind, handle) = if let Some(h) = path.strip_prefix("/file/") {
            (LinkKind::File, h)
        } else if let Some(h) = path.strip_prefix("/folder/") {
            (LinkKind::Folder, h)
        } else if path.starts_with("/collection/") {
            return Err(Error::unsupported(
                "link: collection link, use CollectionLink",
            ));
        } else if path.starts_with("/embed") {
            return Err(Error::unsupported("link: embed links are not supported"));
        } else {
            return Err(Error::malformed("link: format not recognised"));
        };
        if handle.is_empty() {
            return Err(Error::malformed("link: missing handle"));
        }
        let handle = parse_handle(handle)?;
        let fragment = fragment.unwrap_or_default();
        let (key, child) = match kind {
            LinkKind::File | LinkKind::Collection => (fragment, None),
            LinkKind::Folder => match fragment.split_once('/') {
                None => (fragment, None),
                Some((key, sel)) => {
                    let child = if let Some(c) = sel.strip_prefix("file/") {
                        LinkChild::File(parse_handle(c)?)
                    } else if let Some(c) = sel.strip_prefix("folder/") {
                        LinkChild::Folder(parse_handle(c)?)
                    } else {
                        return Err(Error::malformed(
                            "link: unknown selector after the folder key",
                        ));
                    };
                    (key, Some(child))
                }
            },
        };
        if key.is_empty() && child.is_some() {
            return Err(Error::malformed("link: selector without a key"));
        }
        Ok(PublicLink {
            kind,
            handle,
            key: parse_key(kind, key)?,
            child,
        })
    }

    fn parse_legacy(fragment: &str) -> Result<Self> {
        let (kind, rest) = if let Some(r) = fragment.strip_prefix("F!") {
            (LinkKind::Folder, r)
        } else if let Some(r) = fragment.strip_prefix('!') {
            (LinkKind::File, r)
        } else if fragment.starts_with("P!") {
            return Err(Error::unsupported(
                "link: password-protected link, use ProtectedLink",
            ));
        } else if fragment.starts_with("E!") {
            return Err(Error::unsupported("link: embed links are not supported"));
        } else if fragment.is_empty() {
            return Err(Error::malformed("link: no fragment"));
        } else {
            return Err(Error::malformed("link: format not recognised"));
        };
        let mut parts = rest.split('!');
        let handle = parse_handle(parts.next().unwrap_or_default())?;
        let key = parts.next().unwrap_or_default();
        let child = match (kind, parts.next()) {
            (_, None) => None,
            (LinkKind::Folder, Some(c)) if !key.is_empty() => {
                Some(LinkChild::Node(parse_handle(c)?))
            }
            _ => return Err(Error::malformed("link: too many fields")),
        };
        if parts.next().is_some() {
            return Err(Error::malformed("link: too many fields"));
        }
        Ok(PublicLink {
            kind,
            handle,
            key: parse_key(kind, key)?,
            child,
        })
    }

    /// File, folder (or, for a keyless link only, collection).
    pub fn kind(&self) -> LinkKind {
        self.kind
    }
    /// Whether this is a file link.
    pub fn is_file(&self) -> bool {
        self.kind == LinkKind::File
    }
    /// The public handle.
    pub fn handle(&self) -> NodeHandle {
        self.handle
    }
    /// The key, unless the link is keyless.
    pub fn key(&self) -> Option<&NodeKey> {
        self.key.as_ref()
    }
    /// The file key of a file link with a key.
    pub fn file_key(&self) -> Option<&FileKey> {
        match &self.key {
            Some(NodeKey::File(k)) => Some(k),
            _ => None,
        }
    }
    /// The folder key of a folder link with a key.
    pub fn folder_key(&self) -> Option<&FolderKey> {
        match &self.key {
            Some(NodeKey::Folder(k)) => Some(k),
            _ => None,
        }
    }
    /// The node selected inside a folder link.
    pub fn child(&self) -> Option<LinkChild> {
        self.child
    }

    fn key_b64(&self) -> Option<String> {
        self.key.as_ref().map(|k| base64::encode(&k.to_bytes()))
    }

    /// The canonical current form: `https://mega.nz/file/<H>#<K>` or
    /// `https://mega.nz/folder/<H>#<K>[/file/<C>|/folder/<C>]` (no `#…` for a keyless link; a
    /// keyless collection link is `https://mega.nz/collection/<H>`).
    pub fn to_url(&self) -> String {
        let kind = self.kind.as_str();
        let mut url = format!("https://mega.nz/{kind}/{}", self.handle);
        if let Some(k) = self.key_b64() {
            url.push('#');
            url.push_str(&k);
            match self.child {
                Some(LinkChild::File(c)) => url.push_str(&format!("/file/{c}")),
                Some(LinkChild::Folder(c) | LinkChild::Node(c)) => {
                    url.push_str(&format!("/folder/{c}"))
                }
                None => {}
            }
        }
        url
    }

    /// The legacy form: `https://mega.nz/#!<H>!<K>` or `https://mega.nz/#F!<H>!<K>[!<C>]`.
    /// Collection links have no legacy form: for them this is [`PublicLink::to_url`].
    pub fn to_legacy_url(&self) -> String {
        let prefix = match self.kind {
            LinkKind::File => "#!",
            LinkKind::Folder => "#F!",
            LinkKind::Collection => return self.to_url(),
        };
        let mut url = format!("https://mega.nz/{prefix}{}", self.handle);
        if let Some(k) = self.key_b64() {
            url.push('!');
            url.push_str(&k);
            if let Some(c) = self.child {
                url.push('!');
                url.push_str(&c.handle().to_b64());
            }
        }
        url
    }
}

impl FromStr for PublicLink {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl fmt::Display for PublicLink {
    /// Writes [`PublicLink::to_url`]. Note that this includes the key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_url())
    }
}

/// Any MEGA link: public, password-protected, or a public album.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// A plain file or folder link.
    Public(PublicLink),
    /// A `#P!` link that needs a password.
    Protected(ProtectedLink),
    /// A public album (Set) link, `collection/`.
    Collection(CollectionLink),
}

impl Link {
    /// Parses any kind of link.
    pub fn parse(url: &str) -> Result<Self> {
        let tail = strip_origin(url)?;
        if tail.starts_with("#P!") || tail.starts_with("/#P!") {
            ProtectedLink::parse(url).map(Link::Protected)
        } else if tail.starts_with("/collection/") {
            CollectionLink::parse(url).map(Link::Collection)
        } else {
            PublicLink::parse(url).map(Link::Public)
        }
    }

    /// The kind of node the link opens.
    pub fn kind(&self) -> LinkKind {
        match self {
            Link::Public(l) => l.kind(),
            Link::Protected(l) => l.kind(),
            Link::Collection(_) => LinkKind::Collection,
        }
    }
}

/// The host a link is written on: `mega.nz`, or `mega.app` once the API's `site` flag is 1 (the
/// SDK's `MEGAURL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum LinkHost {
    /// `https://mega.nz` (the default).
    #[default]
    MegaNz,
    /// `https://mega.app`.
    MegaApp,
}

impl LinkHost {
    /// `"mega.nz"` or `"mega.app"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            LinkHost::MegaNz => "mega.nz",
            LinkHost::MegaApp => "mega.app",
        }
    }
}

/// A public album link: `https://mega.nz/collection/<public Set handle>#<Set key>`.
///
/// ```
/// use megacrypt::link::{CollectionLink, LinkHost};
/// let url = "https://mega.nz/collection/QylglsXZ#gzX2JiAyTk1GJhkqbVnkgg";
/// let link = CollectionLink::parse(url)?;
/// assert_eq!(link.handle().to_b64(), "QylglsXZ");
/// assert_eq!(link.to_url(), url);
/// assert_eq!(
///     link.to_url_on(LinkHost::MegaApp),
///     "https://mega.app/collection/QylglsXZ#gzX2JiAyTk1GJhkqbVnkgg"
/// );
/// // The SDK reads '!' for '#'; megacrypt reads only the form the SDK writes.
/// assert!(CollectionLink::parse("https://mega.nz/collection/QylglsXZ!gzX2JiAyTk1GJhkqbVnkgg").is_err());
/// # Ok::<(), megacrypt::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CollectionLink {
    handle: PublicSetHandle,
    key: SetKey,
    host: LinkHost,
}

impl fmt::Debug for CollectionLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CollectionLink")
            .field("handle", &self.handle)
            .field("host", &self.host)
            .finish_non_exhaustive()
    }
}

impl CollectionLink {
    /// A link for an exported Set (written on `mega.nz`).
    pub fn new(handle: PublicSetHandle, key: SetKey) -> Self {
        CollectionLink {
            handle,
            key,
            host: LinkHost::MegaNz,
        }
    }

    /// Parses exactly `https://<host>/collection/<H>#<K>` where `<host>` is `mega.nz` or
    /// `mega.app` (ASCII case-insensitive, as URL hosts are), `<H>` the 8-character public Set
    /// handle and `<K>` the 22-character Set key, both canonical MEGA base64.
    ///
    /// Refused with [`crate::ErrorKind::Malformed`], although the SDK's `parsepubliclink` reads
    /// them: any other host or a path before `collection/`; `http://`; no scheme at all
    /// (`<H>!<K>`); `!` instead of `#`; a query string; anything after the key; a key of 21
    /// characters; the standard `+`/`/` alphabet; `file/` and `#!` links (whose first 16 key bytes
    /// the SDK would take as a Set key). A missing key is `Malformed` too (SDK `API_EINCOMPLETE`),
    /// and an all-zero key [`crate::ErrorKind::InvalidKey`].
    pub fn parse(url: &str) -> Result<Self> {
        let bad = |what: &'static str| Error::malformed(what);
        let rest = url
            .get(..8)
            .filter(|s| s.eq_ignore_ascii_case("https://"))
            .and_then(|_| url.get(8..))
            .ok_or_else(|| bad("collection link: not an https:// URL"))?;
        let slash = rest
            .find('/')
            .ok_or_else(|| bad("collection link: no path"))?;
        let (host, path) = rest.split_at(slash);
        let host = if host.eq_ignore_ascii_case("mega.nz") {
            LinkHost::MegaNz
        } else if host.eq_ignore_ascii_case("mega.app") {
            LinkHost::MegaApp
        } else {
            return Err(bad("collection link: host is not mega.nz or mega.app"));
        };
        let path = path
            .strip_prefix("/collection/")
            .ok_or_else(|| bad("collection link: path is not /collection/"))?;
        let (handle, key) = path
            .split_once('#')
            .ok_or_else(|| bad("collection link: no '#' and key after the handle"))?;
        let url_safe = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if !url_safe(handle) || !url_safe(key) {
            return Err(bad(
                "collection link: handle or key outside the URL-safe base64 alphabet",
            ));
        }
        if handle.len() != PublicSetHandle::B64_LEN {
            return Err(bad("collection link: handle is not 8 characters"));
        }
        let handle = PublicSetHandle::from_b64(handle)
            .map_err(|_| bad("collection link: invalid handle"))?;
        if key.len() != 22 {
            return Err(bad("collection link: key is not 22 characters"));
        }
        let raw = Zeroizing::new(
            base64::decode_array::<16>(key).map_err(|_| bad("collection link: invalid key"))?,
        );
        Ok(CollectionLink {
            handle,
            key: SetKey::from_bytes(*raw)?,
            host,
        })
    }

    /// The public Set handle.
    pub fn handle(&self) -> PublicSetHandle {
        self.handle
    }

    /// The Set key.
    pub fn key(&self) -> &SetKey {
        &self.key
    }

    /// The host the link was parsed from (`mega.nz` for links made with [`CollectionLink::new`]).
    pub fn host(&self) -> LinkHost {
        self.host
    }

    /// `https://mega.nz/collection/<H>#<K>` (SDK `getPublicSetLink` with the default host).
    pub fn to_url(&self) -> String {
        self.to_url_on(LinkHost::MegaNz)
    }

    /// The link on the given host: `https://<host>/collection/<H>#<K>`.
    pub fn to_url_on(&self, host: LinkHost) -> String {
        format!(
            "https://{}/collection/{}#{}",
            host.as_str(),
            self.handle,
            self.key.to_b64()
        )
    }
}

impl FromStr for CollectionLink {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

/// PBKDF2 iterations of `#P!` links (algorithms 1 and 2).
pub const PROTECTED_LINK_ITERATIONS: u32 = 100_000;

/// A password-protected (`#P!`) link, not yet opened.
#[derive(Clone, PartialEq, Eq)]
pub struct ProtectedLink {
    algorithm: u8,
    kind: LinkKind,
    handle: NodeHandle,
    salt: [u8; 32],
    encrypted_key: Vec<u8>,
    mac: [u8; 32],
}

impl fmt::Debug for ProtectedLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProtectedLink")
            .field("algorithm", &self.algorithm)
            .field("kind", &self.kind)
            .field("handle", &self.handle)
            .finish_non_exhaustive()
    }
}

/// The `#P!` key derivation: `PBKDF2-HMAC-SHA512(password, salt, 100 000, 64)`; bytes `0..32`
/// encrypt the link key (XOR), bytes `32..64` key the HMAC. Exposed for interoperability tests.
pub fn derive_protected_link_key(password: &[u8], salt: &[u8; 32]) -> Zeroizing<[u8; 64]> {
    let mut dk = Zeroizing::new([0u8; 64]);
    pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, PROTECTED_LINK_ITERATIONS, dk.as_mut());
    dk
}

fn link_mac(algorithm: u8, mac_key: &[u8], data: &[u8]) -> Result<[u8; 32]> {
    let m = match algorithm {
        // The current algorithm: HMAC keyed with the derived MAC key over the payload.
        2 => <Hmac<Sha256> as KeyInit>::new_from_slice(mac_key).map(|mut m| {
            m.update(data);
            m
        }),
        // Algorithm 1 (old webclient bug, still readable): key and message swapped.
        1 => <Hmac<Sha256> as KeyInit>::new_from_slice(data).map(|mut m| {
            m.update(mac_key);
            m
        }),
        _ => return Err(Error::unsupported("#P! link: unknown algorithm")),
    }
    .map_err(|_| Error::misuse("HMAC key"))?;
    let out = m.finalize().into_bytes();
    let mut mac = [0u8; 32];
    for (d, s) in mac.iter_mut().zip(out.iter()) {
        *d = *s;
    }
    Ok(mac)
}

impl ProtectedLink {
    /// Parses `https://mega.nz/#P!<payload>` (any accepted host).
    pub fn parse(url: &str) -> Result<Self> {
        let tail = strip_origin(url)?;
        let payload = tail
            .strip_prefix("/#P!")
            .or_else(|| tail.strip_prefix("#P!"))
            .ok_or(Error::malformed("#P! link: missing #P! prefix"))?;
        Self::from_payload(&base64::decode(payload)?)
    }

    /// Parses the binary payload: `algorithm(1) || type(1) || handle(6) || salt(32) ||
    /// encrypted key(16 or 32) || HMAC(32)`.
    pub fn from_payload(p: &[u8]) -> Result<Self> {
        let (&algorithm, rest) = p
            .split_first()
            .ok_or(Error::malformed("#P! link: empty payload"))?;
        if algorithm != 1 && algorithm != 2 {
            return Err(Error::unsupported("#P! link: unknown algorithm"));
        }
        let (&ty, rest) = rest
            .split_first()
            .ok_or(Error::malformed("#P! link: truncated"))?;
        let (kind, key_len) = match ty {
            0 => (LinkKind::Folder, 16),
            1 => (LinkKind::File, 32),
            _ => return Err(Error::malformed("#P! link: unknown link type")),
        };
        if rest.len() != 6 + 32 + key_len + 32 {
            return Err(Error::malformed("#P! link: wrong payload length"));
        }
        let (h, rest) = rest.split_at(6);
        let (salt, rest) = rest.split_at(32);
        let (ek, mac) = rest.split_at(key_len);
        let handle = NodeHandle::from_bytes(
            h.try_into()
                .map_err(|_| Error::malformed("#P! link: truncated"))?,
        );
        Ok(ProtectedLink {
            algorithm,
            kind,
            handle,
            salt: salt
                .try_into()
                .map_err(|_| Error::malformed("#P! link: truncated"))?,
            encrypted_key: ek.to_vec(),
            mac: mac
                .try_into()
                .map_err(|_| Error::malformed("#P! link: truncated"))?,
        })
    }

    fn data(&self) -> Vec<u8> {
        let mut d = Vec::with_capacity(40 + self.encrypted_key.len());
        d.push(self.algorithm);
        d.push(match self.kind {
            LinkKind::Folder => 0,
            LinkKind::File => 1,
            // Never constructed: `from_payload` reads types 0 and 1 only, and `protect` refuses
            // keyless links, the only kind of collection `PublicLink`.
            LinkKind::Collection => 0xFF,
        });
        d.extend_from_slice(self.handle.as_bytes());
        d.extend_from_slice(&self.salt);
        d.extend_from_slice(&self.encrypted_key);
        d
    }

    /// The binary payload.
    pub fn to_payload(&self) -> Vec<u8> {
        let mut d = self.data();
        d.extend_from_slice(&self.mac);
        d
    }

    /// `https://mega.nz/#P!<payload>`.
    pub fn to_url(&self) -> String {
        format!("https://mega.nz/#P!{}", base64::encode(&self.to_payload()))
    }

    /// The algorithm byte (1 = legacy, 2 = current).
    pub fn algorithm(&self) -> u8 {
        self.algorithm
    }
    /// File or folder.
    pub fn kind(&self) -> LinkKind {
        self.kind
    }
    /// The public handle (not secret: it is in the clear in the payload).
    pub fn handle(&self) -> NodeHandle {
        self.handle
    }

    /// Opens the link with a password: derives the keys (PBKDF2-HMAC-SHA512, 100 000 iterations),
    /// verifies the HMAC in constant time and only then decrypts the key. A wrong password gives
    /// the opaque [`crate::ErrorKind::Decrypt`].
    ///
    /// The password is used exactly as given (UTF-8). MEGA's webclient trims surrounding whitespace
    /// before deriving, the SDK does not: to open a webclient link made with such a password, pass
    /// the trimmed password.
    pub fn open(&self, password: &str) -> Result<PublicLink> {
        let dk = derive_protected_link_key(password.as_bytes(), &self.salt);
        let (enc_key, mac_key) = dk.split_at(32);
        let want = link_mac(self.algorithm, mac_key, &self.data())?;
        if !ct_eq(&want, &self.mac) {
            return Err(Error::decrypt());
        }
        let mut key = Zeroizing::new(self.encrypted_key.clone());
        xor_in_place(&mut key, enc_key);
        let key = match self.kind {
            LinkKind::File => NodeKey::File(FileKey::from_node_key_slice(&key)?),
            LinkKind::Folder => NodeKey::Folder(FolderKey::from_slice(&key)?),
            LinkKind::Collection => {
                return Err(Error::unsupported(
                    "#P! link: collection links cannot be protected",
                ));
            }
        };
        PublicLink::keyless(self.kind, self.handle).with_key(key)
    }

    /// Protects a link with a password (algorithm 2, fresh 32-byte salt from `rng`). The link must
    /// carry its key; a folder link's selected child is not part of the `#P!` format and is dropped.
    pub fn protect<R: TryCryptoRng + ?Sized>(
        link: &PublicLink,
        password: &str,
        rng: &mut R,
    ) -> Result<Self> {
        let mut salt = [0u8; 32];
        fill_random(rng, &mut salt)?;
        Self::protect_with_salt(link, password, salt)
    }

    /// [`ProtectedLink::protect`] with a caller-chosen salt (for tests and reproducible builds;
    /// production code must use a fresh random salt).
    pub fn protect_with_salt(link: &PublicLink, password: &str, salt: [u8; 32]) -> Result<Self> {
        let key = link
            .key()
            .ok_or(Error::misuse("cannot protect a keyless link"))?;
        let mut encrypted_key = key.to_bytes().to_vec();
        let dk = derive_protected_link_key(password.as_bytes(), &salt);
        let (enc_key, mac_key) = dk.split_at(32);
        xor_in_place(&mut encrypted_key, enc_key);
        let mut pl = ProtectedLink {
            algorithm: 2,
            kind: link.kind,
            handle: link.handle,
            salt,
            encrypted_key,
            mac: [0; 32],
        };
        pl.mac = link_mac(2, mac_key, &pl.data())?;
        Ok(pl)
    }
}

impl FromStr for ProtectedLink {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const FILE_KEY: &str = "nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc";
    const FOLDER_KEY: &str = "Vc__bk7c-bImIN48YvtHPw";

    fn kind_of(url: &str) -> ErrorKind {
        PublicLink::parse(url).unwrap_err().kind()
    }

    #[test]
    fn negative_cases() {
        use ErrorKind::*;
        let cases = [
            (format!("ftp://mega.nz/file/xUIkknuH#{FILE_KEY}"), Malformed),
            (
                format!("https://mega.nz.evil.com/file/xUIkknuH#{FILE_KEY}"),
                Malformed,
            ),
            (
                format!("https://mega.nz/file/xUIkknu#{FILE_KEY}"),
                Malformed,
            ),
            (
                format!("https://mega.nz/file/xUIkknuHH#{FILE_KEY}"),
                Malformed,
            ),
            (
                format!("https://mega.nz/file/xUIkknuH#{FILE_KEY}A"),
                Malformed,
            ),
            (
                format!("https://mega.nz/file/xUIkknuH#{}", &FILE_KEY[..42]),
                Malformed,
            ),
            (
                format!("https://mega.nz/file/xUIkknuH#{FOLDER_KEY}"),
                Malformed,
            ),
            (
                format!("https://mega.nz/folder/xUIkknuH#{FILE_KEY}"),
                Malformed,
            ),
            (
                format!("https://mega.nz/folder/xUIkknuH#{FOLDER_KEY}/file/"),
                Malformed,
            ),
            (
                format!("https://mega.nz/folder/xUIkknuH#{FOLDER_KEY}/x/JzBKSLQG"),
                Malformed,
            ),
            (
                format!("https://mega.nz/#!xUIkknuH!{FILE_KEY}!x"),
                Malformed,
            ),
            (
                format!("https://mega.nz/#F!xUIkknuH!{FOLDER_KEY}!JzBKSLQG!JzBKSLQG"),
                Malformed,
            ),
            (
                format!("https://mega.nz/embed/xUIkknuH#{FILE_KEY}"),
                Unsupported,
            ),
            ("https://mega.nz/".into(), Malformed),
            ("https://mega.nz/#".into(), Malformed),
            ("https://mega.nz/#!".into(), Malformed),
            ("".into(), Malformed),
            // Equal key halves: a zero content key.
            (
                format!(
                    "https://mega.nz/file/xUIkknuH#{}",
                    base64::encode(&[5u8; 32])
                ),
                InvalidKey,
            ),
        ];
        for (url, want) in cases {
            assert_eq!(kind_of(&url), want, "{url}");
        }
    }

    #[test]
    fn keyless_and_round_trips() {
        let l = PublicLink::parse("https://mega.nz/file/xUIkknuH").unwrap();
        assert!(l.key().is_none());
        assert_eq!(l.to_url(), "https://mega.nz/file/xUIkknuH");
        let l = PublicLink::parse("https://mega.nz/#F!cLRHa4nJ").unwrap();
        assert_eq!(l.kind(), LinkKind::Folder);
        assert_eq!(l.to_legacy_url(), "https://mega.nz/#F!cLRHa4nJ");
        let url = format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/folder/JzBKSLQG");
        let l = PublicLink::parse(&url).unwrap();
        assert_eq!(l.to_url(), url);
        assert_eq!(
            l.child(),
            Some(LinkChild::Folder(NodeHandle::from_b64("JzBKSLQG").unwrap()))
        );
        let key = PublicLink::parse(&format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}"))
            .unwrap()
            .key()
            .cloned()
            .unwrap();
        let with = PublicLink::keyless(LinkKind::Folder, l.handle())
            .with_key(key.clone())
            .unwrap();
        assert!(with.folder_key().is_some());
        assert!(
            PublicLink::keyless(LinkKind::File, l.handle())
                .with_key(key)
                .is_err()
        );
    }

    #[test]
    fn link_parse_dispatches_on_the_fragment() {
        let public =
            PublicLink::parse(&format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}")).unwrap();
        let p = ProtectedLink::protect_with_salt(&public, "pw", [7; 32]).unwrap();
        assert_eq!(Link::parse(&p.to_url()).unwrap(), Link::Protected(p));
        assert_eq!(Link::parse(&public.to_url()).unwrap(), Link::Public(public));
        assert_eq!(
            Link::parse("https://mega.nz/#P!AgA").unwrap_err().kind(),
            ErrorKind::Malformed
        );
        assert_eq!(
            Link::parse("https://evil.example/#P!AgA")
                .unwrap_err()
                .kind(),
            ErrorKind::Malformed
        );
    }

    #[test]
    fn collection_links_are_a_third_kind() {
        let url = "https://mega.nz/collection/QylglsXZ#gzX2JiAyTk1GJhkqbVnkgg";
        let l = Link::parse(url).unwrap();
        assert_eq!(l.kind(), LinkKind::Collection);
        let Link::Collection(c) = l else {
            panic!("not a collection link")
        };
        assert_eq!(c.to_url(), url);
        assert_eq!(
            CollectionLink::parse("HTTPS://MEGA.APP/collection/QylglsXZ#gzX2JiAyTk1GJhkqbVnkgg")
                .unwrap()
                .host(),
            LinkHost::MegaApp
        );
        assert_eq!(kind_of(url), ErrorKind::Unsupported);
        assert_eq!(
            Link::parse("https://mega.co.nz/collection/QylglsXZ#gzX2JiAyTk1GJhkqbVnkgg")
                .unwrap_err()
                .kind(),
            ErrorKind::Malformed
        );
        let keyless = PublicLink::keyless(
            LinkKind::Collection,
            NodeHandle::from_bytes(*c.handle().as_bytes()),
        );
        assert_eq!(keyless.to_url(), "https://mega.nz/collection/QylglsXZ");
        assert_eq!(keyless.to_legacy_url(), keyless.to_url());
        assert!(ProtectedLink::protect_with_salt(&keyless, "pw", [0; 32]).is_err());
    }

    #[test]
    fn protected_payload_negative_cases() {
        let mut p = alloc::vec![2u8, 1];
        p.extend_from_slice(&[0; 6 + 32 + 32 + 32]);
        assert!(ProtectedLink::from_payload(&p).is_ok());
        let mut bad = p.clone();
        bad[0] = 0;
        assert_eq!(
            ProtectedLink::from_payload(&bad).unwrap_err().kind(),
            ErrorKind::Unsupported
        );
        let mut bad = p.clone();
        bad[1] = 2;
        assert_eq!(
            ProtectedLink::from_payload(&bad).unwrap_err().kind(),
            ErrorKind::Malformed
        );
        assert!(ProtectedLink::from_payload(&p[..p.len() - 1]).is_err());
        let mut long = p.clone();
        long.push(0);
        assert!(ProtectedLink::from_payload(&long).is_err());
        assert!(ProtectedLink::from_payload(&[]).is_err());
        assert!(ProtectedLink::parse("https://mega.nz/#P!").is_err());
        assert!(ProtectedLink::parse("https://mega.nz/#P!AgE=").is_err());
    }
}
