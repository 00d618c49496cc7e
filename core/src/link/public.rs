//! Public file and folder links (`file/`, `folder/` with an optional child, and the legacy `#!`,
//! `#F!` forms), with or without their key.

use alloc::format;
use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use zeroize::Zeroizing;

use super::{LinkKind, strip_origin};
use crate::base64;
use crate::error::{Error, Result};
use crate::handles::NodeHandle;
use crate::keys::{FileKey, FolderKey, NodeKey};

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
}
