//! MEGA base64 and the `a32` word convention.
//!
//! MEGA writes base64 with the URL-safe alphabet (`A–Z a–z 0–9 - _`) and **no** `=` padding
//! (docs/format/base64-and-handles.md#mega-base64). Encoding here always produces exactly that.
//!
//! Decoding is strict where MEGA's own decoders are lenient, because silently skipping characters
//! turns typos and injected junk into different keys:
//! - `=` padding, whitespace, `,` and any character outside the two base64 alphabets are errors;
//! - a length of `4k + 1` characters cannot encode whole bytes and is an error;
//! - the unused low bits of the last character must be zero (only the canonical encoding of a
//!   byte string is accepted, so every byte string has exactly one spelling).
//!
//! For compatibility with old data, the standard alphabet's `+` and `/` are accepted as 62 and 63
//! (MEGA's SDK does the same).

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Length of the MEGA base64 encoding of `n` bytes: `ceil(4n / 3)`.
pub const fn encoded_len(n: usize) -> usize {
    (n / 3) * 4
        + match n % 3 {
            0 => 0,
            1 => 2,
            _ => 3,
        }
}

/// Number of bytes that `len` base64 characters decode to, or `None` if no byte string has an
/// encoding of that length (`len % 4 == 1`).
pub const fn decoded_len(len: usize) -> Option<usize> {
    match len % 4 {
        1 => None,
        r => Some((len / 4) * 3 + r.saturating_sub(1)),
    }
}

/// Encodes bytes as MEGA base64 (URL-safe alphabet, no padding).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(encoded_len(bytes.len()));
    let sym = |v: u32| char::from(ALPHABET.get((v & 63) as usize).copied().unwrap_or(b'A'));
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let [a, b, c] = [0, 1, 2].map(|i| c.get(i).copied().map_or(0, u32::from));
        let v = (a << 16) | (b << 8) | c;
        out.push(sym(v >> 18));
        out.push(sym(v >> 12));
        out.push(sym(v >> 6));
        out.push(sym(v));
    }
    match *chunks.remainder() {
        [a] => {
            let v = u32::from(a) << 16;
            out.push(sym(v >> 18));
            out.push(sym(v >> 12));
        }
        [a, b] => {
            let v = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.push(sym(v >> 18));
            out.push(sym(v >> 12));
            out.push(sym(v >> 6));
        }
        _ => {}
    }
    out
}

fn value_of(c: u8) -> Result<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' | b'+' => 62,
        b'_' | b'/' => 63,
        b'=' => return Err(Error::malformed("base64: '=' padding is not allowed")),
        b' ' | b'\t' | b'\r' | b'\n' => {
            return Err(Error::malformed("base64: whitespace is not allowed"));
        }
        _ => return Err(Error::malformed("base64: invalid character")),
    };
    Ok(u32::from(v))
}

/// Decodes MEGA base64 into `out`, which must have exactly [`decoded_len`] bytes.
///
/// Writes nothing useful on error; callers that decode secrets should zeroize `out` then.
pub fn decode_into(s: &str, out: &mut [u8]) -> Result<()> {
    let input = s.as_bytes();
    let n = decoded_len(input.len())
        .ok_or(Error::malformed("base64: length cannot encode whole bytes"))?;
    if n != out.len() {
        return Err(Error::malformed("base64: wrong decoded length"));
    }
    let mut groups = input.chunks_exact(4);
    let mut outs = out.chunks_mut(3);
    for (g, o) in (&mut groups).zip(&mut outs) {
        let mut v = 0u32;
        for &c in g {
            v = (v << 6) | value_of(c)?;
        }
        for (i, b) in o.iter_mut().enumerate() {
            *b = (v >> (16 - 8 * i)) as u8;
        }
    }
    let rest = groups.remainder();
    if !rest.is_empty() {
        let mut v = 0u32;
        for &c in rest {
            v = (v << 6) | value_of(c)?;
        }
        // 2 chars = 12 bits -> 1 byte + 4 spare bits; 3 chars = 18 bits -> 2 bytes + 2 spare bits.
        let spare = if rest.len() == 2 { 4 } else { 2 };
        if v & ((1 << spare) - 1) != 0 {
            return Err(Error::malformed("base64: non-canonical trailing bits"));
        }
        v >>= spare;
        if let Some(o) = outs.next() {
            let len = o.len();
            for (i, b) in o.iter_mut().enumerate() {
                *b = (v >> (8 * (len - 1 - i))) as u8;
            }
        }
    }
    Ok(())
}

/// Decodes MEGA base64 into a new vector.
pub fn decode(s: &str) -> Result<Vec<u8>> {
    let n =
        decoded_len(s.len()).ok_or(Error::malformed("base64: length cannot encode whole bytes"))?;
    let mut out = alloc::vec![0u8; n];
    decode_into(s, &mut out)?;
    Ok(out)
}

/// Decodes MEGA base64 that must encode exactly `N` bytes.
pub fn decode_array<const N: usize>(s: &str) -> Result<[u8; N]> {
    if decoded_len(s.len()) != Some(N) {
        return Err(Error::malformed("base64: wrong length for this field"));
    }
    let mut out = [0u8; N];
    decode_into(s, &mut out)?;
    Ok(out)
}

/// Converts `a32` words (the webclient's key representation) to bytes: big-endian, concatenated.
pub fn a32_to_bytes(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_be_bytes()).collect()
}

/// Converts bytes to `a32` words (big-endian); a trailing partial word is zero-filled on the right,
/// as the webclient's `str_to_a32` does.
pub fn bytes_to_a32(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks(4)
        .map(|c| {
            let mut w = [0u8; 4];
            for (d, s) in w.iter_mut().zip(c) {
                *d = *s;
            }
            u32::from_be_bytes(w)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4648 §10 test vectors, translated to the URL alphabet without padding.
    #[test]
    fn rfc4648_vectors() {
        let cases: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
        ];
        for (raw, enc) in cases {
            assert_eq!(encode(raw), enc);
            assert_eq!(decode(enc).unwrap(), raw);
        }
    }

    #[test]
    fn url_alphabet_and_standard_alphabet() {
        // 0xfb 0xff = 111110 111111 1111(00) -> "-_8" in the URL alphabet.
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode("+/8").unwrap(), [0xfb, 0xff]);
    }

    #[test]
    fn rejects_non_strict_input() {
        for bad in [
            "Zg==", "Zg=", "Z g", "Zm9v\n", "Zm,9v", "Z", "Zm9vY", "Zh", "Zm9", "Zm*v", "é",
        ] {
            // "Zh" and "Zm9" have non-zero unused trailing bits ("Zg", "Zm8" are canonical).
            assert_eq!(
                decode(bad).unwrap_err().kind(),
                crate::ErrorKind::Malformed,
                "{bad:?}"
            );
        }
        assert!(decode_array::<2>("Zm9v").is_err());
        assert_eq!(decode_array::<3>("Zm9v").unwrap(), *b"foo");
    }

    #[test]
    fn a32_is_big_endian() {
        assert_eq!(
            a32_to_bytes(&[0x0102_0304, 0xffff_ffff]),
            [1, 2, 3, 4, 255, 255, 255, 255]
        );
        assert_eq!(bytes_to_a32(&[1, 2, 3, 4, 5]), [0x0102_0304, 0x0500_0000]);
    }
}
