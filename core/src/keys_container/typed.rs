//! Typed access to the identity keys and authrings of a `^!keys` container, through the
//! [`crate::identity`] types (the raw accessors of [`KeysContainer`] stay for byte-exact work).

use super::KeysContainer;
use crate::error::Result;
use crate::identity::{Authring, Ed25519PrivateKey, X25519PrivateKey};

impl KeysContainer {
    /// Tag 16 as the account's Ed25519 identity key (a copy, zeroized on drop).
    ///
    /// ```
    /// use megacrypt::keys_container::KeysContainer;
    /// use megacrypt::UserHandle;
    /// let keys = KeysContainer::new(UserHandle::from_bytes([1; 8]), 0, &[7; 32], &[8; 32], None)?;
    /// assert_eq!(keys.ed25519_private_key().as_bytes(), &[7; 32]);
    /// assert_eq!(keys.x25519_private_key().as_bytes(), &[8; 32]);
    /// # Ok::<(), megacrypt::Error>(())
    /// ```
    pub fn ed25519_private_key(&self) -> Ed25519PrivateKey {
        Ed25519PrivateKey::from_bytes(*self.ed25519_seed())
    }

    /// Tag 17 as the account's X25519 (Cu25519) key (a copy, zeroized on drop).
    pub fn x25519_private_key(&self) -> X25519PrivateKey {
        X25519PrivateKey::from_bytes(*self.x25519_secret())
    }

    /// Replaces tags 16 and 17 with typed keys (see [`KeysContainer::set_identity_keys`]).
    pub fn set_identity_private_keys(
        &mut self,
        ed25519: &Ed25519PrivateKey,
        x25519: &X25519PrivateKey,
    ) {
        self.set_identity_keys(ed25519.as_bytes(), x25519.as_bytes());
    }

    /// Tag 32 as an [`Authring`] of contacts' Ed25519 keys ([`Authring::from_bytes`]: a length that
    /// is not whole 29-byte records is [`Malformed`](crate::ErrorKind::Malformed); a record whose
    /// method byte is not 0, 1 or 2 is left out and counted by [`Authring::dropped_records`]).
    pub fn ed25519_authring(&self) -> Result<Authring> {
        Authring::from_bytes(self.authring_ed25519_raw())
    }

    /// Tag 33 as an [`Authring`] of contacts' X25519 keys (see [`Self::ed25519_authring`]).
    pub fn cu25519_authring(&self) -> Result<Authring> {
        Authring::from_bytes(self.authring_cu25519_raw())
    }

    /// Replaces tag 32 with `ring` ([`Authring::to_bytes`]: records sorted by user handle as a
    /// little-endian u64, as MEGA's SDK writes them). Records an earlier read dropped are gone.
    ///
    /// ```
    /// use megacrypt::identity::{Authring, Ed25519PrivateKey};
    /// use megacrypt::keys_container::KeysContainer;
    /// use megacrypt::UserHandle;
    /// let mut keys = KeysContainer::new(UserHandle::from_bytes([1; 8]), 0, &[7; 32], &[8; 32], None)?;
    /// let bob = UserHandle::from_bytes([2; 8]);
    /// let bob_key = Ed25519PrivateKey::from_bytes([3; 32]).public_key();
    /// let ring = keys.ed25519_authring()?.observe_ed25519_key(bob, &bob_key)?;
    /// keys.set_ed25519_authring(&ring)?;
    /// assert_eq!(keys.ed25519_authring()?, ring);
    /// assert_eq!(keys.authring_ed25519_raw().len(), 29);
    /// # Ok::<(), megacrypt::Error>(())
    /// ```
    pub fn set_ed25519_authring(&mut self, ring: &Authring) -> Result<()> {
        self.set_authring_ed25519_raw(&ring.to_bytes())
    }

    /// Replaces tag 33 with `ring` (see [`Self::set_ed25519_authring`]).
    pub fn set_cu25519_authring(&mut self, ring: &Authring) -> Result<()> {
        self.set_authring_cu25519_raw(&ring.to_bytes())
    }
}
