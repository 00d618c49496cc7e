//! Authrings: what the account has seen and verified of its contacts' public keys.

use crate::sorted_map::SortedMap;
use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use super::exchange::VerifiedX25519PublicKey;
use super::fingerprint::Fingerprint;
use super::signing::Ed25519PublicKey;
use crate::error::{Error, Result};
use crate::handles::UserHandle;
use crate::tlv::TlvRecords;

/// How a contact's key was authenticated (SDK `AuthMethod`, `include/mega/types.h`; webclient
/// `authring.AUTHENTICATION_METHOD`). The order is the strength order: tracking only ever raises it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthMethod {
    /// The key was seen and recorded on first contact (trust on first use).
    Seen,
    /// The user compared the contact's credentials out of band (Ed25519 ring).
    FingerprintCompared,
    /// The key's signature verified under the contact's Ed25519 key (X25519 and RSA rings).
    SignatureVerified,
}

impl AuthMethod {
    /// The record byte an official client writes (0, 1, 2).
    pub const fn to_byte(self) -> u8 {
        match self {
            AuthMethod::Seen => 0,
            AuthMethod::FingerprintCompared => 1,
            AuthMethod::SignatureVerified => 2,
        }
    }

    /// The method of a record byte; `None` for anything an official writer does not produce
    /// (the current webclient drops such records, see [`Authring::from_bytes`]).
    pub const fn from_byte(b: u8) -> Option<Self> {
        match b {
            0 => Some(AuthMethod::Seen),
            1 => Some(AuthMethod::FingerprintCompared),
            2 => Some(AuthMethod::SignatureVerified),
            _ => None,
        }
    }

    /// A stable name: `"seen"`, `"fingerprint-compared"`, `"signature-verified"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuthMethod::Seen => "seen",
            AuthMethod::FingerprintCompared => "fingerprint-compared",
            AuthMethod::SignatureVerified => "signature-verified",
        }
    }
}

/// One authring record: `user_handle(8) ‖ fingerprint(20) ‖ method(1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthRecord {
    /// The contact.
    pub user: UserHandle,
    /// SHA-256 of the contact's public key, first 20 bytes.
    pub fingerprint: Fingerprint,
    /// How the key was authenticated.
    pub method: AuthMethod,
}

impl AuthRecord {
    /// Length of a serialized record.
    pub const LEN: usize = 29;
}

/// An authring: one record per contact (SDK `AuthRing`, webclient `authring`). An account keeps
/// one for Ed25519 keys and one for X25519 keys (`^!keys` tags 32 and 33; legacy attributes
/// `*!authring` and `*!authCu255`).
///
/// Values are immutable: every tracking method returns a new ring or an error, so a refused update
/// leaves nothing half-applied. Records are kept in the order the SDK writes them (by user handle
/// read as a little-endian u64).
#[derive(Clone, Default)]
pub struct Authring {
    records: SortedMap<u64, AuthRecord>,
    dropped: usize,
}

fn sort_key(user: &UserHandle) -> u64 {
    u64::from_le_bytes(*user.as_bytes())
}

