//! Thin, crate-private wrappers over the `aes` crate: single blocks, ECB, CBC with a zero IV, and
//! constant-time comparison. Everything MEGA builds on top of AES goes through here.

use aes::Aes128;
use cipher::{Array, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use subtle::ConstantTimeEq;

/// An expanded AES-128 key (the `aes` crate zeroizes its round keys on drop).
pub(crate) type Aes = Aes128;

pub(crate) fn aes(key: &[u8; 16]) -> Aes {
    Aes128::new(&Array::from(*key))
}

pub(crate) fn encrypt_block(cipher: &Aes, block: &mut [u8; 16]) {
    cipher.encrypt_block(<&mut Array<u8, _>>::from(block));
}

pub(crate) fn decrypt_block(cipher: &Aes, block: &mut [u8; 16]) {
    cipher.decrypt_block(<&mut Array<u8, _>>::from(block));
}

/// Splits a buffer into 16-byte blocks; the caller guarantees `len % 16 == 0` (checked in debug).
fn blocks_mut(buf: &mut [u8]) -> impl Iterator<Item = &mut [u8; 16]> {
    debug_assert_eq!(buf.len() % 16, 0);
    buf.chunks_exact_mut(16)
        .filter_map(|c| <&mut [u8; 16]>::try_from(c).ok())
}

/// AES-ECB encryption in place (MEGA's key wrapping). `buf.len()` must be a multiple of 16.
pub(crate) fn ecb_encrypt(cipher: &Aes, buf: &mut [u8]) {
    for b in blocks_mut(buf) {
        encrypt_block(cipher, b);
    }
}

/// AES-ECB decryption in place. `buf.len()` must be a multiple of 16.
pub(crate) fn ecb_decrypt(cipher: &Aes, buf: &mut [u8]) {
    for b in blocks_mut(buf) {
        decrypt_block(cipher, b);
    }
}

/// AES-CBC encryption with an all-zero IV, in place. `buf.len()` must be a multiple of 16.
pub(crate) fn cbc_encrypt_zero_iv(cipher: &Aes, buf: &mut [u8]) {
    let mut prev = [0u8; 16];
    for b in blocks_mut(buf) {
        xor_in_place(b, &prev);
        encrypt_block(cipher, b);
        prev = *b;
    }
}

/// AES-CBC decryption with an all-zero IV, in place. `buf.len()` must be a multiple of 16.
pub(crate) fn cbc_decrypt_zero_iv(cipher: &Aes, buf: &mut [u8]) {
    let mut prev = [0u8; 16];
    for b in blocks_mut(buf) {
        let this = *b;
        decrypt_block(cipher, b);
        xor_in_place(b, &prev);
        prev = this;
    }
}

/// `a ^= b` over the common length.
pub(crate) fn xor_in_place(a: &mut [u8], b: &[u8]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x ^= *y;
    }
}

/// Constant-time equality of two byte strings (lengths are not secret).
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Constant-time "all bytes are zero".
pub(crate) fn ct_is_zero(a: &[u8]) -> bool {
    let acc = a.iter().fold(0u8, |acc, &x| acc | x);
    bool::from(acc.ct_eq(&0))
}

#[cfg(test)]
mod tests {
    use super::*;

    // FIPS-197 Appendix C.1 (AES-128).
    #[test]
    fn fips197_c1() {
        let key: [u8; 16] = core::array::from_fn(|i| i as u8);
        let c = aes(&key);
        let mut b: [u8; 16] = core::array::from_fn(|i| (i as u8) * 0x11);
        encrypt_block(&c, &mut b);
        assert_eq!(
            b,
            [
                0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30, 0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4,
                0xc5, 0x5a
            ]
        );
        decrypt_block(&c, &mut b);
        assert_eq!(b, core::array::from_fn::<u8, 16, _>(|i| (i as u8) * 0x11));
    }

    #[test]
    fn cbc_zero_iv_round_trip_and_chaining() {
        let c = aes(&[7u8; 16]);
        let mut buf = [0x42u8; 48];
        cbc_encrypt_zero_iv(&c, &mut buf);
        // Equal plaintext blocks give different ciphertext blocks under CBC, equal ones under ECB.
        assert_ne!(buf[..16], buf[16..32]);
        cbc_decrypt_zero_iv(&c, &mut buf);
        assert_eq!(buf, [0x42u8; 48]);
        let mut e = [0x42u8; 32];
        ecb_encrypt(&c, &mut e);
        assert_eq!(e[..16], e[16..]);
        ecb_decrypt(&c, &mut e);
        assert_eq!(e, [0x42u8; 32]);
    }

    #[test]
    fn ct_helpers() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
        assert!(ct_is_zero(&[0; 5]));
        assert!(!ct_is_zero(&[0, 0, 1]));
    }
}
