//! MEGA's `^!keys` key-manager container (since the 2023 security update).
//!
//! One private user attribute holds an account's private Ed25519, X25519 and RSA keys, the share
//! keys of its shared folders with their trust flags, its contacts' authrings and its pending
//! shares, encrypted under a key derived from the master key:
//!
//! ```text
//! attribute = 0x14 || 0x00 || iv(12) || AES-128-GCM_K(plaintext) || tag(16)      (no AAD)
//! K         = HKDF-SHA256(IKM = master key, salt = empty, info = 0x01, L = 16)
//! plaintext = records tag(1) || len(3, big-endian) || value
//! ```
//!
//! (MEGA's SDK `KeyManager::setKey`, `fromKeysContainer`, `toKeysContainer` and `unserialize` in
//! `src/megaclient.cpp`; the webclient's `setKey`, `importKeysContainer`, `getKeysContainer` and
//! `unserialise` in `js/keymgr.js`. See `docs/format/keys-container.md`.)
//!
//! [`KeysContainer::open`] decrypts, parses every tag into a typed view, and checks it against the
//! account: a container naming another user is [`ErrorKind::WrongAccount`], one whose generation is
//! lower than the last one the app has seen is [`ErrorKind::Rollback`]. A generation *equal* to
//! the last one seen is accepted (both official clients accept it: re-reading the current
//! container is normal). [`KeysContainer::seal`] writes every known tag in the official order with
//! the generation plus one, then unknown tags byte for byte. Mutations are all-or-nothing.
//!
//! **What the format cannot protect.** The two header bytes are outside the GCM authentication:
//! megacrypt checks byte 0 and, like both official clients, ignores byte 1. The generation only
//! detects a rollback if the app stores the last generation it has seen, outside the server's
//! reach, and passes it to every `open`.
//!
//! ```
//! use megacrypt::keys_container::{KeysContainer, OpenOptions};
//! use megacrypt::{MasterKey, NodeHandle, UserHandle};
//! # use megacrypt::ShareKey;
//! # let mut rng = rand_chacha::ChaCha20Rng::from_seed([7; 32]);
//! # use rand_core::SeedableRng;
//! let mk = MasterKey::from_bytes([0x11; 16]).unwrap();
//! let me = UserHandle::from_bytes(*b"12345678");
//! let mut keys = KeysContainer::new(me, 1_700_000_000, &[1; 32], &[2; 32], None).unwrap();
//! let node = NodeHandle::from_bytes(*b"folder");
//! keys.insert_share_key(node, &ShareKey::from_bytes([9; 16]).unwrap(), true).unwrap();
//! let sealed = keys.seal(&mk, &mut rng).unwrap();
//! assert_eq!(sealed.generation(), 1);
//!
//! let opts = OpenOptions::new().allow_empty_rsa(true);
//! let opened = KeysContainer::open(&mk, sealed.attribute(), &me, 0, &opts).unwrap();
//! assert!(opened.share_key(&node).unwrap().flags().is_trusted());
//! // A copy older than what the app has seen is refused.
//! let e = KeysContainer::open(&mk, sealed.attribute(), &me, 2, &opts).unwrap_err();
//! assert_eq!(e.kind(), megacrypt::ErrorKind::Rollback);
//! ```
//!
//! [`ErrorKind::WrongAccount`]: crate::ErrorKind::WrongAccount
//! [`ErrorKind::Rollback`]: crate::ErrorKind::Rollback

pub mod ltlv;
pub mod records;
pub mod shares;
mod typed;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use hkdf::Hkdf;
use rand_core::TryCryptoRng;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::handles::{NodeHandle, UserHandle};
use crate::keys::{AesKey, MasterKey, ShareKey, fill_random};
use crate::rsa::{MpiHeaderStyle, RsaPrivateKey, RsaPublicKey};
use crate::tlv::{ContainerMode, aead_open, aead_seal};

use self::ltlv::LtlvMap;
pub use self::shares::{
    PendingInShare, PendingOutShare, PendingOutShareUser, ShareKeyEntry, ShareKeyFlags,
};

