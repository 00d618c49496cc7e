//! Known-answer harness: runs every vector file in `core/tests/data/` and in the folder named by the
//! environment variable `MEGACRYPT_EXTRA_VECTORS`, dispatching on each file's `area` field.
//!
//! For every file it prints one line
//! `VECTORS lang=rust area=<area> file=<path> passed=<n> failed=<n> skipped=<n>`
//! and the test fails if any case failed. It is a `harness = false` test (see `core/Cargo.toml`), so
//! these lines reach the log on passing runs too; it ends with `vectors: N passed, M failed, K skipped`. A case counts as passed only if every field it carries
//! was either checked against megacrypt's output or explicitly declared informational by the area
//! handler (see [`common::Case`]); a field nobody looked at makes the case fail.
//!
//! `MEGACRYPT_VECTOR_AREAS=keys_container,rsa` runs only the files of those areas (mutation
//! testing of one module, docs/mutation-testing.md); unset or empty, every file runs. Like a
//! libtest binary it also takes name filters: `cargo test -p megacrypt --test vectors -- rsa`
//! runs the areas whose name contains `rsa` (`rsa`, `rsa_tamper`); each area is reported on its
//! own lines, so one area is the unit of a known-answer test, as one `#[test]` would be.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

mod common;

mod area_attributes;
mod area_base64;
mod area_ccm;
mod area_cloudraid;
mod area_file;
mod area_fingerprint;
mod area_gps;
mod area_hashcash;
mod area_kdf;
mod area_key_exchange;
mod area_key_signature;
mod area_keys_container;
mod area_links;
mod area_master_key;
mod area_media;
mod area_rsa;
mod area_sets;
mod area_upload_checksum;
mod area_user_attributes;

use std::path::{Path, PathBuf};

use common::{Outcome, Tally};
use serde_json::Value;

/// An area handler runs one file's cases and records each outcome.
type AreaFn = fn(&Value, &mut Tally);

fn handler(area: &str) -> Option<AreaFn> {
    Some(match area {
        "base64" => area_base64::run,
        "ccm" => area_ccm::run,
        "hashcash" => area_hashcash::run,
        "rsa" => area_rsa::run,
        "rsa_tamper" => area_rsa::run_tamper,
        "kdf_v1" => area_kdf::run_v1,
        "kdf_v2" => area_kdf::run_v2,
        "master_key" => area_master_key::run,
        "attributes" => area_attributes::run,
        "links" => area_links::run,
        "password_links" => area_links::run_password,
        "file_encrypt" => area_file::run,
        "fingerprint" => area_fingerprint::run,
        "media_attributes" => area_media::run,
        "gps" => area_gps::run,
        "upload_checksum" => area_upload_checksum::run,
        "cloudraid" => area_cloudraid::run,
        "sets" => area_sets::run,
        "user_attributes" => area_user_attributes::run,
        "keys_container" => area_keys_container::run,
        "key_signature" => area_key_signature::run,
        "key_exchange" => area_key_exchange::run,
        _ => return None,
    })
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read vector folder {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

fn vector_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")];
    if let Some(extra) = std::env::var_os("MEGACRYPT_EXTRA_VECTORS").filter(|s| !s.is_empty()) {
        dirs.push(PathBuf::from(extra));
    }
    dirs
}

/// The areas named by `MEGACRYPT_VECTOR_AREAS` (comma-separated), or `None` for all.
fn selected_areas() -> Option<Vec<String>> {
    let v = std::env::var("MEGACRYPT_VECTOR_AREAS").ok()?;
    let areas: Vec<String> = v
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect();
    (!areas.is_empty()).then_some(areas)
}

/// Positional arguments, libtest style (`cargo test --test vectors -- keys_container rsa`): an
/// area runs when its name contains one of them. Flags (`--nocapture`, `--test-threads=1`…) that
/// cargo or a user passes to every test binary are ignored.
fn name_filters() -> Vec<String> {
    std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect()
}

fn main() {
    let only = selected_areas();
    let filters = name_filters();
    let mut failures = Vec::new();
    let (mut files, mut passed, mut skipped) = (0, 0, 0);
    for dir in vector_dirs() {
        for path in json_files(&dir) {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let file: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
            let area = file["area"].as_str().unwrap_or("<none>").to_string();
            if only.as_ref().is_some_and(|o| !o.contains(&area)) {
                continue;
            }
            if !filters.is_empty() && !filters.iter().any(|f| area.contains(f.as_str())) {
                continue;
            }
            files += 1;
            let mut tally = Tally::default();
            match handler(&area) {
                Some(run) => run(&file, &mut tally),
                None => {
                    let n = file["cases"].as_array().map_or(0, Vec::len);
                    for _ in 0..n {
                        tally.record(Outcome::Skipped(
                            "area not implemented in the Rust core yet".into(),
                        ));
                    }
                }
            }
            println!(
                "VECTORS lang=rust area={area} file={} passed={} failed={} skipped={}",
                path.display(),
                tally.passed,
                tally.failed.len(),
                tally.skipped.len()
            );
            for (why, n) in tally.skip_reasons() {
                println!("  skipped {n}: {why}");
            }
            for f in &tally.failed {
                println!("  FAILED {f}");
                failures.push(format!("{}: {f}", path.display()));
            }
            passed += tally.passed;
            skipped += tally.skipped.len();
        }
    }
    if files == 0 && !filters.is_empty() {
        // As libtest does when a filter (`cargo test some_unit_test`) matches nothing here.
        println!("vectors: no area matches {filters:?}");
        return;
    }
    assert!(files > 0, "no vector files found");
    println!(
        "vectors: {passed} passed, {} failed, {skipped} skipped",
        failures.len()
    );
    if !failures.is_empty() {
        eprintln!(
            "{} vector case(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
        std::process::exit(1);
    }
}
