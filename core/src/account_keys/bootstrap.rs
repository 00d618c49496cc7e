//! Bootstrap: the key material of an account that has none (identity keys, the first `^!keys`,
//! the legacy `*keyring`, the public attribute values).

use alloc::vec::Vec;

use rand_core::TryCryptoRng;

use super::*;
use crate::error::Result;
use crate::handles::UserHandle;
use crate::identity::{
    Ed25519PrivateKey, Ed25519PublicKey, KeySignature, X25519PrivateKey, X25519PublicKey,
};
use crate::keys::MasterKey;
use crate::keys_container::{KeysContainer, SealedContainer};
use crate::rsa::RsaPrivateKey;
use crate::user_attributes::{self, Keyring};

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
