//! Hashcash solver benchmarks (docs/format/hashcash.md): the cost of one attempt (one SHA-256 over
//! the 12 MiB message) and complete solves at easiness 255 (≈ 2 attempts expected) and 192 (≈ 256),
//! single-threaded and with rayon (`parallel`).
//!
//! ```text
//! cargo bench -p megacrypt-benches --bench hashcash
//! ```
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use megacrypt::hashcash;

/// A deterministic synthetic token.
fn token(seed: u8) -> [u8; hashcash::TOKEN_LEN] {
    core::array::from_fn(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("hashcash");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Bytes(
        (4 + hashcash::TOKEN_LEN * hashcash::TOKEN_REPEAT) as u64,
    ));
    let t = token(1);
    g.bench_function("one attempt (12 MiB SHA-256)", |b| {
        b.iter(|| hashcash::hash_prefix(black_box(&t), &[0; 4]))
    });
    g.throughput(Throughput::Elements(1));
    // Fixed tokens whose first solution is at a known counter keep the work per iteration stable.
    for (easiness, seed) in [(255u8, 1u8), (192, 2)] {
        let t = token(seed);
        let n = hashcash::solve(&t, easiness).unwrap();
        let attempts = u32::from_le_bytes(n) + 1;
        g.bench_function(
            format!("solve e={easiness} ({attempts} attempts), 1 thread"),
            |b| b.iter(|| hashcash::solve(black_box(&t), easiness).unwrap()),
        );
        g.bench_function(
            format!("solve e={easiness} ({attempts} attempts), rayon"),
            |b| {
                b.iter(|| {
                    hashcash::solve_with(
                        black_box(&t),
                        easiness,
                        megacrypt::Parallelism::ThreadPool,
                    )
                    .unwrap()
                })
            },
        );
    }
    g.finish();
}

criterion::criterion_group!(benches, bench);
criterion::criterion_main!(benches);
