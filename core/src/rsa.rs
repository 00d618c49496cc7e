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
//! [`MegaSessionId::verify_user_handle`], that [`MegaRsaPrivateKey::decrypt_session_id`] and
//! [`open_login_session`] always apply.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::convert::Infallible;
use core::fmt;

use crypto_bigint::{BoxedUint, ConcatenatingMul, NonZero, Odd, Resize};
use rand_core::{TryCryptoRng, TryRng};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::base64;
use crate::error::{Error, Result};
use crate::handles::UserHandle;
use crate::keys::{MasterKey, ShareKey, fill_random};
use crate::primitives::{aes, ct_eq, ecb_decrypt, ecb_encrypt};

/// Public exponents tried, in this order, when no public key is pinned: 3, MEGA's SDK (17), MEGA's
/// webclient (257) and the common 65537 (docs/security-notes.md#checks-on-the-login-private-key,
/// check 5).
pub const CANDIDATE_EXPONENTS: [u32; 4] = [3, 17, 257, 65537];

/// The public exponent used by [`MegaRsaPrivateKey::generate`]: 17, as MEGA's C++ SDK
/// (`AsymmCipher::genkeypair`). The webclient uses 257; both clients read any odd exponent.
pub const DEFAULT_PUBLIC_EXPONENT: u32 = 17;

/// Modulus size of the keys MEGA generates (and [`MegaRsaPrivateKey::generate`] makes).
pub const MODULUS_BITS: usize = 2048;

/// Largest encrypted `privk` accepted, in bytes (an 8192-bit key needs about 2.6 KiB).
const MAX_PRIVK_LEN: usize = 4096;
/// Largest modulus accepted, in bits (the `rsa` crate's limit; MEGA uses 2048).
const MAX_MODULUS_BITS: u32 = 8192;

/// How an encoder writes the 2-byte MPI header (docs/format/rsa.md#mpi-encoding). Readers accept
/// both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum MpiHeaderStyle {
    /// `byte_count × 8`, as MEGA's SDK writes key blobs (`serializeintarray`). Default: gives
    /// byte-identical blobs to the SDK's.
    #[default]
    ByteCount,
    /// The exact bit length, as the webclient writes keys of whole bytes and the SDK writes RSA
    /// ciphertexts.
    ExactBits,
}

crate::error::enum_names!(MpiHeaderStyle, "unknown MPI header style name", [
    ByteCount => "byte-count",
    ExactBits => "exact-bits",
]);

// ---------------------------------------------------------------------------------------------
// MPI codec
// ---------------------------------------------------------------------------------------------

/// Splits one MPI off the front of `buf`: returns `(magnitude, rest)`.
///
/// Strict rules: the header is not zero; `ceil(bits/8)` magnitude bytes are present; the value's
/// real bit length does not exceed the header (every known writer's header is the exact bit count
/// or the byte count × 8, both ≥ the real length). Leading zero bytes are accepted (the webclient
/// writes some), as every reader of MEGA's format does.
fn split_mpi(buf: &[u8]) -> Option<(&[u8], &[u8])> {
    let (hdr, rest) = buf.split_at_checked(2)?;
    let bits = usize::from(u16::from_be_bytes(hdr.try_into().ok()?));
    if bits == 0 {
        return None;
    }
    let (mag, rest) = rest.split_at_checked(bits.div_ceil(8))?;
    if bit_len(mag) > bits {
        return None;
    }
    Some((mag, rest))
}

/// Bit length of a big-endian magnitude (leading zeros ignored). Not secret-independent in time:
/// used on lengths the server chose, and on key components only to check public size bounds.
fn bit_len(mag: &[u8]) -> usize {
    let mut it = mag.iter().skip_while(|b| **b == 0);
    match it.next() {
        None => 0,
        Some(first) => 8 * it.count() + (8 - first.leading_zeros() as usize),
    }
}

/// Appends `MPI(value)` to `out`, `value` given as a big-endian magnitude (leading zeros trimmed).
fn push_mpi(out: &mut Vec<u8>, mag: &[u8], style: MpiHeaderStyle) -> Result<()> {
    let start = mag.iter().position(|b| *b != 0).unwrap_or(mag.len());
    let trimmed = mag.get(start..).unwrap_or_default();
    let bits = match style {
        MpiHeaderStyle::ByteCount => trimmed.len() * 8,
        MpiHeaderStyle::ExactBits => bit_len(trimmed),
    };
    let hdr = u16::try_from(bits).map_err(|_| Error::misuse("MPI longer than 65535 bits"))?;
    out.extend_from_slice(&hdr.to_be_bytes());
    out.extend_from_slice(trimmed);
    Ok(())
}

/// Big-endian bytes of `x` without leading zero bytes.
fn be_trimmed(x: &BoxedUint) -> Zeroizing<Vec<u8>> {
    let full = Zeroizing::new(x.to_be_bytes());
    let start = full.iter().position(|b| *b != 0).unwrap_or(full.len());
    Zeroizing::new(full.get(start..).unwrap_or_default().to_vec())
}

/// `x` as exactly `len` big-endian bytes (`x` must fit).
fn be_fixed(x: &BoxedUint, len: usize) -> Option<Zeroizing<Vec<u8>>> {
    let full = Zeroizing::new(x.to_be_bytes());
    let mut out = Zeroizing::new(vec![0u8; len]);
    if full.len() >= len {
        let (high, low) = full.split_at_checked(full.len() - len)?;
        if high.iter().any(|b| *b != 0) {
            return None;
        }
        out.copy_from_slice(low);
    } else {
        out.get_mut(len - full.len()..)?.copy_from_slice(&full);
    }
    Some(out)
}

