//! Node keys, share keys, `ha`, `cr` and the node `k` field (docs/format/share-keys.md).
//!
//! Every symmetric key the server stores is wrapped with AES-ECB, without integrity: under the
//! master key for the user's own nodes, under a share key inside shared folders and folder links.
//! The functions here unwrap strictly (exact lengths; a file key with equal halves and the all-zero
//! key are refused, BHP attack A4) and report unwrap failures as the opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
//!
//! What this module deliberately does **not** offer: re-wrapping server-supplied key material under
//! the master key. Official clients used to turn RSA-encrypted node keys into master-key-wrapped ones
//! automatically, which gave a malicious server an AES-ECB encryption oracle under the master key
//! (the MEGAdrop oracle of "Caveat Implementor!", Eurocrypt 2023). [`wrap_node_key`] takes a
//! [`NodeKey`] the caller created or deliberately imported; never feed it the output of RSA
//! decryption or of [`unwrap_key_field`] for an item wrapped by someone else.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::Value;
use zeroize::Zeroizing;

use crate::base64;
use crate::error::{Error, Result};
use crate::handles::{NodeHandle, UserHandle};
use crate::keys::{AesKey, MasterKey, NodeKey, ShareKey};
use crate::primitives::{aes, ct_eq, ecb_decrypt, ecb_encrypt};

/// Wraps a node key (16 or 32 bytes) with AES-ECB under `wrapping_key` (master key or share key).
pub fn wrap_node_key(wrapping_key: &AesKey, node_key: &NodeKey) -> Vec<u8> {
    let mut buf = node_key.to_bytes();
    ecb_encrypt(&aes(wrapping_key.as_bytes()), &mut buf);
    buf.to_vec()
}

/// [`wrap_node_key`] as MEGA base64 (22 or 43 characters), the `key` part of a `k` item.
pub fn wrap_node_key_b64(wrapping_key: &AesKey, node_key: &NodeKey) -> String {
    base64::encode(&wrap_node_key(wrapping_key, node_key))
}

/// Unwraps an AES-ECB-wrapped node key. The unwrapped length decides the kind (16 = folder,
/// 32 = file); any other length, the all-zero key and a file key with equal halves are refused —
/// all with the opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
pub fn unwrap_node_key(wrapping_key: &AesKey, wrapped: &[u8]) -> Result<NodeKey> {
    if wrapped.len() != 16 && wrapped.len() != 32 {
        return Err(Error::decrypt());
    }
    let mut buf = Zeroizing::new(wrapped.to_vec());
    ecb_decrypt(&aes(wrapping_key.as_bytes()), &mut buf);
    NodeKey::from_slice(&buf).map_err(|_| Error::decrypt())
}

/// [`unwrap_node_key`] from MEGA base64 (22 or 43 characters).
pub fn unwrap_node_key_b64(wrapping_key: &AesKey, wrapped_b64: &str) -> Result<NodeKey> {
    let bytes = Zeroizing::new(base64::decode(wrapped_b64).map_err(|_| Error::decrypt())?);
    unwrap_node_key(wrapping_key, &bytes)
}

/// Wraps a share key under the master key: the owner's `ok` (docs/format/share-keys.md#share-keys),
/// or the recipient's re-wrapped `sk` after it accepted a share whose key it could authenticate.
pub fn wrap_share_key(master_key: &MasterKey, share_key: &ShareKey) -> [u8; 16] {
    let mut b = *share_key.as_bytes();
    ecb_encrypt(&aes(master_key.as_bytes()), &mut b);
    b
}

/// Unwraps a 16-byte share key wrapped under the master key (`sk` of 22 characters).
///
/// Only for keys whose provenance is known (`^!keys`, or an `ok` checked with
/// [`unwrap_owner_share_key`]): an unauthenticated ECB block from the server is whatever the server
/// wants it to be.
pub fn unwrap_share_key_b64(master_key: &MasterKey, wrapped_b64: &str) -> Result<ShareKey> {
    let mut b =
        Zeroizing::new(base64::decode_array::<16>(wrapped_b64).map_err(|_| Error::decrypt())?);
    ecb_decrypt(&aes(master_key.as_bytes()), b.as_mut());
    ShareKey::from_bytes(*b).map_err(|_| Error::decrypt())
}

