//! Share keys (tag 48) and pending shares (tags 64 and 65) of `^!keys`.
//!
//! - Tag 48: records `node(6) || share_key(16) || flags(1)` (SDK `KeyManager::deserializeShareKeys`,
//!   webclient `deserialiseShareKeys`). A blob whose length is not a multiple of 23 is refused (the
//!   SDK refuses it; the webclient reads past the end).
//! - Tag 64: records `len(1) || node(6) || uid`, `uid` = user handle (8) when `len == 0`, else an
//!   e-mail of `len` bytes (SDK `deserializePendingOutshares`, webclient `createPendingOutShares`).
//! - Tag 65: an LTLV map from the node handle as 8 base64 characters to `sharer(8) || key`, where
//!   `key` is the 16-byte encrypted share key, or its 22-character base64 form that an old SDK wrote
//!   (SDK `deserializePendingInshares` and `promotePendingShares`).
//!
//! The writers order entries as MEGA's SDK does (it keeps them in `std::map`s): share keys and
//! pending out-shares by node handle read as a little-endian integer, pending out-shares of one
//! node by the user's identifier string (the e-mail, or the user handle in base64), pending
//! in-shares by their key string.

use crate::sorted_map::SortedMap;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use super::ltlv::{self, LtlvMap};
use crate::base64;
use crate::error::{Error, Result};
use crate::handles::{NodeHandle, UserHandle};
use crate::keys::ShareKey;

/// Bytes of one share-key record.
pub const SHARE_KEY_RECORD_LEN: usize = 6 + 16 + 1;

/// The flags byte of a share key. Bits other than [`TRUSTED`](Self::TRUSTED) and
/// [`IN_USE`](Self::IN_USE) are reserved; they are kept exactly as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct ShareKeyFlags(u8);

impl ShareKeyFlags {
    /// Bit 0: the key never passed through MEGA's API in clear (it was made here, or came through
    /// the contact key exchange from a verified contact).
    pub const TRUSTED: u8 = 0x01;
    /// Bit 1: the key is in use by an out-share or a folder link (SDK `ShareKeyFlagsId::INUSE`).
    pub const IN_USE: u8 = 0x02;

    /// Wraps a raw flags byte (reserved bits included).
    pub const fn from_bits(bits: u8) -> Self {
        ShareKeyFlags(bits)
    }
    /// The raw flags byte.
    pub const fn bits(self) -> u8 {
        self.0
    }
    /// Flags with only the trusted bit set as given.
    pub const fn trusted(trusted: bool) -> Self {
        ShareKeyFlags(if trusted { Self::TRUSTED } else { 0 })
    }
    /// Bit 0.
    pub const fn is_trusted(self) -> bool {
        self.0 & Self::TRUSTED != 0
    }
    /// Bit 1.
    pub const fn is_in_use(self) -> bool {
        self.0 & Self::IN_USE != 0
    }
    /// These flags with bit 0 set to `on`; the other bits are unchanged.
    pub const fn with_trusted(self, on: bool) -> Self {
        self.with_bit(Self::TRUSTED, on)
    }
    /// These flags with bit 1 set to `on`; the other bits are unchanged.
    pub const fn with_in_use(self, on: bool) -> Self {
        self.with_bit(Self::IN_USE, on)
    }
    const fn with_bit(self, bit: u8, on: bool) -> Self {
        ShareKeyFlags(if on { self.0 | bit } else { self.0 & !bit })
    }
}

/// One share key of tag 48: the key of the shared folder `node` and its flags.
#[derive(Clone)]
pub struct ShareKeyEntry {
    node: NodeHandle,
    // Boxed: the map of share keys is a sorted vector, and moving an entry (an insert, the sort
    // of a parsed container) must move a pointer, not leave a copy of the key behind.
    key: Box<Zeroizing<[u8; 16]>>,
    flags: ShareKeyFlags,
}

impl fmt::Debug for ShareKeyEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShareKeyEntry")
            .field("node", &self.node)
            .field("key", &"<redacted>")
            .field("flags", &self.flags)
            .finish()
    }
}