/// Decodes a big-endian magnitude into a `BoxedUint` of the given precision.
fn uint(mag: &[u8], bits_precision: u32) -> Option<BoxedUint> {
    BoxedUint::from_be_slice(mag, bits_precision).ok()
}

/// Rounds a bit count up to whole 64-bit limbs (at least one limb).
fn limb_bits(bits: usize) -> Option<u32> {
    u32::try_from(bits.max(1).div_ceil(64) * 64).ok()
}

// ---------------------------------------------------------------------------------------------
// Public key
// ---------------------------------------------------------------------------------------------

/// A MEGA RSA public key (`pubk`: `MPI(n) || MPI(e)`, docs/format/rsa.md#public-key-blob).
///
/// The original bytes are kept: key fingerprints and the `+sigPubk` signature cover the exact
/// `n || e` bytes as first written (the webclient pads `e` to 4 bytes), so a key must never be
/// re-serialised canonically before those checks.
#[derive(Clone)]
pub struct MegaRsaPublicKey {
    inner: rsa::RsaPublicKey,
    /// Byte length `K` of the modulus.
    k: usize,
    e: u32,
    /// The blob as received (or as we encoded it), `MPI(n) || MPI(e)` without trailing bytes.
    blob: Vec<u8>,
    /// `n || e` magnitudes in their original byte form (zero bytes before `e` kept).
    raw_n_e: Vec<u8>,
}

impl MegaRsaPublicKey {
    /// Parses a `pubk` blob: `MPI(n) || MPI(e)` followed by at most 15 ignored bytes.
    ///
    /// `n` must be odd and 1024–8192 bits; `e` odd, at least 3 and below 2³² (MEGA uses 17 and 257).
    pub fn from_bytes(pubk: &[u8]) -> Result<Self> {
        let bad = || Error::invalid_key("RSA public key is malformed");
        let (n_mag, rest) = split_mpi(pubk).ok_or_else(bad)?;
        let (e_mag, tail) = split_mpi(rest).ok_or_else(bad)?;
        if tail.len() >= 16 {
            return Err(bad());
        }
        let n_bits = bit_len(n_mag);
        if !(1024..=MAX_MODULUS_BITS as usize).contains(&n_bits) {
            return Err(bad());
        }
        if bit_len(e_mag) > 32 {
            return Err(bad());
        }
        let e = e_mag.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let e = u32::try_from(e).map_err(|_| bad())?;
        if e < 3 || e % 2 == 0 {
            return Err(bad());
        }
        let n = uint(n_mag, limb_bits(n_bits).ok_or_else(bad)?).ok_or_else(bad)?;
        let inner = rsa::RsaPublicKey::new(n, BoxedUint::from(u64::from(e))).map_err(|_| bad())?;
        let blob_len = pubk.len() - tail.len();
        let mut raw_n_e = n_mag.to_vec();
        raw_n_e.extend_from_slice(e_mag);
        Ok(MegaRsaPublicKey {
            inner,
            k: n_bits.div_ceil(8),
            e,
            blob: pubk.get(..blob_len).ok_or_else(bad)?.to_vec(),
            raw_n_e,
        })
    }

    /// Parses a base64 `pubk` (the `pubk` field of `ug`/`uk`).
    pub fn from_b64(pubk_b64: &str) -> Result<Self> {
        let bytes = base64::decode(pubk_b64)
            .map_err(|_| Error::invalid_key("RSA public key is malformed"))?;
        Self::from_bytes(&bytes)
    }

    fn from_parts(n: &BoxedUint, e: u32) -> Result<Self> {
        let mut blob = Vec::new();
        let n_mag = be_trimmed(n);
        push_mpi(&mut blob, &n_mag, MpiHeaderStyle::ByteCount)?;
        push_mpi(&mut blob, &e.to_be_bytes(), MpiHeaderStyle::ByteCount)?;
        Self::from_bytes(&blob)
    }

    /// The `pubk` blob `MPI(n) || MPI(e)` (the bytes received, without ignored trailing bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.blob.clone()
    }

    /// The `pubk` blob in MEGA base64.
    pub fn to_b64(&self) -> String {
        base64::encode(&self.blob)
    }

    /// `n || e` in their original byte form without MPI headers: what key fingerprints and the
    /// `+sigPubk` signature cover (SDK `serializekeyforjs`, docs/format/rsa.md#public-key-blob).
    pub fn n_e_bytes(&self) -> &[u8] {
        &self.raw_n_e
    }

    /// The public exponent.
    pub fn exponent(&self) -> u32 {
        self.e
    }

    /// The modulus as minimal big-endian bytes.
    pub fn modulus_bytes(&self) -> Vec<u8> {
        be_trimmed(self.inner.n().as_ref()).to_vec()
    }

    /// The modulus length in bytes (`K`; 256 for MEGA's 2048-bit keys).
    pub fn modulus_len(&self) -> usize {
        self.k
    }

    /// RSA-encrypts key material for another user with MEGA's padding
    /// (docs/format/rsa.md#encryption): `payload || random bytes` up to `K − 2` bytes, raw RSA,
    /// output `MPI(c)` with the exact bit count (as the SDK writes it).
    ///
    /// Used for legacy share-key delivery and for files put into another user's inbox. MEGA's
    /// current key-manager mode no longer RSA-encrypts share keys; prefer the pairwise-key path.
    pub fn encrypt_key<R: TryCryptoRng + ?Sized>(
        &self,
        payload: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>> {
        let len = self
            .k
            .checked_sub(2)
            .ok_or(Error::misuse("RSA modulus too small"))?;
        if payload.is_empty() || payload.len() > len {
            return Err(Error::misuse("RSA payload must be 1..=K-2 bytes"));
        }
        let mut pt = Zeroizing::new(vec![0u8; len]);
        let (head, pad) = pt.split_at_mut(payload.len());
        head.copy_from_slice(payload);
        fill_random(rng, pad)?;
        let prec = self.inner.n().as_ref().bits_precision();
        let m = Zeroizing::new(uint(&pt, prec).ok_or(Error::misuse("RSA payload too long"))?);
        let c = rsa::hazmat::rsa_encrypt(&self.inner, &m)
            .map_err(|_| Error::misuse("RSA encryption failed"))?;
        let mut out = Vec::with_capacity(self.k + 2);
        push_mpi(&mut out, &be_trimmed(&c), MpiHeaderStyle::ExactBits)?;
        Ok(out)
    }

    /// [`encrypt_key`](Self::encrypt_key), base64-encoded (about 344 characters for 2048-bit keys).
    pub fn encrypt_key_b64<R: TryCryptoRng + ?Sized>(
        &self,
        payload: &[u8],
        rng: &mut R,
    ) -> Result<String> {
        self.encrypt_key(payload, rng).map(|c| base64::encode(&c))
    }
}

