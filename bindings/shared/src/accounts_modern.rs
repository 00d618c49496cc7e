//! Modern MEGA accounts (issue 13): the `^!keys` container, identity keys, key signatures,
//! authrings, the pairwise key and the account-key operations, as the two bindings export them.
//!
//! Every conversion from a foreign value (handles as base64, fixed-length byte arguments,
//! JavaScript numbers as timestamps, enum names, optional parts) and every operation that is more
//! than one core call lives here once, so that Kotlin, Swift, Python and JavaScript get the same
//! checks and the same error code for the same bad input.

use megacrypt::account_keys::{
    self, LegacyAccountAttributes, MigratedAccountKeys, NewAccountKeys, OwnKeysStatus,
    OwnPublicKeys,
};
use megacrypt::identity::{
    self, AuthMethod, AuthRecord, Authring, Ed25519PrivateKey, Ed25519PublicKey, PublishedIdentity,
    VerifiedX25519PublicKey, X25519PrivateKey,
};
use megacrypt::keys_container::{
    self, KeysContainer, OpenOptions, PendingOutShare, PendingOutShareUser, SealedContainer,
};
use megacrypt::rsa::{RsaPrivateKey, RsaPublicKey};
use megacrypt::share::{self, OwnerShareKey, ShareKeyring};
use megacrypt::{Error, MasterKey, NodeHandle, ShareKey, UserHandle};

use super::error::misuse;
use super::{Result, arg, rng};

/// The options of [`KeysContainer::open`]: an empty RSA record accepted only when
/// `allow_empty_rsa` (an account without RSA key), the RSA key pinned to the login's public key
/// when one is given.
pub fn open_options(allow_empty_rsa: bool, pinned: Option<&RsaPublicKey>) -> OpenOptions {
    let o = OpenOptions::new().allow_empty_rsa(allow_empty_rsa);
    match pinned {
        Some(p) => o.rsa_public_key(p.clone()),
        None => o,
    }
}

/// Opens a `^!keys` attribute (raw bytes) for the account `expected_user_b64`.
pub fn open_keys_container(
    master_key: &MasterKey,
    attribute: &[u8],
    expected_user_b64: &str,
    last_seen_generation: u32,
    allow_empty_rsa: bool,
    pinned: Option<&RsaPublicKey>,
) -> Result<KeysContainer> {
    let me = arg::user_handle(expected_user_b64)?;
    KeysContainer::open(
        master_key,
        attribute,
        &me,
        last_seen_generation,
        &open_options(allow_empty_rsa, pinned),
    )
}

/// A new container (generation 0, no RSA key until one is set).
pub fn new_keys_container(
    identity_b64: &str,
    creation_time: u32,
    ed25519: &Ed25519PrivateKey,
    x25519: &X25519PrivateKey,
) -> Result<KeysContainer> {
    KeysContainer::new(
        arg::user_handle(identity_b64)?,
        creation_time,
        ed25519.as_bytes(),
        x25519.as_bytes(),
        None,
    )
}

/// Seals with the platform CSPRNG.
pub fn seal_keys_container(c: &KeysContainer, master_key: &MasterKey) -> Result<SealedContainer> {
    c.seal(master_key, &mut rng())
}

/// A 12-byte GCM IV for the known-answer seal.
pub fn keys_container_iv(iv: &[u8]) -> Result<[u8; keys_container::IV_LEN]> {
    iv.try_into()
        .map_err(|_| misuse("a ^!keys IV must be 12 bytes"))
}

/// Hazardous: seals with a caller-chosen IV (known answers only; never reuse an IV).
pub fn seal_keys_container_with_iv(
    c: &KeysContainer,
    master_key: &MasterKey,
    iv: &[u8],
) -> Result<SealedContainer> {
    megacrypt::hazmat::keys_container::seal_with_iv(c, master_key, &keys_container_iv(iv)?)
}

/// Hazardous: the `^!keys` key derived from 16 raw master-key bytes (the all-zero key included).
pub fn derive_keys_container_key_from_bytes(master_key: &[u8]) -> Result<megacrypt::AesKey> {
    let raw: [u8; 16] = master_key.try_into().map_err(|_| {
        Error::new(
            megacrypt::ErrorKind::InvalidKey,
            "a master key must be 16 bytes",
        )
    })?;
    megacrypt::hazmat::keys_container::derive_key_from_bytes(&raw)
}

/// The share key recorded for `node_b64`, if any.
pub fn share_key_entry<'a>(
    c: &'a KeysContainer,
    node_b64: &str,
) -> Result<Option<&'a keys_container::ShareKeyEntry>> {
    Ok(c.share_key(&arg::node_handle(node_b64)?))
}

