//! GPS coordinates of a file node: the shareable `l` attribute and the unshareable, encrypted
//! `gp` attribute (SDK `MegaApiImpl::encodeCoordinates`, `updateAttributesMapWithCoordinates`
//! and the `l`/`gp` branch of `MegaNodePrivate::MegaNodePrivate(Node*)` in
//! `src/megaapi_impl.cpp`; webclient `decode_coords`).
//!
//! - `l` = `B64(lat24 as 3 little-endian bytes) || B64(lon24 as 3 bytes)`, 8 characters, with
//!   `lat24 = trunc((lat + 90) / 180 · 0xFFFFFF)` and
//!   `lon24 = trunc((lon + 180) / 360 · 0x1000000)` (longitude 180 written as 0).
//! - `gp` = `B64(AES-CTR_{K}(counter 0)("unshare/" || l))`, 22 characters, where `K` is the
//!   account's [`UnshareableKey`] (`*~usk` decrypted with the master key). A copy of the node in
//!   someone else's account cannot decrypt it, so the location does not travel with shares.
//!
//! ```
//! use megacrypt::location::{decode_l, encode_l, Coordinates};
//! let l = encode_l(Coordinates { latitude: 51.5007, longitude: -0.1246 })?;
//! assert_eq!(l, "1D7JUel_");
//! let c = decode_l(&l)?;
//! assert!((c.latitude - 51.5007).abs() < 1e-5);
//! # Ok::<(), megacrypt::Error>(())
//! ```

use alloc::string::String;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::base64;
use crate::error::{Error, Result};
use crate::keys::MasterKey;
use crate::primitives;

/// The value the SDK reports for a node without (valid) coordinates.
pub const INVALID_COORDINATE: f64 = -200.0;

/// Prefix of the decrypted `gp` value.
pub const GP_PREFIX: &[u8; 8] = b"unshare/";

/// A latitude/longitude pair in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coordinates {
    /// Latitude, −90 ..= 90.
    pub latitude: f64,
    /// Longitude, −180 ..= 180.
    pub longitude: f64,
}

/// The account's key for unshareable attributes: `*~usk` (16 bytes in MEGA base64), decrypted
/// with the master key by AES-ECB (SDK `MegaClient::setkey`).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct UnshareableKey([u8; 16]);

impl UnshareableKey {
    /// Wraps the 16 decrypted key bytes.
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        UnshareableKey(bytes)
    }

    /// Decrypts the `*~usk` value (MEGA base64 of exactly 16 bytes) with the master key.
    pub fn from_usk_attribute(master_key: &MasterKey, usk_b64: &str) -> Result<Self> {
        let mut k = Zeroizing::new(
            base64::decode_array::<16>(usk_b64)
                .map_err(|_| Error::malformed("location: *~usk must be 16 bytes of base64"))?,
        );
        let aes = primitives::aes(master_key.as_bytes());
        primitives::decrypt_block(&aes, &mut k);
        Ok(UnshareableKey(*k))
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The keystream block XORed with `"unshare/" || l`: AES of the all-zero counter block.
    fn keystream(&self) -> Zeroizing<[u8; 16]> {
        let mut block = Zeroizing::new([0u8; 16]);
        primitives::encrypt_block(&primitives::aes(&self.0), &mut block);
        block
    }
}

impl core::fmt::Debug for UnshareableKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("UnshareableKey(<redacted>)")
    }
}

/// The 24-bit values `(lat24, lon24)` that `l` stores, computed as the SDK does (truncation
/// toward zero). `ApiMisuse` for coordinates that are not finite or fall outside the 24-bit range
/// (latitude beyond ±90 or longitude beyond ±180 by more than the truncation absorbs).
pub fn to_24bit(c: Coordinates) -> Result<(u32, u32)> {
    if !c.latitude.is_finite() || !c.longitude.is_finite() {
        return Err(Error::misuse("location: coordinates must be finite"));
    }
    // `f64::trunc` needs std; the values are finite, and an `i64` cast truncates toward zero
    // exactly for every value the range check below can accept.
    let lat = ((((c.latitude + 90.0) / 180.0) * 16_777_215.0) as i64) as f64;
    let lon = if c.longitude == 180.0 {
        0.0
    } else {
        ((((c.longitude + 180.0) / 360.0) * 16_777_216.0) as i64) as f64
    };
    let range = 0.0..16_777_216.0;
    if !range.contains(&lat) || !range.contains(&lon) {
        return Err(Error::misuse("location: coordinates out of range"));
    }
    Ok((lat as u32, lon as u32))
}