/// First header byte (format 20).
pub const HEADER_BYTE: u8 = 0x14;
/// Length of the GCM IV.
pub const IV_LEN: usize = 12;
/// Length of the GCM tag.
pub const TAG_LEN: usize = 16;
/// Header (2) + IV (12).
const PREFIX_LEN: usize = 2 + IV_LEN;
/// Bytes of one authring record: user handle (8), fingerprint (20), method byte (1).
pub const AUTHRING_RECORD_LEN: usize = 29;
/// The smallest non-empty RSA record both official clients accept (the webclient refuses less).
const MIN_RSA_PQD_LEN: usize = 512;

/// Derives the `^!keys` encryption key from the master key: HKDF-SHA256 with an empty salt,
/// info `0x01`, 16 bytes (SDK `KeyManager::setKey`).
///
/// ```
/// use megacrypt::{MasterKey, keys_container};
/// let mk = MasterKey::from_bytes(*b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff").unwrap();
/// let k = keys_container::derive_key(&mk).unwrap();
/// assert_eq!(k.as_bytes()[..4], [0xe8, 0x1c, 0x93, 0x1f]);
/// ```
pub fn derive_key(master_key: &MasterKey) -> Result<AesKey> {
    derive_key_ikm(master_key.as_bytes())
}

pub(crate) fn derive_key_ikm(master_key: &[u8; 16]) -> Result<AesKey> {
    let hk = Hkdf::<Sha256>::new(None, master_key);
    let mut okm = Zeroizing::new([0u8; 16]);
    hk.expand(&[0x01], okm.as_mut_slice())
        .map_err(|_| Error::misuse("HKDF output length"))?;
    AesKey::from_bytes(*okm)
}

/// What [`KeysContainer::open`] accepts beyond the format itself.
#[derive(Clone, Debug, Default)]
pub struct OpenOptions {
    allow_empty_rsa: bool,
    rsa_public_key: Option<RsaPublicKey>,
}

impl OpenOptions {
    /// Defaults: an RSA key is required, and it is validated without a pinned public key.
    pub fn new() -> Self {
        Self::default()
    }

    /// Accepts an empty RSA record (tag 18). MEGA's SDK writes one for accounts that have no RSA
    /// key (ephemeral++ accounts); set this only for such an account. The webclient refuses it.
    pub fn allow_empty_rsa(mut self, allow: bool) -> Self {
        self.allow_empty_rsa = allow;
        self
    }

    /// Requires the RSA key in the container to belong to this public key (the account's key from
    /// the login, docs/security-notes.md, check 10): `P1 · P2` must equal its modulus.
    pub fn rsa_public_key(mut self, public: RsaPublicKey) -> Self {
        self.rsa_public_key = Some(public);
        self
    }
}

/// Validates tag 18: empty only when allowed, else at least 512 bytes of a valid pqd key.
pub(crate) fn parse_rsa(pqd: &[u8], options: &OpenOptions) -> Result<Option<RsaPrivateKey>> {
    check_rsa_len(pqd, options)?;
    if pqd.is_empty() {
        return Ok(None);
    }
    RsaPrivateKey::from_pqd_bytes(pqd, options.rsa_public_key.as_ref())
        .map(Some)
        .map_err(|_| Error::invalid_key("^!keys: RSA key is not a valid pqd key"))
}

/// The cheap part of the tag 18 check (run on every occurrence of the tag).
pub(crate) fn check_rsa_len(pqd: &[u8], options: &OpenOptions) -> Result<()> {
    if pqd.is_empty() && !options.allow_empty_rsa {
        return Err(Error::invalid_key(
            "^!keys: empty RSA key (allowed only for accounts without RSA)",
        ));
    }
    if !pqd.is_empty() && pqd.len() < MIN_RSA_PQD_LEN {
        return Err(Error::invalid_key("^!keys: RSA key shorter than 512 bytes"));
    }
    Ok(())
}

