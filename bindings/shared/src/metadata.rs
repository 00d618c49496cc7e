//! File metadata for the foreign API (issue 14): the `c` fingerprint, media attributes (`fa`
//! types 8 and 9), location attributes (`l`, `gp`), the upload checksum (`?d=`) and CloudRAID.
//!
//! Only what needs converting or composing lives here; the binding crates call the core directly
//! for the rest (`megacrypt::fingerprint`, `media`, `location`, `upload_checksum`, `cloudraid`).
//! Conventions shared by both bindings:
//!
//! - a sparse CRC crosses the boundary as its 16 raw bytes ([`sparse_crc`] converts them back);
//! - a byte range (a fingerprint read, a CloudRAID part range) is `(offset, length)`;
//! - media properties arrive as eight `u32`s ([`media_properties`]: the byte- and 16-bit-sized
//!   fields are range-checked, `ApiMisuse`, because JNA sign-extends byte arguments);
//! - a CloudRAID part index arrives as a `u32` ([`raid_part`]: `ApiMisuse` above 5).

use megacrypt::cloudraid::{self, Recombiner};
use megacrypt::fingerprint::{ByteRange, FileFingerprint, SparseCrc, serialize64};
use megacrypt::location::UnshareableKey;
use megacrypt::media::{MediaKey, MediaProperties};

use super::error::misuse;
use super::{Error, ErrorKind, Result, arg};

/// A 16-byte key argument (`InvalidKey` for another length).
fn key16(bytes: &[u8], detail: &'static str) -> Result<[u8; 16]> {
    bytes
        .try_into()
        .map_err(|_| Error::new(ErrorKind::InvalidKey, detail))
}

/// A media key given as its 16 raw bytes (node key bytes 16..32).
pub fn media_key(bytes: &[u8]) -> Result<MediaKey> {
    Ok(MediaKey::from_bytes(&key16(
        bytes,
        "media key must be 16 bytes",
    )?))
}

/// An unshareable-attribute key given as its 16 decrypted bytes.
pub fn unshareable_key(bytes: &[u8]) -> Result<UnshareableKey> {
    Ok(UnshareableKey::from_bytes(key16(
        bytes,
        "unshareable key must be 16 bytes",
    )?))
}

/// A sparse CRC given as its 16 raw bytes (`Malformed` otherwise, as the core's parser says).
pub fn sparse_crc(bytes: &[u8]) -> Result<SparseCrc> {
    SparseCrc::from_slice(bytes)
}

/// A fingerprint from a size, the 16 CRC bytes and the mtime (seconds since the epoch).
pub fn file_fingerprint(size: u64, crc: &[u8], mtime: i64) -> Result<FileFingerprint> {
    Ok(FileFingerprint::new(size, sparse_crc(crc)?, mtime))
}

/// One Serialize64 value read from the start of `input`: the value and the bytes it used.
pub fn serialize64_decode(input: &[u8]) -> Result<(u64, u32)> {
    let (value, used) = serialize64::decode(input)?;
    Ok((value, arg::len_u32(used)))
}

/// The `(offset, length)` of a core byte range.
pub fn byte_range(r: ByteRange) -> (u64, u64) {
    (r.offset, r.len)
}

/// Media properties from eight foreign `u32`s. `ApiMisuse` when the short format or the
/// container id exceeds a byte, or a codec id exceeds 16 bits (the attribute keeps 12).
#[allow(clippy::too_many_arguments)] // the eight fields of the record, in its order
pub fn media_properties(
    width: u32,
    height: u32,
    fps: u32,
    playtime: u32,
    shortformat: u32,
    container_id: u32,
    video_codec_id: u32,
    audio_codec_id: u32,
) -> Result<MediaProperties> {
    let u16_field = |v: u32, detail: &'static str| u16::try_from(v).map_err(|_| misuse(detail));
    Ok(MediaProperties {
        width,
        height,
        fps,
        playtime,
        shortformat: arg::byte(shortformat, "shortformat must be 0..=255")?,
        container_id: arg::byte(container_id, "containerId must be 0..=255")?,
        video_codec_id: u16_field(video_codec_id, "videoCodecId must be 0..=65535")?,
        audio_codec_id: u16_field(audio_codec_id, "audioCodecId must be 0..=65535")?,
    })
}

/// A CloudRAID part index (0 = parity, 1..=5 data) given as a `u32`.
pub fn raid_part(part: u32) -> Result<usize> {
    let p = arg::len_usize(part);
    if p >= cloudraid::PARTS {
        return Err(misuse("cloudraid: part index must be 0..=5"));
    }
    Ok(p)
}

/// The `(offset, length)` of `part` to download, `None` for the unused part.
pub fn raid_part_range(r: &Recombiner, part: u32) -> Result<Option<(u64, u64)>> {
    Ok(r.part_range(raid_part(part)?)
        .map(|(from, to)| (from, to - from)))
}

/// The recombined bytes available so far (possibly none).
pub fn raid_drain(r: &mut Recombiner) -> Vec<u8> {
    let mut out = Vec::new();
    r.drain_into(&mut out);
    out
}

/// The six part sizes of a file of `file_size` bytes, in part order.
pub fn raid_part_sizes(file_size: u64) -> Vec<u64> {
    cloudraid::part_sizes(file_size).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_fields_are_range_checked() {
        assert!(media_properties(1, 2, 3, 4, 255, 255, 65535, 0).is_ok());
        for bad in [
            media_properties(0, 0, 0, 0, 256, 0, 0, 0),
            media_properties(0, 0, 0, 0, 0, 256, 0, 0),
            media_properties(0, 0, 0, 0, 0, 0, 65536, 0),
            media_properties(0, 0, 0, 0, 0, 0, 0, 65536),
        ] {
            assert_eq!(bad.unwrap_err().kind(), ErrorKind::ApiMisuse);
        }
    }

    #[test]
    fn raid_part_index_is_checked() {
        assert_eq!(raid_part(5).unwrap(), 5);
        assert_eq!(raid_part(6).unwrap_err().kind(), ErrorKind::ApiMisuse);
        let r = Recombiner::new(1000, 0).unwrap();
        assert_eq!(raid_part_range(&r, 0).unwrap(), None);
        // Part 1 of a 1000-byte file is 208 bytes (part_size formula, docs/format/cloudraid.md).
        assert_eq!(raid_part_range(&r, 1).unwrap(), Some((0, 208)));
        assert_eq!(
            raid_part_range(&r, 9).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
    }

    #[test]
    fn crc_must_be_16_bytes() {
        assert_eq!(
            file_fingerprint(1, &[0; 15], 0).unwrap_err().kind(),
            ErrorKind::Malformed
        );
        assert_eq!(serialize64_decode(&[2, 0, 1]).unwrap(), (256, 3));
    }
}
