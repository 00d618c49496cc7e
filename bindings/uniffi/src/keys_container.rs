//! The `^!keys` key-manager container of modern accounts and the account-key operations
//! (bootstrap, login-time checks, migration of a legacy account) — issue 13.

use std::sync::{Arc, Mutex, MutexGuard};

use megacrypt::account_keys::{self as mak, OwnKeysStatus};
use megacrypt::keys_container as mkc;
use megacrypt_foreign::accounts_modern as am;
use megacrypt_foreign::arg;

use crate::error::{CryptoError, FfiResult};
use crate::identity::{
    Authring, Ed25519PrivateKey, Ed25519PublicKey, KeySignature, X25519PrivateKey, X25519PublicKey,
};
use crate::keys::{AesKey, MasterKey, ShareKey};
use crate::rsa::{RsaPrivateKey, RsaPublicKey};
use crate::share::ShareKeyring;

/// What the login-time check of the account's own keys found when nothing failed.
#[uniffi::remote(Enum)]
pub enum OwnKeysStatus {
    /// Every check passed.
    Consistent,
    /// The account has an RSA key but no `+sigPubk`: sign it and store it.
    SigPubkMissing,
}

/// A sealed `^!keys` attribute and the generation written in it.
#[derive(Debug, uniffi::Object)]
pub struct SealedContainer(pub(crate) mkc::SealedContainer);

#[uniffi::export]
impl SealedContainer {
    /// The attribute bytes to store as `^!keys`.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.attribute().to_vec()
    }
    /// The attribute in MEGA base64.
    pub fn to_b64(&self) -> String {
        self.0.to_b64()
    }
    /// The generation written; remember it once the server stored the attribute.
    pub fn generation(&self) -> u32 {
        self.0.generation()
    }
}

/// One share key of the container, with its flags byte.
#[derive(uniffi::Object)]
pub struct ShareKeyEntry(mkc::ShareKeyEntry);

#[uniffi::export]
impl ShareKeyEntry {
    /// The share root (base64).
    pub fn node(&self) -> String {
        self.0.node().to_b64()
    }
    /// The share key (`InvalidKey` if the stored bytes are all zero).
    pub fn share_key(&self) -> FfiResult<Arc<ShareKey>> {
        Ok(Arc::new(ShareKey(self.0.share_key()?)))
    }
    /// The 16 stored key bytes, all-zero ones included. Secret material.
    pub fn export_key_bytes(&self) -> Vec<u8> {
        self.0.key_bytes().to_vec()
    }
    /// The whole flags byte (reserved bits included).
    pub fn flags(&self) -> u8 {
        self.0.flags().bits()
    }
    /// Whether the key came through an authenticated channel (may be given to others).
    pub fn is_trusted(&self) -> bool {
        self.0.flags().is_trusted()
    }
    /// Whether the share is in use.
    pub fn is_in_use(&self) -> bool {
        self.0.flags().is_in_use()
    }
}

/// A share sent before the recipient's key was verified (or to an e-mail without account).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PendingOutShare {
    /// The share root (base64).
    pub node: String,
    /// The recipient's user handle (base64), or none for an e-mail recipient.
    pub user_handle: Option<String>,
    /// The recipient's e-mail, or none for a user.
    pub email: Option<String>,
}

/// A share received before the sharer's key was verified: its `pk` blob waits here.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PendingInShare {
    /// The share root (base64).
    pub node: String,
    /// The sharer (base64).
    pub sharer: String,
    /// The 16-byte `pk` blob, if the stored field holds one.
    pub encrypted_share_key: Option<Vec<u8>>,
    /// The stored field as is (16 bytes, or 22 base64 characters in the legacy form, or empty).
    pub stored_key_field: Vec<u8>,
    /// Whether the stored field is the legacy base64 form.
    pub is_legacy_base64: bool,
}

fn pending_in(p: &mkc::PendingInShare) -> PendingInShare {
    PendingInShare {
        node: p.node().to_b64(),
        sharer: p.sharer().to_b64(),
        encrypted_share_key: p.encrypted_share_key().map(|k| k.to_vec()),
        stored_key_field: p.stored_key_field().to_vec(),
        is_legacy_base64: p.is_legacy_base64(),
    }
}