impl PartialEq for MegaRsaPublicKey {
    /// Equal when `n` and `e` are equal (however they were encoded).
    fn eq(&self, other: &Self) -> bool {
        self.e == other.e && self.inner.n().as_ref() == other.inner.n().as_ref()
    }
}
impl Eq for MegaRsaPublicKey {}

impl fmt::Debug for MegaRsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MegaRsaPublicKey({} bits, e = {})",
            self.inner.n().as_ref().bits(),
            self.e
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Session id
// ---------------------------------------------------------------------------------------------

/// A 43-byte MEGA session id (sent as `sid`, 58 base64 characters). Secret: zeroized on drop,
/// redacted `Debug`, constant-time equality.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MegaSessionId([u8; 43]);

impl MegaSessionId {
    /// Length in bytes.
    pub const LEN: usize = 43;

    /// Wraps 43 bytes (for example a checked `tsid`).
    pub const fn from_bytes(bytes: [u8; 43]) -> Self {
        MegaSessionId(bytes)
    }

    /// The raw bytes. Handle with care: this is a bearer credential.
    pub fn as_bytes(&self) -> &[u8; 43] {
        &self.0
    }

    /// The base64 form used as the `sid` query parameter. Handle with care.
    pub fn to_b64(&self) -> String {
        base64::encode(&self.0)
    }

    /// The user-handle binding check of the official clients
    /// (docs/format/login.md#user-handle-binding): bytes 16..27 must be the 11-character base64 of
    /// the logged-in user's handle. Comparison in constant time.
    ///
    /// This is what stops the server from using the login as an RSA decryption oracle for
    /// arbitrary ciphertexts: a plaintext that is not a session id of this user is never returned.
    pub fn verify_user_handle(&self, user: &UserHandle) -> Result<()> {
        let want = user.to_b64();
        match self.0.get(16..27) {
            Some(got) if ct_eq(got, want.as_bytes()) => Ok(()),
            _ => Err(Error::decrypt()),
        }
    }
}

impl fmt::Debug for MegaSessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MegaSessionId(<redacted>)")
    }
}

impl PartialEq for MegaSessionId {
    fn eq(&self, other: &Self) -> bool {
        ct_eq(&self.0, &other.0)
    }
}
impl Eq for MegaSessionId {}

// ---------------------------------------------------------------------------------------------
// Private key
// ---------------------------------------------------------------------------------------------

/// A validated MEGA RSA private key.
///
/// Only [`from_encrypted_privk`](Self::from_encrypted_privk), [`from_privk_plain`](Self::from_privk_plain)
/// and [`generate`](Self::generate) make one, and every path runs the full validation, so a value of
/// this type is always a consistent key. Secret parts are zeroized on drop (crypto-bigint).
#[derive(Clone)]
pub struct MegaRsaPrivateKey {
    inner: rsa::RsaPrivateKey,
    public: MegaRsaPublicKey,
}

impl fmt::Debug for MegaRsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MegaRsaPrivateKey(<redacted>, {:?})", self.public)
    }
}

/// The opaque error of every private-key failure.
const fn opaque() -> Error {
    Error::decrypt()
}

/// Adapts a fallible caller RNG to the infallible interface the `rsa` crate's key generation
/// wants: a failure fills zeros and is remembered, and the caller discards the result.
///
/// After a failure it fills from a fixed xorshift sequence rather than zeros: the `rsa` crate loops
/// until a blinding factor is invertible and a prime is found, which all-zero "randomness" would
/// never give. Anything computed after a failure is discarded.
struct RecordingRng<'a, R: ?Sized> {
    rng: &'a mut R,
    failed: bool,
    filler: u64,
}

impl<'a, R: ?Sized> RecordingRng<'a, R> {
    fn new(rng: &'a mut R) -> Self {
        RecordingRng {
            rng,
            failed: false,
            filler: 0x9e37_79b9_7f4a_7c15,
        }
    }
}

impl<R: TryCryptoRng + ?Sized> TryRng for RecordingRng<'_, R> {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> core::result::Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> core::result::Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), Infallible> {
        if self.failed || self.rng.try_fill_bytes(dst).is_err() {
            self.failed = true;
            for b in dst.iter_mut() {
                self.filler ^= self.filler << 13;
                self.filler ^= self.filler >> 7;
                self.filler ^= self.filler << 17;
                *b = self.filler as u8;
            }
        }
        Ok(())
    }
}
impl<R: TryCryptoRng + ?Sized> TryCryptoRng for RecordingRng<'_, R> {}

