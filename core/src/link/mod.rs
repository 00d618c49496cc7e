//! Public links, password-protected (`#P!`) links and public album (`collection/`) links
//! (docs/format/links.md, docs/format/sets.md).
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

mod collection;
mod protected;
mod public;

use crate::error::{Error, Result};

pub use collection::{CollectionLink, LinkHost};
pub use protected::{PROTECTED_LINK_ITERATIONS, ProtectedLink, derive_protected_link_key};
pub use public::{LinkChild, PublicLink};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::handles::NodeHandle;

    const FOLDER_KEY: &str = "Vc__bk7c-bImIN48YvtHPw";

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
        assert_eq!(
            PublicLink::parse(url).unwrap_err().kind(),
            ErrorKind::Unsupported
        );
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
}