/// An LTLV map (`^!keys` attributes, backups, warnings): byte keys to byte values.
#[derive(uniffi::Object)]
pub struct LtlvMap(Mutex<mkc::ltlv::LtlvMap>);

impl LtlvMap {
    fn lock(&self) -> FfiResult<MutexGuard<'_, mkc::ltlv::LtlvMap>> {
        self.0.lock().map_err(|_| CryptoError::poisoned())
    }
}

#[uniffi::export]
impl LtlvMap {
    /// An empty map.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Self(Mutex::new(mkc::ltlv::LtlvMap::new())))
    }
    /// Decodes an LTLV blob (`Malformed` when cut short; the last of a repeated key wins).
    #[uniffi::constructor]
    pub fn from_bytes(bytes: &[u8]) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(Self(Mutex::new(mkc::ltlv::LtlvMap::from_bytes(
            bytes,
        )?))))
    }
    /// Encodes the map, keys sorted (as MEGA's SDK writes it).
    pub fn to_bytes(&self) -> FfiResult<Vec<u8>> {
        Ok(self.lock()?.to_bytes()?.to_vec())
    }
    /// Adds or replaces an entry (`ApiMisuse` for a key over 255 bytes).
    pub fn insert(&self, key: &[u8], value: &[u8]) -> FfiResult<()> {
        Ok(self.lock()?.insert(key, value)?)
    }
    /// The value of a key.
    pub fn get(&self, key: &[u8]) -> FfiResult<Option<Vec<u8>>> {
        Ok(self.lock()?.get(key).map(<[u8]>::to_vec))
    }
    /// Removes a key; returns whether it was there.
    pub fn remove(&self, key: &[u8]) -> FfiResult<bool> {
        Ok(self.lock()?.remove(key))
    }
    /// The keys, sorted.
    pub fn keys(&self) -> FfiResult<Vec<Vec<u8>>> {
        Ok(self.lock()?.iter().map(|(k, _)| k.to_vec()).collect())
    }
    /// Number of entries.
    pub fn size(&self) -> FfiResult<u32> {
        Ok(arg::len_u32(self.lock()?.len()))
    }
}

/// Encodes entries in the given order (as the webclient writes them), without sorting.
#[uniffi::export]
pub fn ltlv_encode(keys: Vec<Vec<u8>>, values: Vec<Vec<u8>>) -> FfiResult<Vec<u8>> {
    Ok(am::ltlv_encode(&keys, &values)?)
}

/// The decrypted, checked `^!keys` container. Thread-safe; mutations are all-or-nothing.
#[derive(uniffi::Object)]
pub struct KeysContainer(Mutex<mkc::KeysContainer>);

impl KeysContainer {
    fn lock(&self) -> FfiResult<MutexGuard<'_, mkc::KeysContainer>> {
        self.0.lock().map_err(|_| CryptoError::poisoned())
    }
    pub(crate) fn wrap(c: mkc::KeysContainer) -> Arc<Self> {
        Arc::new(Self(Mutex::new(c)))
    }
}

#[uniffi::export]
impl KeysContainer {
    /// A new container for a new account (version 1, generation 0, no RSA key until
    /// `setRsaPrivateKey`).
    #[uniffi::constructor]
    pub fn new(
        identity_b64: String,
        creation_time: u32,
        ed25519: Arc<Ed25519PrivateKey>,
        x25519: Arc<X25519PrivateKey>,
    ) -> FfiResult<Arc<Self>> {
        Ok(Self::wrap(am::new_keys_container(
            &identity_b64,
            creation_time,
            &ed25519.0,
            &x25519.0,
        )?))
    }

    /// Decrypts and checks a `^!keys` attribute for the account `expected_user_b64`, refusing a
    /// generation below `last_seen_generation` (`Rollback`) and another user's container
    /// (`WrongAccount`). `allow_empty_rsa` only for an account without RSA key; `rsa_public_key`
    /// pins the container's RSA key to the login's.
    #[uniffi::constructor]
    pub fn open(
        master_key: Arc<MasterKey>,
        attribute: &[u8],
        expected_user_b64: String,
        last_seen_generation: u32,
        allow_empty_rsa: bool,
        rsa_public_key: Option<Arc<RsaPublicKey>>,
    ) -> FfiResult<Arc<Self>> {
        Ok(Self::wrap(am::open_keys_container(
            &master_key.0,
            attribute,
            &expected_user_b64,
            last_seen_generation,
            allow_empty_rsa,
            rsa_public_key.as_ref().map(|k| &k.0),
        )?))
    }