/// The parsed (not yet validated) components of a `privk` plaintext.
struct Components {
    p1: Zeroizing<Vec<u8>>,
    p2: Zeroizing<Vec<u8>>,
    d: Zeroizing<Vec<u8>>,
    u: Zeroizing<Vec<u8>>,
}

fn parse_privk_plain(blob: &[u8]) -> Option<Components> {
    let (p1, rest) = split_mpi(blob)?;
    let (p2, rest) = split_mpi(rest)?;
    let (d, rest) = split_mpi(rest)?;
    let (u, rest) = split_mpi(rest)?;
    if rest.len() >= 16 {
        return None;
    }
    Some(Components {
        p1: Zeroizing::new(p1.to_vec()),
        p2: Zeroizing::new(p2.to_vec()),
        d: Zeroizing::new(d.to_vec()),
        u: Zeroizing::new(u.to_vec()),
    })
}

/// The short "pqd" form of `^!keys` (docs/format/rsa.md#short-pqd-form):
/// `MPI(P1) || MPI(P2) || MPI(d)`, nothing after; `u` is recomputed as `P1⁻¹ mod P2` (SDK
/// `PRIVKEY_SHORT`).
fn parse_pqd(blob: &[u8]) -> Option<Components> {
    let (p1, rest) = split_mpi(blob)?;
    let (p2, rest) = split_mpi(rest)?;
    let (d, rest) = split_mpi(rest)?;
    if !rest.is_empty() {
        return None;
    }
    let half = limb_bits(bit_len(p1).max(bit_len(p2)).max(64))?;
    let a = Zeroizing::new(uint(p1, half)?);
    let b: Odd<BoxedUint> = Odd::new(uint(p2, half)?).into_option()?;
    let u = Zeroizing::new(a.rem(b.as_nz_ref()).invert_odd_mod(&b).into_option()?);
    Some(Components {
        p1: Zeroizing::new(p1.to_vec()),
        p2: Zeroizing::new(p2.to_vec()),
        d: Zeroizing::new(d.to_vec()),
        u: be_trimmed(&u),
    })
}

/// `true` when `d·e ≡ 1 (mod p1−1)` and `(mod p2−1)`, i.e. `(mod lcm(p1−1, p2−1))`.
fn exponent_fits(
    d: &BoxedUint,
    e: u32,
    p1m1: &NonZero<BoxedUint>,
    p2m1: &NonZero<BoxedUint>,
) -> bool {
    let e = BoxedUint::from(u64::from(e));
    let de = Zeroizing::new(d.concatenating_mul(&e));
    let r1 = Zeroizing::new(de.rem(p1m1));
    let r2 = Zeroizing::new(de.rem(p2m1));
    let one1 = BoxedUint::one_with_precision(r1.bits_precision());
    let one2 = BoxedUint::one_with_precision(r2.bits_precision());
    // `==` on crypto-bigint integers is constant-time (`CtEq`).
    (*r1 == one1) & (*r2 == one2)
}

/// The whole validation of docs/security-notes.md#checks-on-the-login-private-key, checks 2–6.
/// `None` on any failure (the caller maps it to the one opaque error).
///
/// Beyond the size bounds (which only fix the arithmetic's widths), every check is computed before
/// any decision, with stand-in operands where one is unusable (an even "prime"), so the time taken
/// does not tell which check failed (the login-timing form of the Caveat Implementor error oracle).
/// The comparisons themselves are constant-time (crypto-bigint `==`).
fn validate(
    c: &Components,
    pinned: Option<&MegaRsaPublicKey>,
) -> Option<(rsa::RsaPrivateKey, MegaRsaPublicKey)> {
    let (b1, b2, bd, bu) = (bit_len(&c.p1), bit_len(&c.p2), bit_len(&c.d), bit_len(&c.u));
    // Public size bounds: primes up to 4096 bits (n up to 8192 bits). These decide the widths of
    // the arithmetic below; the lengths are visible in the encrypted blob's structure anyway.
    if b1 > 4096 || b2 > 4096 || bd > 8192 || bu > 4096 {
        return None;
    }
    // The SDK's and webclient's own size checks (AsymmCipher::isvalid, crypto_decodeprivkey).
    let mut ok = b1 > 1000 && b2 > 1000 && bd > 2000 && bu > 1000;
    let half = limb_bits(b1.max(b2).max(bu).max(64))?;
    let full = half.checked_mul(2)?;
    let p1 = Zeroizing::new(uint(&c.p1, half)?);
    let p2 = Zeroizing::new(uint(&c.p2, half)?);
    let u = Zeroizing::new(uint(&c.u, half)?);
    let d = Zeroizing::new(uint(&c.d, full)?);
    let one = BoxedUint::one_with_precision(half);

    // Both primes odd and distinct. An even value is replaced by value|1 so that the remaining
    // arithmetic still runs (the key is rejected anyway).
    let p1_odd = Odd::new(BoxedUint::clone(&p1)).into_option().is_some();
    let p2_odd = Odd::new(BoxedUint::clone(&p2)).into_option().is_some();
    ok &= p1_odd & p2_odd & (*p1 != *p2) & (*p1 > one) & (*p2 > one);
    let p2_work: Odd<BoxedUint> = Odd::new(p2.bitor(&one)).into_option()?;
    // u = P1^-1 mod P2 (the inverse of the FIRST stored prime modulo the SECOND), and u < P2.
    let p1_mod_p2 = Zeroizing::new(p1.rem(p2_work.as_nz_ref()));
    let inv = p1_mod_p2.invert_odd_mod(&p2_work).into_option();
    ok &= inv.as_ref().is_some_and(|inv| *inv == *u);
    // n = P1·P2, and it must be the pinned modulus when there is one.
    let n = p1.concatenating_mul(&p2);
    let n_bits = n.bits();
    ok &= (2000..=MAX_MODULUS_BITS).contains(&n_bits);
    let n = n.resize(limb_bits(n_bits as usize)?);
    if let Some(pin) = pinned {
        ok &= pin.inner.n().as_ref() == &n;
    }
    // 0 < d < n.
    ok &= d.bits() <= n_bits && bd > 0;
    // The public exponent: from the pin, or a small candidate that inverts d (all tried).
    // (P − 1 is zero only for P = 1, already rejected: divide by 1 then, which fits no exponent.)
    let nz = |x: BoxedUint| {
        NonZero::new(x)
            .into_option()
            .or_else(|| NonZero::new(one.clone()).into_option())
    };
    let p1m1 = nz(p1.wrapping_sub(&one))?;
    let p2m1 = nz(p2.wrapping_sub(&one))?;
    let e = match pinned {
        Some(pin) => {
            ok &= exponent_fits(&d, pin.e, &p1m1, &p2m1);
            pin.e
        }
        None => {
            let mut found = None;
            for e in CANDIDATE_EXPONENTS {
                if exponent_fits(&d, e, &p1m1, &p2m1) && found.is_none() {
                    found = Some(e);
                }
            }
            // No pin: nothing ties P1 and P2 to the account, so they must at least be primes.
            let prime = |p: &BoxedUint| crypto_primes::is_prime(crypto_primes::Flavor::Any, p);
            let primes = prime(&p1) & prime(&p2);
            ok &= found.is_some() & primes;
            found.unwrap_or(DEFAULT_PUBLIC_EXPONENT)
        }
    };
    if !ok {
        return None;
    }
    let d_n = BoxedUint::clone(&d).resize(n.bits_precision());
    let inner = rsa::RsaPrivateKey::from_components(
        n.clone(),
        BoxedUint::from(u64::from(e)),
        d_n,
        vec![BoxedUint::clone(&p1), BoxedUint::clone(&p2)],
    )
    .ok()?;
    let public = match pinned {
        Some(pin) => pin.clone(),
        None => MegaRsaPublicKey::from_parts(&n, e).ok()?,
    };
    Some((inner, public))
}

