//! The Rust core's side of the JavaScript engine benchmark (`bindings/napi/bench.mjs`): encrypts,
//! then decrypts and verifies, N MiB in 1 MiB feeds on one thread, in place, exactly as the
//! JavaScript paths are timed, best of R runs (default 3), in process CPU seconds. Prints one line per operation:
//! `BENCH path=rust-core op=<encrypt|decrypt+verify> mib=<n> mb_per_s=<x>`.
//!
//! `cargo run --release -p megacrypt-benches --example file_throughput -- 256 3`
#![allow(missing_docs)]

use megacrypt::file::{FileDecryptor, FileEncryptor};
use megacrypt::{AesKey, Nonce};
use megacrypt_benches::process_cpu_seconds as now;

const MIB: usize = 1 << 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mib: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    let reps: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    // The same bytes as bench.mjs (xorshift32, little-endian words), so the ciphertext matches.
    let mut data = vec![0u8; mib * MIB];
    let mut x: u32 = 0x1234_5678;
    for word in data.chunks_exact_mut(4) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        word.copy_from_slice(&x.to_le_bytes());
    }
    let key: [u8; 16] = core::array::from_fn(|i| (i * 17 + 3) as u8);
    let nonce: [u8; 8] = core::array::from_fn(|i| (200 - i * 9) as u8);
    let mb = (mib * MIB) as f64 / 1e6;

    let plain = data.clone();
    let mut best = f64::INFINITY;
    let mut file_key = None;
    for _ in 0..reps {
        data.copy_from_slice(&plain);
        let start = now();
        let mut enc = FileEncryptor::with_key(megacrypt::ContentKey::from_parts(
            AesKey::from_bytes(key)?,
            Nonce::from_bytes(nonce)?,
        ));
        for piece in data.chunks_mut(MIB) {
            enc.encrypt_in_place(piece);
        }
        file_key = Some(enc.finish());
        best = best.min(now() - start);
    }
    let file_key = file_key.ok_or("no run")?;
    println!(
        "BENCH path=rust-core op=encrypt mib={mib} mb_per_s={:.1} node_key={}",
        mb / best,
        file_key.to_b64()
    );

    let cipher = data.clone();
    let mut best = f64::INFINITY;
    let mut size = 0;
    for _ in 0..reps {
        data.copy_from_slice(&cipher);
        let start = now();
        let mut dec = FileDecryptor::new(&file_key);
        for piece in data.chunks_mut(MIB) {
            dec.decrypt_unverified_in_place(piece);
        }
        size = dec.finish()?.len();
        best = best.min(now() - start);
    }
    assert_eq!(data, plain, "round trip");
    println!(
        "BENCH path=rust-core op=decrypt+verify mib={mib} mb_per_s={:.1} size={size}",
        mb / best
    );
    Ok(())
}
