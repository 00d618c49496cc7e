//! The adapter from a caller's fallible RNG to the infallible one the `rsa` crate wants.

use core::convert::Infallible;

use rand_core::{TryCryptoRng, TryRng};

/// Adapts a fallible caller RNG to the infallible interface the `rsa` crate's key generation
/// wants: a failure fills zeros and is remembered, and the caller discards the result.
///
/// After a failure it fills from a fixed xorshift sequence rather than zeros: the `rsa` crate loops
/// until a blinding factor is invertible and a prime is found, which all-zero "randomness" would
/// never give. Anything computed after a failure is discarded.
pub(super) struct RecordingRng<'a, R: ?Sized> {
    rng: &'a mut R,
    pub(super) failed: bool,
    filler: u64,
}

impl<'a, R: ?Sized> RecordingRng<'a, R> {
    pub(super) fn new(rng: &'a mut R) -> Self {
        RecordingRng {
            rng,
            failed: false,
            filler: 0x9e37_79b9_7f4a_7c15,
        }
    }
}

impl<R: TryCryptoRng + ?Sized> TryRng for RecordingRng<'_, R> {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> core::result::Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> core::result::Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), Infallible> {
        if self.failed || self.rng.try_fill_bytes(dst).is_err() {
            self.failed = true;
            for b in dst.iter_mut() {
                self.filler ^= self.filler << 13;
                self.filler ^= self.filler >> 7;
                self.filler ^= self.filler << 17;
                *b = self.filler as u8;
            }
        }
        Ok(())
    }
}
impl<R: TryCryptoRng + ?Sized> TryCryptoRng for RecordingRng<'_, R> {}

#[cfg(test)]
mod tests {
    use rand_core::TryCryptoRng;

    use crate::rsa::RsaPrivateKey;

    /// An RNG that always fails.
    struct Broken;
    impl rand_core::TryRng for Broken {
        type Error = core::fmt::Error;
        fn try_next_u32(&mut self) -> core::result::Result<u32, core::fmt::Error> {
            Err(core::fmt::Error)
        }
        fn try_next_u64(&mut self) -> core::result::Result<u64, core::fmt::Error> {
            Err(core::fmt::Error)
        }
        fn try_fill_bytes(&mut self, _: &mut [u8]) -> core::result::Result<(), core::fmt::Error> {
            Err(core::fmt::Error)
        }
    }
    impl TryCryptoRng for Broken {}

    #[test]
    fn failing_rng_is_an_error_not_a_hang() {
        assert_eq!(
            RsaPrivateKey::generate(&mut Broken).unwrap_err().kind(),
            crate::ErrorKind::Rng
        );
        let mut rng: rand_chacha::ChaCha20Rng = rand_core::SeedableRng::seed_from_u64(5);
        let key = RsaPrivateKey::generate(&mut rng).unwrap();
        let ct = key
            .public_key()
            .encrypt_key_b64(&[7; 16], &mut rng)
            .unwrap();
        assert_eq!(
            key.decrypt_key_bytes(&ct, 16, &mut Broken)
                .unwrap_err()
                .kind(),
            crate::ErrorKind::Rng
        );
        assert!(key.public_key().encrypt_key(&[7; 16], &mut Broken).is_err());
    }
}
