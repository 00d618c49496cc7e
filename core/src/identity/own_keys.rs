//! The login-time consistency check of the account's own identity keys.

use super::exchange::{X25519PrivateKey, X25519PublicKey};
use super::signing::{Ed25519PrivateKey, Ed25519PublicKey};
use crate::error::{Error, Result};
use crate::primitives::ct_eq;
use crate::rsa::RsaPublicKey;

/// The account's own public attributes as the server returned them.
#[derive(Clone, Copy, Debug)]
pub struct PublishedIdentity<'a> {
    /// `+puEd255` (32 bytes).
    pub pu_ed255: &'a [u8],
    /// `+puCu255` (32 bytes).
    pub pu_cu255: &'a [u8],
    /// `+sigCu255` (72 bytes).
    pub sig_cu255: &'a [u8],
    /// The RSA public key and its `+sigPubk`, when the account has an RSA key and the signature
    /// exists (the SDK creates a missing `+sigPubk`; accounts without RSA key have none).
    pub rsa: Option<(&'a RsaPublicKey, &'a [u8])>,
}

/// Checks the account's private keys (from `^!keys` or `*keyring`) against what the server
/// publishes for the account, as the SDK does at login (`MegaClient::initializekeys`, "THERE ARE
/// KEYS"): the public keys derived from the private ones must equal `+puEd255`/`+puCu255`
/// ([`crate::ErrorKind::KeyChanged`] otherwise), `+sigCu255` must verify under the own Ed25519
/// key, and `+sigPubk` over the RSA key when given ([`crate::ErrorKind::SignatureInvalid`]).
///
/// A failure means the server (or a stale cache) serves other keys than the account's: do not
/// publish or use them, and do not overwrite them blindly either.
///
/// ```
/// use megacrypt::identity::{check_own_keys, Ed25519PrivateKey, PublishedIdentity, X25519PrivateKey};
/// let ed = Ed25519PrivateKey::from_bytes([1; 32]);
/// let cu = X25519PrivateKey::from_bytes([2; 32]);
/// let (ed_pub, cu_pub) = (ed.public_key(), cu.public_key());
/// let sig = ed.sign_x25519_key(&cu_pub, 1_700_000_000).to_bytes();
/// let published = PublishedIdentity {
///     pu_ed255: ed_pub.as_bytes(),
///     pu_cu255: cu_pub.as_bytes(),
///     sig_cu255: &sig,
///     rsa: None,
/// };
/// check_own_keys(&ed, &cu, &published)?;
/// # Ok::<(), megacrypt::Error>(())
/// ```
pub fn check_own_keys(
    ed: &Ed25519PrivateKey,
    cu: &X25519PrivateKey,
    published: &PublishedIdentity<'_>,
) -> Result<()> {
    let ed_pub: Ed25519PublicKey = ed.public_key();
    let cu_pub: X25519PublicKey = cu.public_key();
    if !ct_eq(ed_pub.as_bytes(), published.pu_ed255) {
        return Err(Error::key_changed(
            "+puEd255 is not the public key of the account's Ed25519 key",
        ));
    }
    if !ct_eq(cu_pub.as_bytes(), published.pu_cu255) {
        return Err(Error::key_changed(
            "+puCu255 is not the public key of the account's X25519 key",
        ));
    }
    ed_pub.verify_x25519_key(&cu_pub, published.sig_cu255)?;
    if let Some((rsa, sig)) = published.rsa {
        ed_pub.verify_rsa_key(rsa, sig)?;
    }
    Ok(())
}
