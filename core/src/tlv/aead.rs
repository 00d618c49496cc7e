//! Raw AEAD in a container mode's cipher, IV and tag sizes, without container framing.

use alloc::vec::Vec;

use aes::Aes128;
use aes_gcm::AesGcm;
use ccm::Ccm;
use ccm::aead::{AeadInOut, KeyInit};
use cipher::Array;
use cipher::consts::{U8, U10, U12, U16};
use zeroize::Zeroizing;

use super::ContainerMode;
use crate::error::{Error, Result};
use crate::keys::AesKey;

fn seal_with<A: AeadInOut + KeyInit>(
    key: &AesKey,
    nonce: &[u8],
    aad: &[u8],
    buf: &mut Vec<u8>,
) -> Result<()> {
    let cipher = A::new_from_slice(key.as_bytes()).map_err(|_| Error::misuse("AES key"))?;
    let nonce =
        Array::try_from(nonce).map_err(|_| Error::misuse("wrong IV length for this mode"))?;
    let tag = cipher
        .encrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into())
        .map_err(|_| Error::misuse("plaintext too long"))?;
    buf.extend_from_slice(&tag);
    Ok(())
}

fn open_with<A: AeadInOut + KeyInit>(
    key: &AesKey,
    nonce: &[u8],
    aad: &[u8],
    buf: &mut Vec<u8>,
    tag_len: usize,
) -> Result<()> {
    let cipher = A::new_from_slice(key.as_bytes()).map_err(|_| Error::misuse("AES key"))?;
    let nonce =
        Array::try_from(nonce).map_err(|_| Error::misuse("wrong IV length for this mode"))?;
    let split = buf.len().checked_sub(tag_len).ok_or_else(Error::decrypt)?;
    let tag_bytes: Vec<u8> = buf.get(split..).ok_or_else(Error::decrypt)?.to_vec();
    let tag = Array::try_from(tag_bytes.as_slice()).map_err(|_| Error::decrypt())?;
    buf.truncate(split);
    let r = cipher.decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &tag);
    if r.is_err() {
        // Whatever the crate left in the buffer is not released.
        zeroize::Zeroize::zeroize(buf);
        buf.clear();
        return Err(Error::decrypt());
    }
    Ok(())
}

/// Authenticated encryption with a container mode's cipher, IV and tag sizes: returns
/// `ciphertext || tag`. MEGA uses no associated data (`aad = []`); the parameter exists for
/// generic test suites (Wycheproof).
pub(crate) fn aead_seal(
    mode: ContainerMode,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(plaintext.len() + mode.tag_len());
    buf.extend_from_slice(plaintext);
    match mode {
        ContainerMode::AesCcm12x16 | ContainerMode::AesGcm12x16Broken => {
            seal_with::<Ccm<Aes128, U16, U12>>(key, iv, aad, &mut buf)?
        }
        ContainerMode::AesCcm10x16 => seal_with::<Ccm<Aes128, U16, U10>>(key, iv, aad, &mut buf)?,
        ContainerMode::AesCcm10x8 | ContainerMode::AesGcm10x8Broken => {
            seal_with::<Ccm<Aes128, U8, U10>>(key, iv, aad, &mut buf)?
        }
        ContainerMode::AesGcm12x16 => {
            seal_with::<AesGcm<Aes128, U12, U16>>(key, iv, aad, &mut buf)?
        }
        ContainerMode::AesGcm10x8 => seal_with::<AesGcm<Aes128, U10, U8>>(key, iv, aad, &mut buf)?,
    }
    Ok(buf)
}

