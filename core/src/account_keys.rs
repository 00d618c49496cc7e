//! The account's own key material: creating it for an account that has none, checking it at login,
//! and moving a legacy account (a `*keyring`, no `^!keys`) to the `^!keys` container
//! (`docs/format/account-keys.md`).
//!
//! | step | MEGA's SDK | here |
//! |---|---|---|
//! | new account without keys | `MegaClient::initializekeys`, "THERE ARE NO KEYS" | [`bootstrap_account_keys`] |
//! | login check of the own keys | `initializekeys`, "THERE ARE KEYS" | [`check_own_keys_in_container`] |
//! | legacy account upgrade | `MegaClient::upgradeSecurity` | [`migrate_legacy_account`] |
//!
//! Nothing here reads a clock or talks to the server: timestamps come from the caller, and the
//! results are attribute values the app stores (one `putua` batch for a new account).
//!
//! # Example: a new account, then its next login
//! ```
//! use megacrypt::account_keys::{bootstrap_account_keys, check_own_keys_in_container, OwnKeysStatus, OwnPublicKeys};
//! use megacrypt::keys_container::{KeysContainer, OpenOptions};
//! use megacrypt::{MasterKey, UserHandle};
//! # use rand_core::SeedableRng;
//! # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
//! let mk = MasterKey::from_bytes([0x11; 16])?;
//! let me = UserHandle::from_bytes(*b"12345678");
//! // An account without RSA key (ephemeral++); pass `Some(&rsa)` for a full account.
//! let new = bootstrap_account_keys(&mk, me, None, 1_700_000_000, &mut rng)?;
//! for (name, value) in new.attributes() {
//!     // one putua batch: ^!keys, *keyring, +puEd255, +puCu255, +sigCu255 (and +sigPubk)
//!     assert!(!value.is_empty(), "{name}");
//! }
//!
//! // Next login: open ^!keys and check it against the published attributes.
//! let opts = OpenOptions::new().allow_empty_rsa(true);
//! let keys = KeysContainer::open(&mk, new.sealed_keys.attribute(), &me, 1, &opts)?;
//! let sig = new.sig_cu255.to_bytes();
//! let published = OwnPublicKeys {
//!     pu_ed255: new.ed25519_public.as_bytes(),
//!     pu_cu255: new.x25519_public.as_bytes(),
//!     sig_cu255: &sig,
//!     sig_pubk: None,
//! };
//! assert_eq!(check_own_keys_in_container(&keys, None, &published)?, OwnKeysStatus::Consistent);
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::vec::Vec;

use rand_core::TryCryptoRng;

use crate::error::{Error, Result};
use crate::handles::{NodeHandle, UserHandle};
use crate::identity::{
    Authring, Ed25519PrivateKey, Ed25519PublicKey, KeySignature, PublishedIdentity,
    X25519PrivateKey, X25519PublicKey, check_own_keys,
};
use crate::keys::{MasterKey, ShareKey};
use crate::keys_container::{KeysContainer, SealedContainer};
use crate::primitives::ct_eq;
use crate::rsa::RsaPrivateKey;
use crate::tlv;
use crate::user_attributes::{self, Keyring};

/// `^!keys`: the key-manager container.
pub const ATTR_KEYS: &str = "^!keys";
/// `*keyring`: the legacy private-key ring (`prEd255`, `prCu255`).
pub const ATTR_KEYRING: &str = "*keyring";
/// `+puEd255`: the Ed25519 public key.
pub const ATTR_PU_ED255: &str = "+puEd255";
/// `+puCu255`: the X25519 public key.
pub const ATTR_PU_CU255: &str = "+puCu255";
/// `+sigCu255`: the signature of `+puCu255`.
pub const ATTR_SIG_CU255: &str = "+sigCu255";
/// `+sigPubk`: the signature of the RSA public key.
pub const ATTR_SIG_PUBK: &str = "+sigPubk";
/// `*!authring`: the legacy Ed25519 authring.
pub const ATTR_AUTHRING_ED25519: &str = "*!authring";
/// `*!authCu255`: the legacy X25519 authring.
pub const ATTR_AUTHRING_CU25519: &str = "*!authCu255";

// ---------------------------------------------------------------------------------------------
// Bootstrap
// ---------------------------------------------------------------------------------------------