/// The decrypted, checked content of a `^!keys` attribute.
///
/// Secrets (private keys, share keys, pending key material, attribute values) are zeroized on
/// drop; `Debug` prints no secret.
#[derive(Clone)]
pub struct KeysContainer {
    version: u8,
    creation_time: u32,
    identity: UserHandle,
    pub(crate) generation: u32,
    pub(crate) attributes: Zeroizing<Vec<u8>>,
    ed25519_seed: Zeroizing<[u8; 32]>,
    x25519_secret: Zeroizing<[u8; 32]>,
    rsa_pqd: Zeroizing<Vec<u8>>,
    rsa: Option<RsaPrivateKey>,
    authring_ed25519: Vec<u8>,
    authring_cu25519: Vec<u8>,
    share_keys: shares::ShareKeys,
    pending_out: shares::PendingOutShares,
    pending_in: shares::PendingInShares,
    pub(crate) backups: Zeroizing<Vec<u8>>,
    warnings: LtlvMap,
    pub(crate) unknown: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for KeysContainer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeysContainer")
            .field("version", &self.version)
            .field("identity", &self.identity)
            .field("generation", &self.generation)
            .field("share_keys", &self.share_keys.len())
            .field("pending_out_shares", &self.pending_out.len())
            .field("pending_in_shares", &self.pending_in.len())
            .finish_non_exhaustive()
    }
}

/// A sealed `^!keys` attribute and the generation written in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedContainer {
    attribute: Vec<u8>,
    generation: u32,
}

impl SealedContainer {
    /// The attribute bytes to store as `^!keys` (base64 them for the API).
    pub fn attribute(&self) -> &[u8] {
        &self.attribute
    }
    /// The attribute in MEGA base64.
    pub fn to_b64(&self) -> String {
        crate::base64::encode(&self.attribute)
    }
    /// The generation written (the container's generation plus one). Once the server has stored
    /// the attribute, remember it as the last generation seen.
    pub fn generation(&self) -> u32 {
        self.generation
    }
    /// Consumes the value, returning the attribute bytes.
    pub fn into_attribute(self) -> Vec<u8> {
        self.attribute
    }
}

/// One record of an authring, as stored (the byte after the fingerprint is not interpreted here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthringRecord {
    /// The contact.
    pub user: UserHandle,
    /// The first 20 bytes of SHA-256 of the contact's public key.
    pub fingerprint: [u8; 20],
    /// The method byte (official writers put 0 seen, 1 fingerprint compared, 2 signature verified).
    pub method_byte: u8,
}

/// Checks that `raw` is whole 29-byte authring records.
fn check_authring(raw: &[u8]) -> Result<()> {
    if raw.len().is_multiple_of(AUTHRING_RECORD_LEN) {
        Ok(())
    } else {
        Err(Error::malformed(
            "^!keys: authring is not a whole number of 29-byte records",
        ))
    }
}

fn authring_records(raw: &[u8]) -> Result<Vec<AuthringRecord>> {
    check_authring(raw)?;
    let mut out = Vec::with_capacity(raw.len() / AUTHRING_RECORD_LEN);
    for r in raw.chunks_exact(AUTHRING_RECORD_LEN) {
        let (user, rest) = r
            .split_first_chunk::<8>()
            .ok_or_else(|| Error::malformed("^!keys: authring record"))?;
        let (fingerprint, rest) = rest
            .split_first_chunk::<20>()
            .ok_or_else(|| Error::malformed("^!keys: authring record"))?;
        let method_byte = *rest
            .first()
            .ok_or_else(|| Error::malformed("^!keys: authring record"))?;
        out.push(AuthringRecord {
            user: UserHandle::from_bytes(*user),
            fingerprint: *fingerprint,
            method_byte,
        });
    }
    Ok(out)
}

impl KeysContainer {
    /// A new container for a new account (what MEGA's SDK writes at the first login: version 1,
    /// empty sections). Its generation is 0, so the first [`seal`](Self::seal) writes 1.
    ///
    /// `rsa` is `None` only for an account without an RSA key.
    pub fn new(
        identity: UserHandle,
        creation_time: u32,
        ed25519_seed: &[u8; 32],
        x25519_secret: &[u8; 32],
        rsa: Option<&RsaPrivateKey>,
    ) -> Result<Self> {
        let rsa_pqd = match rsa {
            Some(k) => k.to_pqd_bytes(MpiHeaderStyle::ByteCount)?,
            None => Zeroizing::new(Vec::new()),
        };
        Ok(KeysContainer {
            version: 1,
            creation_time,
            identity,
            generation: 0,
            attributes: Zeroizing::new(Vec::new()),
            ed25519_seed: Zeroizing::new(*ed25519_seed),
            x25519_secret: Zeroizing::new(*x25519_secret),
            rsa_pqd,
            rsa: rsa.cloned(),
            authring_ed25519: Vec::new(),
            authring_cu25519: Vec::new(),
            share_keys: shares::ShareKeys::new(),
            pending_out: shares::PendingOutShares::new(),
            pending_in: shares::PendingInShares::new(),
            backups: Zeroizing::new(Vec::new()),
            warnings: LtlvMap::new(),
            unknown: Zeroizing::new(Vec::new()),
        })
    }

