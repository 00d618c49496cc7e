//! Randomness for the bindings: the façade's CSPRNG (the operating system's), passed to the core
//! wherever it needs fresh keys or nonces.

/// The OS random number generator. Failures surface as `CryptoError::Rng` through the core.
pub(crate) fn os_rng() -> getrandom::SysRng {
    megacrypt_foreign::rng()
}
