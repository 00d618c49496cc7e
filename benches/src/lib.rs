//! Helpers shared by the benchmarks: the naive block-by-block MEGA file encryption that every
//! existing MEGA client uses (the baseline), and a per-thread CPU-time clock for criterion.
#![allow(clippy::indexing_slicing)]

use aes::Aes128;
use cipher::{Array, BlockCipherEncrypt, KeyInit, KeyIvInit, StreamCipher};
use criterion::Throughput;
use criterion::measurement::{Measurement, ValueFormatter};

type Ctr = ctr::Ctr64BE<Aes128>;

/// MEGA's chunk table: `(offset, len)` for a file of `size` bytes
/// (docs/format/files.md#chunk-schedule).
pub fn chunks(size: usize) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let (mut p, mut k) = (0usize, 1usize);
    while p < size {
        let len = if k <= 8 { k * 131_072 } else { 1_048_576 };
        v.push((p, len.min(size - p)));
        p += len;
        k += 1;
    }
    v
}

/// The serial approach of MEGA's SDK, megajs, mega.py and the `mega` crate: per chunk, CTR with
/// the `ctr` crate and a CBC-MAC computed one block at a time. Returns the meta-MAC.
/// `decrypt` MACs after CTR (download), otherwise before (upload).
pub fn naive(key: &[u8; 16], nonce: &[u8; 8], buf: &mut [u8], decrypt: bool) -> [u8; 8] {
    let aes = Aes128::new(&Array::from(*key));
    let mut iv = [0u8; 16];
    iv[..8].copy_from_slice(nonce);
    let mut ctr = Ctr::new(&Array::from(*key), &Array::from(iv));
    let mut acc = [0u8; 16];
    for (off, len) in chunks(buf.len()) {
        let chunk = &mut buf[off..off + len];
        if decrypt {
            ctr.apply_keystream(chunk);
        }
        let mut mac = [0u8; 16];
        mac[..8].copy_from_slice(nonce);
        mac[8..].copy_from_slice(nonce);
        for block in chunk.chunks(16) {
            for (m, b) in mac.iter_mut().zip(block) {
                *m ^= b;
            }
            aes.encrypt_block((&mut mac).into());
        }
        if !decrypt {
            ctr.apply_keystream(chunk);
        }
        for (a, m) in acc.iter_mut().zip(mac) {
            *a ^= m;
        }
        aes.encrypt_block((&mut acc).into());
    }
    let mut mm = [0u8; 8];
    for i in 0..4 {
        mm[i] = acc[i] ^ acc[4 + i];
        mm[4 + i] = acc[8 + i] ^ acc[12 + i];
    }
    mm
}

/// AES-128-ECB over a buffer with the `aes` crate's multi-block API: the in-process hardware
/// limit (one AES call per 16 bytes; MEGA's format needs two).
pub fn ecb_reference(aes: &Aes128, buf: &mut [u8]) {
    let (blocks, _) = buf.as_chunks_mut::<16>();
    aes.encrypt_blocks(Array::cast_slice_from_core_mut(blocks));
}

/// Criterion measurement: CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`). Useful on
/// a shared, loaded machine: time spent waiting for a core is not counted. Meaningless for
/// multi-threaded benchmarks (use wall time there).
pub struct ThreadCpuTime;

fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant supported on Linux.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0;
    }
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// CPU time of the whole process in seconds (`CLOCK_PROCESS_CPUTIME_ID`), for the JavaScript
/// engine benchmark (`examples/file_throughput.rs`), whose Node side measures
/// `process.cpuUsage()`: on a loaded machine, wall time mostly measures the other processes.
pub fn process_cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant supported on Linux.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return 0.0;
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, i: u64) -> u64 {
        thread_cpu_ns().saturating_sub(i)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = if typical < 1e3 {
            (1.0, "ns")
        } else if typical < 1e6 {
            (1e3, "µs")
        } else if typical < 1e9 {
            (1e6, "ms")
        } else {
            (1e9, "s")
        };
        for v in values {
            *v /= div;
        }
        unit
    }
    fn scale_throughputs(
        &self,
        typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        match throughput {
            Throughput::Bytes(b) | Throughput::BytesDecimal(b) => {
                for v in values.iter_mut() {
                    *v = *b as f64 * 1e9 / *v / 1e6;
                }
                let _ = typical;
                "MB/s (CPU)"
            }
            _ => {
                for v in values.iter_mut() {
                    *v = 1e9 / *v;
                }
                "elem/s (CPU)"
            }
        }
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

/// The repository README's Rust examples, compiled and run as doctests. They live in this
/// unpublished crate, not in `megacrypt`: the README is outside the `megacrypt` package, whose
/// doctests must also run from the `.crate` alone (scripts/package.sh).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// Encrypts a whole buffer with the file engine's chunks spread over rayon's pool (the current
/// pool: call inside `ThreadPool::install` to choose the thread count).
pub fn encrypt_on_pool(
    key: megacrypt::AesKey,
    nonce: megacrypt::Nonce,
    buf: &mut [u8],
) -> megacrypt::FileKey {
    let mut enc =
        megacrypt::file::FileEncryptor::with_key(megacrypt::ContentKey::from_parts(key, nonce));
    enc.set_parallelism(megacrypt::Parallelism::ThreadPool);
    enc.encrypt_in_place(buf);
    enc.finish()
}

/// Decrypts and verifies a whole buffer on rayon's pool (see [`encrypt_on_pool`]).
pub fn decrypt_on_pool(
    key: &megacrypt::FileKey,
    buf: &mut [u8],
) -> megacrypt::Result<megacrypt::file::FileVerified> {
    let mut dec = megacrypt::file::FileDecryptor::new(key);
    dec.set_parallelism(megacrypt::Parallelism::ThreadPool);
    dec.decrypt_unverified_in_place(buf);
    dec.finish()
}