    /// Hazardous: parses a decrypted plaintext without the identity and generation checks.
    #[uniffi::constructor]
    pub fn parse_plaintext(plaintext: &[u8], allow_empty_rsa: bool) -> FfiResult<Arc<Self>> {
        Ok(Self::wrap(
            megacrypt::hazmat::keys_container::parse_plaintext(
                plaintext,
                &am::open_options(allow_empty_rsa, None),
            )?,
        ))
    }

    /// Encrypts with a fresh IV, writing generation + 1; call `markStored` once the server kept it.
    pub fn seal(&self, master_key: Arc<MasterKey>) -> FfiResult<Arc<SealedContainer>> {
        Ok(Arc::new(SealedContainer(am::seal_keys_container(
            &*self.lock()?,
            &master_key.0,
        )?)))
    }
    /// Hazardous (known answers only): seals with a caller-chosen 12-byte IV.
    pub fn hazmat_seal_with_iv(
        &self,
        master_key: Arc<MasterKey>,
        iv: &[u8],
    ) -> FfiResult<Arc<SealedContainer>> {
        Ok(Arc::new(SealedContainer(am::seal_keys_container_with_iv(
            &*self.lock()?,
            &master_key.0,
            iv,
        )?)))
    }
    /// Hazardous: the plaintext a seal would encrypt, with `generation` in tag 4. Secret.
    pub fn export_plaintext(&self, generation: u32) -> FfiResult<Vec<u8>> {
        Ok(megacrypt::hazmat::keys_container::to_plaintext(&*self.lock()?, generation)?.to_vec())
    }
    /// Records that `sealed` is now the stored attribute (the generation advances).
    pub fn mark_stored(&self, sealed: Arc<SealedContainer>) -> FfiResult<()> {
        self.lock()?.mark_stored(&sealed.0);
        Ok(())
    }
    /// Hazardous: overwrites the generation (the next seal writes it + 1).
    pub fn set_generation(&self, generation: u32) -> FfiResult<()> {
        am::set_generation(&mut *self.lock()?, generation);
        Ok(())
    }

    /// Tag 1: the format version.
    pub fn version(&self) -> FfiResult<u8> {
        Ok(self.lock()?.version())
    }
    /// Tag 2: creation time (seconds).
    pub fn creation_time(&self) -> FfiResult<u32> {
        Ok(self.lock()?.creation_time())
    }
    /// Tag 3: the account's user handle (base64).
    pub fn identity(&self) -> FfiResult<String> {
        Ok(am::identity_b64(&*self.lock()?))
    }
    /// Tag 4: the generation read (or last stored).
    pub fn generation(&self) -> FfiResult<u32> {
        Ok(self.lock()?.generation())
    }
    /// Tag 5 as stored (an LTLV blob). Secret.
    pub fn export_attributes(&self) -> FfiResult<Vec<u8>> {
        Ok(self.lock()?.attributes_raw().to_vec())
    }
    /// Hazardous: replaces tag 5 with a well-formed LTLV blob.
    pub fn set_attributes(&self, ltlv: &[u8]) -> FfiResult<()> {
        Ok(megacrypt::hazmat::keys_container::set_attributes_raw(
            &mut *self.lock()?,
            ltlv,
        )?)
    }