    /// Decrypts and checks a `^!keys` attribute for the account `expected_user`.
    ///
    /// `last_seen_generation` is the highest generation the app has seen for this account (0 if
    /// none); the app must persist it outside the server's reach.
    ///
    /// Errors: a wrong header byte 0 is [`Unsupported`](crate::ErrorKind::Unsupported); an
    /// attribute too short to hold IV and tag is [`Malformed`](crate::ErrorKind::Malformed); a
    /// wrong key or any change to IV, ciphertext or tag is [`Decrypt`](crate::ErrorKind::Decrypt);
    /// corrupt records are `Malformed`; a bad RSA key is
    /// [`InvalidKey`](crate::ErrorKind::InvalidKey); another user's container is
    /// [`WrongAccount`](crate::ErrorKind::WrongAccount); a generation below
    /// `last_seen_generation` is [`Rollback`](crate::ErrorKind::Rollback) (equal is accepted).
    pub fn open(
        master_key: &MasterKey,
        attribute: &[u8],
        expected_user: &UserHandle,
        last_seen_generation: u32,
        options: &OpenOptions,
    ) -> Result<Self> {
        let plaintext = decrypt(master_key, attribute)?;
        let c = records::parse(&plaintext, options)?;
        if c.identity != *expected_user {
            return Err(Error::wrong_account(
                "^!keys: the container belongs to another user",
            ));
        }
        if c.generation < last_seen_generation {
            return Err(Error::rollback(
                "^!keys: generation lower than the last one seen",
            ));
        }
        Ok(c)
    }

    /// [`open`](Self::open) on the MEGA base64 form the API returns.
    pub fn open_b64(
        master_key: &MasterKey,
        attribute_b64: &str,
        expected_user: &UserHandle,
        last_seen_generation: u32,
        options: &OpenOptions,
    ) -> Result<Self> {
        let blob = crate::base64::decode(attribute_b64)?;
        Self::open(
            master_key,
            &blob,
            expected_user,
            last_seen_generation,
            options,
        )
    }

    /// Encrypts the container with a fresh IV from `rng`, writing generation + 1. The container
    /// itself is not changed: once the server has stored the result, call
    /// [`mark_stored`](Self::mark_stored) (on a version clash, re-fetch, re-apply, re-seal).
    pub fn seal<R: TryCryptoRng + ?Sized>(
        &self,
        master_key: &MasterKey,
        rng: &mut R,
    ) -> Result<SealedContainer> {
        let mut iv = [0u8; IV_LEN];
        fill_random(rng, &mut iv)?;
        self.seal_with_iv_inner(master_key, &iv)
    }

    pub(crate) fn seal_with_iv_inner(
        &self,
        master_key: &MasterKey,
        iv: &[u8; IV_LEN],
    ) -> Result<SealedContainer> {
        let generation = self
            .generation
            .checked_add(1)
            .ok_or_else(|| Error::misuse("^!keys generation would overflow"))?;
        let plaintext = records::write(self, generation)?;
        let key = derive_key(master_key)?;
        let ct = aead_seal(ContainerMode::AesGcm12x16, &key, iv, &[], &plaintext)?;
        let mut attribute = Vec::with_capacity(PREFIX_LEN + ct.len());
        attribute.extend_from_slice(&[HEADER_BYTE, 0]);
        attribute.extend_from_slice(iv);
        attribute.extend_from_slice(&ct);
        Ok(SealedContainer {
            attribute,
            generation,
        })
    }

