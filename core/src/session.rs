//! The master key and ephemeral-session ids (docs/format/login.md#master-key,
//! docs/format/login.md#ephemeral-accounts-and-tsid).
//!
//! The server stores the master key wrapped under the password key, `k = AES-ECB(pwkey, mk)`, and
//! returns it at login. Accounts without an RSA key pair (ephemeral accounts) log in with a
//! `tsid` whose first 16 bytes encrypt, under the master key, to its last 16 bytes.
//!
//! ```
//! use megacrypt::{kdf, session};
//! let pk = kdf::prepare_key_v1("password")?;
//! let mk = session::decrypt_master_key_b64(&pk, "Do1GLvjOjUe8Zfup1d-oYQ")?;
//! assert_eq!(session::encrypt_master_key(&pk, &mk), megacrypt::base64::decode("Do1GLvjOjUe8Zfup1d-oYQ")?.as_slice());
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::vec::Vec;

use rand_core::TryCryptoRng;
use zeroize::Zeroizing;

use crate::base64;
use crate::error::{Error, Result};
use crate::keys::{MasterKey, PasswordKey, fill_random};
use crate::primitives::{aes, ct_eq, decrypt_block, encrypt_block};

/// Wraps the master key under the password key (one AES block, the `k` field).
pub fn encrypt_master_key(password_key: &PasswordKey, master_key: &MasterKey) -> [u8; 16] {
    let mut b = *master_key.as_bytes();
    encrypt_block(&aes(password_key.as_bytes()), &mut b);
    b
}

/// Unwraps the master key from the 16-byte `k` field.
///
/// A wrong password cannot be detected here (ECB has no integrity); it shows up when the session
/// check that follows (`tsid` or the RSA `csid`) fails. An unwrapped all-zero key is rejected.
pub fn decrypt_master_key(password_key: &PasswordKey, encrypted: &[u8]) -> Result<MasterKey> {
    let mut b: Zeroizing<[u8; 16]> = Zeroizing::new(
        encrypted
            .try_into()
            .map_err(|_| Error::malformed("encrypted master key must be 16 bytes"))?,
    );
    decrypt_block(&aes(password_key.as_bytes()), &mut b);
    MasterKey::from_bytes(*b)
}

/// [`decrypt_master_key`] from the base64 `k` field of the login answer.
pub fn decrypt_master_key_b64(
    password_key: &PasswordKey,
    encrypted_b64: &str,
) -> Result<MasterKey> {
    let raw = base64::decode_array::<16>(encrypted_b64)?;
    decrypt_master_key(password_key, &raw)
}

/// Lengths of `tsid` accepted by [`check_tsid`]: 43 bytes is the SDK's session-id length
/// (`ssc(16) || B64(user handle)(11) || E_mk(ssc)(16)`); 32 bytes (`ssc || E_mk(ssc)`) is the form
/// the webclient and mega.py also accept, as they only compare the first and last 16 bytes.
pub const TSID_LENS: [usize; 2] = [32, 43];

/// Checks an ephemeral-session `tsid` against the master key: `E_mk(tsid[..16]) == tsid[len-16..]`
/// (constant-time). On success the whole `tsid` is the session id. A failure means the password
/// (hence the master key) was wrong, or the server sent something forged: the error is the opaque
/// [`crate::ErrorKind::Decrypt`].
pub fn check_tsid(master_key: &MasterKey, tsid: &[u8]) -> Result<()> {
    if !TSID_LENS.contains(&tsid.len()) {
        return Err(Error::malformed("tsid must be 32 or 43 bytes"));
    }
    let (head, rest) = tsid.split_at(16);
    let tail = rest
        .get(rest.len() - 16..)
        .ok_or(Error::malformed("tsid too short"))?;
    let mut b: [u8; 16] = head
        .try_into()
        .map_err(|_| Error::malformed("tsid too short"))?;
    encrypt_block(&aes(master_key.as_bytes()), &mut b);
    if ct_eq(&b, tail) {
        Ok(())
    } else {
        Err(Error::decrypt())
    }
}

/// [`check_tsid`] on the base64 `tsid` field.
pub fn check_tsid_b64(master_key: &MasterKey, tsid_b64: &str) -> Result<Vec<u8>> {
    let tsid = base64::decode(tsid_b64)?;
    check_tsid(master_key, &tsid)?;
    Ok(tsid)
}

/// What a client sends to create an ephemeral account (`up` command): the wrapped master key `k`
/// and the self-challenge `ts = ssc || E_mk(ssc)`.
#[derive(Debug, Clone)]
pub struct EphemeralAccount {
    /// `k`: the master key wrapped under the password key.
    pub encrypted_master_key: [u8; 16],
    /// `ts`: a random 16-byte self-challenge followed by its encryption under the master key.
    pub ts: [u8; 32],
}

/// Builds the `up` request data for a new ephemeral account from a fresh master key and password
/// key (both of which the caller keeps).
pub fn create_ephemeral_account<R: TryCryptoRng + ?Sized>(
    rng: &mut R,
    password_key: &PasswordKey,
    master_key: &MasterKey,
) -> Result<EphemeralAccount> {
    let mut ssc = [0u8; 16];
    fill_random(rng, &mut ssc)?;
    let mut enc = ssc;
    encrypt_block(&aes(master_key.as_bytes()), &mut enc);
    let mut ts = [0u8; 32];
    ts[..16].copy_from_slice(&ssc);
    ts[16..].copy_from_slice(&enc);
    Ok(EphemeralAccount {
        encrypted_master_key: encrypt_master_key(password_key, master_key),
        ts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    #[test]
    fn ephemeral_ts_passes_the_tsid_check_and_a_flip_fails() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let pk = PasswordKey::generate(&mut rng).unwrap();
        let mk = MasterKey::generate(&mut rng).unwrap();
        let acct = create_ephemeral_account(&mut rng, &pk, &mk).unwrap();
        check_tsid(&mk, &acct.ts).unwrap();
        assert_eq!(
            decrypt_master_key(&pk, &acct.encrypted_master_key).unwrap(),
            mk
        );
        let mut bad = acct.ts;
        bad[31] ^= 1;
        assert_eq!(
            check_tsid(&mk, &bad).unwrap_err().kind(),
            crate::ErrorKind::Decrypt
        );
        assert_eq!(
            check_tsid(&mk, &acct.ts[..31]).unwrap_err().kind(),
            crate::ErrorKind::Malformed
        );
        assert!(decrypt_master_key(&pk, &[1u8; 15]).is_err());
    }
}