/// Adds or updates the share key of a node (see [`KeysContainer::insert_share_key`]).
pub fn insert_share_key(
    c: &mut KeysContainer,
    node_b64: &str,
    key: &ShareKey,
    trusted: bool,
) -> Result<()> {
    c.insert_share_key(arg::node_handle(node_b64)?, key, trusted)
}

/// Sets the whole flags byte (reserved bits included) of a node's share key.
pub fn set_share_key_flags(c: &mut KeysContainer, node_b64: &str, flags: u32) -> Result<()> {
    let bits = arg::byte(flags, "share-key flags must be a byte (0..=255)")?;
    c.set_share_key_flags(
        &arg::node_handle(node_b64)?,
        keys_container::ShareKeyFlags::from_bits(bits),
    )
}

/// A pending out-share to a user (`user_b64`) or to an e-mail address: exactly one of the two.
pub fn pending_out_share(
    node_b64: &str,
    user_b64: Option<&str>,
    email: Option<&str>,
) -> Result<PendingOutShare> {
    let node = arg::node_handle(node_b64)?;
    let user = match (user_b64, email) {
        (Some(u), None) => PendingOutShareUser::User(arg::user_handle(u)?),
        (None, Some(e)) => PendingOutShareUser::Email(e.to_string()),
        _ => {
            return Err(misuse(
                "a pending out-share names either a user handle or an e-mail address",
            ));
        }
    };
    Ok(PendingOutShare { node, user })
}

/// The parts of a pending out-share: node (base64), user handle (base64) or e-mail.
pub fn pending_out_share_parts(p: &PendingOutShare) -> (String, Option<String>, Option<String>) {
    match &p.user {
        PendingOutShareUser::User(u) => (p.node.to_b64(), Some(u.to_b64()), None),
        PendingOutShareUser::Email(e) => (p.node.to_b64(), None, Some(e.clone())),
    }
}

/// The 16-byte `pk` blob of a pending in-share.
pub fn pk_blob(bytes: &[u8]) -> Result<[u8; 16]> {
    bytes
        .try_into()
        .map_err(|_| Error::new(megacrypt::ErrorKind::Malformed, "pk blob must be 16 bytes"))
}

/// Records a pending in-share: `sharer_b64` sent `encrypted_key` (the `pk` blob) for `node_b64`.
pub fn add_pending_in_share(
    c: &mut KeysContainer,
    node_b64: &str,
    sharer_b64: &str,
    encrypted_key: &[u8],
) -> Result<()> {
    let node = arg::node_handle(node_b64)?;
    let sharer = arg::user_handle(sharer_b64)?;
    c.add_pending_in_share(node, sharer, &pk_blob(encrypted_key)?);
    Ok(())
}

/// Hazardous: replaces the generation a container was read with (the next seal writes it + 1).
pub fn set_generation(c: &mut KeysContainer, generation: u32) {
    megacrypt::hazmat::keys_container::set_generation(c, generation);
}

/// The owner's share key from an `ok` element, or `None` when it is in `^!keys` (all-zero `ok`).
pub fn read_owner_share_key(
    master_key: &MasterKey,
    share_b64: &str,
    ok_b64: &str,
    ha_b64: &str,
) -> Result<Option<ShareKey>> {
    let share = arg::node_handle(share_b64)?;
    Ok(
        match share::read_owner_share_key(master_key, &share, ok_b64, ha_b64)? {
            OwnerShareKey::InKeysContainer => None,
            OwnerShareKey::Legacy(k) => Some(k),
        },
    )
}

/// The share keys of a container as the keyring `unwrap_key_field_*` takes.
pub fn share_keyring_from_keys_container(c: &KeysContainer) -> ShareKeyring {
    ShareKeyring::from_keys_container(c)
}

// ----- identity ------------------------------------------------------------------------------

/// An Ed25519 private key (seed) from exactly 32 bytes (`InvalidKey` otherwise).
pub fn ed25519_private_key(seed: &[u8]) -> Result<Ed25519PrivateKey> {
    Ed25519PrivateKey::from_slice(seed)
}

/// An X25519 private key from exactly 32 bytes (`InvalidKey` otherwise).
pub fn x25519_private_key(bytes: &[u8]) -> Result<X25519PrivateKey> {
    X25519PrivateKey::from_slice(bytes)
}

/// Fresh identity keys from the platform CSPRNG.
pub fn generate_ed25519() -> Result<Ed25519PrivateKey> {
    Ed25519PrivateKey::generate(&mut rng())
}

/// Fresh X25519 key from the platform CSPRNG.
pub fn generate_x25519() -> Result<X25519PrivateKey> {
    X25519PrivateKey::generate(&mut rng())
}

/// A fingerprint given as its 20 bytes (`Malformed` otherwise).
pub fn fingerprint(bytes: &[u8]) -> Result<identity::Fingerprint> {
    identity::Fingerprint::from_slice(bytes)
}