    /// Records that `sealed` (made from this container) is now the stored attribute: the
    /// container's generation becomes the sealed one.
    pub fn mark_stored(&mut self, sealed: &SealedContainer) {
        if sealed.generation > self.generation {
            self.generation = sealed.generation;
        }
    }

    // ----- header fields -------------------------------------------------------------------

    /// Tag 1: the container format version (1 today; any non-zero value is kept).
    pub fn version(&self) -> u8 {
        self.version
    }
    /// Tag 2: when the container was first created (seconds since the epoch).
    pub fn creation_time(&self) -> u32 {
        self.creation_time
    }
    /// Tag 3: the account's user handle.
    pub fn identity(&self) -> UserHandle {
        self.identity
    }
    /// Tag 4: the generation read (or last stored).
    pub fn generation(&self) -> u32 {
        self.generation
    }
    /// Tag 5: the generic attributes, an LTLV blob kept verbatim.
    pub fn attributes_raw(&self) -> &[u8] {
        &self.attributes
    }
    /// Tag 5 decoded.
    pub fn attributes(&self) -> Result<LtlvMap> {
        LtlvMap::from_bytes(&self.attributes)
    }

    // ----- identity keys -------------------------------------------------------------------

    /// Tag 16: the Ed25519 private seed (RFC 8032). Secret.
    pub fn ed25519_seed(&self) -> &[u8; 32] {
        &self.ed25519_seed
    }
    /// Tag 17: the X25519 (Cu25519) private key, raw (unclamped). Secret.
    pub fn x25519_secret(&self) -> &[u8; 32] {
        &self.x25519_secret
    }
    /// Tag 18 parsed and validated; `None` for an account without RSA (empty record).
    pub fn rsa_private_key(&self) -> Option<&RsaPrivateKey> {
        self.rsa.as_ref()
    }
    /// Tag 18 exactly as stored. Secret.
    pub fn rsa_pqd_bytes(&self) -> &[u8] {
        &self.rsa_pqd
    }
    /// Replaces the Ed25519 seed and the X25519 private key (tags 16 and 17).
    pub fn set_identity_keys(&mut self, ed25519_seed: &[u8; 32], x25519_secret: &[u8; 32]) {
        self.ed25519_seed = Zeroizing::new(*ed25519_seed);
        self.x25519_secret = Zeroizing::new(*x25519_secret);
    }
    /// Replaces the RSA key (tag 18), or empties it with `None`.
    pub fn set_rsa_private_key(&mut self, rsa: Option<&RsaPrivateKey>) -> Result<()> {
        let pqd = match rsa {
            Some(k) => k.to_pqd_bytes(MpiHeaderStyle::ByteCount)?,
            None => Zeroizing::new(Vec::new()),
        };
        self.rsa_pqd = pqd;
        self.rsa = rsa.cloned();
        Ok(())
    }

    /// Replaces the RSA key (tag 18) with a pqd blob kept byte for byte (its MPI header style is
    /// preserved), validated as [`open`](Self::open) validates tag 18 under `options`.
    pub fn set_rsa_pqd_bytes(&mut self, pqd: &[u8], options: &OpenOptions) -> Result<()> {
        let rsa = parse_rsa(pqd, options)?;
        self.rsa_pqd = Zeroizing::new(pqd.to_vec());
        self.rsa = rsa;
        Ok(())
    }

    // ----- authrings -----------------------------------------------------------------------

    /// Tag 32: the Ed25519 authring, raw concatenated 29-byte records as stored.
    pub fn authring_ed25519_raw(&self) -> &[u8] {
        &self.authring_ed25519
    }
    /// Tag 33: the Cu25519 authring, raw.
    pub fn authring_cu25519_raw(&self) -> &[u8] {
        &self.authring_cu25519
    }
    /// Tag 32 split into records; [`Malformed`](crate::ErrorKind::Malformed) when its length is
    /// not a multiple of 29.
    pub fn authring_ed25519_records(&self) -> Result<Vec<AuthringRecord>> {
        authring_records(&self.authring_ed25519)
    }
    /// Tag 33 split into records (see [`authring_ed25519_records`](Self::authring_ed25519_records)).
    pub fn authring_cu25519_records(&self) -> Result<Vec<AuthringRecord>> {
        authring_records(&self.authring_cu25519)
    }
    /// Replaces tag 32; refused unless `raw` is whole 29-byte records.
    pub fn set_authring_ed25519_raw(&mut self, raw: &[u8]) -> Result<()> {
        check_authring(raw)?;
        self.authring_ed25519 = raw.to_vec();
        Ok(())
    }
    /// Replaces tag 33; refused unless `raw` is whole 29-byte records.
    pub fn set_authring_cu25519_raw(&mut self, raw: &[u8]) -> Result<()> {
        check_authring(raw)?;
        self.authring_cu25519 = raw.to_vec();
        Ok(())
    }