/// Verifies and decrypts `ciphertext || tag` (see [`aead_seal`]). Any failure is the opaque
/// [`ErrorKind::Decrypt`](crate::ErrorKind::Decrypt); no plaintext is returned unless the tag verified.
pub(crate) fn aead_open(
    mode: ContainerMode,
    key: &AesKey,
    iv: &[u8],
    aad: &[u8],
    ciphertext_and_tag: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    if iv.len() != mode.iv_len() {
        return Err(Error::decrypt());
    }
    let mut buf = Zeroizing::new(ciphertext_and_tag.to_vec());
    let t = mode.tag_len();
    match mode {
        ContainerMode::AesCcm12x16 | ContainerMode::AesGcm12x16Broken => {
            open_with::<Ccm<Aes128, U16, U12>>(key, iv, aad, &mut buf, t)?
        }
        ContainerMode::AesCcm10x16 => {
            open_with::<Ccm<Aes128, U16, U10>>(key, iv, aad, &mut buf, t)?
        }
        ContainerMode::AesCcm10x8 | ContainerMode::AesGcm10x8Broken => {
            open_with::<Ccm<Aes128, U8, U10>>(key, iv, aad, &mut buf, t)?
        }
        ContainerMode::AesGcm12x16 => {
            open_with::<AesGcm<Aes128, U12, U16>>(key, iv, aad, &mut buf, t)?
        }
        ContainerMode::AesGcm10x8 => {
            open_with::<AesGcm<Aes128, U10, U8>>(key, iv, aad, &mut buf, t)?
        }
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(h: &str) -> AesKey {
        AesKey::from_slice(&hex::decode(h).unwrap()).unwrap()
    }

    // Mode 0x11 (GCM, 10-byte IV, 8-byte tag). Expected values computed with node:crypto
    // (node v20.20.2, OpenSSL 3.0): createCipheriv("aes-128-gcm", key, iv10, {authTagLength: 8}).
    #[test]
    fn gcm_10_byte_iv_8_byte_tag_known_answers() {
        let key = k("000102030405060708090a0b0c0d0e0f");
        let iv = hex::decode("a0a1a2a3a4a5a6a7a8a9").unwrap();
        let cases: [(&str, &str); 2] = [
            ("", "1ffed55e1b1348d4"),
            ("616263", "81cbfc7a6619a99f114e94"),
        ];
        for (pt, want) in cases {
            let pt = hex::decode(pt).unwrap();
            let got = aead_seal(ContainerMode::AesGcm10x8, &key, &iv, &[], &pt).unwrap();
            assert_eq!(hex::encode(&got), want);
            assert_eq!(
                &*aead_open(ContainerMode::AesGcm10x8, &key, &iv, &[], &got).unwrap(),
                &pt[..]
            );
        }
        let key = k("0f0e0d0c0b0a09080706050403020100");
        let iv = hex::decode("00010203040506070809").unwrap();
        let pt = hex::decode("00112233445566778899aabbccddeeff0011223344").unwrap();
        let got = aead_seal(ContainerMode::AesGcm10x8, &key, &iv, &[], &pt).unwrap();
        assert_eq!(
            hex::encode(&got),
            "960e4984e4a2155599809d322bab32aaf96816eaadc54bdd6de3fd16f2"
        );
        let mut bad = got.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert_eq!(
            aead_open(ContainerMode::AesGcm10x8, &key, &iv, &[], &bad).unwrap_err(),
            Error::decrypt()
        );
    }

    // docs/format/tlv.md#modes: meganz/sdk tests/unit/Crypto_test.cpp AES_GCM (12-byte IV, 16-byte
    // tag).
    #[test]
    fn gcm_sdk_unit_test_vector() {
        let key = k("7464218a2f81efe78b2c7462380ebdd3");
        let iv = hex::decode("47cab59e30115d2eeead6bf7").unwrap();
        let pt = hex::decode("746421c28a2fc281c3afc3a7c28b2c7462380ec2bdc393").unwrap();
        let got = aead_seal(ContainerMode::AesGcm12x16, &key, &iv, &[], &pt).unwrap();
        assert_eq!(
            hex::encode(got),
            "2f7cea55800eb1193bccc8362ac35355285c69df138c843bba67ecbe26b6d503b45d38fcbda791"
        );
    }
}
