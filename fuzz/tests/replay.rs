//! Replays the committed seeds (`fuzz/seeds/<target>/`), any local corpus (`fuzz/corpus/<target>/`)
//! and crash artifacts (`fuzz/artifacts/<target>/`) through every harness on stable Rust, plus a
//! fixed number of deterministic pseudo-random mutations of each seed. This is the last-resort
//! fallback of `run.sh` when no nightly toolchain can build the libFuzzer targets, and a quick
//! regression check: `cargo test --release --no-default-features --test replay`.
//!
//! `FUZZ_REPLAY_MUTATIONS` (default 200) sets the mutations per seed; `FUZZ_TARGET` limits the run
//! to one target.

use std::fs;
use std::path::Path;
use std::time::Instant;

fn files(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.is_file())
        .filter_map(|p| fs::read(p).ok())
        .collect()
}

/// xorshift64*: deterministic mutations without extra dependencies.
struct Mutator(u64);

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
        let mut v = seed.to_vec();
        for _ in 0..1 + self.next() % 4 {
            let r = self.next();
            match r % 5 {
                0 if !v.is_empty() => {
                    let i = (r >> 8) as usize % v.len();
                    v[i] ^= 1 << ((r >> 40) % 8);
                }
                1 if !v.is_empty() => {
                    let i = (r >> 8) as usize % v.len();
                    v[i] = (r >> 32) as u8;
                }
                2 if !v.is_empty() => {
                    let i = (r >> 8) as usize % v.len();
                    v.remove(i);
                }
                3 => {
                    let i = (r >> 8) as usize % (v.len() + 1);
                    v.insert(i, (r >> 32) as u8);
                }
                _ => {
                    let n = (r >> 8) as usize % (v.len() + 1);
                    v.truncate(n);
                }
            }
        }
        v
    }
}

#[test]
fn replay_seeds_corpus_and_mutations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mutations: usize = std::env::var("FUZZ_REPLAY_MUTATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let only = std::env::var("FUZZ_TARGET").ok();
    for (name, harness) in megacrypt_fuzz::TARGETS {
        if only.as_deref().is_some_and(|o| o != *name) {
            continue;
        }
        let start = Instant::now();
        let mut inputs = files(&root.join("seeds").join(name));
        inputs.extend(files(&root.join("corpus").join(name)));
        inputs.extend(files(&root.join("artifacts").join(name)));
        let seeds = inputs.len();
        let mut m = Mutator(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
        // The slow target (one PBKDF2 per run) gets few mutations.
        let per_seed = if *name == "link_protected_open" {
            mutations.min(2)
        } else {
            mutations
        };
        let mut runs = 0usize;
        for input in &inputs {
            harness(input);
            runs += 1;
            for _ in 0..per_seed {
                harness(&m.mutate(input));
                runs += 1;
            }
        }
        println!(
            "replay {name}: {seeds} inputs, {runs} executions, {:.1} s, crashes: 0",
            start.elapsed().as_secs_f64()
        );
    }
}