    // ----- share keys ----------------------------------------------------------------------

    /// The share key of `node`.
    pub fn share_key(&self, node: &NodeHandle) -> Option<&ShareKeyEntry> {
        self.share_keys.get(&shares::node_order(node))
    }
    /// Every share key, in the order they are written.
    pub fn share_keys(&self) -> impl Iterator<Item = &ShareKeyEntry> {
        self.share_keys.values()
    }
    /// Number of share keys.
    pub fn share_key_count(&self) -> usize {
        self.share_keys.len()
    }

    /// Adds or updates the share key of `node`.
    ///
    /// - New node: stored with only the trusted bit as given.
    /// - Same key already stored: the trusted bit is set if `trusted` (never cleared here); other
    ///   bits are kept.
    /// - Different key: refused with [`KeyChanged`](crate::ErrorKind::KeyChanged) if the stored
    ///   key is trusted (MEGA's SDK flags that as an attack, event 99470); otherwise replaced,
    ///   with only the trusted bit as given.
    pub fn insert_share_key(
        &mut self,
        node: NodeHandle,
        key: &ShareKey,
        trusted: bool,
    ) -> Result<()> {
        let k = shares::node_order(&node);
        match self.share_keys.get_mut(&k) {
            Some(e) if e.same_key(key.as_bytes()) => {
                if trusted {
                    e.set_flags(e.flags().with_trusted(true));
                }
                Ok(())
            }
            Some(e) if e.flags().is_trusted() => Err(Error::key_changed(
                "^!keys: a trusted share key would be replaced",
            )),
            _ => {
                self.share_keys.insert(
                    k,
                    ShareKeyEntry::new(node, *key.as_bytes(), ShareKeyFlags::trusted(trusted)),
                );
                Ok(())
            }
        }
    }

    /// Sets the whole flags byte of an existing share key (reserved bits included).
    /// [`ApiMisuse`](crate::ErrorKind::ApiMisuse) if `node` has no share key.
    pub fn set_share_key_flags(&mut self, node: &NodeHandle, flags: ShareKeyFlags) -> Result<()> {
        let e = self
            .share_keys
            .get_mut(&shares::node_order(node))
            .ok_or_else(|| Error::misuse("^!keys: no share key for this node"))?;
        e.set_flags(flags);
        Ok(())
    }

    /// Sets the trusted bit of an existing share key.
    pub fn mark_share_key_trusted(&mut self, node: &NodeHandle) -> Result<()> {
        let flags = self
            .share_key(node)
            .ok_or_else(|| Error::misuse("^!keys: no share key for this node"))?
            .flags();
        self.set_share_key_flags(node, flags.with_trusted(true))
    }

    /// Sets or clears the in-use bit of an existing share key.
    pub fn set_share_key_in_use(&mut self, node: &NodeHandle, in_use: bool) -> Result<()> {
        let flags = self
            .share_key(node)
            .ok_or_else(|| Error::misuse("^!keys: no share key for this node"))?
            .flags();
        self.set_share_key_flags(node, flags.with_in_use(in_use))
    }

    /// Removes the share key of `node`; returns whether there was one.
    pub fn remove_share_key(&mut self, node: &NodeHandle) -> bool {
        self.share_keys.remove(&shares::node_order(node)).is_some()
    }

    // ----- pending out-shares --------------------------------------------------------------

