//! Media attributes: file attributes of type 8 (dimensions, frame rate, duration, short format)
//! and 9 (container and codec ids), encrypted with XXTEA (SDK `src/mediafileattribute.cpp`,
//! webclient `MediaAttribute`).
//!
//! - Each attribute is 8 bytes, encrypted with XXTEA under the file's [`MediaKey`] (node key
//!   bytes 16..32, the nonce and meta-MAC, read as four **big-endian** words; the data is read
//!   as **little-endian** words), and sits in the node's `fa` string as `<id>:8*<11 chars>`.
//! - Type 8 stores every field doubled with a low flag bit: large values are stored coarsely
//!   (see [`MediaProperties::type8_plain`]), so a decoded value may differ from the encoded one.
//! - Type 9 is written only when the short format is 0 ("exotic" combination). The id → name
//!   tables come from the API (`mc` command) and are not cryptography.
//!
//! ```
//! use megacrypt::media::{MediaKey, MediaProperties};
//! let nk: Vec<u8> = (0u8..32).collect();
//! let key = MediaKey::from_node_key(&nk)?;
//! let props = MediaProperties { width: 1920, height: 1080, fps: 30, playtime: 125, shortformat: 1,
//!     ..Default::default() };
//! assert_eq!(props.to_fa_entries(&key)?, "8*84HFaf1djdQ");
//! let back = MediaProperties::from_fa_string("470:8*84HFaf1djdQ", &key)?;
//! assert_eq!(back, Some(props));
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::format;
use alloc::string::String;

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::base64;
use crate::error::{Error, Result};
use crate::keys::FileKey;

/// XXTEA's round constant.
const DELTA: u32 = 0x9E37_79B9;

/// File attribute type of the media properties.
pub const FA_TYPE_MEDIA: u8 = 8;
/// File attribute type of the extended media properties (codec ids).
pub const FA_TYPE_MEDIA_EXT: u8 = 9;
/// Short format the SDK reports when a node has no media attribute.
pub const SHORTFORMAT_UNKNOWN: u8 = 254;
/// Short format written when media analysis failed.
pub const SHORTFORMAT_NOT_IDENTIFIED: u8 = 255;

/// The XXTEA key of a file's media attributes: node key bytes 16..32 (nonce ‖ meta-MAC).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MediaKey([u32; 4]);

impl MediaKey {
    /// Builds the key from 16 bytes, read as four big-endian words.
    pub fn from_bytes(bytes: &[u8; 16]) -> Self {
        let mut k = [0u32; 4];
        for (w, c) in k.iter_mut().zip(bytes.chunks_exact(4)) {
            let mut b = [0u8; 4];
            b.copy_from_slice(c);
            *w = u32::from_be_bytes(b);
        }
        MediaKey(k)
    }

    /// The key of a file: its nonce followed by its meta-MAC.
    pub fn from_file_key(fk: &FileKey) -> Self {
        let mut b = zeroize::Zeroizing::new([0u8; 16]);
        let parts = fk.nonce().as_bytes().iter().chain(fk.meta_mac().as_bytes());
        for (d, s) in b.iter_mut().zip(parts) {
            *d = *s;
        }
        Self::from_bytes(&b)
    }

    /// The key from a packed 32-byte node key (bytes 16..32).
    pub fn from_node_key(nk: &[u8]) -> Result<Self> {
        let tail: &[u8; 16] = nk
            .get(16..)
            .filter(|_| nk.len() == 32)
            .and_then(|t| t.try_into().ok())
            .ok_or(Error::invalid_key("media: node key must be 32 bytes"))?;
        Ok(Self::from_bytes(tail))
    }
}

impl core::fmt::Debug for MediaKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("MediaKey(<redacted>)")
    }
}

fn mx(sum: u32, y: u32, z: u32, p: usize, e: u32, key: &[u32; 4]) -> u32 {
    let k = key.get((p & 3) ^ e as usize).copied().unwrap_or(0);
    (((z >> 5) ^ (y << 2)).wrapping_add((y >> 3) ^ (z << 4))) ^ ((sum ^ y).wrapping_add(k ^ z))
}

fn load_words(data: &[u8]) -> Result<alloc::vec::Vec<u32>> {
    if !data.len().is_multiple_of(4) || data.len() < 8 {
        return Err(Error::misuse(
            "xxtea: data must be a multiple of 4 bytes, at least 8",
        ));
    }
    Ok(data
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap_or([0; 4])))
        .collect())
}

fn store_words(words: &[u32], data: &mut [u8]) {
    for (c, w) in data.chunks_exact_mut(4).zip(words) {
        c.copy_from_slice(&w.to_le_bytes());
    }
}

