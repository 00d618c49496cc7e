//! Login key derivation (docs/format/login.md).
//!
//! The `us0` prelogin answer tells which account version applies:
//!
//! - **v1 (legacy)**: [`prepare_key_v1`] turns the password into the [`PasswordKey`] with 65 536
//!   AES rounds per 16-byte password block, and [`user_hash_v1`] turns the email into the 8-byte
//!   user hash `uh` sent at login.
//! - **v2**: [`derive_v2`] runs PBKDF2-HMAC-SHA512 (100 000 iterations) over the password and the
//!   32-byte salt the server returned; the first half is the [`PasswordKey`], the second half the
//!   [`AuthKey`] sent as `uh`. At signup, the salt is [`v2_salt`] of a random client value.
//!
//! ## The v1 password encoding trap
//!
//! The webclient hands the password to the KDF as a JavaScript string packed into 32-bit words one
//! UTF-16 code unit per byte position, where a code unit above `0xFF` overflows its high byte into
//! the previous byte (or loses it at a word boundary). MEGA's SDK reproduces that exactly. megajs
//! (UTF-8) and mega.py (Latin-1) do not, and derive a different key for any non-ASCII password.
//! [`prepare_key_v1`] takes the password as text and applies the official packing
//! ([`js_pack_password`]); [`prepare_key_v1_bytes`] takes raw bytes for other conventions.
//!
//! ```
//! use megacrypt::kdf;
//! let pk = kdf::prepare_key_v1("password")?;
//! let uh = kdf::user_hash_v1("User@Example.com", &pk);
//! assert_eq!(megacrypt::base64::encode(&uh), "hcVR9BZsYoY");
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use rand_core::TryCryptoRng;
use sha2::{Digest, Sha256, Sha512};
use zeroize::Zeroizing;

use crate::base64;
use crate::error::{Error, Result};
use crate::keys::{AuthKey, PasswordKey, fill_random};
use crate::primitives::{aes, encrypt_block};

/// The initial block of the v1 KDF.
const V1_INITIAL: [u8; 16] = [
    0x93, 0xC4, 0x67, 0xE3, 0x7D, 0xB0, 0xC7, 0xA4, 0xD1, 0xBE, 0x3F, 0x81, 0x01, 0x52, 0xCB, 0x56,
];
/// Rounds of the v1 KDF (each round encrypts once per password block).
pub const V1_ROUNDS: usize = 65_536;
/// Rounds of the v1 email hash.
pub const V1_USER_HASH_ROUNDS: usize = 16_384;
/// PBKDF2 iterations of the v2 KDF.
pub const V2_ITERATIONS: u32 = 100_000;
/// Length of the v2 salt.
pub const V2_SALT_LEN: usize = 32;

/// Packs a password the way MEGA's webclient (`str_to_a32`) and SDK (`utf8_to_a32forjs`) do:
/// one byte per UTF-16 code unit; a code unit's high byte is ORed into the previous byte, or
/// dropped when the unit starts a 32-bit word.
pub fn js_pack_password(password: &str) -> Zeroizing<Vec<u8>> {
    let units = password.encode_utf16();
    let mut out = Zeroizing::new(Vec::with_capacity(password.len()));
    for (j, u) in units.enumerate() {
        out.push((u & 0xFF) as u8);
        if j % 4 != 0
            && let Some(prev) = j.checked_sub(1).and_then(|p| out.get_mut(p))
        {
            *prev |= (u >> 8) as u8;
        }
    }
    out
}

/// v1 `prepare_key` over the officially packed password (see the module docs).
pub fn prepare_key_v1(password: &str) -> Result<PasswordKey> {
    prepare_key_v1_bytes(&js_pack_password(password))
}

