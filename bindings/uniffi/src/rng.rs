//! Randomness for the bindings: the operating system's CSPRNG (`getrandom::SysRng`, a rand_core
//! 0.10 `TryCryptoRng`), passed to the core wherever it needs fresh keys or nonces.

/// The OS random number generator. Failures surface as `MegaCryptoError::Rng` through the core.
pub(crate) fn os_rng() -> getrandom::SysRng {
    getrandom::SysRng
}