    /// Tag 16: the account's Ed25519 identity key.
    pub fn ed25519_private_key(&self) -> FfiResult<Arc<Ed25519PrivateKey>> {
        Ok(Arc::new(Ed25519PrivateKey(
            self.lock()?.ed25519_private_key(),
        )))
    }
    /// Tag 17: the account's X25519 key.
    pub fn x25519_private_key(&self) -> FfiResult<Arc<X25519PrivateKey>> {
        Ok(Arc::new(X25519PrivateKey(
            self.lock()?.x25519_private_key(),
        )))
    }
    /// Replaces tags 16 and 17.
    pub fn set_identity_private_keys(
        &self,
        ed25519: Arc<Ed25519PrivateKey>,
        x25519: Arc<X25519PrivateKey>,
    ) -> FfiResult<()> {
        self.lock()?
            .set_identity_private_keys(&ed25519.0, &x25519.0);
        Ok(())
    }
    /// Tag 18 parsed; none for an account without RSA key.
    pub fn rsa_private_key(&self) -> FfiResult<Option<Arc<RsaPrivateKey>>> {
        Ok(self
            .lock()?
            .rsa_private_key()
            .map(|k| Arc::new(RsaPrivateKey(k.clone()))))
    }
    /// Tag 18 exactly as stored (pqd form). Secret.
    pub fn export_rsa_pqd(&self) -> FfiResult<Vec<u8>> {
        Ok(self.lock()?.rsa_pqd_bytes().to_vec())
    }
    /// Replaces tag 18 with this RSA key.
    pub fn set_rsa_private_key(&self, rsa: Arc<RsaPrivateKey>) -> FfiResult<()> {
        Ok(self.lock()?.set_rsa_private_key(Some(&rsa.0))?)
    }
    /// Empties tag 18 (an account without RSA key).
    pub fn clear_rsa_private_key(&self) -> FfiResult<()> {
        Ok(self.lock()?.set_rsa_private_key(None)?)
    }
    /// Replaces tag 18 with a pqd blob kept byte for byte, validated as `open` validates it.
    pub fn set_rsa_pqd(&self, pqd: &[u8], allow_empty_rsa: bool) -> FfiResult<()> {
        Ok(self
            .lock()?
            .set_rsa_pqd_bytes(pqd, &am::open_options(allow_empty_rsa, None))?)
    }

    /// Tag 32: contacts' Ed25519 keys.
    pub fn ed25519_authring(&self) -> FfiResult<Arc<Authring>> {
        Ok(Arc::new(Authring(self.lock()?.ed25519_authring()?)))
    }
    /// Tag 33: contacts' X25519 keys.
    pub fn cu25519_authring(&self) -> FfiResult<Arc<Authring>> {
        Ok(Arc::new(Authring(self.lock()?.cu25519_authring()?)))
    }
    /// Replaces tag 32.
    pub fn set_ed25519_authring(&self, ring: Arc<Authring>) -> FfiResult<()> {
        Ok(self.lock()?.set_ed25519_authring(&ring.0)?)
    }
    /// Replaces tag 33.
    pub fn set_cu25519_authring(&self, ring: Arc<Authring>) -> FfiResult<()> {
        Ok(self.lock()?.set_cu25519_authring(&ring.0)?)
    }
    /// Tag 32 exactly as stored.
    pub fn ed25519_authring_bytes(&self) -> FfiResult<Vec<u8>> {
        Ok(self.lock()?.authring_ed25519_raw().to_vec())
    }
    /// Tag 33 exactly as stored.
    pub fn cu25519_authring_bytes(&self) -> FfiResult<Vec<u8>> {
        Ok(self.lock()?.authring_cu25519_raw().to_vec())
    }
    /// Replaces tag 32 with whole 29-byte records, kept byte for byte.
    pub fn set_ed25519_authring_bytes(&self, raw: &[u8]) -> FfiResult<()> {
        Ok(self.lock()?.set_authring_ed25519_raw(raw)?)
    }
    /// Replaces tag 33 with whole 29-byte records, kept byte for byte.
    pub fn set_cu25519_authring_bytes(&self, raw: &[u8]) -> FfiResult<()> {
        Ok(self.lock()?.set_authring_cu25519_raw(raw)?)
    }

