//! [`Bytes`]: the byte strings this crate returns, lowered across the FFI with one `memcpy` or
//! none, instead of uniffi's element-by-element loop for `Vec<u8>`.
//!
//! uniffi 0.32 serialises a returned `Vec<u8>` as an `i32` big-endian length followed by the
//! bytes, written one `u8` at a time into a growing buffer: for a 1 MiB chunk that loop cost as
//! much as the AES work (27 % of a Python `FileEncryptor.encrypt` call under `perf`). `Bytes`
//! keeps its payload already in that wire format (length prefix first), so returning it hands
//! the buffer over as is, and writing it inside a record is a single `extend_from_slice`.
//!
//! Its type metadata is `Vec<u8>`'s, so every generated binding is unchanged: Kotlin still sees
//! `ByteArray`, Swift `Data`, Python `bytes`. CI regenerates the bindings and fails on any
//! difference, and the tests below compare every byte of the wire format with uniffi's own
//! `Vec<u8>` converter.
//!
//! This is the crate's only `unsafe`, and it is the keyword alone: uniffi's converter traits are
//! `unsafe trait`s (an implementation promises that its wire format matches what the generated
//! foreign code reads). The body contains no unsafe operation.

use uniffi::{FfiConverter, MetadataBuffer, RustBuffer, TypeId};

use crate::error::{CryptoError, FfiResult};

/// Length of the wire format's prefix (`i32`, big-endian).
const PREFIX: usize = 4;

/// A byte string on its way to the foreign language (`ByteArray`, `Data`, `bytes`).
///
/// Invariant: `wire` is `BE32(len) || payload` with `len == wire.len() - 4 <= i32::MAX`.
#[derive(Clone, PartialEq, Eq)]
pub struct Bytes {
    wire: Vec<u8>,
}

impl Bytes {
    /// `len` zero bytes, for the core to write into through [`Bytes::payload_mut`].
    pub(crate) fn zeroed(len: usize) -> FfiResult<Self> {
        let mut wire = Vec::new();
        wire.try_reserve_exact(PREFIX + len)
            .map_err(|_| too_long())?;
        wire.extend_from_slice(&prefix(len)?);
        wire.resize(PREFIX + len, 0);
        Ok(Bytes { wire })
    }

    /// A copy of `data`.
    pub(crate) fn copy_of(data: &[u8]) -> FfiResult<Self> {
        let mut b = Self::zeroed(data.len())?;
        b.payload_mut().copy_from_slice(data);
        Ok(b)
    }

    /// The payload, to fill in place.
    pub(crate) fn payload_mut(&mut self) -> &mut [u8] {
        self.wire.get_mut(PREFIX..).unwrap_or_default()
    }

    /// The payload.
    pub fn payload(&self) -> &[u8] {
        self.wire.get(PREFIX..).unwrap_or_default()
    }
}

impl core::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Bytes({} bytes)", self.payload().len())
    }
}

fn too_long() -> CryptoError {
    CryptoError::ApiMisuse {
        reason: "more bytes than the FFI can return (2^31 - 1)".into(),
    }
}

fn prefix(len: usize) -> FfiResult<[u8; PREFIX]> {
    Ok(i32::try_from(len).map_err(|_| too_long())?.to_be_bytes())
}

// SAFETY (a promise, not an unsafe operation): the wire format is exactly the one uniffi uses
// for `Vec<u8>` (`i32` BE length, then the bytes), and `TYPE_ID_META` is `Vec<u8>`'s, so the
// generated foreign code reads it as the byte string it expects. Checked by the tests below and
// by every Kotlin and Python test that receives bytes.
#[allow(unsafe_code)]
unsafe impl<UT> FfiConverter<UT> for Bytes {
    type FfiType = RustBuffer;

    fn lower(obj: Self) -> RustBuffer {
        RustBuffer::from_vec(obj.wire)
    }

    fn try_lift(v: RustBuffer) -> uniffi::Result<Self> {
        let wire = v.destroy_into_vec();
        let mut rest: &[u8] = &wire;
        let b = <Self as FfiConverter<UT>>::try_read(&mut rest)?;
        if !rest.is_empty() {
            uniffi::deps::anyhow::bail!("junk after the bytes");
        }
        Ok(b)
    }