/// An authentication method by its name (`"seen"`, `"fingerprint-compared"`,
/// `"signature-verified"`); `ApiMisuse` for another name.
pub fn auth_method(name: &str) -> Result<AuthMethod> {
    [
        AuthMethod::Seen,
        AuthMethod::FingerprintCompared,
        AuthMethod::SignatureVerified,
    ]
    .into_iter()
    .find(|m| m.as_str() == name)
    .ok_or_else(|| misuse("unknown authentication method name"))
}

/// An optional method by name (JavaScript passes `undefined` for "not in the authring").
pub fn optional_auth_method(name: Option<&str>) -> Result<Option<AuthMethod>> {
    name.map(auth_method).transpose()
}

/// The record of `user_b64` in an authring.
pub fn authring_get(ring: &Authring, user_b64: &str) -> Result<Option<AuthRecord>> {
    Ok(ring.get(&arg::user_handle(user_b64)?).copied())
}

/// [`Authring::check`] with the user as base64.
pub fn authring_check(
    ring: &Authring,
    user_b64: &str,
    fingerprint: &identity::Fingerprint,
) -> Result<Option<AuthMethod>> {
    ring.check(&arg::user_handle(user_b64)?, fingerprint)
}

/// [`Authring::observe_ed25519_key`] with the user as base64.
pub fn authring_observe_ed25519_key(
    ring: &Authring,
    user_b64: &str,
    key: &Ed25519PublicKey,
) -> Result<Authring> {
    ring.observe_ed25519_key(arg::user_handle(user_b64)?, key)
}

/// [`Authring::record_fingerprint_compared`] with the user as base64.
pub fn authring_record_fingerprint_compared(
    ring: &Authring,
    user_b64: &str,
    key: &Ed25519PublicKey,
) -> Result<Authring> {
    ring.record_fingerprint_compared(arg::user_handle(user_b64)?, key)
}

/// [`Authring::record_signature_verified`] with the user as base64.
pub fn authring_record_signature_verified(
    ring: &Authring,
    user_b64: &str,
    key: &VerifiedX25519PublicKey,
    ed_authring: &Authring,
) -> Result<Authring> {
    ring.record_signature_verified(arg::user_handle(user_b64)?, key, ed_authring)
}

/// [`Authring::without`] with the user as base64.
pub fn authring_without(ring: &Authring, user_b64: &str) -> Result<Authring> {
    Ok(ring.without(&arg::user_handle(user_b64)?))
}

/// The verification gate with the peer as base64 (`ApiMisuse` when not verified enough).
pub fn check_exchange_allowed(
    ed_authring: &Authring,
    peer_b64: &str,
    manual_verification: bool,
) -> Result<()> {
    identity::check_exchange_allowed(
        ed_authring,
        &arg::user_handle(peer_b64)?,
        manual_verification,
    )
}

/// The login-time check of the account's own identity keys against the published attributes,
/// with the RSA key signature (`+sigPubk`) when both parts are given.
pub fn check_own_keys(
    ed25519: &Ed25519PrivateKey,
    x25519: &X25519PrivateKey,
    pu_ed255: &[u8],
    pu_cu255: &[u8],
    sig_cu255: &[u8],
    rsa: Option<(&RsaPublicKey, &[u8])>,
) -> Result<()> {
    identity::check_own_keys(
        ed25519,
        x25519,
        &PublishedIdentity {
            pu_ed255,
            pu_cu255,
            sig_cu255,
            rsa,
        },
    )
}

/// A timestamp given as a JavaScript number (seconds; a non-negative safe integer).
pub fn timestamp_from_js(n: f64) -> Result<u64> {
    arg::size(n).map_err(|_| misuse("timestamps must be non-negative safe integers"))
}

// ----- account keys --------------------------------------------------------------------------

/// [`account_keys::bootstrap_account_keys`] with the user as base64 and the platform CSPRNG.
pub fn bootstrap_account_keys(
    master_key: &MasterKey,
    user_b64: &str,
    rsa: Option<&RsaPrivateKey>,
    now: u32,
) -> Result<NewAccountKeys> {
    account_keys::bootstrap_account_keys(
        master_key,
        arg::user_handle(user_b64)?,
        rsa,
        now,
        &mut rng(),
    )
}

/// The attributes to store after a bootstrap: `(name, raw value)`.
pub fn new_account_attributes(keys: &NewAccountKeys) -> Vec<(String, Vec<u8>)> {
    keys.attributes()
        .into_iter()
        .map(|(n, v)| (n.to_string(), v))
        .collect()
}