/// The share handle authentication `ha = E_mk(B64(h) || B64(h))`
/// (docs/format/share-keys.md#handle-authentication): 16 bytes.
///
/// Only for the legacy (pre-`^!keys`) share flow; MEGA's current clients send dummy values.
pub fn handle_auth(master_key: &MasterKey, share: &NodeHandle) -> [u8; 16] {
    let h = share.to_b64();
    let mut block = [0u8; 16];
    for (dst, src) in block.iter_mut().zip(h.bytes().chain(h.bytes())) {
        *dst = src;
    }
    ecb_encrypt(&aes(master_key.as_bytes()), &mut block);
    block
}

/// [`handle_auth`] as MEGA base64 (22 characters).
pub fn handle_auth_b64(master_key: &MasterKey, share: &NodeHandle) -> String {
    base64::encode(&handle_auth(master_key, share))
}

/// Checks an `ha` value in constant time. Opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt) when it does not verify
/// (including the all-zero dummy `ha` of the key-manager mode).
pub fn verify_handle_auth(master_key: &MasterKey, share: &NodeHandle, ha_b64: &str) -> Result<()> {
    let got = base64::decode_array::<16>(ha_b64).map_err(|_| Error::decrypt())?;
    if ct_eq(&handle_auth(master_key, share), &got) {
        Ok(())
    } else {
        Err(Error::decrypt())
    }
}

/// The owner's share key from an `ok` element `{h, ha, k}` of the fetch-nodes response: `ha` is
/// verified first (SDK "forged outbound share foiled"), then `k` is unwrapped under the master key.
pub fn unwrap_owner_share_key(
    master_key: &MasterKey,
    share: &NodeHandle,
    ok_b64: &str,
    ha_b64: &str,
) -> Result<ShareKey> {
    verify_handle_auth(master_key, share, ha_b64)?;
    unwrap_share_key_b64(master_key, ok_b64)
}

/// The 16 zero bytes MEGA's current clients send as `ok` and `ha` in `s2` for a share whose key
/// lives in `^!keys` (SDK `CommandSetShare`, "TODO: dummy key/handleauth"; webclient `api.setShare`).
pub const KEY_MANAGER_PLACEHOLDER: [u8; 16] = [0; 16];

/// `true` when an `ok` or `ha` value (MEGA base64, 22 characters) is the all-zero placeholder of the
/// key-manager mode: the share key is not on the server but in the owner's `^!keys` container.
///
/// An AES-ECB encryption of a real share key is all zero with probability 2^-128, so an all-zero
/// `ok` is never a wrapped key; it is no forgery either (MEGA's own clients write it). Anything that
/// does not decode to 16 bytes is `false`.
///
/// ```
/// use megacrypt::share::is_key_manager_placeholder;
/// assert!(is_key_manager_placeholder("AAAAAAAAAAAAAAAAAAAAAA"));
/// assert!(!is_key_manager_placeholder("W8dCb_cdPz5pn2asBuwAAg"));
/// ```
pub fn is_key_manager_placeholder(b64: &str) -> bool {
    match base64::decode_array::<16>(b64) {
        Ok(b) => ct_eq(&b, &KEY_MANAGER_PLACEHOLDER),
        Err(_) => false,
    }
}

/// Where the owner's share key of an `ok` element comes from ([`read_owner_share_key`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnerShareKey {
    /// `ok` is the all-zero placeholder: the key is the share's entry in `^!keys`
    /// ([`ShareKeyring::from_keys_container`]). If `^!keys` has no entry for the share, the key is
    /// missing; nothing the server sent stands in for it.
    InKeysContainer,
    /// A legacy `ok` whose `ha` verified: the share key it wraps.
    Legacy(ShareKey),
}