/// XXTEA ("corrected block TEA") encryption in place; `data` holds little-endian words and must
/// be a multiple of 4 bytes, at least 8 (SDK `xxteaEncrypt`).
pub fn xxtea_encrypt(data: &mut [u8], key: &MediaKey) -> Result<()> {
    let mut v = load_words(data)?;
    let n = v.len();
    let rounds = 6 + 52 / n as u32;
    let mut z = v.last().copied().unwrap_or(0);
    let mut sum = 0u32;
    for _ in 0..rounds {
        sum = sum.wrapping_add(DELTA);
        let e = (sum >> 2) & 3;
        for p in 0..n {
            let y = v.get((p + 1) % n).copied().unwrap_or(0);
            if let Some(x) = v.get_mut(p) {
                *x = x.wrapping_add(mx(sum, y, z, p, e, &key.0));
                z = *x;
            }
        }
    }
    store_words(&v, data);
    v.zeroize();
    Ok(())
}

/// XXTEA decryption in place (SDK `xxteaDecrypt`); same layout as [`xxtea_encrypt`].
pub fn xxtea_decrypt(data: &mut [u8], key: &MediaKey) -> Result<()> {
    let mut v = load_words(data)?;
    let n = v.len();
    let rounds = 6 + 52 / n as u32;
    let mut sum = rounds.wrapping_mul(DELTA);
    let mut y = v.first().copied().unwrap_or(0);
    for _ in 0..rounds {
        let e = (sum >> 2) & 3;
        for p in (0..n).rev() {
            let z = v.get((p + n - 1) % n).copied().unwrap_or(0);
            if let Some(x) = v.get_mut(p) {
                *x = x.wrapping_sub(mx(sum, y, z, p, e, &key.0));
                y = *x;
            }
        }
        sum = sum.wrapping_sub(DELTA);
    }
    store_words(&v, data);
    v.zeroize();
    Ok(())
}

/// What media attributes say about a file. The SDK's `MediaProperties` (its `is_VFR` and
/// `no_audio` are local and never stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MediaProperties {
    /// Width in pixels (stored exactly below 16384, coarsely up to 147448).
    pub width: u32,
    /// Height in pixels (same range as the width).
    pub height: u32,
    /// Frames per second (exact below 128, coarse up to 1144).
    pub fps: u32,
    /// Duration in seconds (exact below 131072, coarse up to 7995360).
    pub playtime: u32,
    /// Short-format id (0 = exotic: container and codecs in type 9; 254 = unknown; 255 = not
    /// identified).
    pub shortformat: u8,
    /// Container id (8 bits; type 9 only).
    pub container_id: u8,
    /// Video codec id (12 bits; type 9 only).
    pub video_codec_id: u16,
    /// Audio codec id (12 bits; type 9 only).
    pub audio_codec_id: u16,
}

impl Default for MediaProperties {
    /// All zero with short format 0.
    fn default() -> Self {
        MediaProperties {
            width: 0,
            height: 0,
            fps: 0,
            playtime: 0,
            shortformat: 0,
            container_id: 0,
            video_codec_id: 0,
            audio_codec_id: 0,
        }
    }
}

/// Doubles `v` with a low flag bit: below `limit / 2` exactly, above coarsely, clamped.
fn coarse(v: u32, limit: u32, shift_coarse: impl Fn(u32) -> u32) -> u32 {
    let mut d = v << 1;
    if d >= limit {
        d = shift_coarse(d) | 1;
    }
    d.min(limit - 1)
}

impl MediaProperties {
    /// The 8 plaintext bytes of the type 8 attribute (SDK
    /// `MediaProperties::encodeMediaPropertiesAttributes`). Each field is doubled with a flag bit:
    /// width and height `w << 1`, or `((2w − 32768) >> 3) | 1` from 16384 on (15 bits);
    /// fps likewise from 128 (8 bits); playtime `p << 1`, or `((2p − 262200) / 60) | 1` from
    /// 131072 on (18 bits); values beyond the coarse range are clamped.
    pub fn type8_plain(&self) -> [u8; 8] {
        let w = coarse(self.width, 32768, |d| (d - 32768) >> 3);
        let h = coarse(self.height, 32768, |d| (d - 32768) >> 3);
        let f = coarse(self.fps, 256, |d| (d - 256) >> 3);
        // The SDK computes this in unsigned 32-bit arithmetic: values between 262144 and 262199
        // wrap and end up clamped.
        let p = coarse(self.playtime, 262_144, |d| d.wrapping_sub(262_200) / 60);
        [
            (w & 255) as u8,
            (((w >> 8) & 127) + ((h & 1) << 7)) as u8,
            ((h >> 1) & 255) as u8,
            (((f & 3) << 6) + ((h >> 9) & 63)) as u8,
            (((p & 3) << 6) + (f >> 2)) as u8,
            ((p >> 2) & 255) as u8,
            (p >> 10) as u8,
            self.shortformat,
        ]
    }

    /// The 8 plaintext bytes of the type 9 attribute: container, 12-bit video codec, 12-bit audio
    /// codec, zero padding.
    pub fn type9_plain(&self) -> [u8; 8] {
        let v = u32::from(self.video_codec_id);
        let a = u32::from(self.audio_codec_id);
        [
            self.container_id,
            (v & 255) as u8,
            (((v >> 8) & 15) + ((a & 15) << 4)) as u8,
            ((a >> 4) & 255) as u8,
            0,
            0,
            0,
            0,
        ]
    }