    /// Every pending out-share, in the order they are written.
    pub fn pending_out_shares(&self) -> impl Iterator<Item = &PendingOutShare> {
        self.pending_out.values()
    }
    /// Records a pending out-share (no effect if it is already recorded). An e-mail must be 1 to
    /// 255 bytes.
    pub fn add_pending_out_share(&mut self, share: PendingOutShare) -> Result<()> {
        share.user.check()?;
        self.pending_out
            .insert(shares::pending_out_key(&share), share);
        Ok(())
    }
    /// Removes a pending out-share once its key was sent (promotion); returns whether it was
    /// recorded.
    pub fn remove_pending_out_share(&mut self, share: &PendingOutShare) -> bool {
        self.pending_out
            .remove(&shares::pending_out_key(share))
            .is_some()
    }

    // ----- pending in-shares ---------------------------------------------------------------

    /// Every pending in-share, in the order they are written.
    pub fn pending_in_shares(&self) -> impl Iterator<Item = &PendingInShare> {
        self.pending_in.values()
    }
    /// The pending in-share of `node`.
    pub fn pending_in_share(&self, node: &NodeHandle) -> Option<&PendingInShare> {
        self.pending_in.get(node.to_b64().as_bytes())
    }
    /// Records (or replaces) the pending in-share of `node`: `sharer` sent `encrypted_key` (the
    /// 16-byte blob of the `pk` command).
    pub fn add_pending_in_share(
        &mut self,
        node: NodeHandle,
        sharer: UserHandle,
        encrypted_key: &[u8; 16],
    ) {
        self.pending_in.insert(
            node.to_b64().into_bytes(),
            shares::new_pending_in(node, sharer, encrypted_key),
        );
    }
    /// Removes the pending in-share of `node` (once its key was decrypted and stored as a share
    /// key); returns whether there was one.
    pub fn remove_pending_in_share(&mut self, node: &NodeHandle) -> bool {
        self.pending_in.remove(node.to_b64().as_bytes()).is_some()
    }

    // ----- backups, warnings, unknown ------------------------------------------------------

    /// Tag 80: the backups LTLV map, kept verbatim.
    pub fn backups_raw(&self) -> &[u8] {
        &self.backups
    }
    /// Tag 96 decoded.
    pub fn warnings(&self) -> &LtlvMap {
        &self.warnings
    }
    /// The `"cv"` warning: show contact-verification warnings. As MEGA's SDK reads it
    /// (`getContactVerificationWarning`): a decimal number, non-zero meaning on; absent, empty or
    /// malformed means off.
    pub fn contact_verification_warning(&self) -> bool {
        let Some(v) = self.warnings.get(b"cv") else {
            return false;
        };
        let digits = match v.split_first() {
            Some((b'-' | b'+', rest)) => rest,
            _ => v,
        };
        !digits.is_empty()
            && digits.iter().all(u8::is_ascii_digit)
            && digits.iter().any(|d| *d != b'0')
    }
    /// Sets the `"cv"` warning to `"1"` or `"0"` (as MEGA's SDK writes it).
    pub fn set_contact_verification_warning(&mut self, on: bool) -> Result<()> {
        self.warnings.insert(b"cv", if on { b"1" } else { b"0" })
    }
    /// The unknown records (`tag || len || value`, concatenated) exactly as read; written back
    /// after the known tags.
    pub fn unknown_records(&self) -> &[u8] {
        &self.unknown
    }
}

/// Checks the header and decrypts the attribute.
fn decrypt(master_key: &MasterKey, attribute: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let (&first, _) = attribute
        .split_first()
        .ok_or_else(|| Error::malformed("^!keys: empty attribute"))?;
    if first != HEADER_BYTE {
        return Err(Error::unsupported("^!keys: unknown header byte"));
    }
    // Byte 1 is "reserved, always 0"; neither official client checks it, and it is not
    // authenticated, so checking it would protect nothing.
    if attribute.len() < PREFIX_LEN + TAG_LEN {
        return Err(Error::malformed("^!keys: attribute too short"));
    }
    let iv = attribute
        .get(2..PREFIX_LEN)
        .ok_or_else(|| Error::malformed("^!keys: attribute too short"))?;
    let body = attribute
        .get(PREFIX_LEN..)
        .ok_or_else(|| Error::malformed("^!keys: attribute too short"))?;
    let key = derive_key(master_key)?;
    aead_open(ContainerMode::AesGcm12x16, &key, iv, &[], body)
}
