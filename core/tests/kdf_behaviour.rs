//! Signup's client random value comes from the caller's RNG, where mutation testing
//! (docs/mutation-testing.md) found that no test looked: a constant value would make every
//! account's v2 salt the same. The expected bytes are what `rand_chacha` itself yields.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

use megacrypt::kdf::{generate_client_random_value, v2_salt};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};

#[test]
fn the_client_random_value_is_the_callers_rng_output() {
    for seed in [0u64, 13, u64::MAX] {
        let mut want = [0u8; 16];
        ChaCha20Rng::seed_from_u64(seed).fill_bytes(&mut want);
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        assert_eq!(generate_client_random_value(&mut rng).unwrap(), want);
    }
    // Two draws from one RNG differ, and so do the salts made from them.
    let mut rng = ChaCha20Rng::seed_from_u64(7);
    let a = generate_client_random_value(&mut rng).unwrap();
    let b = generate_client_random_value(&mut rng).unwrap();
    assert_ne!(a, b);
    assert_ne!(v2_salt(&a), v2_salt(&b));
}
