//! Public album links (`collection/`, docs/format/sets.md) in exactly the form MEGA's SDK writes.

use alloc::format;
use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use zeroize::Zeroizing;

use crate::base64;
use crate::error::{Error, Result};
use crate::sets::{PublicSetHandle, SetKey};

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