impl MegaRsaPrivateKey {
    /// Decrypts (AES-ECB under the master key) and validates an encrypted private key (`privk`
    /// of the `us`/`ug` responses), pinning it to `pinned` when the caller knows the account's
    /// public key (strongly recommended: without it, a wholly fake but consistent key cannot be
    /// told apart, see SECURITY.md).
    ///
    /// Every failure — base64, length, MPI structure, any validation check — is the same opaque
    /// [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
    pub fn from_encrypted_privk(
        privk_b64: &str,
        master_key: &MasterKey,
        pinned: Option<&MegaRsaPublicKey>,
    ) -> Result<Self> {
        let mut blob = Zeroizing::new(base64::decode(privk_b64).map_err(|_| opaque())?);
        Self::from_encrypted_privk_bytes_in_place(&mut blob, master_key, pinned)
    }

    /// [`from_encrypted_privk`](Self::from_encrypted_privk) on raw bytes.
    pub fn from_encrypted_privk_bytes(
        privk: &[u8],
        master_key: &MasterKey,
        pinned: Option<&MegaRsaPublicKey>,
    ) -> Result<Self> {
        let mut blob = Zeroizing::new(privk.to_vec());
        Self::from_encrypted_privk_bytes_in_place(&mut blob, master_key, pinned)
    }

    fn from_encrypted_privk_bytes_in_place(
        blob: &mut [u8],
        master_key: &MasterKey,
        pinned: Option<&MegaRsaPublicKey>,
    ) -> Result<Self> {
        if blob.is_empty() || !blob.len().is_multiple_of(16) || blob.len() > MAX_PRIVK_LEN {
            return Err(opaque());
        }
        ecb_decrypt(&aes(master_key.as_bytes()), blob);
        Self::from_privk_plain(blob, pinned)
    }

    /// Parses and validates a decrypted private-key blob `MPI(P1) || MPI(P2) || MPI(d) || MPI(u) || pad`
    /// (pad < 16 bytes). Every failure is the opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
    pub fn from_privk_plain(blob: &[u8], pinned: Option<&MegaRsaPublicKey>) -> Result<Self> {
        let c = parse_privk_plain(blob).ok_or_else(opaque)?;
        let (inner, public) = validate(&c, pinned).ok_or_else(opaque)?;
        Ok(MegaRsaPrivateKey { inner, public })
    }

    /// Generates a new 2048-bit key pair with e = 17 (as MEGA's SDK does), for a new account.
    pub fn generate<R: TryCryptoRng + ?Sized>(rng: &mut R) -> Result<Self> {
        Self::generate_with_exponent(rng, DEFAULT_PUBLIC_EXPONENT)
    }