    /// The share key of a share root, if recorded.
    pub fn share_key(&self, node_b64: String) -> FfiResult<Option<Arc<ShareKeyEntry>>> {
        let c = self.lock()?;
        Ok(am::share_key_entry(&c, &node_b64)?.map(|e| Arc::new(ShareKeyEntry(e.clone()))))
    }
    /// Every share key, in the written order.
    pub fn share_keys(&self) -> FfiResult<Vec<Arc<ShareKeyEntry>>> {
        Ok(self
            .lock()?
            .share_keys()
            .map(|e| Arc::new(ShareKeyEntry(e.clone())))
            .collect())
    }
    /// Number of share keys.
    pub fn share_key_count(&self) -> FfiResult<u32> {
        Ok(arg::len_u32(self.lock()?.share_key_count()))
    }
    /// Adds or updates a share key (`KeyChanged` if a trusted key would be replaced).
    pub fn insert_share_key(
        &self,
        node_b64: String,
        key: Arc<ShareKey>,
        trusted: bool,
    ) -> FfiResult<()> {
        Ok(am::insert_share_key(
            &mut *self.lock()?,
            &node_b64,
            &key.0,
            trusted,
        )?)
    }
    /// Sets the whole flags byte of a recorded share key.
    pub fn set_share_key_flags(&self, node_b64: String, flags: u32) -> FfiResult<()> {
        Ok(am::set_share_key_flags(
            &mut *self.lock()?,
            &node_b64,
            flags,
        )?)
    }
    /// Sets the trusted bit of a recorded share key.
    pub fn mark_share_key_trusted(&self, node_b64: String) -> FfiResult<()> {
        Ok(self
            .lock()?
            .mark_share_key_trusted(&arg::node_handle(&node_b64)?)?)
    }
    /// Sets or clears the in-use bit of a recorded share key.
    pub fn set_share_key_in_use(&self, node_b64: String, in_use: bool) -> FfiResult<()> {
        Ok(self
            .lock()?
            .set_share_key_in_use(&arg::node_handle(&node_b64)?, in_use)?)
    }
    /// Removes a share key; returns whether there was one.
    pub fn remove_share_key(&self, node_b64: String) -> FfiResult<bool> {
        Ok(self.lock()?.remove_share_key(&arg::node_handle(&node_b64)?))
    }

    /// Every pending out-share, in the written order.
    pub fn pending_out_shares(&self) -> FfiResult<Vec<PendingOutShare>> {
        Ok(self
            .lock()?
            .pending_out_shares()
            .map(|p| {
                let (node, user_handle, email) = am::pending_out_share_parts(p);
                PendingOutShare {
                    node,
                    user_handle,
                    email,
                }
            })
            .collect())
    }
    /// Records a pending out-share to a user or an e-mail (exactly one of the two).
    pub fn add_pending_out_share(
        &self,
        node_b64: String,
        user_handle_b64: Option<String>,
        email: Option<String>,
    ) -> FfiResult<()> {
        let p = am::pending_out_share(&node_b64, user_handle_b64.as_deref(), email.as_deref())?;
        Ok(self.lock()?.add_pending_out_share(p)?)
    }
    /// Removes a pending out-share; returns whether it was recorded.
    pub fn remove_pending_out_share(
        &self,
        node_b64: String,
        user_handle_b64: Option<String>,
        email: Option<String>,
    ) -> FfiResult<bool> {
        let p = am::pending_out_share(&node_b64, user_handle_b64.as_deref(), email.as_deref())?;
        Ok(self.lock()?.remove_pending_out_share(&p))
    }

    /// Every pending in-share, in the written order.
    pub fn pending_in_shares(&self) -> FfiResult<Vec<PendingInShare>> {
        Ok(self.lock()?.pending_in_shares().map(pending_in).collect())
    }
    /// The pending in-share of a share root.
    pub fn pending_in_share(&self, node_b64: String) -> FfiResult<Option<PendingInShare>> {
        Ok(self
            .lock()?
            .pending_in_share(&arg::node_handle(&node_b64)?)
            .map(pending_in))
    }
    /// Records (or replaces) a pending in-share: `sharer_b64` sent the 16-byte `pk` blob.
    pub fn add_pending_in_share(
        &self,
        node_b64: String,
        sharer_b64: String,
        encrypted_key: &[u8],
    ) -> FfiResult<()> {
        Ok(am::add_pending_in_share(
            &mut *self.lock()?,
            &node_b64,
            &sharer_b64,
            encrypted_key,
        )?)
    }
    /// Removes a pending in-share; returns whether there was one.
    pub fn remove_pending_in_share(&self, node_b64: String) -> FfiResult<bool> {
        Ok(self
            .lock()?
            .remove_pending_in_share(&arg::node_handle(&node_b64)?))
    }