/// [`account_keys::check_own_keys_in_container`] on byte arguments.
pub fn check_own_keys_in_container(
    container: &KeysContainer,
    login_rsa: Option<&RsaPrivateKey>,
    pu_ed255: &[u8],
    pu_cu255: &[u8],
    sig_cu255: &[u8],
    sig_pubk: Option<&[u8]>,
) -> Result<OwnKeysStatus> {
    account_keys::check_own_keys_in_container(
        container,
        login_rsa,
        &OwnPublicKeys {
            pu_ed255,
            pu_cu255,
            sig_cu255,
            sig_pubk,
        },
    )
}

/// [`account_keys::migrate_legacy_account`]: the legacy attributes as raw bytes, the known share
/// keys as a keyring (every key is recorded untrusted).
#[allow(clippy::too_many_arguments)] // the core's six plus the three legacy attributes
pub fn migrate_legacy_account(
    master_key: &MasterKey,
    user_b64: &str,
    rsa: Option<&RsaPrivateKey>,
    creation_time: u32,
    keyring: &[u8],
    authring_ed25519: Option<&[u8]>,
    authring_cu25519: Option<&[u8]>,
    share_keys: &ShareKeyring,
) -> Result<MigratedAccountKeys> {
    let keys: Vec<(NodeHandle, ShareKey)> = share_keys
        .shares()
        .filter_map(|h| share_keys.get(h).map(|k| (*h, k.clone())))
        .collect();
    account_keys::migrate_legacy_account(
        master_key,
        arg::user_handle(user_b64)?,
        rsa,
        creation_time,
        &LegacyAccountAttributes {
            keyring,
            authring_ed25519,
            authring_cu25519,
        },
        &keys,
    )
}

/// Encodes LTLV entries in the given order (the webclient's writer; no sorting, no dedup).
/// `ApiMisuse` when the two lists differ in length or a key is over 255 bytes.
pub fn ltlv_encode<K: AsRef<[u8]>, V: AsRef<[u8]>>(keys: &[K], values: &[V]) -> Result<Vec<u8>> {
    if keys.len() != values.len() {
        return Err(misuse(
            "LTLV keys and values must be lists of the same length",
        ));
    }
    Ok(keys_container::ltlv::encode(
        keys.iter()
            .zip(values)
            .map(|(k, v)| (k.as_ref(), v.as_ref())),
    )?
    .to_vec())
}

/// The user handle of a container as base64.
pub fn identity_b64(c: &KeysContainer) -> String {
    c.identity().to_b64()
}

/// A user handle for the core (re-exported for the bindings' record conversions).
pub fn user_b64(u: &UserHandle) -> String {
    u.to_b64()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use megacrypt::ErrorKind;

    #[test]
    fn pending_out_share_needs_exactly_one_recipient() {
        let both = pending_out_share("AAAAAAAA", Some("AAAAAAAAAAA"), Some("a@b"));
        assert_eq!(both.unwrap_err().kind(), ErrorKind::ApiMisuse);
        let none = pending_out_share("AAAAAAAA", None, None);
        assert_eq!(none.unwrap_err().kind(), ErrorKind::ApiMisuse);
        let p = pending_out_share("AAAAAAAA", None, Some("a@b")).unwrap();
        assert_eq!(
            pending_out_share_parts(&p),
            ("AAAAAAAA".into(), None, Some("a@b".into()))
        );
    }

    #[test]
    fn auth_method_names_round_trip() {
        for m in [
            AuthMethod::Seen,
            AuthMethod::FingerprintCompared,
            AuthMethod::SignatureVerified,
        ] {
            assert_eq!(auth_method(m.as_str()).unwrap(), m);
        }
        assert_eq!(
            auth_method("verified").unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
    }

    #[test]
    fn wrong_account_and_rollback_keep_their_codes() {
        let mk = MasterKey::from_bytes([0x11; 16]).unwrap();
        let ed = Ed25519PrivateKey::from_bytes([1; 32]);
        let cu = X25519PrivateKey::from_bytes([2; 32]);
        let mut c = new_keys_container("MTIzNDU2Nzg", 0, &ed, &cu).unwrap();
        let sealed = seal_keys_container(&c, &mk).unwrap();
        c.mark_stored(&sealed);
        let e = open_keys_container(&mk, sealed.attribute(), "AAAAAAAAAAA", 0, true, None);
        assert_eq!(e.unwrap_err().kind(), ErrorKind::WrongAccount);
        let e = open_keys_container(&mk, sealed.attribute(), "MTIzNDU2Nzg", 2, true, None);
        assert_eq!(e.unwrap_err().kind(), ErrorKind::Rollback);
        let e = open_keys_container(&mk, sealed.attribute(), "MTIzNDU2Nzg", 1, false, None);
        assert_eq!(e.unwrap_err().kind(), ErrorKind::InvalidKey);
        assert!(open_keys_container(&mk, sealed.attribute(), "MTIzNDU2Nzg", 1, true, None).is_ok());
    }
}
