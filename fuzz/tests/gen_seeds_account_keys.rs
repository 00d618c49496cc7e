//! Writes the seed corpora of the account-key targets (`fuzz/seeds/{account_keys_migrate,
//! account_keys_login_check, owner_share_key}/`) from the known-answer vectors in
//! `core/tests/data/*.json`:
//! `cargo test --release --no-default-features --test gen_seeds_account_keys -- --ignored`.

use std::fs;
use std::path::{Path, PathBuf};

use megacrypt::identity::{Ed25519PrivateKey, X25519PrivateKey};
use megacrypt_fuzz::account_keys::{ED25519_SEED, MASTER_KEY, X25519_KEY};
use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/data")
        .join(name);
    let v: Value =
        serde_json::from_str(&fs::read_to_string(path).expect("vector file")).expect("JSON");
    v["cases"].as_array().cloned().unwrap_or_default()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
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

fn tlv(key: &str, value: &[u8]) -> Vec<u8> {
    let mut out = key.as_bytes().to_vec();
    out.push(0);
    out.extend_from_slice(&(value.len() as u16).to_be_bytes());
    out.extend_from_slice(value);
    out
}

fn lp16(b: &[u8]) -> Vec<u8> {
    [&(b.len() as u16).to_le_bytes()[..], b].concat()
}

fn lp8(b: &[u8]) -> Vec<u8> {
    [&[b.len() as u8][..], b].concat()
}

#[test]
#[ignore = "writes fuzz/seeds; run explicitly"]
fn generate_account_keys_seeds() {
    let _ = MASTER_KEY;
    let sigs = load("key_signature.json");
    let rings: Vec<Vec<u8>> = sigs
        .iter()
        .filter(|c| c["kind"] == "authring_parse")
        .filter_map(|c| c["ring_hex"].as_str().map(hex))
        .collect();
    let keyring = [tlv("prEd255", &[1; 32]), tlv("prCu255", &[2; 32])].concat();
    let mut w = writer("account_keys_migrate");
    for (i, ring) in rings.iter().enumerate() {
        let share = [&b"share1"[..], &[0x33; 16]].concat();
        let seed = [
            &[3u8][..],
            &lp16(&keyring),
            &lp16(&tlv("", ring)),
            &lp16(&tlv("", &rings[(i + 1) % rings.len()])),
            &share,
        ]
        .concat();
        add(&mut w, &seed);
    }
    add(
        &mut w,
        &[&[0u8][..], &lp16(&tlv("prEd255", &[1; 31]))].concat(),
    );

    let mut w = writer("account_keys_login_check");
    let ed = Ed25519PrivateKey::from_bytes(ED25519_SEED);
    let cu = X25519PrivateKey::from_bytes(X25519_KEY).public_key();
    let sig_cu = ed.sign_x25519_key(&cu, 1_700_000_000).to_bytes();
    for mode in [0u8, 1, 2, 3, 4, 5, 9, 12, 13] {
        let seed = [
            &[mode][..],
            &lp8(ed.public_key().as_bytes()),
            &lp8(cu.as_bytes()),
            &lp8(&sig_cu),
            &lp8(&[0; 72]),
        ]
        .concat();
        add(&mut w, &seed);
    }

    let mut w = writer("owner_share_key");
    for s in [
        "AAAAAAAAAAAAAAAAAAAAAA|AAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAA|W8dCb_cdPz5pn2asBuwAAg",
        "W8dCb_cdPz5pn2asBuwAAg|AAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAQ|",
    ] {
        add(&mut w, s.as_bytes());
    }
}