    fn write(obj: Self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(&obj.wire);
    }

    fn try_read(buf: &mut &[u8]) -> uniffi::Result<Self> {
        let (len, rest) = buf
            .split_first_chunk::<PREFIX>()
            .ok_or_else(|| uniffi::deps::anyhow::anyhow!("truncated byte string"))?;
        let len = usize::try_from(i32::from_be_bytes(*len))?;
        let (payload, rest) = rest
            .split_at_checked(len)
            .ok_or_else(|| uniffi::deps::anyhow::anyhow!("truncated byte string"))?;
        *buf = rest;
        Self::copy_of(payload).map_err(|_| uniffi::deps::anyhow::anyhow!("byte string too long"))
    }

    const TYPE_ID_META: MetadataBuffer = <Vec<u8> as TypeId<UT>>::TYPE_ID_META;
}

uniffi::derive_ffi_traits!(blanket Bytes);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use uniffi::{Lift, Lower};

    struct Tag;

    fn vec_wire(v: Vec<u8>) -> Vec<u8> {
        <Vec<u8> as Lower<Tag>>::lower(v).destroy_into_vec()
    }

    fn samples() -> Vec<Vec<u8>> {
        let mut out = vec![vec![], vec![0], vec![0xff; 3]];
        // Lengths around the prefix size and a 1 MiB chunk, with varied contents.
        for len in [4usize, 5, 255, 256, 65_537, 1 << 20] {
            out.push((0..len).map(|i| (i * 131 + len) as u8).collect());
        }
        out
    }

    #[test]
    fn lowering_matches_uniffis_vec_u8_byte_for_byte() {
        for s in samples() {
            let ours = <Bytes as Lower<Tag>>::lower(Bytes::copy_of(&s).unwrap()).destroy_into_vec();
            assert_eq!(ours, vec_wire(s.clone()), "len {}", s.len());
        }
    }

    #[test]
    fn writing_inside_a_record_matches_uniffis_vec_u8() {
        for s in samples() {
            let mut ours = vec![7u8];
            <Bytes as Lower<Tag>>::write(Bytes::copy_of(&s).unwrap(), &mut ours);
            let mut theirs = vec![7u8];
            <Vec<u8> as Lower<Tag>>::write(s.clone(), &mut theirs);
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn lifting_reads_what_uniffi_writes_and_nothing_else() {
        for s in samples() {
            let buf = RustBuffer::from_vec(vec_wire(s.clone()));
            let b = <Bytes as Lift<Tag>>::try_lift(buf).unwrap();
            assert_eq!(b.payload(), &s[..]);
        }
        let mut wire = vec_wire(vec![1, 2, 3]);
        wire.push(0);
        assert!(<Bytes as Lift<Tag>>::try_lift(RustBuffer::from_vec(wire)).is_err());
        for bad in [
            vec![0, 0, 0],
            vec![0, 0, 0, 2, 9],
            vec![0xff, 0xff, 0xff, 0xff],
        ] {
            assert!(<Bytes as Lift<Tag>>::try_lift(RustBuffer::from_vec(bad)).is_err());
        }
    }

    #[test]
    fn the_type_metadata_is_vec_u8s() {
        let ours = <Bytes as TypeId<Tag>>::TYPE_ID_META;
        let theirs = <Vec<u8> as TypeId<Tag>>::TYPE_ID_META;
        assert_eq!(ours.as_ref(), theirs.as_ref());
    }

    #[test]
    fn payload_mut_fills_the_bytes_after_the_prefix() {
        let mut b = Bytes::zeroed(3).unwrap();
        b.payload_mut().copy_from_slice(b"abc");
        assert_eq!(b.payload(), b"abc");
        assert_eq!(
            <Bytes as Lower<Tag>>::lower(b).destroy_into_vec(),
            [0, 0, 0, 3, b'a', b'b', b'c']
        );
    }
}
