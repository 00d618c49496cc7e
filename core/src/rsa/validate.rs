//! Parsing and full validation of private-key components (docs/security-notes.md#checks-on-the-login-private-key),
//! before any private-key operation.

use alloc::vec;
use alloc::vec::Vec;

use crypto_bigint::{BoxedUint, ConcatenatingMul, NonZero, Odd, Resize};
use rsa::traits::PublicKeyParts;
use zeroize::Zeroizing;

use super::mpi::{be_trimmed, bit_len, limb_bits, split_mpi, uint};
use super::{CANDIDATE_EXPONENTS, DEFAULT_PUBLIC_EXPONENT, MAX_MODULUS_BITS, RsaPublicKey};

/// The parsed (not yet validated) components of a `privk` plaintext.
pub(super) struct Components {
    p1: Zeroizing<Vec<u8>>,
    p2: Zeroizing<Vec<u8>>,
    d: Zeroizing<Vec<u8>>,
    u: Zeroizing<Vec<u8>>,
}

pub(super) fn parse_privk_plain(blob: &[u8]) -> Option<Components> {
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
pub(super) fn parse_pqd(blob: &[u8]) -> Option<Components> {
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
pub(super) fn exponent_fits(
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
pub(super) fn validate(
    c: &Components,
    pinned: Option<&RsaPublicKey>,
) -> Option<(rsa::RsaPrivateKey, RsaPublicKey)> {
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
        None => RsaPublicKey::from_parts(&n, e).ok()?,
    };
    Some((inner, public))
}