/// Everything a new account's key material consists of, as [`bootstrap_account_keys`] made it.
///
/// Store it in one `putua` batch ([`Self::attributes`]); once the server accepted it, call
/// [`Self::mark_stored`] and remember generation 1 as the last `^!keys` generation seen.
#[derive(Clone, Debug)]
pub struct NewAccountKeys {
    /// The container in memory (generation 0 until [`Self::mark_stored`]).
    pub container: KeysContainer,
    /// The sealed `^!keys` attribute (generation 1).
    pub sealed_keys: SealedContainer,
    /// The `*keyring` attribute: a TLV container under the master key with `prEd255` and `prCu255`.
    pub keyring: Vec<u8>,
    /// `+puEd255`.
    pub ed25519_public: Ed25519PublicKey,
    /// `+puCu255`.
    pub x25519_public: X25519PublicKey,
    /// `+sigCu255`: the Ed25519 key's signature of `+puCu255`.
    pub sig_cu255: KeySignature,
    /// `+sigPubk`: the Ed25519 key's signature of the RSA public key; `None` for an account without
    /// RSA key (MEGA's SDK skips it for ephemeral++ accounts).
    pub sig_pubk: Option<KeySignature>,
}

impl NewAccountKeys {
    /// The attributes to store, as `(name, raw value)`: `^!keys`, `*keyring`, `+puEd255`,
    /// `+puCu255`, `+sigPubk` (when there is an RSA key), `+sigCu255`. MEGA's SDK stores them in
    /// one step of `initializekeys`, the public keys and signatures in one `putua` batch; send them
    /// together so that no client sees half of them. The values are raw bytes; the API wants them
    /// in MEGA base64.
    pub fn attributes(&self) -> Vec<(&'static str, Vec<u8>)> {
        let mut out = Vec::with_capacity(6);
        out.push((ATTR_KEYS, self.sealed_keys.attribute().to_vec()));
        out.push((ATTR_KEYRING, self.keyring.clone()));
        out.push((ATTR_PU_ED255, self.ed25519_public.as_bytes().to_vec()));
        out.push((ATTR_PU_CU255, self.x25519_public.as_bytes().to_vec()));
        if let Some(sig) = &self.sig_pubk {
            out.push((ATTR_SIG_PUBK, sig.to_bytes().to_vec()));
        }
        out.push((ATTR_SIG_CU255, self.sig_cu255.to_bytes().to_vec()));
        out
    }

    /// Records that the server stored [`Self::sealed_keys`]: the container's generation becomes 1.
    pub fn mark_stored(&mut self) {
        self.container.mark_stored(&self.sealed_keys);
    }
}

/// Creates the key material of an account that has none (MEGA's SDK `initializekeys`, "THERE ARE
/// NO KEYS"): a fresh Ed25519 seed and X25519 key from `rng`, the first `^!keys` container
/// (version 1, written as generation 1, the RSA key in pqd form), the legacy `*keyring` (kept by
/// MEGA for older clients), the two public keys and their signatures, signed at `now`.
///
/// `rsa` is the account's RSA key (from the login), `None` only for an account without one.
/// `now` (seconds since 1970) is the container's creation time and the signatures' timestamp.
///
/// Errors: [`crate::ErrorKind::Rng`] when `rng` fails; [`crate::ErrorKind::Unsupported`] for an
/// RSA key whose signed bytes the official clients disagree on (see
/// [`crate::identity::rsa_signed_bytes`]).
pub fn bootstrap_account_keys<R: TryCryptoRng + ?Sized>(
    master_key: &MasterKey,
    user: UserHandle,
    rsa: Option<&RsaPrivateKey>,
    now: u32,
    rng: &mut R,
) -> Result<NewAccountKeys> {
    let ed = Ed25519PrivateKey::generate(rng)?;
    let cu = X25519PrivateKey::generate(rng)?;
    let ed25519_public = ed.public_key();
    let x25519_public = cu.public_key();
    let ts = u64::from(now);
    let sig_cu255 = ed.sign_x25519_key(&x25519_public, ts);
    let sig_pubk = rsa
        .map(|k| ed.sign_rsa_key(k.public_key(), ts))
        .transpose()?;

    let container = KeysContainer::new(user, now, ed.as_bytes(), cu.as_bytes(), rsa)?;
    let sealed_keys = container.seal(master_key, rng)?;
    let keyring = user_attributes::seal(
        master_key,
        &Keyring::new(*ed.as_bytes(), *cu.as_bytes()),
        rng,
    )?;
    Ok(NewAccountKeys {
        container,
        sealed_keys,
        keyring,
        ed25519_public,
        x25519_public,
        sig_cu255,
        sig_pubk,
    })
}

// ---------------------------------------------------------------------------------------------
// Login check
// ---------------------------------------------------------------------------------------------

