//! Migration of a legacy account (a `*keyring`, no `^!keys`) to the `^!keys` container.

use crate::error::{Error, Result};
use crate::handles::{NodeHandle, UserHandle};
use crate::identity::Authring;
use crate::keys::{MasterKey, ShareKey};
use crate::keys_container::KeysContainer;
use crate::primitives::ct_eq;
use crate::rsa::RsaPrivateKey;
use crate::tlv;
use crate::user_attributes::{self, Keyring};

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
/// result, run [`check_own_keys_in_container`](super::check_own_keys_in_container) on it against the published attributes: the
/// migration takes `*keyring` as it is.
///
/// ```
/// use megacrypt::account_keys::{migrate_legacy_account, LegacyAccountAttributes};
/// use megacrypt::user_attributes::{self, Keyring};
/// use megacrypt::{MasterKey, NodeHandle, ShareKey, UserHandle};
/// let mk = MasterKey::from_bytes([0x11; 16])?;
/// # use rand_core::SeedableRng;
/// # let mut rng = rand_chacha::ChaCha20Rng::from_seed([7; 32]);
/// let keyring = user_attributes::seal(&mk, &Keyring::new([1; 32], [2; 32]), &mut rng)?;
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
