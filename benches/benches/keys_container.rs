//! `^!keys` container benchmarks (docs/format/keys-container.md): opening (HKDF, AES-GCM, record
//! parse, typed view) and sealing a container that holds 100, 1 000 and 10 000 share keys, the
//! size of an account with many shares. The goal is milliseconds at 10 000 keys, and cost linear
//! in the number of keys (no quadratic lookups).
//!
//! ```text
//! cargo bench -p megacrypt-benches --bench keys_container
//! ```
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use megacrypt::keys_container::{KeysContainer, OpenOptions};
use megacrypt::{MasterKey, NodeHandle, ShareKey, UserHandle};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const USER: UserHandle = UserHandle::from_bytes(*b"bench-uh");

fn container(share_keys: u32) -> KeysContainer {
    let mut k = KeysContainer::new(USER, 1_700_000_000, &[1; 32], &[2; 32], None).unwrap();
    for i in 0..share_keys {
        let b = i.to_be_bytes();
        let node = NodeHandle::from_bytes([b'n', b'd', b[0], b[1], b[2], b[3]]);
        let mut key = [0x5a; 16];
        key[..4].copy_from_slice(&b);
        k.insert_share_key(node, &ShareKey::from_bytes(key).unwrap(), i % 2 == 0)
            .unwrap();
    }
    k
}

fn bench(c: &mut Criterion) {
    let mk = MasterKey::from_bytes([0x42; 16]).unwrap();
    let options = OpenOptions::new().allow_empty_rsa(true);
    let mut g = c.benchmark_group("keys_container");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for n in [100u32, 1_000, 10_000] {
        let k = container(n);
        let mut rng = ChaCha20Rng::from_seed([7; 32]);
        let sealed = k.seal(&mk, &mut rng).unwrap();
        g.throughput(Throughput::Elements(u64::from(n)));
        g.bench_with_input(
            BenchmarkId::new("open", n),
            sealed.attribute(),
            |b, attr| {
                b.iter(|| KeysContainer::open(&mk, black_box(attr), &USER, 0, &options).unwrap())
            },
        );
        g.bench_with_input(BenchmarkId::new("seal", n), &k, |b, k| {
            b.iter(|| black_box(k).seal(&mk, &mut rng).unwrap())
        });
    }
    g.finish();
}

criterion::criterion_group!(benches, bench);
criterion::criterion_main!(benches);
