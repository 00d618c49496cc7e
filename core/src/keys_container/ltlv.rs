//! The LTLV map codec of `^!keys` (tags 5, 65, 80 and 96).
//!
//! An LTLV blob is a run of records `keylen(1) || key || vlen(2, big-endian) || value`; a `vlen` of
//! `0xFFFF` means a u32 big-endian length follows (writers use it for values of 65 535 bytes or
//! more). MEGA's SDK reads it in `KeyManager::deserializeFromLTLV` and writes it in
//! `serializeToLTLV` (`src/megaclient.cpp`); the webclient in `obj2u8`/`u82obj` (`js/keymgr.js`).
//!
//! Reading is strict: a record that is cut short anywhere is [`ErrorKind::Malformed`], and no
//! allocation is larger than the bytes actually present (a length field is checked against the
//! remaining input before anything is copied). For a key that appears twice the last record wins,
//! as in both official readers.
//!
//! [`ErrorKind::Malformed`]: crate::ErrorKind::Malformed

use crate::sorted_map::SortedMap;
use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The 2-byte length value that announces a 4-byte length.
const LONG_LENGTH_MARK: u16 = 0xFFFF;

/// An LTLV map, kept sorted by key bytes: the order MEGA's SDK writes (a `std::map`).
///
/// Values are treated as secret (zeroized on drop): pending in-share values carry encrypted share
/// keys. Keys are byte strings of at most 255 bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LtlvMap {
    entries: SortedMap<Vec<u8>, Zeroizing<Vec<u8>>>,
}

impl fmt::Debug for LtlvMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LtlvMap")
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl LtlvMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses an LTLV blob; for a repeated key the last value wins.
    ///
    /// ```
    /// use megacrypt::keys_container::ltlv::LtlvMap;
    /// let map = LtlvMap::from_bytes(&[2, b'c', b'v', 0, 1, b'1']).unwrap();
    /// assert_eq!(map.get(b"cv"), Some(&b"1"[..]));
    /// ```
    pub fn from_bytes(blob: &[u8]) -> Result<Self> {
        let mut pairs = Vec::new();
        for record in Records::new(blob) {
            let (key, value) = record?;
            pairs.push((key.to_vec(), Zeroizing::new(value.to_vec())));
        }
        // Sorted once; a repeated key keeps its last value.
        let entries = SortedMap::from_pairs(pairs);
        Ok(LtlvMap { entries })
    }

    /// Serialises the map in key order (the SDK's byte layout).
    pub fn to_bytes(&self) -> Result<Zeroizing<Vec<u8>>> {
        let mut out = Zeroizing::new(Vec::new());
        for (k, v) in &self.entries {
            push_record(&mut out, k, v)?;
        }
        Ok(out)
    }

    /// Sets `key` to `value`, replacing an earlier value. A key longer than 255 bytes is
    /// [`ErrorKind::ApiMisuse`](crate::ErrorKind::ApiMisuse).
    pub fn insert(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        if key.len() > usize::from(u8::MAX) {
            return Err(Error::misuse("LTLV key longer than 255 bytes"));
        }
        if u32::try_from(value.len()).is_err() {
            return Err(Error::misuse("LTLV value longer than 2^32 - 1 bytes"));
        }
        self.entries
            .insert(key.to_vec(), Zeroizing::new(value.to_vec()));
        Ok(())
    }

    /// The value of `key`.
    pub fn get(&self, key: &[u8]) -> Option<&[u8]> {
        self.entries.get(key).map(|v| v.as_slice())
    }

    /// Removes `key`, returning whether it was present.
    pub fn remove(&mut self, key: &[u8]) -> bool {
        self.entries.remove(key).is_some()
    }

    /// `true` when `key` is present.
    pub fn contains_key(&self, key: &[u8]) -> bool {
        self.entries.contains_key(key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.entries
            .iter()
            .map(|(k, v)| (k.as_slice(), v.as_slice()))
    }
}

/// Checks that `blob` is a well-formed LTLV run without copying it.
pub fn validate(blob: &[u8]) -> Result<()> {
    Records::new(blob).try_for_each(|r| r.map(|_| ()))
}

