//! Writes the seed corpora of the metadata targets (`fuzz/seeds/{fingerprint_c, media_fa,
//! location_attrs, diff_cloudraid}/`) from the known-answer vectors in `core/tests/data/*.json`:
//! `cargo test --release --no-default-features --test gen_seeds_metadata -- --ignored`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/data")
        .join(name);
    let v: Value =
        serde_json::from_str(&fs::read_to_string(path).expect("vector file")).expect("JSON");
    v["cases"].as_array().cloned().unwrap_or_default()
}

fn writer(target: &str) -> (PathBuf, usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(target);
    fs::create_dir_all(&dir).unwrap();
    for e in fs::read_dir(&dir).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with("seed-") {
            fs::remove_file(e.path()).unwrap();
        }
    }
    (dir, 0)
}

fn add(w: &mut (PathBuf, usize), bytes: &[u8]) {
    fs::write(w.0.join(format!("seed-{:03}", w.1)), bytes).unwrap();
    w.1 += 1;
}

#[test]
#[ignore = "writes fuzz/seeds; run explicitly"]
fn generate_metadata_seeds() {
    let mut w = writer("fingerprint_c");
    for c in load("fingerprint.json") {
        for k in ["c_attribute", "app_fingerprint"] {
            if let Some(s) = c.get(k).and_then(Value::as_str) {
                add(&mut w, s.as_bytes());
            }
        }
    }
    let mut w = writer("media_fa");
    for c in load("media_attributes.json") {
        if let Some(s) = c.get("node_fa_string").and_then(Value::as_str) {
            add(&mut w, s.as_bytes());
        }
    }
    let mut w = writer("location_attrs");
    for c in load("gps_sdk.json") {
        for k in ["l", "gp"] {
            if let Some(s) = c.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()) {
                add(&mut w, s.as_bytes());
            }
        }
    }
    let mut w = writer("diff_cloudraid");
    for (i, size) in [0usize, 1, 15, 16, 17, 79, 80, 81, 161, 500]
        .into_iter()
        .enumerate()
    {
        let mut seed = vec![i as u8, 3, 0, 200, 0, 7, (i as u8).wrapping_mul(37)];
        seed.extend((0..size).map(|j| (j * 7 + 1) as u8));
        add(&mut w, &seed);
    }
}
