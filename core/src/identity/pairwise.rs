//! The pairwise key between two users and the 16-byte `pk` blob that carries a share key.

use core::fmt;

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::authring::{AuthMethod, Authring};
use super::exchange::{VerifiedX25519PublicKey, X25519PrivateKey};
use crate::error::{Error, Result};
use crate::handles::UserHandle;
use crate::keys::ShareKey;
use crate::primitives::{aes, ct_eq, decrypt_block, encrypt_block};

/// The HKDF `info` of the pairwise key (SDK `SVCRYPTO_PAIRWISE_KEY`).
pub const PAIRWISE_KEY_INFO: &[u8] = b"strongvelope pairwise key";

/// Length of a `pk` blob: one AES block.
pub const PK_BLOB_LEN: usize = 16;

/// The 16-byte AES key two users share: `HKDF-SHA256(IKM = X25519(mine, theirs), salt = none,
/// info = "strongvelope pairwise key", L = 16)` (SDK `KeyManager::computeSymmetricKey`).
///
/// Both sides derive the same key. Zeroized on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct PairwiseKey([u8; 16]);

impl PairwiseKey {
    /// Derives the pairwise key with a contact whose X25519 key passed the signature check.
    ///
    /// Error [`crate::ErrorKind::InvalidKey`]: the shared secret is all zero (a small-order or
    /// otherwise degenerate peer key; libsodium's `crypto_scalarmult` fails the same way).
    pub fn derive(mine: &X25519PrivateKey, peer: &VerifiedX25519PublicKey) -> Result<Self> {
        Self::derive_unverified(mine, peer.as_bytes())
    }

    /// The derivation over raw peer bytes (only reachable through [`Self::derive`]).
    pub(crate) fn derive_unverified(mine: &X25519PrivateKey, peer: &[u8; 32]) -> Result<Self> {
        let shared = mine.shared_secret(peer).ok_or(Error::invalid_key(
            "X25519 shared secret is all zero (small-order peer key)",
        ))?;
        let hk = Hkdf::<Sha256>::new(None, shared.as_ref());
        let mut key = [0u8; 16];
        hk.expand(PAIRWISE_KEY_INFO, &mut key)
            .map_err(|_| Error::invalid_key("HKDF output length"))?;
        Ok(PairwiseKey(key))
    }

    /// The raw key. Handle with care: this is secret material.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The `pk` blob for `share_key`: `AES-128-ECB(pairwise, share_key)` (SDK
    /// `KeyManager::encryptShareKeyTo`). Sent base64-encoded as `k` of `{"a":"pk"}`.
    pub fn seal_share_key(&self, share_key: &ShareKey) -> [u8; PK_BLOB_LEN] {
        let mut block = *share_key.as_bytes();
        encrypt_block(&aes(&self.0), &mut block);
        block
    }

    /// Opens a `pk` blob (SDK `KeyManager::decryptShareKeyFrom`). ECB carries no integrity: a
    /// wrong key gives a random-looking share key, which the caller confirms by decrypting the
    /// share's node attributes. Errors: not 16 bytes ([`crate::ErrorKind::Malformed`]); an all-zero
    /// result ([`crate::ErrorKind::InvalidKey`]).
    pub fn open_share_key(&self, blob: &[u8]) -> Result<ShareKey> {
        let mut block: [u8; 16] = blob
            .try_into()
            .map_err(|_| Error::malformed("pk blob must be 16 bytes"))?;
        decrypt_block(&aes(&self.0), &mut block);
        let key = ShareKey::from_bytes(block);
        block.zeroize();
        key
    }
}

impl fmt::Debug for PairwiseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PairwiseKey(<redacted>)")
    }
}

impl PartialEq for PairwiseKey {
    /// Constant-time comparison.
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}
impl Eq for PairwiseKey {}

/// The official clients' gate before sending a share key to a contact or opening one from them
/// (SDK `KeyManager::verificationRequired`, webclient `haveVerifiedKeyFor`), given the method the
/// Ed25519 authring records for the contact (`None`: not in the ring):
///
/// - without manual verification, the contact's Ed25519 key must at least have been seen;
/// - with manual verification (the account's "contact verification" setting), the contact's
///   credentials must have been compared.
///
/// ```
/// use megacrypt::identity::{exchange_allowed, AuthMethod};
/// assert!(!exchange_allowed(None, false));
/// assert!(exchange_allowed(Some(AuthMethod::Seen), false));
/// assert!(!exchange_allowed(Some(AuthMethod::Seen), true));
/// assert!(exchange_allowed(Some(AuthMethod::FingerprintCompared), true));
/// ```
pub fn exchange_allowed(ed25519_method: Option<AuthMethod>, manual_verification: bool) -> bool {
    match ed25519_method {
        None => false,
        Some(m) if manual_verification => m == AuthMethod::FingerprintCompared,
        Some(_) => true,
    }
}

/// [`exchange_allowed`] over the account's Ed25519 authring. Error [`crate::ErrorKind::ApiMisuse`]
/// when the contact does not pass the gate: keep the share pending until it does.
pub fn check_exchange_allowed(
    ed_authring: &Authring,
    peer: &UserHandle,
    manual_verification: bool,
) -> Result<()> {
    if exchange_allowed(ed_authring.method_of(peer), manual_verification) {
        Ok(())
    } else {
        Err(Error::misuse(
            "the contact's Ed25519 key is not verified enough to exchange share keys",
        ))
    }
}