    /// Tag 80 as stored (an LTLV blob). Secret.
    pub fn export_backups(&self) -> FfiResult<Vec<u8>> {
        Ok(self.lock()?.backups_raw().to_vec())
    }
    /// Hazardous: replaces tag 80 with a well-formed LTLV blob.
    pub fn set_backups(&self, ltlv: &[u8]) -> FfiResult<()> {
        Ok(megacrypt::hazmat::keys_container::set_backups_raw(
            &mut *self.lock()?,
            ltlv,
        )?)
    }
    /// Tag 96 decoded (a copy).
    pub fn warnings(&self) -> FfiResult<Arc<LtlvMap>> {
        Ok(Arc::new(LtlvMap(Mutex::new(
            self.lock()?.warnings().clone(),
        ))))
    }
    /// The `cv` warning: show contact-verification warnings.
    pub fn contact_verification_warning(&self) -> FfiResult<bool> {
        Ok(self.lock()?.contact_verification_warning())
    }
    /// Sets the `cv` warning.
    pub fn set_contact_verification_warning(&self, on: bool) -> FfiResult<()> {
        Ok(self.lock()?.set_contact_verification_warning(on)?)
    }
    /// The records of unknown tags exactly as read (written back after the known ones). Secret.
    pub fn export_unknown_records(&self) -> FfiResult<Vec<u8>> {
        Ok(self.lock()?.unknown_records().to_vec())
    }
    /// Hazardous: replaces the unknown records (whole records of unknown tags).
    pub fn set_unknown_records(&self, raw: &[u8]) -> FfiResult<()> {
        Ok(megacrypt::hazmat::keys_container::set_unknown_records(
            &mut *self.lock()?,
            raw,
        )?)
    }
}

/// The `^!keys` encryption key derived from the master key (HKDF-SHA256, info 0x01).
#[uniffi::export]
pub fn derive_keys_container_key(master_key: Arc<MasterKey>) -> FfiResult<Arc<AesKey>> {
    Ok(Arc::new(AesKey(mkc::derive_key(&master_key.0)?)))
}

/// Hazardous: the `^!keys` key from 16 raw bytes, the all-zero key included.
#[uniffi::export]
pub fn derive_keys_container_key_from_bytes(master_key: &[u8]) -> FfiResult<Arc<AesKey>> {
    Ok(Arc::new(AesKey(am::derive_keys_container_key_from_bytes(
        master_key,
    )?)))
}

#[uniffi::export]
impl ShareKeyring {
    /// Every share key of a `^!keys` container (all-zero entries left out).
    #[uniffi::constructor]
    pub fn from_keys_container(container: Arc<KeysContainer>) -> FfiResult<Arc<Self>> {
        Ok(Arc::new(ShareKeyring(Mutex::new(
            am::share_keyring_from_keys_container(&*container.lock()?),
        ))))
    }
}

/// The owner's share key from an `ok` element of a current account: none when `ok` is the
/// all-zero placeholder (the key is in `^!keys`), else the legacy key after `ha` verified.
#[uniffi::export]
pub fn read_owner_share_key(
    master_key: Arc<MasterKey>,
    share_handle_b64: String,
    ok_b64: String,
    ha_b64: String,
) -> FfiResult<Option<Arc<ShareKey>>> {
    Ok(
        am::read_owner_share_key(&master_key.0, &share_handle_b64, &ok_b64, &ha_b64)?
            .map(|k| Arc::new(ShareKey(k))),
    )
}

/// One user attribute to store: its name and raw value (base64 it for the API).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AccountAttribute {
    /// `^!keys`, `*keyring`, `+puEd255`, ...
    pub name: String,
    /// The raw value.
    pub value: Vec<u8>,
}

/// The key material of a new account (from `bootstrap_account_keys`).
#[derive(uniffi::Object)]
pub struct NewAccountKeys(Mutex<mak::NewAccountKeys>);

impl NewAccountKeys {
    fn lock(&self) -> FfiResult<MutexGuard<'_, mak::NewAccountKeys>> {
        self.0.lock().map_err(|_| CryptoError::poisoned())
    }
}