/// The account's own public attributes as the server returned them (raw bytes, base64-decoded).
#[derive(Clone, Copy, Debug)]
pub struct OwnPublicKeys<'a> {
    /// `+puEd255` (32 bytes).
    pub pu_ed255: &'a [u8],
    /// `+puCu255` (32 bytes).
    pub pu_cu255: &'a [u8],
    /// `+sigCu255` (72 bytes).
    pub sig_cu255: &'a [u8],
    /// `+sigPubk` (72 bytes), `None` when the server has none.
    pub sig_pubk: Option<&'a [u8]>,
}

/// What [`check_own_keys_in_container`] found when no check failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnKeysStatus {
    /// Every check passed.
    Consistent,
    /// The account has an RSA key but no `+sigPubk`. MEGA's SDK then creates it: sign the login
    /// RSA key with [`Ed25519PrivateKey::sign_rsa_key`] (from
    /// [`KeysContainer::ed25519_private_key`]) and store it as `+sigPubk`.
    SigPubkMissing,
}

impl OwnKeysStatus {
    /// A short name.
    pub const fn as_str(self) -> &'static str {
        match self {
            OwnKeysStatus::Consistent => "consistent",
            OwnKeysStatus::SigPubkMissing => "sig-pubk-missing",
        }
    }
}

/// The login-time checks MEGA's SDK runs on the account's own keys (`initializekeys`, "THERE ARE
/// KEYS"), on an opened `^!keys` container:
///
/// 1. the container's RSA key is the login RSA key `login_rsa` (the private key decrypted from the
///    login's `privk`; `None` for an account without RSA key): the same `P1`, `P2` and `d`
///    ([`RsaPrivateKey::same_key_as`], constant time; MEGA's SDK compares only a prefix), and
///    both present or both absent — otherwise [`crate::ErrorKind::KeyChanged`];
/// 2. the public keys derived from tags 16 and 17 equal `+puEd255` and `+puCu255`
///    ([`crate::ErrorKind::KeyChanged`]);
/// 3. `+sigCu255` verifies under the own Ed25519 key, and `+sigPubk` over the login key's public
///    key when both exist ([`crate::ErrorKind::SignatureInvalid`]; [`crate::ErrorKind::Malformed`]
///    for a blob that is not 72 bytes).
///
/// `+sigPubk` signs the public key in the byte form of the account's `pubk` (the webclient stores
/// `e` in 4 bytes, the SDK in 3): parse the login key pinned to the `pubk` the server returned
/// ([`RsaPrivateKey::from_encrypted_privk`] with `Some(pubk)`), so that
/// [`RsaPrivateKey::public_key`] keeps that form.
///
/// A missing `+sigPubk` for an account with RSA key is [`OwnKeysStatus::SigPubkMissing`]. A
/// `+sigPubk` on an account without RSA key signs nothing and is ignored.
///
/// On an error, do not publish, use or overwrite the keys: the server (or a stale cache) serves
/// keys that are not the account's. Signature timestamps are not judged (no clock here).
pub fn check_own_keys_in_container(
    container: &KeysContainer,
    login_rsa: Option<&RsaPrivateKey>,
    published: &OwnPublicKeys<'_>,
) -> Result<OwnKeysStatus> {
    match (container.rsa_private_key(), login_rsa) {
        (Some(mine), Some(login)) if mine.same_key_as(login) => {}
        (None, None) => {}
        (Some(_), Some(_)) => {
            return Err(Error::key_changed(
                "^!keys: the container's RSA key is not the login RSA key",
            ));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(Error::key_changed(
                "^!keys: the container and the login disagree on whether the account has an RSA key",
            ));
        }
    }
    let rsa = match (login_rsa, published.sig_pubk) {
        (Some(k), Some(sig)) => Some((k.public_key(), sig)),
        _ => None,
    };
    check_own_keys(
        &container.ed25519_private_key(),
        &container.x25519_private_key(),
        &PublishedIdentity {
            pu_ed255: published.pu_ed255,
            pu_cu255: published.pu_cu255,
            sig_cu255: published.sig_cu255,
            rsa,
        },
    )?;
    if login_rsa.is_some() && published.sig_pubk.is_none() {
        Ok(OwnKeysStatus::SigPubkMissing)
    } else {
        Ok(OwnKeysStatus::Consistent)
    }
}

// ---------------------------------------------------------------------------------------------
// Migration of a legacy account
// ---------------------------------------------------------------------------------------------

/// The encrypted private attributes of a legacy account, as the server returned them (raw bytes,
/// base64-decoded). A missing authring attribute means an empty ring.
#[derive(Clone, Copy, Debug)]
pub struct LegacyAccountAttributes<'a> {
    /// `*keyring`: TLV container with `prEd255` and `prCu255`.
    pub keyring: &'a [u8],
    /// `*!authring`: TLV container, one empty-key record holding the Ed25519 authring.
    pub authring_ed25519: Option<&'a [u8]>,
    /// `*!authCu255`: TLV container, one empty-key record holding the X25519 authring.
    pub authring_cu25519: Option<&'a [u8]>,
}

