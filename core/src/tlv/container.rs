//! Encrypted containers: `mode (1 byte) || iv || ciphertext || tag` around TLV records.

use alloc::vec::Vec;

use rand_core::TryCryptoRng;

use super::{ContainerMode, TlvRecords, aead_open, aead_seal};
use crate::error::{Error, Result};
use crate::keys::{AesKey, fill_random};
use crate::policy::CompatibilityPolicy;

/// Encrypts `records` into a container with a fresh random IV, in `mode` (use
/// [`ContainerMode::default()`], `0x10`, unless you must match an old client). The 8-byte-tag modes
/// are refused unless `policy` allows them.
pub fn seal_container<R: TryCryptoRng + ?Sized>(
    key: &AesKey,
    records: &TlvRecords,
    mode: ContainerMode,
    policy: &CompatibilityPolicy,
    rng: &mut R,
) -> Result<Vec<u8>> {
    let mut iv = [0u8; 12];
    let iv = iv
        .get_mut(..mode.iv_len())
        .ok_or(Error::misuse("IV length"))?;
    fill_random(rng, iv)?;
    seal_container_with_iv(key, records, mode, iv, policy)
}

/// [`seal_container`] with a caller-chosen IV; public as [`crate::hazmat::seal_container_with_iv`].
pub(crate) fn seal_container_with_iv(
    key: &AesKey,
    records: &TlvRecords,
    mode: ContainerMode,
    iv: &[u8],
    policy: &CompatibilityPolicy,
) -> Result<Vec<u8>> {
    if mode.tag_len() < 16 && !policy.allow_short_tag_container_writes {
        return Err(Error::unsupported(
            "8-byte-tag container modes are read-only by default",
        ));
    }
    if iv.len() != mode.iv_len() {
        return Err(Error::misuse("wrong IV length for this mode"));
    }
    let plain = records.to_bytes()?;
    let sealed = aead_seal(mode, key, iv, &[], &plain)?;
    let mut out = Vec::with_capacity(1 + iv.len() + sealed.len());
    out.push(mode.byte());
    out.extend_from_slice(iv);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens a container in any of the seven modes: mode byte, length, tag, then TLV parsing (with the
/// legacy UTF-8 repair, which only ever runs on authenticated plaintext). Unknown mode →
/// [`crate::ErrorKind::Unsupported`]; too short or a bad tag → [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt); bad TLV →
/// [`crate::ErrorKind::Malformed`].
pub fn open_container(key: &AesKey, blob: &[u8]) -> Result<(ContainerMode, TlvRecords)> {
    let (&mode_byte, rest) = blob.split_first().ok_or_else(Error::decrypt)?;
    let mode = ContainerMode::from_byte(mode_byte)?;
    if rest.len() < mode.iv_len() + mode.tag_len() {
        return Err(Error::decrypt());
    }
    let (iv, body) = rest
        .split_at_checked(mode.iv_len())
        .ok_or_else(Error::decrypt)?;
    let plain = aead_open(mode, key, iv, &[], body)?;
    Ok((mode, TlvRecords::from_bytes_with_utf8_repair(&plain)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(h: &str) -> AesKey {
        AesKey::from_slice(&hex::decode(h).unwrap()).unwrap()
    }

    #[test]
    fn container_framing_errors() {
        let key = k("000102030405060708090a0b0c0d0e0f");
        assert_eq!(
            open_container(&key, &[0x05; 40]).unwrap_err().kind(),
            crate::ErrorKind::Unsupported
        );
        assert_eq!(open_container(&key, &[]).unwrap_err(), Error::decrypt());
        assert_eq!(
            open_container(&key, &[0x10; 28]).unwrap_err(),
            Error::decrypt()
        ); // 1 + 12 + 15
        let mut r = TlvRecords::new();
        r.insert("a", b"1").unwrap();
        let strict = CompatibilityPolicy::STRICT;
        for mode in ContainerMode::ALL {
            let iv = alloc::vec![9u8; mode.iv_len()];
            let res = seal_container_with_iv(&key, &r, mode, &iv, &strict);
            assert_eq!(res.is_ok(), mode.tag_len() == 16, "{mode:?}");
            let blob =
                seal_container_with_iv(&key, &r, mode, &iv, &CompatibilityPolicy::OFFICIAL_CLIENT)
                    .unwrap();
            assert_eq!(blob[0], mode.byte());
            assert_eq!(blob.len(), 1 + mode.iv_len() + 5 + mode.tag_len()); // "a" NUL len(2) "1"
            assert_eq!(open_container(&key, &blob).unwrap(), (mode, r.clone()));
            assert_eq!(ContainerMode::from_byte(mode.byte()).unwrap(), mode);
        }
        // 0x03 is CCM: a 0x03 container is byte-identical to a 0x00 one apart from the mode byte.
        let iv = [3u8; 12];
        let a = seal_container_with_iv(&key, &r, ContainerMode::AesCcm12x16, &iv, &strict).unwrap();
        let b = seal_container_with_iv(&key, &r, ContainerMode::AesGcm12x16Broken, &iv, &strict)
            .unwrap();
        assert_eq!(a[1..], b[1..]);
    }
}
