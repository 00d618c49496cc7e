//! Fuzz harnesses for megacrypt, shared by the libFuzzer targets in `fuzz_targets/` and by the
//! corpus-replay test (`tests/replay.rs`, the stable-Rust fallback of `run.sh`).
//!
//! Every harness takes arbitrary bytes, must never panic on its own account, and asserts the
//! properties that must hold for any input: parsers never panic or allocate beyond their documented
//! bounds, whatever parses re-encodes to the same thing, and the differential targets compare two
//! code paths that must agree byte for byte. A failing assertion is a bug in megacrypt.
//!
//! Fixed keys come from the known-answer vectors in `core/tests/data/*.json` (compiled in).
//!
//! Each module holds the harnesses of the core module it is named after (`albums` and `metadata`
//! group several small ones); this file holds the target list, the input cursor and the fixed keys.

pub mod account_keys;
pub mod albums;
pub mod attributes;
pub mod base64;
pub mod file;
pub mod hashcash;
pub mod identity;
pub mod keys_container;
pub mod link;
pub mod metadata;
pub mod rsa;
pub mod session;
pub mod share;
pub mod tlv;

use std::sync::OnceLock;

use megacrypt::rsa::{RsaPrivateKey, RsaPublicKey};
use megacrypt::{
    AesKey, ContentKey, FileKey, MasterKey, NodeHandle, Nonce, PasswordKey, ShareKey, UserHandle,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::Value;

/// Every target: name and harness. `run.sh`, the replay test and the seed generator use this list;
/// `fuzz_targets/<name>.rs` calls the harness of the same name.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("base64", base64::base64_decode),
    ("link_public", link::link_public),
    ("link_protected", link::link_protected),
    ("link_protected_open", link::link_protected_open),
    ("node_attributes", attributes::node_attributes),
    ("file_attribute", attributes::file_attribute),
    ("node_key", share::node_key),
    ("share_keys", share::share_keys),
    ("session_tsid", session::session_tsid),
    ("rsa_public_key", rsa::rsa_public_key),
    ("rsa_private_key", rsa::rsa_private_key),
    ("rsa_session_id", rsa::rsa_session_id),
    ("tlv_container", tlv::tlv_container),
    ("transfer_state", file::transfer_state),
    ("stream_decrypt", file::stream_decrypt),
    ("diff_split_encrypt", file::diff_split_encrypt),
    ("diff_chunk_order", file::diff_chunk_order),
    ("diff_range_decrypt", file::diff_range_decrypt),
    ("hashcash_challenge", hashcash::hashcash_challenge),
    ("fingerprint_c", metadata::fingerprint_c),
    ("media_fa", metadata::media_fa),
    ("location_attrs", metadata::location_attrs),
    ("diff_cloudraid", metadata::diff_cloudraid),
    ("collection_link", albums::collection_link),
    ("set_attributes", albums::set_attributes),
    ("element_attributes", albums::element_attributes),
    ("user_attribute", albums::user_attribute),
    ("totp_parameters", albums::totp_parameters),
    ("password_item", albums::password_item),
    (
        "keys_container_records",
        keys_container::keys_container_records,
    ),
    ("keys_container_ltlv", keys_container::keys_container_ltlv),
    ("keys_container_open", keys_container::keys_container_open),
    ("key_signature", identity::key_signature),
    ("authring", identity::authring),
    ("identity_public_keys", identity::identity_public_keys),
    ("account_keys_migrate", account_keys::account_keys_migrate),
    (
        "account_keys_login_check",
        account_keys::account_keys_login_check,
    ),
    ("owner_share_key", account_keys::owner_share_key),
];

// ---------------------------------------------------------------------------------------------
// Input helpers
// ---------------------------------------------------------------------------------------------

/// A cursor over the fuzzer's bytes; reading past the end gives zeros / empty slices.
pub struct Input<'a>(pub &'a [u8]);

impl<'a> Input<'a> {
    /// One byte (0 when exhausted).
    pub fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, r)) => {
                self.0 = r;
                *b
            }
            None => 0,
        }
    }
    /// Two bytes, little-endian.
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    /// Three bytes, little-endian.
    pub fn u24(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), 0])
    }
    /// Up to `n` bytes.
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let (a, b) = self.0.split_at(n.min(self.0.len()));
        self.0 = b;
        a
    }
    /// Everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        core::mem::take(&mut self.0)
    }
    /// Whether nothing is left.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn lossy(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// `len` bytes of content derived from a short seed (not periodic in the seed length).
