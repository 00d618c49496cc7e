//! MEGA's MPI encoding of big integers (docs/format/rsa.md#mpi-encoding): the strict reader, the
//! two header styles of the writers, and the byte conversions of `BoxedUint` the key code shares.

use alloc::vec;
use alloc::vec::Vec;

use crypto_bigint::BoxedUint;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

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

/// Splits one MPI off the front of `buf`: returns `(magnitude, rest)`.
///
/// Strict rules: the header is not zero; `ceil(bits/8)` magnitude bytes are present; the value's
/// real bit length does not exceed the header (every known writer's header is the exact bit count
/// or the byte count × 8, both ≥ the real length). Leading zero bytes are accepted (the webclient
/// writes some), as every reader of MEGA's format does.
pub(super) fn split_mpi(buf: &[u8]) -> Option<(&[u8], &[u8])> {
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
pub(super) fn bit_len(mag: &[u8]) -> usize {
    let mut it = mag.iter().skip_while(|b| **b == 0);
    match it.next() {
        None => 0,
        Some(first) => 8 * it.count() + (8 - first.leading_zeros() as usize),
    }
}

/// Appends `MPI(value)` to `out`, `value` given as a big-endian magnitude (leading zeros trimmed).
pub(super) fn push_mpi(out: &mut Vec<u8>, mag: &[u8], style: MpiHeaderStyle) -> Result<()> {
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
pub(super) fn be_trimmed(x: &BoxedUint) -> Zeroizing<Vec<u8>> {
    let full = Zeroizing::new(x.to_be_bytes());
    let start = full.iter().position(|b| *b != 0).unwrap_or(full.len());
    Zeroizing::new(full.get(start..).unwrap_or_default().to_vec())
}

/// `x` as exactly `len` big-endian bytes (`x` must fit).
pub(super) fn be_fixed(x: &BoxedUint, len: usize) -> Option<Zeroizing<Vec<u8>>> {
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
pub(super) fn uint(mag: &[u8], bits_precision: u32) -> Option<BoxedUint> {
    BoxedUint::from_be_slice(mag, bits_precision).ok()
}

/// Rounds a bit count up to whole 64-bit limbs (at least one limb).
pub(super) fn limb_bits(bits: usize) -> Option<u32> {
    u32::try_from(bits.max(1).div_ceil(64) * 64).ok()
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
    fn bit_lengths() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[0, 1]), 1);
        assert_eq!(bit_len(&[0x80, 0]), 16);
    }
}