    /// Generates a new 2048-bit key pair with public exponent 17, 257 or 65537.
    ///
    /// The key is round-tripped through the blob encoding and the full validation before it is
    /// returned, so it is guaranteed to be readable by [`from_privk_plain`](Self::from_privk_plain)
    /// (and by MEGA's clients, whose checks are a subset).
    pub fn generate_with_exponent<R: TryCryptoRng + ?Sized>(rng: &mut R, e: u32) -> Result<Self> {
        if ![17, 257, 65537].contains(&e) {
            return Err(Error::misuse("public exponent must be 17, 257 or 65537"));
        }
        for _ in 0..8 {
            let mut adapter = RecordingRng::new(&mut *rng);
            let key = rsa::RsaPrivateKey::new_with_exp(
                &mut adapter,
                MODULUS_BITS,
                BoxedUint::from(u64::from(e)),
            );
            if adapter.failed {
                return Err(Error::rng());
            }
            let Ok(key) = key else { continue };
            let [p1, p2] = key.primes() else { continue };
            if p1.bits() != 1024 || p2.bits() != 1024 || key.n().as_ref().bits() != 2048 {
                continue;
            }
            let Some(u) = p1.as_ref().invert_odd_mod(p2).into_option() else {
                continue;
            };
            let u = Zeroizing::new(u);
            let mut blob = Zeroizing::new(Vec::new());
            for part in [p1.as_ref(), p2.as_ref(), key.d(), &u] {
                push_mpi(&mut blob, &be_trimmed(part), MpiHeaderStyle::ByteCount)?;
            }
            let public = MegaRsaPublicKey::from_parts(key.n().as_ref(), e)?;
            // d can (very rarely) have ≤ 2000 bits, which MEGA's clients reject: draw again then.
            if let Ok(k) = Self::from_privk_plain(&blob, Some(&public)) {
                return Ok(k);
            }
        }
        Err(Error::rng())
    }

    /// The matching public key (the pinned one, or derived from the validated components).
    pub fn public_key(&self) -> &MegaRsaPublicKey {
        &self.public
    }

    /// Parses and validates the short "pqd" form stored in `^!keys` (tag 18,
    /// docs/format/rsa.md#short-pqd-form): `MPI(P1) || MPI(P2) || MPI(d)` with nothing after it
    /// (`^!keys` is GCM-authenticated, so no padding). Same validation and opaque error as
    /// [`from_privk_plain`](Self::from_privk_plain).
    pub fn from_pqd_bytes(blob: &[u8], pinned: Option<&MegaRsaPublicKey>) -> Result<Self> {
        if blob.len() < 512 {
            return Err(opaque());
        }
        let c = parse_pqd(blob).ok_or_else(opaque)?;
        let (inner, public) = validate(&c, pinned).ok_or_else(opaque)?;
        Ok(MegaRsaPrivateKey { inner, public })
    }

    /// The short "pqd" form `MPI(P1) || MPI(P2) || MPI(d)` for `^!keys`.
    pub fn to_pqd_bytes(&self, style: MpiHeaderStyle) -> Result<Zeroizing<Vec<u8>>> {
        let [p1, p2] = self.inner.primes() else {
            return Err(Error::misuse("RSA key does not have two primes"));
        };
        let mut blob = Zeroizing::new(Vec::new());
        for part in [p1.as_ref(), p2.as_ref(), self.inner.d()] {
            push_mpi(&mut blob, &be_trimmed(part), style)?;
        }
        Ok(blob)
    }

    /// `true` when both keys have the same `P1`, `P2` (in the same order) and `d`, compared in
    /// constant time: the check that the login key equals the `^!keys` copy
    /// (docs/security-notes.md#checks-on-the-login-private-key, check 10).
    pub fn same_key_as(&self, other: &MegaRsaPrivateKey) -> bool {
        match (
            self.to_pqd_bytes(MpiHeaderStyle::ByteCount),
            other.to_pqd_bytes(MpiHeaderStyle::ByteCount),
        ) {
            (Ok(a), Ok(b)) => ct_eq(&a, &b),
            _ => false,
        }
    }

    /// The unpadded private-key blob `MPI(P1) || MPI(P2) || MPI(d) || MPI(u)`.
    pub fn to_privk_plain(&self, style: MpiHeaderStyle) -> Result<Zeroizing<Vec<u8>>> {
        let [p1, p2] = self.inner.primes() else {
            return Err(Error::misuse("RSA key does not have two primes"));
        };
        let u = Zeroizing::new(
            p1.as_ref()
                .rem(
                    &NonZero::new(p2.as_ref().clone())
                        .into_option()
                        .ok_or(Error::misuse("bad prime"))?,
                )
                .invert_odd_mod(p2)
                .into_option()
                .ok_or(Error::misuse("bad prime"))?,
        );
        let mut blob = Zeroizing::new(Vec::new());
        for part in [p1.as_ref(), p2.as_ref(), self.inner.d(), &u] {
            push_mpi(&mut blob, &be_trimmed(part), style)?;
        }
        Ok(blob)
    }

    /// The encrypted private key for `up`/`CommandSetKeyPair`: the blob padded with 0–15 random
    /// bytes to a multiple of 16, AES-ECB under the master key, base64.
    pub fn encrypt_privk<R: TryCryptoRng + ?Sized>(
        &self,
        master_key: &MasterKey,
        style: MpiHeaderStyle,
        rng: &mut R,
    ) -> Result<String> {
        let mut blob = self.to_privk_plain(style)?;
        let pad = (16 - blob.len() % 16) % 16;
        let mut padding = [0u8; 16];
        let fill = padding.get_mut(..pad).ok_or(Error::misuse("padding"))?;
        fill_random(rng, fill)?;
        blob.extend_from_slice(fill);
        ecb_encrypt(&aes(master_key.as_bytes()), &mut blob);
        Ok(base64::encode(&blob))
    }

