//! RSA in MEGA's format (docs/format/rsa.md, docs/format/login.md#session-id-from-csid), hardened
//! against a malicious server.
//!
//! MEGA uses raw RSA (no PKCS#1, no OAEP) for three things: the login session id (`csid`), legacy
//! share keys and node keys sent to another user, and nothing else. The private key travels as
//! `privk`, four MPIs (`P1, P2, d, u`) AES-ECB-encrypted under the master key with no integrity at
//! all — which is how the published attacks (BHP "MEGA: Malleable Encryption Goes Awry", IEEE S&P
//! 2023; Albrecht et al. "Caveat Implementor!", Eurocrypt 2023) recovered keys through login
//! oracles. This module therefore:
//!
//! - parses MPIs strictly (exactly four, header consistent with the magnitude, < 16 trailing bytes,
//!   blob length a multiple of 16);
//! - validates the key completely **before** any private-key operation: sizes (the SDK's
//!   `bits(P1), bits(P2), bits(u) > 1000, bits(d) > 2000`), `u = P1⁻¹ mod P2`, `P1·P2 == n` of the
//!   pinned public key when the caller has one, `d·e ≡ 1 (mod lcm(P1−1, P2−1))` for the account's
//!   public exponent (taken from the pinned key, otherwise the first of 3, 17, 257, 65537 that fits,
//!   and then `P1`, `P2` must also pass a Baillie–PSW primality test);
//! - decrypts with CRT in constant time (crypto-bigint Montgomery arithmetic through the pinned
//!   `rsa` crate's hazmat layer, with blinding) and checks `mᵉ ≡ c (mod n)` before using `m`;
//! - recovers the plaintext with the official clients' **fixed-length** rule (§4.4), never the
//!   minimal big-endian encoding (megajs and mega.py get that wrong 1 time in 256), selecting the
//!   byte offset in constant time;
//! - reports every failure of "decode + validate + decrypt + extract + bind" as the one opaque
//!   [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt): nothing distinguishes which check failed.
//!
//! The user-handle binding of a session id (`sid[16..27] == B64(user handle)`) is a separate step,
//! [`SessionId::verify_user_handle`], that [`RsaPrivateKey::decrypt_session_id`] and
//! [`open_login_session`] always apply.

mod decrypt;
mod login;
mod mpi;
mod private_key;
mod public_key;
mod rng;
mod validate;

use crate::error::Error;

pub use login::{SessionId, open_login_session};
pub use mpi::MpiHeaderStyle;
pub use private_key::RsaPrivateKey;
pub use public_key::RsaPublicKey;

/// Public exponents tried, in this order, when no public key is pinned: 3, MEGA's SDK (17), MEGA's
/// webclient (257) and the common 65537 (docs/security-notes.md#checks-on-the-login-private-key,
/// check 5).
pub const CANDIDATE_EXPONENTS: [u32; 4] = [3, 17, 257, 65537];

/// The public exponent used by [`RsaPrivateKey::generate`]: 17, as MEGA's C++ SDK
/// (`AsymmCipher::genkeypair`). The webclient uses 257; both clients read any odd exponent.
pub const DEFAULT_PUBLIC_EXPONENT: u32 = 17;

/// Modulus size of the keys MEGA generates (and [`RsaPrivateKey::generate`] makes).
pub const MODULUS_BITS: usize = 2048;

/// Largest encrypted `privk` accepted, in bytes (an 8192-bit key needs about 2.6 KiB).
const MAX_PRIVK_LEN: usize = 4096;
/// Largest modulus accepted, in bits (the `rsa` crate's limit; MEGA uses 2048).
const MAX_MODULUS_BITS: u32 = 8192;

/// The opaque error of every private-key failure.
const fn opaque() -> Error {
    Error::decrypt()
}
