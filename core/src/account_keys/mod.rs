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

mod bootstrap;
mod login_check;
mod migration;

pub use bootstrap::{NewAccountKeys, bootstrap_account_keys};
pub use login_check::{OwnKeysStatus, OwnPublicKeys, check_own_keys_in_container};
pub use migration::{LegacyAccountAttributes, MigratedAccountKeys, migrate_legacy_account};

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