    /// Raw CRT decryption of an `MPI(c)` ciphertext with the fixed-length plaintext rule of
    /// docs/format/rsa.md#decryption-and-plaintext-extraction, in constant time with respect to the
    /// plaintext.
    ///
    /// Returns `K − 1` bytes: the plaintext starting at offset 2 of the `K`-byte encoding of `m`
    /// when `m < 2^(8(K−2))` (what clients write), else at offset 1 (server `csid`s and very old
    /// clients); in the first case the last byte is zero filler. Callers take the first 16, 32 or
    /// 43 bytes. Rejects `c ≤ 1`, `c ≥ n − 1`, trailing bytes after the MPI, `m ≥ 2^(8(K−1))`, and a
    /// CRT result that does not re-encrypt to `c`.
    fn decrypt_fixed<R: TryCryptoRng + ?Sized>(
        &self,
        ct: &[u8],
        rng: &mut R,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let k = self.public.k;
        let (mag, rest) = split_mpi(ct).ok_or_else(opaque)?;
        if !rest.is_empty() || mag.len() > k {
            return Err(opaque());
        }
        let n = self.inner.n().as_ref();
        let c = uint(mag, n.bits_precision()).ok_or_else(opaque)?;
        let two = BoxedUint::from(2u64).resize(n.bits_precision());
        let n_minus_1 = n.wrapping_sub(BoxedUint::one_with_precision(n.bits_precision()));
        if c < two || c >= n_minus_1 {
            return Err(opaque());
        }
        let mut adapter = RecordingRng::new(rng);
        let m = rsa::hazmat::rsa_decrypt_and_check(&self.inner, Some(&mut adapter), &c)
            .map_err(|_| opaque())?;
        let m = Zeroizing::new(m);
        if adapter.failed {
            return Err(Error::rng());
        }
        let mk = be_fixed(&m, k).ok_or_else(opaque)?;
        let (first, body) = mk.split_first().ok_or_else(opaque)?;
        let second = body.first().copied().unwrap_or(0);
        let two_zeros = second.ct_eq(&0);
        let mut out = Zeroizing::new(vec![0u8; k - 1]);
        let shifted = body.iter().skip(1).copied().chain(core::iter::once(0u8));
        for ((o, a), b) in out.iter_mut().zip(body.iter()).zip(shifted) {
            *o = u8::conditional_select(a, &b, two_zeros);
        }
        if !bool::from(first.ct_eq(&0)) {
            return Err(opaque());
        }
        Ok(out)
    }

    /// Decrypts a `csid` into the 43-byte session id **and** checks that it carries `user`'s
    /// handle. Any failure is the opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt).
    pub fn decrypt_session_id<R: TryCryptoRng + ?Sized>(
        &self,
        csid_b64: &str,
        user: &UserHandle,
        rng: &mut R,
    ) -> Result<MegaSessionId> {
        let sid = self.decrypt_session_id_unbound(csid_b64, rng)?;
        sid.verify_user_handle(user)?;
        Ok(sid)
    }

    /// Decrypts a `csid` into the 43-byte session id **without** the user-handle binding check.
    ///
    /// Only for callers that run [`MegaSessionId::verify_user_handle`] themselves (and for
    /// known-answer vectors whose session ids are random bytes). A login must never use a session
    /// id that has not passed that check: [`decrypt_session_id`](Self::decrypt_session_id) does both.
    pub fn decrypt_session_id_unbound<R: TryCryptoRng + ?Sized>(
        &self,
        csid_b64: &str,
        rng: &mut R,
    ) -> Result<MegaSessionId> {
        let ct = base64::decode(csid_b64).map_err(|_| opaque())?;
        let pt = self.decrypt_fixed(&ct, rng)?;
        let sid: [u8; 43] = pt
            .get(..43)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(opaque)?;
        Ok(MegaSessionId(sid))
    }

    /// Decrypts RSA-encrypted key material (legacy share keys, node keys in another user's inbox,
    /// docs/format/share-keys.md#rsa-encrypted-node-keys) and returns its first `len` bytes (16 for
    /// folder/share keys, 32 for file keys). Opaque error on any failure.
    ///
    /// Never re-wrap the result under the master key automatically: an RSA-encrypted key can be
    /// made by anyone who knows the public key, the server included (the MEGAdrop ECB-oracle).
    pub fn decrypt_key_bytes<R: TryCryptoRng + ?Sized>(
        &self,
        ct_b64: &str,
        len: usize,
        rng: &mut R,
    ) -> Result<Zeroizing<Vec<u8>>> {
        if len != 16 && len != 32 {
            return Err(Error::misuse("RSA key material is 16 or 32 bytes"));
        }
        let ct = base64::decode(ct_b64).map_err(|_| opaque())?;
        let pt = self.decrypt_fixed(&ct, rng)?;
        Ok(Zeroizing::new(pt.get(..len).ok_or_else(opaque)?.to_vec()))
    }

    /// Decrypts a legacy RSA-encrypted share key (`sk` longer than 43 characters).
    pub fn decrypt_share_key<R: TryCryptoRng + ?Sized>(
        &self,
        ct_b64: &str,
        rng: &mut R,
    ) -> Result<ShareKey> {
        let bytes = self.decrypt_key_bytes(ct_b64, 16, rng)?;
        ShareKey::from_slice(&bytes).map_err(|_| opaque())
    }
}