impl Authring {
    /// An empty ring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses concatenated 29-byte records (the raw form of `^!keys` tags 32/33).
    ///
    /// - A length that is not a multiple of 29 is [`crate::ErrorKind::Malformed`] (no official
    ///   writer produces trailing bytes, and the two clients read them differently).
    /// - A record whose method byte is not 0, 1 or 2 is dropped, as the current webclient does
    ///   (the SDK would keep the byte as an unknown method); [`Self::dropped_records`] counts them.
    /// - For a user listed twice the last valid record wins, as in both official readers.
    ///
    /// Records are read in any order.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        if !bytes.len().is_multiple_of(AuthRecord::LEN) {
            return Err(Error::malformed(
                "authring length is not a multiple of 29 bytes",
            ));
        }
        let mut ring = Authring::new();
        // Collected, then sorted once (records may come in any order; a later duplicate wins).
        let mut pairs = Vec::with_capacity(bytes.len() / AuthRecord::LEN);
        for rec in bytes.chunks_exact(AuthRecord::LEN) {
            let (user, rest) = rec
                .split_at_checked(8)
                .ok_or(Error::malformed("authring record"))?;
            let (fp, method) = rest
                .split_at_checked(20)
                .ok_or(Error::malformed("authring record"))?;
            let user = UserHandle::from_bytes(
                user.try_into()
                    .map_err(|_| Error::malformed("authring record"))?,
            );
            let fingerprint = Fingerprint::from_slice(fp)?;
            match method.first().copied().and_then(AuthMethod::from_byte) {
                Some(method) => {
                    pairs.push((
                        sort_key(&user),
                        AuthRecord {
                            user,
                            fingerprint,
                            method,
                        },
                    ));
                }
                None => ring.dropped += 1,
            }
        }
        ring.records = SortedMap::from_pairs(pairs);
        Ok(ring)
    }

    /// The raw form: the records concatenated, sorted as the SDK writes them.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.records.len() * AuthRecord::LEN);
        for r in self.records.values() {
            out.extend_from_slice(r.user.as_bytes());
            out.extend_from_slice(r.fingerprint.as_bytes());
            out.push(r.method.to_byte());
        }
        out
    }

    /// Reads the legacy attribute form (`*!authring`, `*!authCu255`, after decrypting the
    /// container): TLV records holding exactly one record with the empty key, whose value is the
    /// raw ring. An empty container is an empty ring; any other key is
    /// [`crate::ErrorKind::Malformed`].
    pub fn from_tlv_records(records: &TlvRecords) -> Result<Self> {
        match records.len() {
            0 => Ok(Authring::new()),
            1 => Self::from_bytes(records.get("").ok_or(Error::malformed(
                "authring TLV record must have the empty key",
            ))?),
            _ => Err(Error::malformed("authring TLV holds more than one record")),
        }
    }

    /// The legacy attribute form: one TLV record with the empty key (SDK `AuthRing::serialize`).
    pub fn to_tlv_records(&self) -> Result<TlvRecords> {
        let mut tlv = TlvRecords::new();
        tlv.insert("", &self.to_bytes())?;
        Ok(tlv)
    }

    /// [`Self::from_tlv_records`] over the plaintext TLV bytes.
    pub fn from_tlv_bytes(bytes: &[u8]) -> Result<Self> {
        Self::from_tlv_records(&TlvRecords::from_bytes(bytes)?)
    }

    /// [`Self::to_tlv_records`] as plaintext TLV bytes (encrypt them with
    /// [`crate::tlv::seal_container`]).
    pub fn to_tlv_bytes(&self) -> Result<Zeroizing<Vec<u8>>> {
        self.to_tlv_records()?.to_bytes()
    }

    /// How many records [`Self::from_bytes`] dropped for an unknown method byte.
    pub const fn dropped_records(&self) -> usize {
        self.dropped
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// `true` when the ring has no record.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The record of `user`.
    pub fn get(&self, user: &UserHandle) -> Option<&AuthRecord> {
        self.records.get(&sort_key(user))
    }

    /// The method recorded for `user`, `None` when the user is not in the ring.
    pub fn method_of(&self, user: &UserHandle) -> Option<AuthMethod> {
        self.get(user).map(|r| r.method)
    }

    /// The records in the SDK's order.
    pub fn iter(&self) -> impl Iterator<Item = &AuthRecord> {
        self.records.values()
    }

    /// Checks `fingerprint` against the record of `user`: `Ok(None)` if the user is unknown,
    /// `Ok(Some(method))` if the fingerprint matches (constant-time comparison), and
    /// [`crate::ErrorKind::KeyChanged`] if the user's key is not the recorded one.
    pub fn check(
        &self,
        user: &UserHandle,
        fingerprint: &Fingerprint,
    ) -> Result<Option<AuthMethod>> {
        match self.get(user) {
            None => Ok(None),
            Some(r) if r.fingerprint == *fingerprint => Ok(Some(r.method)),
            Some(_) => Err(Error::key_changed(
                "the contact's key differs from the one in the authring",
            )),
        }
    }

    /// The ring with `user` set to at least `method` for `fingerprint` (never lowered).
    fn raised(
        &self,
        user: UserHandle,
        fingerprint: Fingerprint,
        method: AuthMethod,
    ) -> Result<Self> {
        let method = match self.check(&user, &fingerprint)? {
            Some(old) => old.max(method),
            None => method,
        };
        let mut next = self.clone();
        next.records.insert(
            sort_key(&user),
            AuthRecord {
                user,
                fingerprint,
                method,
            },
        );
        Ok(next)
    }

    /// Ed25519 ring, whenever a contact's `+puEd255` is fetched (SDK `trackKey`): first sight
    /// records it as [`AuthMethod::Seen`]; the recorded key is accepted unchanged; a different key
    /// is [`crate::ErrorKind::KeyChanged`] (a possible man-in-the-middle: do not use it).
    pub fn observe_ed25519_key(&self, user: UserHandle, key: &Ed25519PublicKey) -> Result<Self> {
        self.raised(user, key.fingerprint(), AuthMethod::Seen)
    }

    /// X25519 ring, after a contact's `+sigCu255` verified (SDK `trackSignature`): records the key
    /// as [`AuthMethod::SignatureVerified`].
    ///
    /// The signer must be the Ed25519 key recorded for `user` in `ed_authring`
    /// ([`crate::ErrorKind::KeyChanged`] if another key signed it, [`crate::ErrorKind::ApiMisuse`]
    /// if the Ed25519 key was never observed), and a fingerprint change of the X25519 key is
    /// refused even with a valid signature ([`crate::ErrorKind::KeyChanged`]).
    pub fn record_signature_verified(
        &self,
        user: UserHandle,
        key: &VerifiedX25519PublicKey,
        ed_authring: &Authring,
    ) -> Result<Self> {
        if ed_authring
            .check(&user, &key.signer().fingerprint())?
            .is_none()
        {
            return Err(Error::misuse(
                "observe the contact's Ed25519 key before recording a signature it made",
            ));
        }
        self.raised(user, key.fingerprint(), AuthMethod::SignatureVerified)
    }

    /// Ed25519 ring, when the user confirmed that the contact's credentials match (SDK
    /// `verifyCredentials`): raises the record to [`AuthMethod::FingerprintCompared`] (adding it if
    /// absent). [`crate::ErrorKind::KeyChanged`] if the key is not the recorded one.
    pub fn record_fingerprint_compared(
        &self,
        user: UserHandle,
        key: &Ed25519PublicKey,
    ) -> Result<Self> {
        self.raised(user, key.fingerprint(), AuthMethod::FingerprintCompared)
    }

    /// The ring without `user` (SDK `resetCredentials`): after a [`crate::ErrorKind::KeyChanged`]
    /// the user may decide, out of band, to trust the contact's new key.
    pub fn without(&self, user: &UserHandle) -> Self {
        let mut next = self.clone();
        next.records.remove(&sort_key(user));
        next
    }
}