fn expand(seed: &[u8], len: usize) -> Vec<u8> {
    if seed.is_empty() {
        return (0..len).map(|i| (i as u8).wrapping_mul(31)).collect();
    }
    (0..len)
        .map(|i| seed[i % seed.len()] ^ ((i / seed.len()) as u8))
        .collect()
}

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

// ---------------------------------------------------------------------------------------------
// Fixed material from the known-answer vectors
// ---------------------------------------------------------------------------------------------

fn vector(name: &str) -> Value {
    let text = match name {
        "rsa" => include_str!("../../core/tests/data/rsa.json"),
        "attributes" => include_str!("../../core/tests/data/attributes.json"),
        "file_encrypt" => include_str!("../../core/tests/data/file_encrypt.json"),
        "password_links" => include_str!("../../core/tests/data/password_links.json"),
        "master_key" => include_str!("../../core/tests/data/master_key.json"),
        _ => unreachable!("unknown vector file"),
    };
    serde_json::from_str(text).expect("vector file is JSON")
}

fn hex_field(v: &Value, key: &str) -> Vec<u8> {
    hex::decode(v[key].as_str().expect("hex field")).expect("hex")
}

struct Fixed {
    master_key: MasterKey,
    password_key: PasswordKey,
    attr_key: AesKey,
    file_key: FileKey,
    aes_key: AesKey,
    content: ContentKey,
    user: UserHandle,
    share_handle: NodeHandle,
    share_key: ShareKey,
    tlv_key: AesKey,
    rsa_public: RsaPublicKey,
    rsa_private: RsaPrivateKey,
    protected_salt: [u8; 32],
    /// PBKDF2 output for (`PROTECTED_PASSWORD`, `protected_salt`), computed once.
    protected_dk: [u8; 64],
}

/// The password `link_protected_open` uses.
pub const PROTECTED_PASSWORD: &str = "correct horse battery";

fn fixed() -> &'static Fixed {
    static F: OnceLock<Fixed> = OnceLock::new();
    F.get_or_init(|| {
        let rsa = vector("rsa");
        let key = &rsa["key"];
        let master_key = MasterKey::from_slice(&hex_field(key, "master_key_hex")).unwrap();
        let rsa_public = RsaPublicKey::from_b64(key["pubk_b64"].as_str().unwrap()).unwrap();
        let rsa_private = RsaPrivateKey::from_encrypted_privk(
            key["privk_enc_b64"].as_str().unwrap(),
            &master_key,
            Some(&rsa_public),
        )
        .unwrap();
        let mk = vector("master_key");
        let password_key =
            PasswordKey::from_slice(&hex_field(&mk["cases"][0], "password_key_hex")).unwrap();
        let attrs = vector("attributes");
        let attr_key = AesKey::from_slice(&hex_field(&attrs["cases"][0], "aes_key_hex")).unwrap();
        let fe = vector("file_encrypt");
        let case = &fe["cases"][1];
        let file_key = FileKey::from_b64(case["node_key_b64"].as_str().unwrap()).unwrap();
        let aes_key = AesKey::from_slice(&hex_field(case, "key_hex")).unwrap();
        let nonce = Nonce::from_slice(&hex_field(case, "nonce_hex")).unwrap();
        let pl = vector("password_links");
        let protected_salt: [u8; 32] = hex_field(&pl["cases"][0], "salt_hex").try_into().unwrap();
        let dk = megacrypt::link::derive_protected_link_key(
            PROTECTED_PASSWORD.as_bytes(),
            &protected_salt,
        );
        Fixed {
            master_key,
            password_key,
            attr_key,
            file_key,
            content: ContentKey::from_parts(aes_key.clone(), nonce),
            aes_key,
            user: UserHandle::from_b64("Z05_UFdxaNA").unwrap(),
            share_handle: NodeHandle::from_b64("ChssPU5f").unwrap(),
            share_key: ShareKey::from_bytes([0x5a; 16]).unwrap(),
            tlv_key: AesKey::from_slice(&hex::decode("000102030405060708090a0b0c0d0e0f").unwrap())
                .unwrap(),
            rsa_public,
            rsa_private,
            protected_salt,
            protected_dk: *dk,
        }
    })
}