/// The login step for accounts with an RSA key (docs/format/login.md#session-id-from-csid): decrypt
/// and validate `privk` under the master key, decrypt `csid`, and bind the session id to `user`
/// (the `u` of the `us` response, or better the handle pinned from earlier sessions).
///
/// One opaque [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt) for every failure.
pub fn open_login_session<R: TryCryptoRng + ?Sized>(
    master_key: &MasterKey,
    privk_b64: &str,
    csid_b64: &str,
    user: &UserHandle,
    pinned: Option<&MegaRsaPublicKey>,
    rng: &mut R,
) -> Result<(MegaRsaPrivateKey, MegaSessionId)> {
    let key = MegaRsaPrivateKey::from_encrypted_privk(privk_b64, master_key, pinned)?;
    let sid = key.decrypt_session_id(csid_b64, user, rng)?;
    Ok((key, sid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mpi_strictness() {
        assert_eq!(split_mpi(&[0, 8, 0x11]).unwrap(), (&[0x11][..], &[][..]));
        // SDK style: header 16 for a 9-bit value with a leading zero bit.
        assert!(split_mpi(&[0, 16, 1, 0xff]).is_some());
        // Leading zero byte accepted (webclient e = 00 00 01 01).
        assert_eq!(split_mpi(&[0, 32, 0, 0, 1, 1]).unwrap().0, &[0, 0, 1, 1]);
        assert!(split_mpi(&[0, 0]).is_none(), "zero-length MPI");
        assert!(split_mpi(&[0, 9, 1]).is_none(), "magnitude missing");
        assert!(
            split_mpi(&[0, 7, 0xff]).is_none(),
            "value longer than header"
        );
        assert!(split_mpi(&[0]).is_none());
    }

    #[test]
    fn mpi_writer_styles() {
        let mut v = Vec::new();
        push_mpi(&mut v, &[0, 0x07, 0xff], MpiHeaderStyle::ByteCount).unwrap();
        push_mpi(&mut v, &[0x07, 0xff], MpiHeaderStyle::ExactBits).unwrap();
        assert_eq!(v, [0, 16, 7, 0xff, 0, 11, 7, 0xff]);
    }

    #[test]
    fn generated_keys_round_trip() {
        let mut rng: rand_chacha::ChaCha20Rng = rand_core::SeedableRng::seed_from_u64(17);
        let key = MegaRsaPrivateKey::generate(&mut rng).unwrap();
        let public = key.public_key().clone();
        assert_eq!(public.exponent(), 17);
        assert_eq!(public.modulus_len(), 256);
        // pubk is SDK style: e written as 00 08 11.
        assert!(public.to_bytes().ends_with(&[0, 8, 0x11]));
        assert_eq!(
            MegaRsaPublicKey::from_b64(&public.to_b64()).unwrap(),
            public
        );
        let mk = MasterKey::from_bytes([0x24; 16]).unwrap();
        for style in [MpiHeaderStyle::ByteCount, MpiHeaderStyle::ExactBits] {
            let privk = key.encrypt_privk(&mk, style, &mut rng).unwrap();
            let back = MegaRsaPrivateKey::from_encrypted_privk(&privk, &mk, Some(&public)).unwrap();
            assert!(back.same_key_as(&key));
            let unpinned = MegaRsaPrivateKey::from_encrypted_privk(&privk, &mk, None).unwrap();
            assert_eq!(unpinned.public_key(), &public);
            let pqd = key.to_pqd_bytes(style).unwrap();
            assert!(
                MegaRsaPrivateKey::from_pqd_bytes(&pqd, Some(&public))
                    .unwrap()
                    .same_key_as(&key)
            );
            assert!(
                MegaRsaPrivateKey::from_pqd_bytes(&pqd[..pqd.len() - 1], Some(&public)).is_err()
            );
        }
        // Keys encrypted to it decrypt, including a payload with a leading zero byte.
        for payload in [[0x00u8; 16], [0x80; 16]] {
            let mut p = payload;
            p[15] = 1;
            let ct = public.encrypt_key_b64(&p, &mut rng).unwrap();
            assert_eq!(&key.decrypt_key_bytes(&ct, 16, &mut rng).unwrap()[..], &p);
        }
        let other = MegaRsaPrivateKey::generate_with_exponent(&mut rng, 257).unwrap();
        assert!(!other.same_key_as(&key));
        assert_eq!(other.public_key().exponent(), 257);
        assert!(MegaRsaPrivateKey::generate_with_exponent(&mut rng, 3).is_err());
    }

    /// An RNG that always fails.
    struct Broken;
    impl rand_core::TryRng for Broken {
        type Error = core::fmt::Error;
        fn try_next_u32(&mut self) -> core::result::Result<u32, core::fmt::Error> {
            Err(core::fmt::Error)
        }
        fn try_next_u64(&mut self) -> core::result::Result<u64, core::fmt::Error> {
            Err(core::fmt::Error)
        }
        fn try_fill_bytes(&mut self, _: &mut [u8]) -> core::result::Result<(), core::fmt::Error> {
            Err(core::fmt::Error)
        }
    }
    impl TryCryptoRng for Broken {}

    #[test]
    fn failing_rng_is_an_error_not_a_hang() {
        assert_eq!(
            MegaRsaPrivateKey::generate(&mut Broken).unwrap_err().kind(),
            crate::ErrorKind::Rng
        );
        let mut rng: rand_chacha::ChaCha20Rng = rand_core::SeedableRng::seed_from_u64(5);
        let key = MegaRsaPrivateKey::generate(&mut rng).unwrap();
        let ct = key
            .public_key()
            .encrypt_key_b64(&[7; 16], &mut rng)
            .unwrap();
        assert_eq!(
            key.decrypt_key_bytes(&ct, 16, &mut Broken)
                .unwrap_err()
                .kind(),
            crate::ErrorKind::Rng
        );
        assert!(key.public_key().encrypt_key(&[7; 16], &mut Broken).is_err());
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[0, 1]), 1);
        assert_eq!(bit_len(&[0x80, 0]), 16);
    }
}
