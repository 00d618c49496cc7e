//! The login check: the account's own keys in `^!keys` against its published attributes.

use crate::error::{Error, Result};
use crate::identity::{PublishedIdentity, check_own_keys};
use crate::keys_container::KeysContainer;
use crate::rsa::RsaPrivateKey;

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
    /// RSA key with [`Ed25519PrivateKey::sign_rsa_key`](crate::identity::Ed25519PrivateKey::sign_rsa_key) (from
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