/// Reads an `ok` element `{h, ha, k}` of the fetch-nodes answer for a current account:
///
/// - `ok` all zero (the key-manager placeholder, whatever `ha` is) → [`OwnerShareKey::InKeysContainer`];
///   `ha` is not checked, as MEGA's SDK does not check it once `^!keys` is in use;
/// - otherwise the legacy rule of [`unwrap_owner_share_key`]: `ha` must verify (an all-zero `ha`
///   with a non-zero `ok` does not: [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt)), then `ok`
///   is unwrapped under the master key.
///
/// ```
/// use megacrypt::share::{read_owner_share_key, OwnerShareKey};
/// use megacrypt::{MasterKey, NodeHandle};
/// let mk = MasterKey::from_bytes([3; 16])?;
/// let h = NodeHandle::from_b64("ChssPU5f")?;
/// let zero = "AAAAAAAAAAAAAAAAAAAAAA";
/// assert_eq!(read_owner_share_key(&mk, &h, zero, zero)?, OwnerShareKey::InKeysContainer);
/// # Ok::<(), megacrypt::Error>(())
/// ```
pub fn read_owner_share_key(
    master_key: &MasterKey,
    share: &NodeHandle,
    ok_b64: &str,
    ha_b64: &str,
) -> Result<OwnerShareKey> {
    if is_key_manager_placeholder(ok_b64) {
        return Ok(OwnerShareKey::InKeysContainer);
    }
    unwrap_owner_share_key(master_key, share, ok_b64, ha_b64).map(OwnerShareKey::Legacy)
}

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
    keys: BTreeMap<NodeHandle, ShareKey>,
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
                    ring.keys.insert(entry.node(), k);
                }
                Err(_) => ring.skipped = ring.skipped.saturating_add(1),
            }
        }
        ring
    }

    /// Adds or replaces the share key of `share`.
    pub fn insert(&mut self, share: NodeHandle, key: ShareKey) {
        self.keys.insert(share, key);
    }

    /// The share key of `share`.
    pub fn get(&self, share: &NodeHandle) -> Option<&ShareKey> {
        self.keys.get(share)
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

// ---------------------------------------------------------------------------------------------
// Block-reuse detector (docs/security-notes.md#node-keys-framing-and-block-reuse)
// ---------------------------------------------------------------------------------------------

/// Detects ECB ciphertext blocks reused across wrapped keys — the footprint of node-key forgeries
/// built from known ECB pairs (BHP attacks A3/A4: `ct1 || ct1`, swapped halves `ct2 || ct1`, a block
/// of the encrypted private key spliced into a node key).
///
/// A 16-byte ciphertext block may appear in two wrapped keys only as part of the *identical* whole
/// wrapped key (copies of a node legitimately reuse its key ciphertext). Feed it every wrapped key
/// the context can open (after base64 decoding) and the `privk` ciphertext, before using them.
#[derive(Clone, Debug, Default)]
pub struct MegaKeyBlockRegistry {
    /// block → the whole wrapped key it belongs to (empty for private-key blocks).
    seen: alloc::collections::BTreeMap<[u8; 16], Vec<u8>>,
}

impl MegaKeyBlockRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the blocks of the encrypted private key (`privk`); any node key that later contains
    /// one of them is refused.
    pub fn record_private_key_ciphertext(&mut self, privk: &[u8]) {
        for b in privk.chunks_exact(16) {
            if let Ok(block) = <[u8; 16]>::try_from(b) {
                self.seen.insert(block, Vec::new());
            }
        }
    }

    /// Checks a wrapped node key (16 or 32 bytes) and records it. Refuses (opaque
    /// [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt)) a key with two equal blocks and a key that shares a block with a
    /// different wrapped key or with the private key.
    pub fn check_and_record(&mut self, wrapped: &[u8]) -> Result<()> {
        if wrapped.len() != 16 && wrapped.len() != 32 {
            return Err(Error::decrypt());
        }
        let blocks: Vec<[u8; 16]> = wrapped
            .chunks_exact(16)
            .filter_map(|b| b.try_into().ok())
            .collect();
        if let [a, b] = blocks.as_slice()
            && a == b
        {
            return Err(Error::decrypt());
        }
        for b in &blocks {
            if let Some(owner) = self.seen.get(b)
                && owner.as_slice() != wrapped
            {
                return Err(Error::decrypt());
            }
        }
        for b in blocks {
            self.seen.insert(b, wrapped.to_vec());
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The node `k` field
// ---------------------------------------------------------------------------------------------

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
pub struct MegaKeyItem {
    /// Who wrapped it.
    pub owner: KeyItemOwner,
    /// The wrapped key in MEGA base64 as received.
    pub wrapped_b64: String,
}

impl MegaKeyItem {
    /// `true` when the item is RSA-encrypted rather than AES-wrapped (more than 43 characters,
    /// SDK rule). Such keys can be made by anyone who knows the public key, the server included.
    pub fn is_rsa(&self) -> bool {
        self.wrapped_b64.len() > 43
    }
}

/// Parses a node's `k` field: `id:key/id:key/...` or a bare 22/43-character key
/// (docs/format/share-keys.md#the-k-field). Ids are 11-character user handles or 8-character node
/// handles; anything else is malformed.
pub fn parse_key_field(k: &str) -> Result<Vec<MegaKeyItem>> {
    let bad = || Error::malformed("node key field is malformed");
    if !k.contains(':') {
        if k.len() == 22 || k.len() == 43 {
            return Ok(alloc::vec![MegaKeyItem {
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
            Ok(MegaKeyItem {
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
/// [`crate::rsa::MegaRsaPrivateKey::decrypt_key_bytes`] explicitly); items for other users and
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

// ---------------------------------------------------------------------------------------------
// The `cr` element
// ---------------------------------------------------------------------------------------------

/// One key of a `cr` element: node `node_index` wrapped under share `share_index`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MegaCrKey {
    /// Index into [`MegaCrElement::shares`].
    pub share_index: usize,
    /// Index into [`MegaCrElement::nodes`].
    pub node_index: usize,
    /// The node key wrapped under the share key (AES-ECB).
    pub wrapped: Vec<u8>,
}

/// The `cr` element that carries a share's subtree keys (docs/format/share-keys.md#the-cr-element):
/// `[[share handles], [node handles], [share_index, node_index, B64(E_sharekey(node key)), ...]]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MegaCrElement {
    /// Share root handles.
    pub shares: Vec<NodeHandle>,
    /// Node handles.
    pub nodes: Vec<NodeHandle>,
    /// The wrapped keys (flat triples in JSON).
    pub keys: Vec<MegaCrKey>,
}

impl MegaCrElement {
    /// Builds the `cr` element for one share: every node key wrapped under the share key.
    pub fn for_share(
        share: NodeHandle,
        share_key: &ShareKey,
        nodes: &[(NodeHandle, &NodeKey)],
    ) -> Self {
        let keys = nodes
            .iter()
            .enumerate()
            .map(|(i, (_, nk))| MegaCrKey {
                share_index: 0,
                node_index: i,
                wrapped: wrap_node_key(share_key.as_aes_key(), nk),
            })
            .collect();
        MegaCrElement {
            shares: alloc::vec![share],
            nodes: nodes.iter().map(|(h, _)| *h).collect(),
            keys,
        }
    }

    /// The JSON array to send.
    pub fn to_json(&self) -> String {
        let shares = self
            .shares
            .iter()
            .map(|h| Value::from(h.to_b64()))
            .collect::<Vec<_>>();
        let nodes = self
            .nodes
            .iter()
            .map(|h| Value::from(h.to_b64()))
            .collect::<Vec<_>>();
        let mut triples = Vec::with_capacity(self.keys.len() * 3);
        for k in &self.keys {
            triples.push(Value::from(k.share_index));
            triples.push(Value::from(k.node_index));
            triples.push(Value::from(base64::encode(&k.wrapped)));
        }
        Value::Array(alloc::vec![
            Value::Array(shares),
            Value::Array(nodes),
            Value::Array(triples)
        ])
        .to_string()
    }

    /// Parses a `cr` element; indices must be in range and wrapped keys 16 or 32 bytes.
    pub fn from_json(json: &str) -> Result<Self> {
        let bad = || Error::malformed("cr element is malformed");
        let v: Value = serde_json::from_str(json).map_err(|_| bad())?;
        let [shares, nodes, triples] = v.as_array().map(Vec::as_slice).ok_or_else(bad)? else {
            return Err(bad());
        };
        let handles = |v: &Value| -> Result<Vec<NodeHandle>> {
            v.as_array()
                .ok_or_else(bad)?
                .iter()
                .map(|h| NodeHandle::from_b64(h.as_str().ok_or_else(bad)?).map_err(|_| bad()))
                .collect()
        };
        let shares = handles(shares)?;
        let nodes = handles(nodes)?;
        let flat = triples.as_array().ok_or_else(bad)?;
        if !flat.len().is_multiple_of(3) {
            return Err(bad());
        }
        let index = |v: &Value, max: usize| -> Result<usize> {
            let i = usize::try_from(v.as_u64().ok_or_else(bad)?).map_err(|_| bad())?;
            if i < max { Ok(i) } else { Err(bad()) }
        };
        let keys = flat
            .chunks_exact(3)
            .map(|t| match t {
                [s, n, k] => {
                    let wrapped = base64::decode(k.as_str().ok_or_else(bad)?).map_err(|_| bad())?;
                    if wrapped.len() != 16 && wrapped.len() != 32 {
                        return Err(bad());
                    }
                    Ok(MegaCrKey {
                        share_index: index(s, shares.len())?,
                        node_index: index(n, nodes.len())?,
                        wrapped,
                    })
                }
                _ => Err(bad()),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(MegaCrElement {
            shares,
            nodes,
            keys,
        })
    }

    /// Unwraps every key whose share key is known: `(node handle, share handle, result)`.
    pub fn unwrap_keys<'s>(
        &self,
        share_key: impl Fn(&NodeHandle) -> Option<&'s ShareKey>,
    ) -> Vec<(NodeHandle, NodeHandle, Result<NodeKey>)> {
        self.keys
            .iter()
            .filter_map(|k| {
                let share = *self.shares.get(k.share_index)?;
                let node = *self.nodes.get(k.node_index)?;
                let sk = share_key(&share)?;
                Some((node, share, unwrap_node_key(sk.as_aes_key(), &k.wrapped)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::FolderKey;

    fn mk() -> MasterKey {
        MasterKey::from_bytes(
            hex::decode("00112233445566778899aabbccddeeff")
                .unwrap()
                .try_into()
                .unwrap(),
        )
        .unwrap()
    }

    // The docs/format/share-keys.md#handle-authentication example (computed from the rule, not an
    // independent vector) cross-checked from first principles: the plaintext is
    // the 16 ASCII bytes "ChssPU5fChssPU5f", one AES block under mk.
    #[test]
    fn handle_auth_is_ecb_of_doubled_b64_handle() {
        let h = NodeHandle::from_bytes([0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f]);
        assert_eq!(h.to_b64(), "ChssPU5f");
        let mut block = *b"ChssPU5fChssPU5f";
        ecb_encrypt(&aes(mk().as_bytes()), &mut block);
        assert_eq!(handle_auth(&mk(), &h), block);
        let ha = handle_auth_b64(&mk(), &h);
        assert!(verify_handle_auth(&mk(), &h, &ha).is_ok());
        let other = NodeHandle::from_bytes([0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x60]);
        assert_eq!(
            verify_handle_auth(&mk(), &other, &ha).unwrap_err(),
            Error::decrypt()
        );
        assert!(verify_handle_auth(&mk(), &h, "AAAAAAAAAAAAAAAAAAAAAA").is_err());
    }

    #[test]
    fn node_key_wrap_round_trip_and_rejections() {
        let fk = FolderKey::from_bytes([5; 16]).unwrap();
        let nk = NodeKey::Folder(fk);
        let w = wrap_node_key_b64(mk().as_aes_key(), &nk);
        assert_eq!(w.len(), 22);
        assert_eq!(unwrap_node_key_b64(mk().as_aes_key(), &w).unwrap(), nk);
        // Zero key, equal halves, wrong lengths: one opaque error.
        let cipher = aes(mk().as_bytes());
        let mut zero = [0u8; 16];
        ecb_encrypt(&cipher, &mut zero);
        assert_eq!(
            unwrap_node_key(mk().as_aes_key(), &zero).unwrap_err(),
            Error::decrypt()
        );
        let mut halves = [7u8; 32];
        ecb_encrypt(&cipher, &mut halves);
        assert_eq!(
            unwrap_node_key(mk().as_aes_key(), &halves).unwrap_err(),
            Error::decrypt()
        );
        assert_eq!(
            unwrap_node_key(mk().as_aes_key(), &[1; 24]).unwrap_err(),
            Error::decrypt()
        );
    }

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
