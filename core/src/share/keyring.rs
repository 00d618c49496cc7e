//! [`ShareKeyring`]: the share keys of an account by share root, the lookup the `k` field and `cr`
//! readers take.

use crate::sorted_map::SortedMap;
use alloc::boxed::Box;
use alloc::vec::Vec;

use super::key_field::{KeyContext, NodeKeySource, unwrap_key_field};
use crate::error::Result;
use crate::handles::NodeHandle;
use crate::keys::{NodeKey, ShareKey};

/// Share keys by share root handle, the lookup [`unwrap_key_field`] takes (`|h| ring.get(h)`).
///
/// In a current account the share keys come from `^!keys`: build the ring with
/// [`ShareKeyring::from_keys_container`]. Zeroized on drop (each [`ShareKey`] is).
///
/// ```
/// use megacrypt::keys_container::KeysContainer;
/// use megacrypt::share::{self, KeyContext, ShareKeyring, NodeKeySource};
/// use megacrypt::{FolderKey, MasterKey, NodeHandle, NodeKey, ShareKey, UserHandle};
/// let me = UserHandle::from_bytes(*b"12345678");
/// let folder = NodeHandle::from_bytes(*b"folder");
/// let sk = ShareKey::from_bytes([9; 16])?;
/// let mut keys = KeysContainer::new(me, 0, &[1; 32], &[2; 32], None)?;
/// keys.insert_share_key(folder, &sk, true)?;
/// let ring = ShareKeyring::from_keys_container(&keys);
///
/// // A node inside the share: its `k` item is wrapped under the share key.
/// let nk = NodeKey::Folder(FolderKey::from_bytes([5; 16])?);
/// let k = format!("{}:{}", folder.to_b64(), share::wrap_node_key_b64(sk.as_aes_key(), &nk));
/// let mk = MasterKey::from_bytes([3; 16])?;
/// let ctx = KeyContext::Account { user: &UserHandle::from_bytes(*b"other-us"), master_key: &mk };
/// let got = share::unwrap_key_field(&k, ctx, |h| ring.get(h))?;
/// assert_eq!(got, vec![(NodeKeySource::Share(folder), nk)]);
/// # Ok::<(), megacrypt::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct ShareKeyring {
    // Boxed: entries move when the sorted vector shifts or grows; the key bytes must not.
    keys: SortedMap<NodeHandle, Box<ShareKey>>,
    skipped: usize,
}

impl ShareKeyring {
    /// An empty ring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every share key of a `^!keys` container, trusted or not (trust decides whether a key may be
    /// given to others, not whether it may decrypt: MEGA's SDK uses both). An entry whose 16 bytes
    /// are all zero is not a key and is left out (counted by [`Self::skipped`]).
    pub fn from_keys_container(container: &crate::keys_container::KeysContainer) -> Self {
        let mut ring = Self::new();
        for entry in container.share_keys() {
            match entry.share_key() {
                Ok(k) => {
                    ring.keys.insert(entry.node(), Box::new(k));
                }
                Err(_) => ring.skipped = ring.skipped.saturating_add(1),
            }
        }
        ring
    }

    /// Adds or replaces the share key of `share`.
    pub fn insert(&mut self, share: NodeHandle, key: ShareKey) {
        self.keys.insert(share, Box::new(key));
    }

    /// The share key of `share`.
    pub fn get(&self, share: &NodeHandle) -> Option<&ShareKey> {
        self.keys.get(share).map(|k| &**k)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// `true` when the ring holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Container entries left out because their key bytes were all zero.
    pub const fn skipped(&self) -> usize {
        self.skipped
    }

    /// The share roots, in handle order.
    pub fn shares(&self) -> impl Iterator<Item = &NodeHandle> {
        self.keys.keys()
    }

    /// Forgets the key of the share rooted at `root`; whether there was one.
    pub fn remove(&mut self, root: &NodeHandle) -> bool {
        self.keys.remove(root).is_some()
    }

    /// [`unwrap_key_field`] with this keyring as the share-key lookup.
    pub fn unwrap_key_field(
        &self,
        k: &str,
        ctx: KeyContext<'_>,
    ) -> Result<Vec<(NodeKeySource, NodeKey)>> {
        unwrap_key_field(k, ctx, |h| self.get(h))
    }
}

impl core::fmt::Debug for ShareKeyring {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ShareKeyring")
            .field("shares", &self.keys.len())
            .field("skipped", &self.skipped)
            .finish()
    }
}