    fn apply_type8(&mut self, v: &[u8; 8]) {
        let [v0, v1, v2, v3, v4, v5, v6, v7] = v.map(u32::from);
        self.width = (v0 >> 1) + ((v1 & 127) << 7);
        if v0 & 1 != 0 {
            self.width = (self.width << 3) + 16384;
        }
        self.height = v2 + ((v3 & 63) << 8);
        if v1 & 128 != 0 {
            self.height = (self.height << 3) + 16384;
        }
        self.fps = (v3 >> 7) + ((v4 & 63) << 1);
        if v3 & 64 != 0 {
            self.fps = (self.fps << 3) + 128;
        }
        self.playtime = (v4 >> 7) + (v5 << 1) + (v6 << 9);
        if v4 & 64 != 0 {
            self.playtime = self.playtime * 60 + 131_100;
        }
        self.shortformat = v7 as u8;
    }

    fn apply_type9(&mut self, v: &[u8; 8]) {
        let [v0, v1, v2, v3, ..] = v.map(u16::from);
        self.container_id = v0 as u8;
        self.video_codec_id = v1 + ((v2 & 15) << 8);
        self.audio_codec_id = (v2 >> 4) + (v3 << 4);
    }

    /// Decodes the two plaintext attributes (type 9 only matters when the short format is 0).
    pub fn from_plain(type8: &[u8; 8], type9: Option<&[u8; 8]>) -> Self {
        let mut p = MediaProperties::default();
        p.apply_type8(type8);
        if let (0, Some(t9)) = (p.shortformat, type9) {
            p.apply_type9(t9);
        }
        p
    }

    /// The `fa` entries to attach: `8*<B64>` and, when the short format is 0, `/9*<B64>` (SDK
    /// `formatfileattr`). A server prefixes each with its storage cluster (`<id>:`).
    pub fn to_fa_entries(&self, key: &MediaKey) -> Result<String> {
        let mut t8 = self.type8_plain();
        xxtea_encrypt(&mut t8, key)?;
        let mut out = format!("{FA_TYPE_MEDIA}*{}", base64::encode(&t8));
        if self.shortformat == 0 {
            let mut t9 = self.type9_plain();
            xxtea_encrypt(&mut t9, key)?;
            out.push_str(&format!("/{FA_TYPE_MEDIA_EXT}*{}", base64::encode(&t9)));
        }
        Ok(out)
    }

    /// Reads the media properties from a node's `fa` string (`/`-separated `<id>:<type>*<B64>`
    /// entries), as the SDK does: the first `:8*` entry, and the first `:9*` entry when the
    /// short format is 0. `Ok(None)` when there is no `:8*` entry (the SDK then reports short
    /// format 254, "no information").
    ///
    /// Stricter than the SDK: an entry whose value is not exactly 11 canonical base64
    /// characters (8 bytes) followed by `/` or the end is `Malformed` (the SDK reads whatever
    /// 11 characters follow and ignores the rest, or reports "no information" if fewer remain).
    pub fn from_fa_string(fa: &str, key: &MediaKey) -> Result<Option<Self>> {
        let Some(t8) = find_entry(fa, FA_TYPE_MEDIA)? else {
            return Ok(None);
        };
        let mut t8 = t8;
        xxtea_decrypt(&mut t8, key)?;
        let mut props = MediaProperties::default();
        props.apply_type8(&t8);
        let t9 = match props.shortformat {
            0 => find_entry(fa, FA_TYPE_MEDIA_EXT)?,
            _ => None,
        };
        if let Some(mut t9) = t9 {
            xxtea_decrypt(&mut t9, key)?;
            props.apply_type9(&t9);
        }
        Ok(Some(props))
    }
}

/// Finds the first `:<ty>*` entry and decodes its 8 bytes.
fn find_entry(fa: &str, ty: u8) -> Result<Option<[u8; 8]>> {
    let needle = format!(":{ty}*");
    let Some(pos) = fa.find(&needle) else {
        return Ok(None);
    };
    let value = fa
        .get(pos + needle.len()..)
        .ok_or(Error::malformed("media: fa entry truncated"))?;
    let value = value.split('/').next().unwrap_or("");
    if value.len() != 11 {
        return Err(Error::malformed("media: fa entry is not 11 characters"));
    }
    let bytes = base64::decode_array::<8>(value)?;
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xxtea_round_trips() {
        let key = MediaKey::from_bytes(&[7; 16]);
        for words in [2usize, 3, 5, 16] {
            let plain: alloc::vec::Vec<u8> = (0..words * 4).map(|i| i as u8).collect();
            let mut buf = plain.clone();
            xxtea_encrypt(&mut buf, &key).unwrap();
            assert_ne!(buf, plain);
            xxtea_decrypt(&mut buf, &key).unwrap();
            assert_eq!(buf, plain);
        }
        assert!(xxtea_encrypt(&mut [0u8; 4], &key).is_err());
        assert!(xxtea_encrypt(&mut [0u8; 10], &key).is_err());
    }
}