/// Encodes `entries` in the order given (the webclient writes insertion order, the SDK key
/// order: see [`LtlvMap::to_bytes`]). Repeated keys are written as given.
///
/// ```
/// use megacrypt::keys_container::ltlv;
/// let blob = ltlv::encode([(&b"zz"[..], &[0x9c][..]), (&b"ab"[..], &[][..])]).unwrap();
/// assert_eq!(blob.as_slice(), &[2, b'z', b'z', 0, 1, 0x9c, 2, b'a', b'b', 0, 0]);
/// ```
pub fn encode<'a>(
    entries: impl IntoIterator<Item = (&'a [u8], &'a [u8])>,
) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::new());
    for (k, v) in entries {
        push_record(&mut out, k, v)?;
    }
    Ok(out)
}

fn push_record(out: &mut Vec<u8>, key: &[u8], value: &[u8]) -> Result<()> {
    let klen =
        u8::try_from(key.len()).map_err(|_| Error::misuse("LTLV key longer than 255 bytes"))?;
    out.push(klen);
    out.extend_from_slice(key);
    match u16::try_from(value.len()) {
        Ok(l) if l < LONG_LENGTH_MARK => out.extend_from_slice(&l.to_be_bytes()),
        _ => {
            let l = u32::try_from(value.len())
                .map_err(|_| Error::misuse("LTLV value longer than 2^32 - 1 bytes"))?;
            out.extend_from_slice(&LONG_LENGTH_MARK.to_be_bytes());
            out.extend_from_slice(&l.to_be_bytes());
        }
    }
    out.extend_from_slice(value);
    Ok(())
}

/// Borrowing iterator over the records of an LTLV blob. After the first error it stops.
pub(crate) struct Records<'a> {
    rest: &'a [u8],
    failed: bool,
}

impl<'a> Records<'a> {
    pub(crate) fn new(blob: &'a [u8]) -> Self {
        Records {
            rest: blob,
            failed: false,
        }
    }

    fn next_record(&mut self) -> Result<(&'a [u8], &'a [u8])> {
        let cut = || Error::malformed("LTLV record cut short");
        let (&klen, rest) = self.rest.split_first().ok_or_else(cut)?;
        let (key, rest) = rest.split_at_checked(usize::from(klen)).ok_or_else(cut)?;
        let (vlen, rest) = rest.split_first_chunk::<2>().ok_or_else(cut)?;
        let (vlen, rest) = match u16::from_be_bytes(*vlen) {
            LONG_LENGTH_MARK => {
                let (l, rest) = rest.split_first_chunk::<4>().ok_or_else(cut)?;
                (u32::from_be_bytes(*l), rest)
            }
            short => (u32::from(short), rest),
        };
        let vlen = usize::try_from(vlen).map_err(|_| cut())?;
        let (value, rest) = rest.split_at_checked(vlen).ok_or_else(cut)?;
        self.rest = rest;
        Ok((key, value))
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<(&'a [u8], &'a [u8])>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.rest.is_empty() {
            return None;
        }
        let r = self.next_record();
        self.failed = r.is_err();
        Some(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn long_value_uses_the_four_byte_length() {
        // 65 535 bytes: the 2-byte field would read as the 0xFFFF mark, so the long form is used.
        let value = alloc::vec![7u8; 65_535];
        let blob = encode([(&b"k"[..], value.as_slice())]).unwrap();
        assert_eq!(&blob[..8], &[1, b'k', 0xff, 0xff, 0x00, 0x00, 0xff, 0xff]);
        let map = LtlvMap::from_bytes(&blob).unwrap();
        assert_eq!(map.get(b"k").map(<[u8]>::len), Some(65_535));
        // 65 534 bytes still fit the short form.
        let blob = encode([(&b"k"[..], &value[..65_534])]).unwrap();
        assert_eq!(&blob[..4], &[1, b'k', 0xff, 0xfe]);
    }

    #[test]
    fn last_duplicate_wins() {
        let blob = [1, b'a', 0, 1, b'x', 1, b'a', 0, 1, b'y'];
        let map = LtlvMap::from_bytes(&blob).unwrap();
        assert_eq!(map.len(), 1);
        assert_eq!(map.get(b"a"), Some(&b"y"[..]));
    }

    #[test]
    fn huge_declared_length_is_refused_without_allocating() {
        let blob = [1, b'a', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3];
        let e = LtlvMap::from_bytes(&blob).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Malformed);
    }

    #[test]
    fn every_truncation_is_refused() {
        let blob = encode([(&b"cv"[..], &b"1"[..]), (&b"x"[..], &b"yz"[..])]).unwrap();
        for cut in 1..blob.len() {
            if cut == 6 {
                continue; // a record boundary
            }
            assert!(LtlvMap::from_bytes(&blob[..cut]).is_err(), "cut at {cut}");
        }
    }
}