/// v1 `prepare_key` over raw password bytes: 16-byte AES keys (last one zero-padded), 65 536
/// rounds of encrypting the running block once under each key in order. An empty password
/// yields the initial constant.
pub fn prepare_key_v1_bytes(password: &[u8]) -> Result<PasswordKey> {
    let ciphers: Vec<_> = password
        .chunks(16)
        .map(|c| {
            let mut k = Zeroizing::new([0u8; 16]);
            for (d, s) in k.iter_mut().zip(c) {
                *d = *s;
            }
            aes(&k)
        })
        .collect();
    let mut h = Zeroizing::new(V1_INITIAL);
    for _ in 0..V1_ROUNDS {
        for c in &ciphers {
            encrypt_block(c, &mut h);
        }
    }
    // All zero only with probability 2^-128; the typed key refuses it rather than use it.
    PasswordKey::from_bytes(*h)
}

/// How to turn the email into bytes for the v1 user hash. The two official clients differ for
/// non-ASCII addresses (docs/format/login.md#non-ascii-email-addresses); for ASCII addresses both
/// give the same hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EmailEncoding {
    /// The webclient's: Unicode lower case, then one byte per UTF-16 code unit ([`js_pack_password`]).
    #[default]
    Webclient,
    /// MEGA's C++ SDK: ASCII-only lower case, then the UTF-8 bytes.
    Sdk,
}

crate::error::enum_names!(EmailEncoding, "unknown email encoding name", [
    Webclient => "webclient",
    Sdk => "sdk",
]);

/// The v1 user hash `uh` (8 bytes, sent base64-encoded at login), with the webclient's email
/// encoding.
pub fn user_hash_v1(email: &str, password_key: &PasswordKey) -> [u8; 8] {
    user_hash_v1_with(email, password_key, EmailEncoding::Webclient)
}

/// The v1 user hash with an explicit email encoding.
pub fn user_hash_v1_with(
    email: &str,
    password_key: &PasswordKey,
    encoding: EmailEncoding,
) -> [u8; 8] {
    let bytes: Vec<u8> = match encoding {
        EmailEncoding::Webclient => js_pack_password(&email.to_lowercase()).to_vec(),
        EmailEncoding::Sdk => email.bytes().map(|b| b.to_ascii_lowercase()).collect(),
    };
    let mut h = [0u8; 16];
    for (i, b) in bytes.iter().enumerate() {
        if let Some(slot) = h.get_mut(i % 16) {
            *slot ^= *b;
        }
    }
    let c = aes(password_key.as_bytes());
    for _ in 0..V1_USER_HASH_ROUNDS {
        encrypt_block(&c, &mut h);
    }
    let mut uh = [0u8; 8];
    uh[..4].copy_from_slice(&h[..4]);
    uh[4..].copy_from_slice(&h[8..12]);
    uh
}

/// The keys derived by the v2 KDF.
#[derive(Debug)]
pub struct V2Keys {
    /// Unwraps the master key (`dk[0..16]`).
    pub password_key: PasswordKey,
    /// Sent at login as `uh` (`dk[16..32]`).
    pub auth_key: AuthKey,
}

impl V2Keys {
    /// The login user hash: MEGA base64 of the auth key (22 characters).
    pub fn user_hash_b64(&self) -> String {
        self.auth_key.to_b64()
    }

    /// The hashed auth key sent at signup and password change: `SHA-256(auth_key)[0..16]`.
    pub fn hashed_auth_key(&self) -> [u8; 16] {
        let d = Sha256::digest(self.auth_key.as_bytes());
        let mut out = [0u8; 16];
        for (o, b) in out.iter_mut().zip(d.iter()) {
            *o = *b;
        }
        out
    }
}

/// v2 key derivation: `PBKDF2-HMAC-SHA512(password UTF-8, salt, 100 000, 32)`, split in halves.
///
/// `salt` is the decoded `s` field of the `us0` answer and must be 32 bytes. The password is used
/// as given (the webclient does not trim at login).
pub fn derive_v2(password: &str, salt: &[u8]) -> Result<V2Keys> {
    derive_v2_bytes(password.as_bytes(), salt)
}

