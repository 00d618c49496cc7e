//! The SDK's `Serialize64` variable-length integer: a count byte `n` (0..=8), then `n`
//! little-endian bytes (SDK `src/serialize64.cpp`).
//!
//! ```
//! use megacrypt::fingerprint::serialize64;
//! assert_eq!(serialize64::encode(256), [2, 0, 1]);
//! assert_eq!(serialize64::decode(&[2, 0, 1, 99])?, (256, 3));
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::vec::Vec;

use crate::error::{Error, Result};

/// Largest count byte a reader accepts.
pub const MAX_COUNT: u8 = 8;

/// Appends the minimal encoding of `value` (0 is the single byte `00`).
pub fn encode_into(value: u64, out: &mut Vec<u8>) {
    let bytes = value.to_le_bytes();
    let n = 8 - (value.leading_zeros() / 8) as usize;
    out.push(n as u8);
    out.extend(bytes.iter().take(n));
}

/// The minimal encoding of `value`.
pub fn encode(value: u64) -> Vec<u8> {
    let mut v = Vec::with_capacity(9);
    encode_into(value, &mut v);
    v
}

/// Reads one value from the start of `input`; returns it and the number of bytes used. Like the
/// SDK's reader it accepts counts up to 8, needs all counted bytes present, accepts non-minimal
/// encodings (see [`is_minimal`]) and ignores what follows.
pub fn decode(input: &[u8]) -> Result<(u64, usize)> {
    let (&count, rest) = input
        .split_first()
        .ok_or(Error::malformed("serialize64: empty input"))?;
    if count > MAX_COUNT {
        return Err(Error::malformed("serialize64: count above 8"));
    }
    let bytes = rest
        .get(..usize::from(count))
        .ok_or(Error::malformed("serialize64: count runs past the end"))?;
    let mut le = [0u8; 8];
    for (d, s) in le.iter_mut().zip(bytes) {
        *d = *s;
    }
    Ok((u64::from_le_bytes(le), 1 + usize::from(count)))
}

/// Whether `input` starts with a minimal encoding (no high zero byte). `false` for input that
/// [`decode`] refuses.
pub fn is_minimal(input: &[u8]) -> bool {
    match decode(input) {
        Ok((_, 1)) => true,
        Ok((_, used)) => input.get(used - 1).is_some_and(|&b| b != 0),
        Err(_) => false,
    }
}