#[uniffi::export]
impl NewAccountKeys {
    /// The attributes to store together: `^!keys`, `*keyring`, `+puEd255`, `+puCu255`,
    /// `+sigPubk` (with an RSA key), `+sigCu255`.
    pub fn attributes(&self) -> FfiResult<Vec<AccountAttribute>> {
        Ok(am::new_account_attributes(&*self.lock()?)
            .into_iter()
            .map(|(name, value)| AccountAttribute { name, value })
            .collect())
    }
    /// The container (a copy; generation 0 until `markStored`, then 1).
    pub fn container(&self) -> FfiResult<Arc<KeysContainer>> {
        Ok(KeysContainer::wrap(self.lock()?.container.clone()))
    }
    /// The sealed `^!keys` (generation 1).
    pub fn sealed_keys(&self) -> FfiResult<Arc<SealedContainer>> {
        Ok(Arc::new(SealedContainer(self.lock()?.sealed_keys.clone())))
    }
    /// `+puEd255`.
    pub fn ed25519_public_key(&self) -> FfiResult<Arc<Ed25519PublicKey>> {
        Ok(Arc::new(Ed25519PublicKey(self.lock()?.ed25519_public)))
    }
    /// `+puCu255`.
    pub fn x25519_public_key(&self) -> FfiResult<Arc<X25519PublicKey>> {
        Ok(Arc::new(X25519PublicKey(self.lock()?.x25519_public)))
    }
    /// `+sigCu255`.
    pub fn sig_cu255(&self) -> FfiResult<Arc<KeySignature>> {
        Ok(Arc::new(KeySignature(self.lock()?.sig_cu255)))
    }
    /// `+sigPubk`; none for an account without RSA key.
    pub fn sig_pubk(&self) -> FfiResult<Option<Arc<KeySignature>>> {
        Ok(self.lock()?.sig_pubk.map(|s| Arc::new(KeySignature(s))))
    }
    /// Records that the server stored the attributes (the container's generation becomes 1).
    pub fn mark_stored(&self) -> FfiResult<()> {
        self.lock()?.mark_stored();
        Ok(())
    }
}

/// Creates the key material of an account that has none, signed at `now` (seconds). `rsa` is
/// the login RSA key, none only for an account without one.
#[uniffi::export]
pub fn bootstrap_account_keys(
    master_key: Arc<MasterKey>,
    user_handle_b64: String,
    rsa: Option<Arc<RsaPrivateKey>>,
    now: u32,
) -> FfiResult<Arc<NewAccountKeys>> {
    let keys = am::bootstrap_account_keys(
        &master_key.0,
        &user_handle_b64,
        rsa.as_ref().map(|k| &k.0),
        now,
    )?;
    Ok(Arc::new(NewAccountKeys(Mutex::new(keys))))
}

/// The login-time checks of the account's own keys against an opened container and the
/// published attributes (`KeyChanged`, `SignatureInvalid`, `Malformed` on a mismatch).
#[uniffi::export]
pub fn check_own_keys_in_container(
    container: Arc<KeysContainer>,
    login_rsa: Option<Arc<RsaPrivateKey>>,
    pu_ed255: &[u8],
    pu_cu255: &[u8],
    sig_cu255: &[u8],
    sig_pubk: Option<Vec<u8>>,
) -> FfiResult<OwnKeysStatus> {
    Ok(am::check_own_keys_in_container(
        &*container.lock()?,
        login_rsa.as_ref().map(|k| &k.0),
        pu_ed255,
        pu_cu255,
        sig_cu255,
        sig_pubk.as_deref(),
    )?)
}

/// The result of `migrate_legacy_account`.
#[derive(uniffi::Record)]
pub struct MigratedAccountKeys {
    /// The new container (generation 0).
    pub container: Arc<KeysContainer>,
    /// Authring records dropped for an unknown method byte.
    pub dropped_authring_records: u32,
}

/// Builds the `^!keys` container of a legacy account from `*keyring`, the legacy authrings and
/// the share keys the app knows (recorded untrusted).
#[uniffi::export]
#[allow(clippy::too_many_arguments)]
pub fn migrate_legacy_account(
    master_key: Arc<MasterKey>,
    user_handle_b64: String,
    rsa: Option<Arc<RsaPrivateKey>>,
    creation_time: u32,
    keyring: &[u8],
    authring_ed25519: Option<Vec<u8>>,
    authring_cu25519: Option<Vec<u8>>,
    share_keys: Arc<ShareKeyring>,
) -> FfiResult<MigratedAccountKeys> {
    let ring = share_keys.0.lock().map_err(|_| CryptoError::poisoned())?;
    let m = am::migrate_legacy_account(
        &master_key.0,
        &user_handle_b64,
        rsa.as_ref().map(|k| &k.0),
        creation_time,
        keyring,
        authring_ed25519.as_deref(),
        authring_cu25519.as_deref(),
        &ring,
    )?;
    Ok(MigratedAccountKeys {
        container: KeysContainer::wrap(m.container),
        dropped_authring_records: arg::len_u32(m.dropped_authring_records),
    })
}