/// Encodes the shareable `l` attribute (8 characters).
pub fn encode_l(c: Coordinates) -> Result<String> {
    let (lat, lon) = to_24bit(c)?;
    let lat = lat.to_le_bytes();
    let lon = lon.to_le_bytes();
    let mut out = base64::encode(lat.get(..3).unwrap_or_default());
    out.push_str(&base64::encode(lon.get(..3).unwrap_or_default()));
    Ok(out)
}

/// Encodes the unshareable `gp` attribute (22 characters).
pub fn encode_gp(c: Coordinates, key: &UnshareableKey) -> Result<String> {
    let l = encode_l(c)?;
    let mut block = [0u8; 16];
    for (d, s) in block.iter_mut().zip(GP_PREFIX.iter().chain(l.as_bytes())) {
        *d = *s;
    }
    primitives::xor_in_place(&mut block, key.keystream().as_ref());
    Ok(base64::encode(&block))
}

fn decode_half(s: &str) -> Result<u32> {
    let [a, b, c] = base64::decode_array::<3>(s)?;
    Ok(u32::from_le_bytes([a, b, c, 0]))
}

/// Decodes an `l` attribute: exactly 8 base64 characters. Latitude `−90 + 180·n / 0xFFFFFF`,
/// longitude `−180 + 360·n / 0x1000000` (so 180 comes back as −180).
pub fn decode_l(l: &str) -> Result<Coordinates> {
    if l.len() != 8 {
        return Err(Error::malformed("location: l must be 8 characters"));
    }
    let lat = decode_half(l.get(..4).ok_or(Error::malformed("location: l"))?)?;
    let lon = decode_half(l.get(4..).ok_or(Error::malformed("location: l"))?)?;
    Ok(Coordinates {
        latitude: -90.0 + 180.0 * f64::from(lat) / 16_777_215.0,
        longitude: -180.0 + 360.0 * f64::from(lon) / 16_777_216.0,
    })
}

/// Decrypts and decodes a `gp` attribute: exactly 22 base64 characters (16 bytes) that must
/// decrypt to `"unshare/"` followed by a valid `l`. A `gp` written under another account's key
/// fails the prefix check (`Decrypt`).
pub fn decode_gp(gp: &str, key: &UnshareableKey) -> Result<Coordinates> {
    if gp.len() != 22 {
        return Err(Error::malformed("location: gp must be 22 characters"));
    }
    let mut block = Zeroizing::new(base64::decode_array::<16>(gp)?);
    primitives::xor_in_place(block.as_mut(), key.keystream().as_ref());
    let (prefix, l) = block.split_at(8);
    if !primitives::ct_eq(prefix, GP_PREFIX) {
        return Err(Error::decrypt());
    }
    let l = core::str::from_utf8(l).map_err(|_| Error::decrypt())?;
    decode_l(l)
}

/// The coordinates of a file node as the SDK resolves them from its attributes: `gp` wins when it
/// decrypts (with `key`), otherwise `l` if valid, otherwise `None`. Folders carry no
/// coordinates; call this for file nodes only.
pub fn node_coordinates(
    l: Option<&str>,
    gp: Option<&str>,
    key: Option<&UnshareableKey>,
) -> Option<Coordinates> {
    let from_gp = match (gp, key) {
        (Some(gp), Some(key)) => decode_gp(gp, key).ok(),
        _ => None,
    };
    from_gp.or_else(|| l.and_then(|l| decode_l(l).ok()))
}

/// The attribute values to send when setting a file's coordinates: an empty string removes the
/// attribute (SDK `updateAttributesMapWithCoordinates`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocationAttributes {
    /// New value of `l` (empty: remove).
    pub l: String,
    /// New value of `gp` (empty: remove).
    pub gp: String,
}

impl LocationAttributes {
    /// Removes both attributes.
    pub fn clear() -> Self {
        LocationAttributes {
            l: String::new(),
            gp: String::new(),
        }
    }

    /// Shareable coordinates: `l` set, `gp` removed.
    pub fn shareable(c: Coordinates) -> Result<Self> {
        Ok(LocationAttributes {
            l: encode_l(c)?,
            gp: String::new(),
        })
    }

    /// Unshareable coordinates: `gp` set, `l` removed.
    pub fn unshareable(c: Coordinates, key: &UnshareableKey) -> Result<Self> {
        Ok(LocationAttributes {
            l: String::new(),
            gp: encode_gp(c, key)?,
        })
    }
}