/// [`derive_v2`] over raw password bytes.
pub fn derive_v2_bytes(password: &[u8], salt: &[u8]) -> Result<V2Keys> {
    if salt.len() != V2_SALT_LEN {
        return Err(Error::malformed("v2 salt must be 32 bytes"));
    }
    let mut dk = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, V2_ITERATIONS, dk.as_mut());
    let (pk, ak) = dk.split_at(16);
    Ok(V2Keys {
        password_key: PasswordKey::from_slice(pk)?,
        auth_key: AuthKey::from_slice(ak)?,
    })
}

/// [`derive_v2`] with the salt in MEGA base64, as `us0` returns it.
pub fn derive_v2_b64_salt(password: &str, salt_b64: &str) -> Result<V2Keys> {
    let salt = base64::decode_array::<V2_SALT_LEN>(salt_b64)?;
    derive_v2(password, &salt)
}

/// A client random value given as a slice: exactly 16 bytes ([`crate::ErrorKind::ApiMisuse`]
/// otherwise), for [`v2_salt`].
pub fn client_random_value_from_slice(bytes: &[u8]) -> Result<&[u8; 16]> {
    bytes
        .try_into()
        .map_err(|_| Error::misuse("client random value must be 16 bytes"))
}

/// The v2 signup salt: `SHA-256("mega.nz" padded with 'P' to 200 bytes || client_random_value)`.
pub fn v2_salt(client_random_value: &[u8; 16]) -> [u8; 32] {
    let mut pre = [b'P'; 200];
    pre[..7].copy_from_slice(b"mega.nz");
    let mut h = Sha256::new();
    h.update(pre);
    h.update(client_random_value);
    let d = h.finalize();
    let mut out = [0u8; 32];
    for (o, b) in out.iter_mut().zip(d.iter()) {
        *o = *b;
    }
    out
}

/// Draws a fresh 16-byte client random value for signup (send it as `crv`; derive the salt with
/// [`v2_salt`]).
pub fn generate_client_random_value<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<[u8; 16]> {
    let mut crv = [0u8; 16];
    fill_random(rng, &mut crv)?;
    Ok(crv)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The packing rule of docs/format/login.md#js-packing-of-the-password, checked on hand-computed
    // examples.
    #[test]
    fn js_packing_examples() {
        assert_eq!(js_pack_password("password").as_slice(), b"password");
        assert_eq!(
            js_pack_password("pässwörd").as_slice(),
            [0x70, 0xe4, 0x73, 0x73, 0x77, 0xf6, 0x72, 0x64]
        );
        // U+20AC at index 1: low byte ac, high byte 20 ORed into byte 0 (0x61 | 0x20 = 0x61).
        assert_eq!(js_pack_password("a€b").as_slice(), [0x61, 0xac, 0x62]);
        // U+1F600 = D83D DE00: D83D at index 0 loses its high byte; DE's ORs into 0x3d.
        assert_eq!(js_pack_password("😀x").as_slice(), [0xff, 0x00, 0x78]);
    }

    // Vectors from the Rust crate `mega` (docs/format/login.md#key-schedule).
    #[test]
    fn prepare_key_rs_vectors() {
        let bytes: Vec<u8> = (0u8..64).collect();
        for (n, want) in [
            (8, "c4589a459956887caf0b408635c3c03b"),
            (10, "59930b1c55d783ac77df4c4ff261b0f1"),
            (64, "83bd84689f057f9ed9834b3ecb81d80e"),
        ] {
            assert_eq!(
                hex::encode(prepare_key_v1_bytes(&bytes[..n]).unwrap().as_bytes()),
                want
            );
        }
    }

    #[test]
    fn empty_password_gives_the_constant() {
        assert_eq!(prepare_key_v1("").unwrap().as_bytes(), &V1_INITIAL);
    }

    #[test]
    fn v2_rejects_bad_salt() {
        assert_eq!(
            derive_v2("x", &[0u8; 16]).unwrap_err().kind(),
            crate::ErrorKind::Malformed
        );
        assert!(derive_v2_b64_salt("x", "AAAA").is_err());
    }
}