impl PartialEq for Authring {
    /// Same records (the count of dropped records is not compared).
    fn eq(&self, other: &Self) -> bool {
        self.records == other.records
    }
}
impl Eq for Authring {}

impl fmt::Debug for Authring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.records.values()).finish()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn record(user: [u8; 8], method: u8) -> Vec<u8> {
        let mut r = user.to_vec();
        r.extend_from_slice(&[0x11; 20]);
        r.push(method);
        r
    }

    /// The SDK's order: user handles compared as little-endian u64, so the last byte is the most
    /// significant.
    #[test]
    fn writes_records_by_little_endian_user_handle() {
        let a = [0xff, 0, 0, 0, 0, 0, 0, 0x01]; // LE value 0x01000000_000000ff
        let b = [0x00, 0, 0, 0, 0, 0, 0, 0x02]; // LE value 0x02000000_00000000
        let c = [0x01, 0, 0, 0, 0, 0, 0, 0x00]; // LE value 1
        let ring =
            Authring::from_bytes(&[record(b, 0), record(a, 1), record(c, 2)].concat()).unwrap();
        assert_eq!(
            ring.to_bytes(),
            [record(c, 2), record(a, 1), record(b, 0)].concat()
        );
    }

    #[test]
    fn method_bytes() {
        for m in [
            AuthMethod::Seen,
            AuthMethod::FingerprintCompared,
            AuthMethod::SignatureVerified,
        ] {
            assert_eq!(AuthMethod::from_byte(m.to_byte()), Some(m));
        }
        assert_eq!(AuthMethod::from_byte(3), None);
        assert_eq!(AuthMethod::SignatureVerified.as_str(), "signature-verified");
    }
}