impl ShareKeyEntry {
    pub(crate) fn new(node: NodeHandle, key: [u8; 16], flags: ShareKeyFlags) -> Self {
        ShareKeyEntry {
            node,
            key: Box::new(Zeroizing::new(key)),
            flags,
        }
    }
    /// The shared folder's handle.
    pub fn node(&self) -> NodeHandle {
        self.node
    }
    /// The 16 key bytes as stored (any value, all-zero included: the container keeps what it
    /// read). Secret.
    pub fn key_bytes(&self) -> &[u8; 16] {
        &self.key
    }
    /// The key as a typed [`ShareKey`]; an all-zero key is
    /// [`ErrorKind::InvalidKey`](crate::ErrorKind::InvalidKey).
    pub fn share_key(&self) -> Result<ShareKey> {
        ShareKey::from_bytes(**self.key)
    }
    /// The flags byte, reserved bits included.
    pub fn flags(&self) -> ShareKeyFlags {
        self.flags
    }
    pub(crate) fn set_flags(&mut self, flags: ShareKeyFlags) {
        self.flags = flags;
    }
    pub(crate) fn same_key(&self, key: &[u8; 16]) -> bool {
        crate::primitives::ct_eq(self.key.as_slice(), key)
    }
}

/// The SDK's order of node handles: the 6 bytes read as a little-endian integer.
pub(crate) fn node_order(node: &NodeHandle) -> [u8; 6] {
    let mut k = *node.as_bytes();
    k.reverse();
    k
}

/// Share keys in the SDK's order.
pub(crate) type ShareKeys = SortedMap<[u8; 6], ShareKeyEntry>;

pub(crate) fn parse_share_keys(blob: &[u8]) -> Result<ShareKeys> {
    let records = blob.chunks_exact(SHARE_KEY_RECORD_LEN);
    if !records.remainder().is_empty() {
        return Err(Error::malformed("^!keys: share-key record cut short"));
    }
    // Collected first and sorted once: a container of 10 000 share keys in another client's
    // order must not cost 10 000 shifting inserts.
    let mut pairs = Vec::with_capacity(records.len());
    for r in records {
        let (node, rest) = r
            .split_first_chunk::<6>()
            .ok_or_else(|| Error::malformed("^!keys: share-key record cut short"))?;
        let (key, flags) = rest
            .split_first_chunk::<16>()
            .ok_or_else(|| Error::malformed("^!keys: share-key record cut short"))?;
        let flags = *flags
            .first()
            .ok_or_else(|| Error::malformed("^!keys: share-key record cut short"))?;
        let node = NodeHandle::from_bytes(*node);
        let entry = ShareKeyEntry::new(node, *key, ShareKeyFlags::from_bits(flags));
        pairs.push((node_order(&node), entry));
    }
    // No official writer repeats a node (both keep a map); the two readers would keep different
    // flags (the SDK the last byte, the webclient any non-zero byte seen).
    ShareKeys::from_unique_pairs(pairs)
        .ok_or_else(|| Error::malformed("^!keys: share key listed twice"))
}

pub(crate) fn write_share_keys(keys: &ShareKeys) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(keys.len() * SHARE_KEY_RECORD_LEN));
    for e in keys.values() {
        out.extend_from_slice(e.node.as_bytes());
        out.extend_from_slice(e.key.as_slice());
        out.push(e.flags.bits());
    }
    out
}

/// Whom a pending out-share waits for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PendingOutShareUser {
    /// A MEGA user (record length byte 0, then the 8-byte handle).
    User(UserHandle),
    /// An e-mail address without an account yet (1 to 255 bytes, UTF-8).
    Email(String),
}

impl PendingOutShareUser {
    /// `"user"` or `"email"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            PendingOutShareUser::User(_) => "user",
            PendingOutShareUser::Email(_) => "email",
        }
    }

    /// The identifier the SDK sorts by: the e-mail, or the handle's base64.
    fn sort_id(&self) -> Vec<u8> {
        match self {
            PendingOutShareUser::User(u) => u.to_b64().into_bytes(),
            PendingOutShareUser::Email(e) => e.as_bytes().to_vec(),
        }
    }

    pub(crate) fn check(&self) -> Result<()> {
        match self {
            PendingOutShareUser::User(_) => Ok(()),
            PendingOutShareUser::Email(e) if e.is_empty() || e.len() > 255 => Err(Error::misuse(
                "pending out-share e-mail must be 1 to 255 bytes",
            )),
            PendingOutShareUser::Email(_) => Ok(()),
        }
    }
}

/// A pending out-share: the folder `node` is shared with `user`, whose key is not verified yet, so
/// the share key has not been sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PendingOutShare {
    /// The shared folder.
    pub node: NodeHandle,
    /// The recipient.
    pub user: PendingOutShareUser,
}

/// Pending out-shares in the SDK's order; the key also deduplicates.
pub(crate) type PendingOutShares = SortedMap<([u8; 6], Vec<u8>), PendingOutShare>;

pub(crate) fn pending_out_key(p: &PendingOutShare) -> ([u8; 6], Vec<u8>) {
    (node_order(&p.node), p.user.sort_id())
}

