//! CloudRAID recombination (docs/format/cloudraid.md): turning five of the six parts of a 64 MiB
//! file back into its ciphertext, with the parity part left out (the normal case) and with a data
//! part left out (rebuilt from parity), side by side in one run with a plain copy of the same
//! bytes (`memcpy`, the floor) and AES-CTR over them (what the download does next). The goal:
//! recombination runs at memory speed, a small factor of the copy and well above AES.
//!
//! ```text
//! cargo bench -p megacrypt-benches --bench cloudraid
//! ```
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use megacrypt::cloudraid::{PARTS, Recombiner};
use megacrypt::file::UnauthenticatedRangeDecryptor;
use megacrypt::{AesKey, Nonce};

#[path = "../../core/tests/support/cloudraid_split.rs"]
mod cloudraid_split;
use cloudraid_split::split;

const FILE_LEN: usize = 64 << 20;
/// Bytes handed to the recombiner per part per call (a network read).
const PIECE: usize = 1 << 20;

fn recombine(parts: &[Vec<u8>; PARTS], unused: usize, out: &mut Vec<u8>) {
    out.clear();
    let mut r = Recombiner::new(FILE_LEN as u64, unused).unwrap();
    let mut at = 0;
    loop {
        let mut fed = false;
        for (p, part) in parts.iter().enumerate() {
            if p != unused && at < part.len() {
                r.feed(p, &part[at..(at + PIECE).min(part.len())]).unwrap();
                fed = true;
            }
        }
        r.drain_into(out);
        if !fed {
            break;
        }
        at += PIECE;
    }
    r.finish().unwrap();
}

fn bench(c: &mut Criterion) {
    let data: Vec<u8> = (0..FILE_LEN).map(|i| (i * 7 % 251) as u8).collect();
    let parts = split(&data);
    let mut out = Vec::with_capacity(FILE_LEN);
    recombine(&parts, 0, &mut out);
    assert_eq!(out, data);
    recombine(&parts, 3, &mut out);
    assert_eq!(out, data);

    let mut g = c.benchmark_group("cloudraid_64MiB");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Bytes(FILE_LEN as u64));
    g.bench_function("memcpy", |b| {
        b.iter(|| {
            out.clear();
            out.extend_from_slice(black_box(&data));
            black_box(out.len())
        })
    });
    for (name, unused) in [
        ("recombine_without_parity", 0usize),
        ("recombine_rebuild_part_3", 3),
    ] {
        g.bench_with_input(BenchmarkId::new(name, FILE_LEN), &unused, |b, &unused| {
            b.iter(|| {
                recombine(black_box(&parts), unused, &mut out);
                black_box(out.len())
            })
        });
    }
    let key = AesKey::from_bytes([0x42; 16]).unwrap();
    let ctr = UnauthenticatedRangeDecryptor::new(&megacrypt::ContentKey::from_parts(
        key.clone(),
        Nonce::from_bytes([7; 8]).unwrap(),
    ));
    g.bench_function("aes_ctr", |b| {
        b.iter(|| {
            out.clear();
            out.extend_from_slice(&data);
            ctr.decrypt_at_unverified(0, black_box(&mut out));
            black_box(out.len())
        })
    });
    g.finish();
}

criterion::criterion_group!(benches, bench);
criterion::criterion_main!(benches);
