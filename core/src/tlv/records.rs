//! TLV records, the plaintext of a container: `key || 0x00 || length (u16 BE) || value`.

use crate::sorted_map::SortedMap;
use alloc::string::String;
use alloc::vec::Vec;

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// A set of TLV records (docs/format/tlv.md#tlv-records):
/// `key (ASCII) || 0x00 || length (u16 BE) || value`.
///
/// Kept sorted by key, which is the order MEGA's SDK writes (a `std::map`); readers accept any
/// order, and for a duplicated key the last record wins (as both official readers do). Values are
/// treated as secret (zeroized on drop).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TlvRecords {
    records: SortedMap<String, Zeroizing<Vec<u8>>>,
}

impl core::fmt::Debug for TlvRecords {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TlvRecords")
            .field("keys", &self.records.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Largest record value with an ordinary 2-byte length.
const MAX_VALUE: usize = 0xFFFF;

impl TlvRecords {
    /// No records.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value` (replacing an earlier value). Keys must not contain NUL.
    pub fn insert(&mut self, key: &str, value: &[u8]) -> Result<()> {
        if key.as_bytes().contains(&0) {
            return Err(Error::misuse("TLV key contains a NUL byte"));
        }
        self.records
            .insert(String::from(key), Zeroizing::new(value.to_vec()));
        Ok(())
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&[u8]> {
        self.records.get(key).map(|v| v.as_slice())
    }

    /// Removes `key`, returning whether it was present.
    pub fn remove(&mut self, key: &str) -> bool {
        self.records.remove(key).is_some()
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// `true` when there are no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The records in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.records.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Serialises the records (sorted by key). A value over 65 535 bytes is only representable as
    /// the single record of a container whose key is empty (length field `0xFFFF`, then the whole
    /// value), as the SDK writes authrings.
    pub fn to_bytes(&self) -> Result<Zeroizing<Vec<u8>>> {
        let mut out = Zeroizing::new(Vec::new());
        for (k, v) in &self.records {
            let len = match u16::try_from(v.len()) {
                Ok(l) => l,
                Err(_) if k.is_empty() && self.records.len() == 1 => 0xFFFF,
                Err(_) => return Err(Error::misuse("TLV value longer than 65535 bytes")),
            };
            out.extend_from_slice(k.as_bytes());
            out.push(0);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(v);
        }
        // Readers take a container of 65 538+ bytes that starts with an empty key as the single
        // oversize record: refuse to write several records that would be read back that way.
        if self.records.len() > 1 && out.len() >= MAX_VALUE + 3 && out.first() == Some(&0) {
            return Err(Error::misuse(
                "TLV records with an empty key cannot exceed 65537 bytes",
            ));
        }
        Ok(out)
    }

    /// Parses a plaintext container. Errors: missing NUL terminator, fewer than 2 length bytes,
    /// a value running past the end, a non-UTF-8 key.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let bad = || Error::malformed("TLV container is malformed");
        let mut records = SortedMap::new();
        // The oversize single empty-key record (SDK containerToTLVrecords).
        if bytes.len() >= MAX_VALUE + 3 && bytes.first() == Some(&0) {
            let v = bytes.get(3..).ok_or_else(bad)?;
            records.insert(String::new(), Zeroizing::new(v.to_vec()));
            return Ok(TlvRecords { records });
        }
        let mut rest = bytes;
        while !rest.is_empty() {
            let nul = rest.iter().position(|b| *b == 0).ok_or_else(bad)?;
            let (key, tail) = rest.split_at_checked(nul).ok_or_else(bad)?;
            let key = core::str::from_utf8(key).map_err(|_| bad())?;
            let tail = tail.get(1..).ok_or_else(bad)?;
            let (len, tail) = tail.split_at_checked(2).ok_or_else(bad)?;
            let len = usize::from(u16::from_be_bytes(len.try_into().map_err(|_| bad())?));
            let (value, tail) = tail.split_at_checked(len).ok_or_else(bad)?;
            records.insert(String::from(key), Zeroizing::new(value.to_vec()));
            rest = tail;
        }
        Ok(TlvRecords { records })
    }

    /// [`from_bytes`](Self::from_bytes) with the legacy UTF-8 repair of the official clients: if
    /// the bytes do not parse, decode them as UTF-8, turn every code point (which must be ≤ 0xFF)
    /// into one byte and parse again (old webclients UTF-8-encoded the binary string before
    /// encrypting; SDK "Retrying TLV records decoding with UTF-8 patch").
    pub fn from_bytes_with_utf8_repair(bytes: &[u8]) -> Result<Self> {
        match Self::from_bytes(bytes) {
            Ok(r) => Ok(r),
            Err(e) => {
                let text = core::str::from_utf8(bytes).map_err(|_| e)?;
                let mut raw = Zeroizing::new(Vec::with_capacity(text.len()));
                for ch in text.chars() {
                    raw.push(u8::try_from(u32::from(ch)).map_err(|_| e)?);
                }
                Self::from_bytes(&raw)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // docs/format/tlv.md#tlv-records, from the webclient's tlvstore_test.js: foo/bar ->
    // "foo\0\0\x03bar".
    #[test]
    fn tlv_webclient_vector_and_order() {
        let mut r = TlvRecords::new();
        r.insert("foo", b"bar").unwrap();
        assert_eq!(&*r.to_bytes().unwrap(), b"foo\0\0\x03bar");
        // Any order is read; last duplicate wins.
        let parsed = TlvRecords::from_bytes(b"b\0\0\x011a\0\0\x00b\0\0\x012").unwrap();
        assert_eq!(parsed.get("b"), Some(&b"2"[..]));
        assert_eq!(parsed.get("a"), Some(&b""[..]));
        assert_eq!(parsed.len(), 2);
    }

    #[test]
    fn tlv_rejects_malformed() {
        for bad in [
            &b"foo"[..],
            b"foo\0",
            b"foo\0\0",
            b"foo\0\0\x04bar",
            b"\xff\0\0\0",
        ] {
            assert_eq!(
                TlvRecords::from_bytes(bad).unwrap_err().kind(),
                crate::ErrorKind::Malformed,
                "{bad:?}"
            );
        }
        assert!(TlvRecords::from_bytes(b"").unwrap().is_empty());
    }

    #[test]
    fn tlv_oversize_single_record() {
        let big = alloc::vec![7u8; 70_000];
        let mut r = TlvRecords::new();
        r.insert("", &big).unwrap();
        let bytes = r.to_bytes().unwrap();
        assert_eq!(&bytes[..3], &[0, 0xff, 0xff]);
        assert_eq!(TlvRecords::from_bytes(&bytes).unwrap(), r);
        r.insert("x", b"1").unwrap();
        assert!(r.to_bytes().is_err());
    }

    #[test]
    fn utf8_repair() {
        // "k\0\0\x01\xe9" UTF-8-encoded: \xe9 becomes c3 a9.
        let enc = "k\u{0}\u{0}\u{1}\u{e9}".as_bytes();
        assert!(TlvRecords::from_bytes(enc).is_err());
        let r = TlvRecords::from_bytes_with_utf8_repair(enc).unwrap();
        assert_eq!(r.get("k"), Some(&[0xe9][..]));
    }
}