pub(crate) fn parse_pending_out(blob: &[u8]) -> Result<PendingOutShares> {
    let cut = || Error::malformed("^!keys: pending out-share record cut short");
    let mut out = PendingOutShares::new();
    let mut rest = blob;
    while let Some((&len, r)) = rest.split_first() {
        let (node, r) = r.split_first_chunk::<6>().ok_or_else(cut)?;
        let node = NodeHandle::from_bytes(*node);
        let (user, r) = if len == 0 {
            let (uh, r) = r.split_first_chunk::<8>().ok_or_else(cut)?;
            (PendingOutShareUser::User(UserHandle::from_bytes(*uh)), r)
        } else {
            let (email, r) = r.split_at_checked(usize::from(len)).ok_or_else(cut)?;
            let email = core::str::from_utf8(email)
                .map_err(|_| Error::malformed("^!keys: pending out-share e-mail is not UTF-8"))?;
            (PendingOutShareUser::Email(String::from(email)), r)
        };
        let p = PendingOutShare { node, user };
        out.insert(pending_out_key(&p), p);
        rest = r;
    }
    Ok(out)
}

pub(crate) fn write_pending_out(shares: &PendingOutShares) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for p in shares.values() {
        match &p.user {
            PendingOutShareUser::User(u) => {
                out.push(0);
                out.extend_from_slice(p.node.as_bytes());
                out.extend_from_slice(u.as_bytes());
            }
            PendingOutShareUser::Email(e) => {
                let len = u8::try_from(e.len())
                    .ok()
                    .filter(|l| *l != 0)
                    .ok_or_else(|| {
                        Error::misuse("pending out-share e-mail must be 1 to 255 bytes")
                    })?;
                out.push(len);
                out.extend_from_slice(p.node.as_bytes());
                out.extend_from_slice(e.as_bytes());
            }
        }
    }
    Ok(out)
}

/// A pending in-share: `sharer` shared the folder `node` and sent its share key encrypted under
/// the pairwise key; it waits until the sharer's key is verified.
#[derive(Clone)]
pub struct PendingInShare {
    node: NodeHandle,
    sharer: UserHandle,
    /// The key field as stored: 16 bytes, the legacy 22 base64 characters, or empty.
    stored_key: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for PendingInShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingInShare")
            .field("node", &self.node)
            .field("sharer", &self.sharer)
            .finish_non_exhaustive()
    }
}

impl PendingInShare {
    /// The shared folder.
    pub fn node(&self) -> NodeHandle {
        self.node
    }
    /// Who shared it.
    pub fn sharer(&self) -> UserHandle {
        self.sharer
    }
    /// The encrypted share key (AES-ECB under the pairwise key with the sharer), decoded from the
    /// legacy base64 form when it was stored that way; `None` when no key was stored yet.
    pub fn encrypted_share_key(&self) -> Option<[u8; 16]> {
        decode_stored_key(&self.stored_key).ok().flatten()
    }
    /// `true` when the key is stored in the legacy 22-character base64 form an old SDK wrote
    /// (it is written back unchanged).
    pub fn is_legacy_base64(&self) -> bool {
        self.stored_key.len() == LEGACY_B64_KEY_LEN
    }
    /// The key field exactly as stored (16 bytes, 22 base64 characters, or empty).
    pub fn stored_key_field(&self) -> &[u8] {
        &self.stored_key
    }
}

const LEGACY_B64_KEY_LEN: usize = 22;

/// `Some(key)` for 16 bytes or the legacy base64 form, `None` for an empty field, an error
/// otherwise.
fn decode_stored_key(field: &[u8]) -> Result<Option<[u8; 16]>> {
    match field.len() {
        0 => Ok(None),
        16 => field
            .try_into()
            .map(Some)
            .map_err(|_| Error::malformed("^!keys: pending in-share key")),
        LEGACY_B64_KEY_LEN => {
            let s = core::str::from_utf8(field).map_err(|_| {
                Error::malformed("^!keys: pending in-share legacy key is not base64")
            })?;
            base64::decode_array::<16>(s)
                .map(Some)
                .map_err(|_| Error::malformed("^!keys: pending in-share legacy key is not base64"))
        }
        _ => Err(Error::malformed(
            "^!keys: pending in-share key is neither 16 bytes nor 22 base64 characters",
        )),
    }
}

/// Pending in-shares keyed by the 8-character node string (the SDK's order).
pub(crate) type PendingInShares = SortedMap<Vec<u8>, PendingInShare>;

