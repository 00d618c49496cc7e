//! MEGA base64 uses `-` and `_`, so one node key (or `c` attribute) in 64 starts with `-`. The
//! CLI must take such a value as the value of `--key` / `--fingerprint`, not as an unknown option
//! (it did not: `scripts/demo.sh` failed on a random key that began with `-`).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_megacrypt"))
}

fn work_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("megacrypt-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout_lines(out: &Output) -> Vec<String> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Encrypts `hello` with content key f8 00.. and nonce 01 00..: the node key's first byte is
/// key[0] ^ nonce[0] = 0xf9, whose top six bits (62) are `-` in MEGA base64.
fn encrypt_with_hyphen_key(dir: &std::path::Path) -> (PathBuf, String, String) {
    let plain = dir.join("hello.txt");
    std::fs::write(&plain, b"hello").unwrap();
    let enc = dir.join("hello.enc");
    let out = cli()
        .args(["encrypt", "--key", "f8000000000000000000000000000000"])
        .args(["--nonce", "0100000000000000"])
        .arg(&plain)
        .arg(&enc)
        .output()
        .unwrap();
    assert!(out.status.success(), "encrypt failed: {out:?}");
    let lines = stdout_lines(&out);
    let node_key = lines.last().unwrap().clone();
    assert!(node_key.starts_with('-'), "test setup: {node_key}");
    let fingerprint = lines
        .iter()
        .find_map(|l| {
            l.split_once("): ")
                .filter(|(h, _)| h.starts_with("fingerprint"))
        })
        .map(|(_, v)| v.to_owned())
        .unwrap();
    (enc, node_key, fingerprint)
}

#[test]
fn decrypt_takes_a_node_key_that_starts_with_a_hyphen() {
    let dir = work_dir("hyphen-key");
    let (enc, node_key, _) = encrypt_with_hyphen_key(&dir);
    let plain = dir.join("hello.out");
    let out = cli()
        .args(["decrypt", "--key", &node_key])
        .arg(&enc)
        .arg(&plain)
        .output()
        .unwrap();
    assert!(out.status.success(), "decrypt refused the key: {out:?}");
    assert_eq!(std::fs::read(&plain).unwrap(), b"hello");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_fingerprint_that_starts_with_a_hyphen_is_checked_not_parsed_as_an_option() {
    let dir = work_dir("hyphen-fingerprint");
    let (enc, node_key, fingerprint) = encrypt_with_hyphen_key(&dir);
    // "hello" is 5 bytes, so the CRC part starts with the bytes of "hello" ('a' in base64);
    // '-' there describes other content: a mismatch (exit 3), not a usage error (exit 2).
    assert!(fingerprint.starts_with('a'), "test setup: {fingerprint}");
    let other = format!("-{}", &fingerprint[1..]);
    let plain = dir.join("hello.out");
    let out = cli()
        .args(["decrypt", "--key", &node_key, "--fingerprint", &other])
        .arg(&enc)
        .arg(&plain)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("fingerprint mismatch"),
        "{out:?}"
    );
    assert!(!plain.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
