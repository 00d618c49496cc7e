//! Identity keys of modern MEGA accounts: Ed25519 signing keys, X25519 exchange keys, key
//! signatures, fingerprints and credentials, authrings, and the pairwise key that carries share keys
//! from one user to another (`docs/format/identity-keys.md`, `docs/format/authrings.md`).
//!
//! Every account created or upgraded since MEGA's 2023 security update has, besides its RSA key:
//!
//! | key | private (in `^!keys`) | public attribute | signature attribute |
//! |---|---|---|---|
//! | Ed25519 | [`Ed25519PrivateKey`] (32-byte seed, tag 16) | `+puEd255` → [`Ed25519PublicKey`] | — |
//! | X25519 | [`X25519PrivateKey`] (32 raw bytes, tag 17) | `+puCu255` → [`X25519PublicKey`] | `+sigCu255` → [`KeySignature`] |
//! | RSA | [`crate::rsa::RsaPrivateKey`] | `pubk` | `+sigPubk` → [`KeySignature`] |
//!
//! The Ed25519 key is the identity: users compare its [`Credentials`], and it signs the other two
//! public keys. A contact's X25519 key is only usable after its signature verified under the
//! contact's Ed25519 key, which is what [`VerifiedX25519PublicKey`] proves: the type has no public
//! constructor, so an application cannot derive a [`PairwiseKey`] from an unchecked key.
//!
//! What the account has seen of its contacts' keys lives in two [`Authring`]s (one for Ed25519 keys,
//! one for X25519 keys). Their tracking methods never change a ring in place: they return the new
//! ring, or an error ([`crate::ErrorKind::KeyChanged`] when a contact's key is not the one recorded)
//! and leave the old one untouched.
//!
//! Nothing here reads a clock: a signature's timestamp is returned to the caller, who decides what
//! to do with a timestamp in the future.
//!
//! # Example: accept a contact's X25519 key and send it a share key
//! ```
//! use megacrypt::identity::{
//!     Authring, Ed25519PrivateKey, X25519PrivateKey, X25519PublicKey, PairwiseKey,
//!     check_exchange_allowed,
//! };
//! use megacrypt::{ShareKey, UserHandle};
//! # let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
//! # use rand_core::SeedableRng;
//! // The contact (normally on another device): its keys and its +sigCu255.
//! let their_ed = Ed25519PrivateKey::generate(&mut rng)?;
//! let their_cu = X25519PrivateKey::generate(&mut rng)?;
//! let sig_cu255 = their_ed.sign_x25519_key(&their_cu.public_key(), 1_700_000_000).to_bytes();
//!
//! // We fetched +puEd255, +puCu255 and +sigCu255 of user `bob`.
//! let bob = UserHandle::from_bytes([7; 8]);
//! let bob_ed = their_ed.public_key();
//! let bob_cu = X25519PublicKey::from_slice(their_cu.public_key().as_bytes())?;
//! let (verified, _signed_at) = bob_ed.verify_x25519_key(&bob_cu, &sig_cu255)?;
//!
//! // Track both keys (first sight: "seen"; the X25519 key: "signature verified").
//! let ed_ring = Authring::new().observe_ed25519_key(bob, &bob_ed)?;
//! let cu_ring = Authring::new().record_signature_verified(bob, &verified, &ed_ring)?;
//! assert!(cu_ring.get(&bob).is_some());
//!
//! // The official clients' gate, then the pairwise key and the 16-byte `pk` blob.
//! check_exchange_allowed(&ed_ring, &bob, false)?;
//! let mine = X25519PrivateKey::generate(&mut rng)?;
//! let pairwise = PairwiseKey::derive(&mine, &verified)?;
//! let share_key = ShareKey::from_bytes([0x11; 16])?;
//! let pk_blob = pairwise.seal_share_key(&share_key);
//! assert_eq!(pairwise.open_share_key(&pk_blob)?, share_key);
//! # Ok::<(), megacrypt::Error>(())
//! ```

mod authring;
mod exchange;
mod fingerprint;
mod own_keys;
mod pairwise;
mod signature;
mod signing;

pub use authring::{AuthMethod, AuthRecord, Authring};
pub use exchange::{VerifiedX25519PublicKey, X25519PrivateKey, X25519PublicKey};
pub use fingerprint::{Credentials, Fingerprint};
pub use own_keys::{PublishedIdentity, check_own_keys};
pub use pairwise::{
    PAIRWISE_KEY_INFO, PK_BLOB_LEN, PairwiseKey, check_exchange_allowed, exchange_allowed,
};
pub use signature::{
    KEY_SIGNATURE_LEN, KEYAUTH_PREFIX, KeySignature, rsa_public_key_for_signature,
    rsa_signed_bytes, signed_message,
};
pub use signing::{Ed25519PrivateKey, Ed25519PublicKey};