pub(crate) fn parse_pending_in(blob: &[u8]) -> Result<PendingInShares> {
    let mut out = PendingInShares::new();
    for record in ltlv::Records::new(blob) {
        let (key, value) = record?;
        let node = core::str::from_utf8(key)
            .ok()
            .and_then(|s| NodeHandle::from_b64(s).ok())
            .ok_or_else(|| {
                Error::malformed("^!keys: pending in-share node is not 8 base64 characters")
            })?;
        let (sharer, stored) = value.split_first_chunk::<8>().ok_or_else(|| {
            Error::malformed("^!keys: pending in-share value shorter than 8 bytes")
        })?;
        decode_stored_key(stored)?;
        out.insert(
            key.to_vec(),
            PendingInShare {
                node,
                sharer: UserHandle::from_bytes(*sharer),
                stored_key: Zeroizing::new(stored.to_vec()),
            },
        );
    }
    Ok(out)
}

pub(crate) fn new_pending_in(
    node: NodeHandle,
    sharer: UserHandle,
    key: &[u8; 16],
) -> PendingInShare {
    PendingInShare {
        node,
        sharer,
        stored_key: Zeroizing::new(key.to_vec()),
    }
}

pub(crate) fn write_pending_in(shares: &PendingInShares) -> Result<Zeroizing<Vec<u8>>> {
    let mut map = LtlvMap::new();
    for (k, p) in shares {
        let mut v = Zeroizing::new(Vec::with_capacity(8 + p.stored_key.len()));
        v.extend_from_slice(p.sharer.as_bytes());
        v.extend_from_slice(&p.stored_key);
        map.insert(k, &v)?;
    }
    map.to_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn share_keys_are_written_in_little_endian_handle_order() {
        // MEGA's SDK keys its map by the handle as a little-endian integer: the last byte is the
        // most significant, so `02…01` (…01 high) sorts before `01…02`.
        let a = NodeHandle::from_bytes([1, 0, 0, 0, 0, 2]);
        let b = NodeHandle::from_bytes([2, 0, 0, 0, 0, 1]);
        let mut blob = Vec::new();
        for n in [a, b] {
            blob.extend_from_slice(n.as_bytes());
            blob.extend_from_slice(&[7; 16]);
            blob.push(0);
        }
        let keys = parse_share_keys(&blob).unwrap();
        let order: Vec<NodeHandle> = keys.values().map(|e| e.node()).collect();
        assert_eq!(order, [b, a]);
        let written = write_share_keys(&keys);
        assert_eq!(&written[..6], b.as_bytes());
    }

    #[test]
    fn flags_keep_reserved_bits() {
        let f = ShareKeyFlags::from_bits(0b1010_0100);
        assert!(!f.is_trusted() && !f.is_in_use());
        assert_eq!(f.with_trusted(true).with_in_use(true).bits(), 0b1010_0111);
        assert_eq!(f.with_trusted(true).with_trusted(false), f);
    }

    #[test]
    fn pending_out_records_decode_both_forms() {
        let mut blob = alloc::vec![0u8];
        blob.extend_from_slice(b"node01");
        blob.extend_from_slice(b"user0001");
        blob.push(3);
        blob.extend_from_slice(b"node01");
        blob.extend_from_slice(b"a@b");
        let p = parse_pending_out(&blob).unwrap();
        let users: Vec<&str> = p.values().map(|x| x.user.as_str()).collect();
        // "a@b" sorts before the base64 of "user0001" ("dXNlcjAwMDE").
        assert_eq!(users, ["email", "user"]);
        let mut rewritten = alloc::vec![3u8];
        rewritten.extend_from_slice(b"node01a@b\0node01user0001");
        assert_eq!(write_pending_out(&p).unwrap(), rewritten);
        let e = parse_pending_out(&blob[..blob.len() - 1]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }

    #[test]
    fn pending_in_legacy_key_decodes() {
        // The 16 bytes 00 01 … 0f in MEGA base64 are "AAECAwQFBgcICQoLDA0ODw".
        let mut value = b"sharer01".to_vec();
        value.extend_from_slice(b"AAECAwQFBgcICQoLDA0ODw");
        let blob = ltlv::encode([(&b"bm9kZTAx"[..], value.as_slice())]).unwrap();
        let p = parse_pending_in(&blob).unwrap();
        let share = p.values().next().unwrap();
        assert!(share.is_legacy_base64());
        let want: [u8; 16] = core::array::from_fn(|i| i as u8);
        assert_eq!(share.encrypted_share_key(), Some(want));
        assert_eq!(share.node().as_bytes(), b"node01");
        assert_eq!(*write_pending_in(&p).unwrap(), *blob);
    }
}