/// The result of [`migrate_legacy_account`].
#[derive(Clone, Debug)]
pub struct MigratedAccountKeys {
    /// The new container (generation 0: its first [`KeysContainer::seal`] writes 1).
    pub container: KeysContainer,
    /// Authring records left out because their method byte is not 0, 1 or 2 (the webclient drops
    /// them; see [`Authring::dropped_records`]).
    pub dropped_authring_records: usize,
}

/// Opens one legacy authring attribute (TLV container under the master key).
fn open_legacy_authring(master_key: &MasterKey, blob: Option<&[u8]>) -> Result<Authring> {
    match blob {
        None => Ok(Authring::new()),
        Some(b) => {
            let (_, records) = tlv::open_container(master_key.as_aes_key(), b)?;
            Authring::from_tlv_records(&records)
        }
    }
}

/// Builds the `^!keys` container of a legacy account, as MEGA's SDK `upgradeSecurity` does:
///
/// - tags 16 and 17 from `*keyring` (`prEd255`, `prCu255`; a missing record or one that is not
///   32 bytes is [`crate::ErrorKind::Malformed`]);
/// - tag 18 from `rsa` (the login RSA key; `None` only for an account without one);
/// - tags 32 and 33 from `*!authring` and `*!authCu255` (records kept, except those with an
///   unknown method byte: see [`MigratedAccountKeys::dropped_authring_records`]);
/// - every share key in `share_keys` (the keys of the account's in-, out-, pending and link shares
///   the app knows), **not trusted**: they came through the legacy, unauthenticated channels. The
///   same share twice with different keys is [`crate::ErrorKind::KeyChanged`].
///
/// Wrong master key or tampered attributes: [`crate::ErrorKind::Decrypt`]. Before sealing the
/// result, run [`check_own_keys_in_container`] on it against the published attributes: the
/// migration takes `*keyring` as it is.
///
/// ```
/// use megacrypt::account_keys::{migrate_legacy_account, LegacyAccountAttributes};
/// use megacrypt::user_attributes::{self, Keyring};
/// use megacrypt::{MasterKey, NodeHandle, ShareKey, UserHandle};
/// let mk = MasterKey::from_bytes([0x11; 16])?;
/// let keyring = user_attributes::seal_with_iv(&mk, &Keyring::new([1; 32], [2; 32]), &[9; 12])?;
/// let legacy = LegacyAccountAttributes { keyring: &keyring, authring_ed25519: None, authring_cu25519: None };
/// let share = (NodeHandle::from_bytes(*b"folder"), ShareKey::from_bytes([5; 16])?);
/// let me = UserHandle::from_bytes(*b"12345678");
/// let m = migrate_legacy_account(&mk, me, None, 1_700_000_000, &legacy, &[share])?;
/// assert_eq!(m.container.ed25519_seed(), &[1; 32]);
/// assert!(!m.container.share_keys().next().unwrap().flags().is_trusted());
/// # Ok::<(), megacrypt::Error>(())
/// ```
pub fn migrate_legacy_account(
    master_key: &MasterKey,
    user: UserHandle,
    rsa: Option<&RsaPrivateKey>,
    creation_time: u32,
    legacy: &LegacyAccountAttributes<'_>,
    share_keys: &[(NodeHandle, ShareKey)],
) -> Result<MigratedAccountKeys> {
    let keyring: Keyring = user_attributes::open(master_key, legacy.keyring)?;
    let ed = keyring
        .ed25519_seed()
        .ok_or(Error::malformed("*keyring has no prEd255 record"))?;
    let cu = keyring
        .cu25519_private()
        .ok_or(Error::malformed("*keyring has no prCu255 record"))?;
    let ed_ring = open_legacy_authring(master_key, legacy.authring_ed25519)?;
    let cu_ring = open_legacy_authring(master_key, legacy.authring_cu25519)?;

    let mut container = KeysContainer::new(user, creation_time, ed, cu, rsa)?;
    container.set_ed25519_authring(&ed_ring)?;
    container.set_cu25519_authring(&cu_ring)?;
    for (node, key) in share_keys {
        if let Some(existing) = container.share_key(node)
            && !ct_eq(existing.key_bytes(), key.as_bytes())
        {
            return Err(Error::key_changed(
                "two different share keys for the same share",
            ));
        }
        container.insert_share_key(*node, key, false)?;
    }
    Ok(MigratedAccountKeys {
        container,
        dropped_authring_records: ed_ring
            .dropped_records()
            .saturating_add(cu_ring.dropped_records()),
    })
}
