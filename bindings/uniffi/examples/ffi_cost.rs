//! Rust side of the FFI cost benchmark (bench.sh): 1 MiB calls through the core directly and
//! through this crate's wrapper functions (same code the foreign bindings call, minus the FFI).
//! Prints `BENCH lang=rust path=<path> mib=<n> ns_per_mib=<t>`.
#![allow(missing_docs)]

use std::time::Instant;

use megacrypt_ffi::{ContentKey, FileEncryptor};

const MIB: usize = 1 << 20;

fn report(path: &str, mib: usize, f: impl FnMut()) {
    let mut f = f;
    for _ in 0..8 {
        f(); // warm-up
    }
    let start = Instant::now();
    for _ in 0..mib {
        f();
    }
    let ns = start.elapsed().as_nanos() as f64 / mib as f64;
    println!("BENCH lang=rust path={path} mib={mib} ns_per_mib={ns:.0}");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mib: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    let mut key_and_nonce = [7u8; 24];
    key_and_nonce[16..].fill(9);
    let input = vec![0x5au8; MIB];

    let mut core =
        megacrypt::file::FileEncryptor::with_key(megacrypt::ContentKey::from_bytes(key_and_nonce)?);
    let mut buf = input.clone();
    report("core_encrypt_in_place", mib, || {
        core.encrypt_in_place(&mut buf)
    });

    let mut out = vec![0u8; MIB];
    report("core_encrypt_to", mib, || {
        let _ = core.encrypt_to(&input, &mut out);
    });

    let wrapped = FileEncryptor::with_key(ContentKey::from_bytes(&key_and_nonce)?);
    report("wrapper_encrypt_vec", mib, || {
        let _ = std::hint::black_box(wrapped.encrypt(&input));
    });
    Ok(())
}
