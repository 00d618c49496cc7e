//! The node `k` field: its items, who wrapped each, and unwrapping the items a context can open
//! (docs/format/share-keys.md#the-k-field).

use alloc::string::String;
use alloc::vec::Vec;

use super::wrap::unwrap_node_key_b64;
use crate::error::{Error, Result};
use crate::handles::{NodeHandle, UserHandle};
use crate::keys::{AesKey, MasterKey, NodeKey, ShareKey};

/// Who wrapped one item of a node's `k` field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyItemOwner {
    /// A bare key (no `id:`): wrapped with the current context's key.
    Bare,
    /// `user:key`: wrapped with that user's master key.
    User(UserHandle),
    /// `share:key`: wrapped with the key of that share (or folder link) root.
    Share(NodeHandle),
}

impl KeyItemOwner {
    /// The names of the three kinds of owner, as [`KeyItemOwner::as_str`] writes them.
    pub const NAMES: [&'static str; 3] = ["bare", "user", "share"];

    /// The kind of owner: `"bare"`, `"user"` or `"share"`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            KeyItemOwner::Bare => "bare",
            KeyItemOwner::User(_) => "user",
            KeyItemOwner::Share(_) => "share",
        }
    }

    /// The owner's handle in MEGA base64 (`None` for a bare item).
    pub fn handle_b64(&self) -> Option<String> {
        match self {
            KeyItemOwner::Bare => None,
            KeyItemOwner::User(u) => Some(u.to_b64()),
            KeyItemOwner::Share(h) => Some(h.to_b64()),
        }
    }
}

/// One item of a node's `k` field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyItem {
    /// Who wrapped it.
    pub owner: KeyItemOwner,
    /// The wrapped key in MEGA base64 as received.
    pub wrapped_b64: String,
}

impl KeyItem {
    /// `true` when the item is RSA-encrypted rather than AES-wrapped (more than 43 characters,
    /// SDK rule). Such keys can be made by anyone who knows the public key, the server included.
    pub fn is_rsa(&self) -> bool {
        self.wrapped_b64.len() > 43
    }
}

/// Parses a node's `k` field: `id:key/id:key/...` or a bare 22/43-character key
/// (docs/format/share-keys.md#the-k-field). Ids are 11-character user handles or 8-character node
/// handles; anything else is malformed.
pub fn parse_key_field(k: &str) -> Result<Vec<KeyItem>> {
    let bad = || Error::malformed("node key field is malformed");
    if !k.contains(':') {
        if k.len() == 22 || k.len() == 43 {
            return Ok(alloc::vec![KeyItem {
                owner: KeyItemOwner::Bare,
                wrapped_b64: String::from(k)
            }]);
        }
        return Err(bad());
    }
    k.split('/')
        .map(|item| {
            let (id, key) = item.split_once(':').ok_or_else(bad)?;
            let owner = match id.len() {
                11 => KeyItemOwner::User(UserHandle::from_b64(id).map_err(|_| bad())?),
                8 => KeyItemOwner::Share(NodeHandle::from_b64(id).map_err(|_| bad())?),
                _ => return Err(bad()),
            };
            if key.is_empty() {
                return Err(bad());
            }
            Ok(KeyItem {
                owner,
                wrapped_b64: String::from(key),
            })
        })
        .collect()
}

/// The context a `k` field is read in: the logged-in user with their master key, or a folder-link
/// session whose root handle plays the role of "me" and whose folder key plays the master key's
/// (SDK `Node::applykey`, docs/format/share-keys.md#choosing-an-item).
#[derive(Clone, Copy, Debug)]
pub enum KeyContext<'a> {
    /// A logged-in account.
    Account {
        /// The account's user handle.
        user: &'a UserHandle,
        /// The account's master key.
        master_key: &'a MasterKey,
    },
    /// A folder-link session.
    FolderLink {
        /// The link's root node handle.
        root: &'a NodeHandle,
        /// The link's folder key.
        key: &'a AesKey,
    },
}

/// Which key unwrapped a node key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKeySource {
    /// The context's own key (master key, or the folder-link key), from a bare or owner item.
    Context,
    /// The key of this share root.
    Share(NodeHandle),
}

/// Unwraps every AES item of a `k` field that the context can open, in the field's order (the
/// owner's item first when present, as the API sends it). The caller confirms a candidate by
/// decrypting the node's attributes and falls back to the next one
/// (docs/format/share-keys.md#choosing-an-item, step 5).
///
/// `share_key` looks up known share keys by share root handle. RSA items are skipped (use
/// [`crate::rsa::RsaPrivateKey::decrypt_key_bytes`] explicitly); items for other users and
/// unknown shares are skipped; an item that fails to unwrap (bad length, zero or equal-halves key)
/// is skipped too. An empty result means the node's key is missing.
pub fn unwrap_key_field<'s>(
    k: &str,
    ctx: KeyContext<'_>,
    share_key: impl Fn(&NodeHandle) -> Option<&'s ShareKey>,
) -> Result<Vec<(NodeKeySource, NodeKey)>> {
    let items = parse_key_field(k)?;
    let mut out = Vec::new();
    for item in items.iter().filter(|i| !i.is_rsa()) {
        let (source, key): (NodeKeySource, &AesKey) = match (item.owner, ctx) {
            (KeyItemOwner::Bare, KeyContext::Account { master_key, .. }) => {
                (NodeKeySource::Context, master_key.as_aes_key())
            }
            (KeyItemOwner::Bare, KeyContext::FolderLink { key, .. }) => {
                (NodeKeySource::Context, key)
            }
            (KeyItemOwner::User(u), KeyContext::Account { user, master_key }) if u == *user => {
                (NodeKeySource::Context, master_key.as_aes_key())
            }
            (KeyItemOwner::Share(h), KeyContext::FolderLink { root, key }) if h == *root => {
                (NodeKeySource::Context, key)
            }
            (KeyItemOwner::Share(h), _) => match share_key(&h) {
                Some(sk) => (NodeKeySource::Share(h), sk.as_aes_key()),
                None => continue,
            },
            _ => continue,
        };
        if let Ok(nk) = unwrap_node_key_b64(key, &item.wrapped_b64) {
            out.push((source, nk));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_field_parsing() {
        let items =
            parse_key_field("Z05_UFdxaNA:AAAAAAAAAAAAAAAAAAAAAA/ChssPU5f:BBBBBBBBBBBBBBBBBBBBBB")
                .unwrap();
        assert_eq!(items.len(), 2);
        assert!(matches!(items[0].owner, KeyItemOwner::User(_)));
        assert!(matches!(items[1].owner, KeyItemOwner::Share(_)));
        assert_eq!(
            parse_key_field("AAAAAAAAAAAAAAAAAAAAAA").unwrap()[0].owner,
            KeyItemOwner::Bare
        );
        for bad in [
            "",
            "abc",
            "ChssPU5:AAAA",
            "ChssPU5f:",
            "ChssPU5f",
            "Z05_UFdxaNA:AAA/",
        ] {
            assert!(parse_key_field(bad).is_err(), "{bad:?}");
        }
    }
}
