//! Fuzz harnesses for megacrypt, shared by the libFuzzer targets in `fuzz_targets/` and by the
//! corpus-replay test (`tests/replay.rs`, the stable-Rust fallback of `run.sh`).
//!
//! Every harness takes arbitrary bytes, must never panic on its own account, and asserts the
//! properties that must hold for any input: parsers never panic or allocate beyond their documented
//! bounds, whatever parses re-encodes to the same thing, and the differential targets compare two
//! code paths that must agree byte for byte. A failing assertion is a bug in megacrypt.
//!
//! Fixed keys come from the known-answer vectors in `core/tests/data/*.json` (compiled in).

pub mod account_keys;
pub mod albums;
pub mod identity;
pub mod keys_container;
pub mod metadata;

use std::io::{Read, Write};
use std::sync::OnceLock;

use megacrypt::attributes::{self, NodeAttributes};
use megacrypt::file::{
    CHUNK_UNIT, ChunkCipher, ChunkLayout, ChunkMac, DecryptingReader, EncryptingWriter,
    FileDecryptor, FileEncryptor, MAX_CHUNK_LEN, MetaMacAccumulator, RAMP_END, TransferDirection,
    TransferState, UnauthenticatedRangeDecryptor, decrypt_file, decrypt_file_in_place,
    encrypt_file_in_place_with_key,
};
use megacrypt::hashcash::{self, HashcashChallenge};
use megacrypt::link::{CollectionLink, Link, LinkKind, ProtectedLink, PublicLink};
use megacrypt::policy::CompatibilityPolicy;
use megacrypt::rsa::{MegaRsaPrivateKey, MegaRsaPublicKey, MpiHeaderStyle};
use megacrypt::share::{self, KeyContext, MegaCrElement, MegaKeyBlockRegistry};
use megacrypt::tlv::{self, ContainerMode, MegaTlvRecords};
use megacrypt::{
    AesKey, ErrorKind, FileKey, FolderKey, MasterKey, NodeHandle, NodeKey, Nonce, PasswordKey,
    ShareKey, UserHandle, base64, session,
};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::Value;

/// Every target: name and harness. `run.sh`, the replay test and the seed generator use this list;
/// `fuzz_targets/<name>.rs` calls the harness of the same name.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("base64", base64_decode),
    ("link_public", link_public),
    ("link_protected", link_protected),
    ("link_protected_open", link_protected_open),
    ("node_attributes", node_attributes),
    ("file_attribute", file_attribute),
    ("node_key", node_key),
    ("share_keys", share_keys),
    ("session_tsid", session_tsid),
    ("rsa_public_key", rsa_public_key),
    ("rsa_private_key", rsa_private_key),
    ("rsa_session_id", rsa_session_id),
    ("tlv_container", tlv_container),
    ("transfer_state", transfer_state),
    ("stream_decrypt", stream_decrypt),
    ("diff_split_encrypt", diff_split_encrypt),
    ("diff_chunk_order", diff_chunk_order),
    ("diff_range_decrypt", diff_range_decrypt),
    ("hashcash_challenge", hashcash_challenge),
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

/// Start of chunk `k` of MEGA's schedule, computed here from docs/format/files.md#chunk-schedule
/// (not from the core).
fn chunk_start(k: u64) -> u64 {
    if k < 8 {
        CHUNK_UNIT * k * (k + 1) / 2
    } else {
        RAMP_END + (k - 8) * MAX_CHUNK_LEN
    }
}

/// A file length chosen by the input: small, a few chunks, near a chunk boundary, or past the ramp.
fn file_len(inp: &mut Input<'_>) -> usize {
    match inp.u8() % 4 {
        0 => usize::from(inp.u16()) % 4097,
        1 => inp.u24() as usize % (3 * CHUNK_UNIT as usize + 1),
        2 => {
            let k = u64::from(inp.u8() % 11);
            let delta = i64::from(inp.u8() % 41) - 20;
            (chunk_start(k) as i64 + delta).max(0) as usize
        }
        _ => inp.u24() as usize % (RAMP_END + 2 * MAX_CHUNK_LEN + 1) as usize,
    }
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

/// Piece lengths (possibly zero) chosen by the input, summing to at most `len`.
fn pieces(inp: &mut Input<'_>, len: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut left = len;
    while left > 0 && !inp.is_empty() && out.len() < 64 {
        let p = match inp.u8() % 4 {
            0 => usize::from(inp.u8() % 33),
            1 => usize::from(inp.u16()),
            2 => inp.u24() as usize,
            _ => left,
        }
        .min(left);
        out.push(p);
        left -= p;
    }
    out
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
    content_key: AesKey,
    nonce: Nonce,
    user: UserHandle,
    share_handle: NodeHandle,
    share_key: ShareKey,
    tlv_key: AesKey,
    rsa_public: MegaRsaPublicKey,
    rsa_private: MegaRsaPrivateKey,
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
        let rsa_public = MegaRsaPublicKey::from_b64(key["pubk_b64"].as_str().unwrap()).unwrap();
        let rsa_private = MegaRsaPrivateKey::from_encrypted_privk(
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
        let content_key = AesKey::from_slice(&hex_field(case, "key_hex")).unwrap();
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
            content_key,
            nonce,
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

// ---------------------------------------------------------------------------------------------
// Parsers
// ---------------------------------------------------------------------------------------------

/// Strict base64, the a32 convention and handles.
pub fn base64_decode(data: &[u8]) {
    let s = lossy(data);
    match base64::decode(&s) {
        Ok(bytes) => {
            assert_eq!(Some(bytes.len()), base64::decoded_len(s.len()));
            // Canonical: re-encoding gives the input (both alphabets are read, '-_' is written).
            let canon = s.replace('+', "-").replace('/', "_");
            assert_eq!(base64::encode(&bytes), canon);
            let mut out = vec![0u8; bytes.len()];
            base64::decode_into(&s, &mut out).unwrap();
            assert_eq!(out, bytes);
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::Malformed),
    }
    let _ = base64::decode_array::<16>(&s);
    let _ = base64::decode_array::<32>(&s);
    let mut small = [0u8; 5];
    let _ = base64::decode_into(&s, &mut small);
    if let Ok(h) = NodeHandle::from_b64(&s) {
        assert_eq!(h.to_b64(), s.replace('+', "-").replace('/', "_"));
    }
    if let Ok(h) = UserHandle::from_b64(&s) {
        assert_eq!(h.to_b64(), s.replace('+', "-").replace('/', "_"));
    }
    // Raw bytes: encode then decode is the identity; a32 round trip pads the last word.
    let enc = base64::encode(data);
    assert_eq!(enc.len(), base64::encoded_len(data.len()));
    assert_eq!(base64::decode(&enc).unwrap(), data);
    let words = base64::bytes_to_a32(data);
    let back = base64::a32_to_bytes(&words);
    assert_eq!(&back[..data.len()], data);
    assert!(back[data.len()..].iter().all(|b| *b == 0));
}

/// Public links (every form), and `#P!` URLs.
pub fn link_public(data: &[u8]) {
    let s = lossy(data);
    let parsed = PublicLink::parse(&s);
    if let Ok(l) = &parsed {
        let url = l.to_url();
        let again = PublicLink::parse(&url).expect("canonical URL parses");
        assert_eq!(again.to_url(), url);
        assert_eq!(again.kind(), l.kind());
        assert_eq!(again.handle(), l.handle());
        assert_eq!(again.key(), l.key());
        let legacy = PublicLink::parse(&l.to_legacy_url()).expect("legacy URL parses");
        assert_eq!(legacy.kind(), l.kind());
        assert_eq!(legacy.handle(), l.handle());
        assert_eq!(legacy.key(), l.key());
        assert_eq!(
            legacy.child().map(|c| c.handle()),
            l.child().map(|c| c.handle())
        );
        assert_eq!(l.is_file(), l.kind() == LinkKind::File);
        let _ = format!("{l:?} {l}");
    }
    match Link::parse(&s) {
        Ok(Link::Public(p)) => assert_eq!(Some(&p), parsed.as_ref().ok()),
        Ok(Link::Protected(p)) => {
            assert_eq!(ProtectedLink::parse(&p.to_url()).unwrap(), p);
        }
        Ok(Link::Collection(c)) => {
            assert_eq!(CollectionLink::parse(&c.to_url_on(c.host())).unwrap(), c);
        }
        Err(_) => {}
    }
    if let Ok(p) = ProtectedLink::parse(&s) {
        assert_eq!(ProtectedLink::parse(&p.to_url()).unwrap(), p);
    }
}

/// `#P!` payload parsing; opens with a password only rarely (PBKDF2 costs 100 000 iterations).
pub fn link_protected(data: &[u8]) {
    let Ok(p) = ProtectedLink::from_payload(data) else {
        return;
    };
    assert_eq!(p.to_payload(), data);
    assert_eq!(ProtectedLink::parse(&p.to_url()).unwrap(), p);
    let _ = format!("{p:?}");
    // About one valid payload in 4096 also goes through `open` (always a wrong password here).
    let h = data
        .iter()
        .fold(0u16, |a, b| a.rotate_left(3) ^ u16::from(*b));
    if h & 0x0fff == 0x0a5 {
        let e = p.open("fuzz").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decrypt);
    }
}

/// `ProtectedLink::open` past the HMAC check: the harness builds a correctly authenticated payload
/// around arbitrary decrypted key bytes (fixed password and salt, derived once), then opens it.
/// Slow by design (one PBKDF2 per execution): run it with a small corpus.
pub fn link_protected_open(data: &[u8]) {
    use hmac::{Hmac, KeyInit, Mac};
    let f = fixed();
    let mut inp = Input(data);
    let flags = inp.u8();
    let algorithm = if flags & 1 == 0 { 2u8 } else { 1 };
    let (ty, key_len) = if flags & 2 == 0 { (1u8, 32) } else { (0u8, 16) };
    let handle = inp.bytes(6).to_vec();
    let key = inp.bytes(key_len).to_vec();
    if handle.len() != 6 || key.len() != key_len {
        return;
    }
    let mut payload = vec![algorithm, ty];
    payload.extend_from_slice(&handle);
    payload.extend_from_slice(&f.protected_salt);
    payload.extend(key.iter().zip(&f.protected_dk[..32]).map(|(k, d)| k ^ d));
    let (enc_mac_key, msg) = (&f.protected_dk[32..], payload.clone());
    let tag = if algorithm == 2 {
        let mut m = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(enc_mac_key).unwrap();
        m.update(&msg);
        m.finalize().into_bytes()
    } else {
        let mut m = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&msg).unwrap();
        m.update(enc_mac_key);
        m.finalize().into_bytes()
    };
    payload.extend_from_slice(&tag);
    let flip = flags & 4 != 0;
    if flip {
        let pos = usize::from(inp.u8()) % payload.len();
        payload[pos] ^= 1 | inp.u8();
    }
    let Ok(p) = ProtectedLink::from_payload(&payload) else {
        assert!(flip, "a well-formed payload must parse");
        return;
    };
    let opened = p.open(PROTECTED_PASSWORD);
    if flip {
        // Any change to the authenticated payload must be caught by the HMAC.
        assert_eq!(opened.unwrap_err().kind(), ErrorKind::Decrypt);
        return;
    }
    let want = NodeKey::from_slice(&key);
    match (opened, want) {
        (Ok(link), Ok(k)) => {
            assert_eq!(link.key(), Some(&k));
            assert_eq!(link.handle().as_bytes()[..], handle[..]);
        }
        (Err(e), Err(_)) => assert_eq!(e.kind(), ErrorKind::InvalidKey),
        (o, w) => panic!("open {:?} but key {:?}", o.map(|_| ()), w.map(|_| ())),
    }
}

/// Node attributes: raw ciphertexts, and authentic ciphertexts of arbitrary `MEGA…` plaintexts.
pub fn node_attributes(data: &[u8]) {
    let key = &fixed().attr_key;
    let mut inp = Input(data);
    let mode = inp.u8();
    let rest = inp.rest();
    match mode % 3 {
        0 => {
            if let Ok(a) = attributes::open_node_attributes(key, rest) {
                reseal(key, &a);
            }
            let _ = attributes::open_node_attributes_b64(key, &lossy(rest));
        }
        1 => {
            // Authentic ciphertext: "MEGA" || rest, zero-padded, AES-CBC (the file-attribute cipher
            // is exactly that construction).
            let mut pt = b"MEGA".to_vec();
            pt.extend_from_slice(rest);
            let Ok(ct) = attributes::encrypt_file_attribute(key, &pt) else {
                return;
            };
            match attributes::open_node_attributes(key, &ct) {
                Ok(a) => {
                    let end = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
                    assert_eq!(a.json().as_bytes(), &rest[..end]);
                    reseal(key, &a);
                }
                Err(e) => {
                    if ct.is_empty() {
                        assert_eq!(e.kind(), ErrorKind::Malformed);
                    } else if !rest.starts_with(b"{\"") {
                        assert_eq!(e.kind(), ErrorKind::Decrypt);
                    } else {
                        assert_eq!(e.kind(), ErrorKind::Malformed);
                    }
                }
            }
        }
        _ => {
            if let Ok(a) = NodeAttributes::from_json(&lossy(rest)) {
                let _ = (
                    a.name(),
                    a.get_i64("lbl"),
                    a.keys().count(),
                    format!("{a:?}"),
                );
                let b = a.with("n", Value::String("x".into()));
                assert_eq!(b.name(), Some("x"));
                reseal(key, &b);
            }
        }
    }
}

fn reseal(key: &AesKey, a: &NodeAttributes) {
    let ct = attributes::seal_node_attributes(key, a).expect("valid attributes seal");
    let back = attributes::open_node_attributes(key, &ct).expect("sealed attributes open");
    assert_eq!(back.json(), a.json());
    assert_eq!(&back, a);
}

/// File attributes: decrypt any input; encrypt-then-decrypt is the identity plus zero padding.
pub fn file_attribute(data: &[u8]) {
    let key = &fixed().attr_key;
    match attributes::decrypt_file_attribute(key, data) {
        Ok(pt) => {
            assert_eq!(data.len() % 16, 0);
            assert_eq!(pt.len(), data.len());
            assert_eq!(attributes::encrypt_file_attribute(key, &pt).unwrap(), data);
        }
        Err(e) => {
            assert_ne!(data.len() % 16, 0);
            assert_eq!(e.kind(), ErrorKind::Malformed);
        }
    }
    let ct = attributes::encrypt_file_attribute(key, data).unwrap();
    assert_eq!(ct.len(), data.len().div_ceil(16) * 16);
    let pt = attributes::decrypt_file_attribute(key, &ct).unwrap();
    assert_eq!(&pt[..data.len()], data);
    assert!(pt[data.len()..].iter().all(|b| *b == 0));
}

/// Node-key unpacking, AES-ECB unwrapping and the ECB block-reuse detector.
pub fn node_key(data: &[u8]) {
    let f = fixed();
    match FileKey::from_node_key_slice(data) {
        Ok(k) => {
            assert_eq!(data.len(), 32);
            assert_ne!(data[..16], data[16..]);
            assert_eq!(&k.to_node_key()[..], data);
            assert_eq!(FileKey::from_b64(&k.to_b64()).unwrap(), k);
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::InvalidKey),
    }
    if let Ok(k) = NodeKey::from_slice(data) {
        assert_eq!(&k.to_bytes()[..], data);
        let _ = k.attribute_key();
        // Wrap/unwrap round trip under the master key.
        let w = share::wrap_node_key(f.master_key.as_aes_key(), &k);
        assert_eq!(
            share::unwrap_node_key(f.master_key.as_aes_key(), &w).unwrap(),
            k
        );
    }
    match share::unwrap_node_key(f.master_key.as_aes_key(), data) {
        Ok(k) => assert_eq!(share::wrap_node_key(f.master_key.as_aes_key(), &k), data),
        Err(e) => assert_eq!(
            e,
            megacrypt::Error::new(ErrorKind::Decrypt, "decryption failed")
        ),
    }
    let s = lossy(data);
    let _ = FileKey::from_b64(&s);
    let _ = FolderKey::from_b64(&s);
    let _ = share::unwrap_node_key_b64(f.master_key.as_aes_key(), &s);
    let mut reg = MegaKeyBlockRegistry::new();
    reg.record_private_key_ciphertext(data.get(..48).unwrap_or_default());
    for piece in data.chunks(32) {
        let first = reg.check_and_record(piece);
        if first.is_ok() {
            // The identical wrapped key again is fine (copies of a node).
            assert!(reg.check_and_record(piece).is_ok());
        }
    }
}

/// The node `k` field, the `cr` element, `ha`/`ok` share-key checks.
pub fn share_keys(data: &[u8]) {
    let f = fixed();
    let s = lossy(data);
    if let Ok(items) = share::parse_key_field(&s) {
        assert!(!items.is_empty());
        for i in &items {
            assert!(!i.wrapped_b64.is_empty());
            let _ = i.is_rsa();
        }
    }
    let lookup = |h: &NodeHandle| (*h == f.share_handle).then_some(&f.share_key);
    let ctx = KeyContext::Account {
        user: &f.user,
        master_key: &f.master_key,
    };
    if let Ok(keys) = share::unwrap_key_field(&s, ctx, lookup) {
        assert!(keys.len() <= s.split('/').count());
    }
    let link_ctx = KeyContext::FolderLink {
        root: &f.share_handle,
        key: f.share_key.as_aes_key(),
    };
    let _ = share::unwrap_key_field(&s, link_ctx, lookup);
    if let Ok(cr) = MegaCrElement::from_json(&s) {
        let again = MegaCrElement::from_json(&cr.to_json()).expect("cr round trip");
        assert_eq!(again, cr);
        let _ = cr.unwrap_keys(lookup);
    }
    let _ = share::verify_handle_auth(&f.master_key, &f.share_handle, &s);
    let _ = share::unwrap_share_key_b64(&f.master_key, &s);
    let _ = share::unwrap_owner_share_key(&f.master_key, &f.share_handle, &s, &s);
}

/// Master-key unwrap and the `tsid` check.
pub fn session_tsid(data: &[u8]) {
    let f = fixed();
    match session::check_tsid(&f.master_key, data) {
        Ok(()) => assert!(session::TSID_LENS.contains(&data.len())),
        Err(e) if !session::TSID_LENS.contains(&data.len()) => {
            assert_eq!(e.kind(), ErrorKind::Malformed)
        }
        Err(e) => assert_eq!(e.kind(), ErrorKind::Decrypt),
    }
    let _ = session::check_tsid_b64(&f.master_key, &lossy(data));
    match session::decrypt_master_key(&f.password_key, data) {
        Ok(mk) => assert_eq!(session::encrypt_master_key(&f.password_key, &mk), data),
        Err(_) => {}
    }
    let _ = session::decrypt_master_key_b64(&f.password_key, &lossy(data));
    // A valid tsid built from the input's first 16 bytes: head || E_mk(head) (via an ephemeral
    // account with a seeded RNG) must pass, a flipped byte must not.
    if data.len() >= 9 {
        let seed = u64::from_le_bytes(data[..8].try_into().unwrap());
        let acct =
            session::create_ephemeral_account(&mut rng(seed), &f.password_key, &f.master_key)
                .unwrap();
        session::check_tsid(&f.master_key, &acct.ts).unwrap();
        let mut bad = acct.ts;
        bad[usize::from(data[8]) % 32] ^= 0x80;
        assert!(session::check_tsid(&f.master_key, &bad).is_err());
    }
}

/// RSA public keys (`pubk`) and encryption to them.
pub fn rsa_public_key(data: &[u8]) {
    let mut inp = Input(data);
    let mode = inp.u8();
    let rest = inp.rest();
    let parsed = if mode & 1 == 0 {
        MegaRsaPublicKey::from_bytes(rest)
    } else {
        MegaRsaPublicKey::from_b64(&lossy(rest))
    };
    let Ok(k) = parsed else { return };
    let blob = k.to_bytes();
    if mode & 1 == 0 {
        assert!(rest.starts_with(&blob));
        assert!(rest.len() - blob.len() < 16);
    }
    let again = MegaRsaPublicKey::from_bytes(&blob).unwrap();
    assert_eq!(again, k);
    assert_eq!(again.n_e_bytes(), k.n_e_bytes());
    assert!(k.exponent() >= 3 && k.exponent() % 2 == 1);
    let _ = (
        k.modulus_bytes(),
        k.modulus_len(),
        k.to_b64(),
        format!("{k:?}"),
    );
    if mode & 2 != 0 {
        let payload = [0x42u8; 32];
        if let Ok(c) = k.encrypt_key(&payload, &mut rng(1)) {
            assert!(c.len() <= k.modulus_len() + 2);
        }
    }
}

/// RSA private keys: plain and encrypted blobs, with and without a pinned public key.
pub fn rsa_private_key(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let mode = inp.u8();
    let rest = inp.rest();
    let r = match mode % 4 {
        0 => MegaRsaPrivateKey::from_privk_plain(rest, None),
        1 => MegaRsaPrivateKey::from_privk_plain(rest, Some(&f.rsa_public)),
        2 => {
            MegaRsaPrivateKey::from_encrypted_privk_bytes(rest, &f.master_key, Some(&f.rsa_public))
        }
        _ => MegaRsaPrivateKey::from_encrypted_privk(&lossy(rest), &f.master_key, None),
    };
    match r {
        Ok(k) => {
            for style in [MpiHeaderStyle::ByteCount, MpiHeaderStyle::ExactBits] {
                let blob = k.to_privk_plain(style).unwrap();
                let again = MegaRsaPrivateKey::from_privk_plain(&blob, Some(k.public_key()))
                    .expect("a validated key re-reads");
                assert_eq!(again.public_key(), k.public_key());
            }
            let _ = format!("{k:?}");
        }
        // One opaque error for every failure.
        Err(e) => assert_eq!(e.kind(), ErrorKind::Decrypt),
    }
}

/// RSA decryption of `csid`s and key material under the vector key, plus an encrypt/decrypt
/// differential.
pub fn rsa_session_id(data: &[u8]) {
    let f = fixed();
    let k = &f.rsa_private;
    let mut inp = Input(data);
    let mode = inp.u8();
    let rest = inp.rest();
    let b64 = base64::encode(rest);
    match mode % 5 {
        0 => {
            let r = k.decrypt_session_id_unbound(&b64, &mut rng(2));
            if let Err(e) = r {
                assert_eq!(e.kind(), ErrorKind::Decrypt);
            }
        }
        1 => {
            if let Ok(sid) = k.decrypt_session_id(&b64, &f.user, &mut rng(3)) {
                sid.verify_user_handle(&f.user).unwrap();
            }
        }
        2 => {
            let _ = k.decrypt_key_bytes(&b64, 16, &mut rng(4));
            let _ = k.decrypt_key_bytes(&lossy(rest), 32, &mut rng(4));
            let _ = k.decrypt_share_key(&b64, &mut rng(4));
        }
        3 => {
            let _ = k.decrypt_session_id_unbound(&lossy(rest), &mut rng(5));
        }
        _ => {
            // Differential: what the public key encrypts, the private key decrypts.
            let max = f.rsa_public.modulus_len() - 2;
            let payload = &rest[..rest.len().min(max)];
            if payload.is_empty() {
                return;
            }
            let seed = u64::from(mode) << 8 | rest.len() as u64;
            let c = f
                .rsa_public
                .encrypt_key_b64(payload, &mut rng(seed))
                .unwrap();
            for len in [16usize, 32] {
                let got = k
                    .decrypt_key_bytes(&c, len, &mut rng(6))
                    .expect("own ciphertext");
                let n = len.min(payload.len());
                assert_eq!(&got[..n], &payload[..n]);
            }
            let sid = k
                .decrypt_session_id_unbound(&c, &mut rng(7))
                .expect("own ciphertext");
            let n = 43.min(payload.len());
            assert_eq!(&sid.as_bytes()[..n], &payload[..n]);
        }
    }
}

/// TLV records and encrypted containers in all seven modes.
pub fn tlv_container(data: &[u8]) {
    let key = &fixed().tlv_key;
    let mut inp = Input(data);
    let mode = inp.u8();
    match mode % 6 {
        0 => {
            if let Err(e) = tlv::open_container(key, inp.rest()) {
                assert!(matches!(
                    e.kind(),
                    ErrorKind::Decrypt | ErrorKind::Unsupported
                ));
            }
        }
        1 => tlv_round_trip(inp.rest()),
        2 => {
            if let Ok(r) = MegaTlvRecords::from_bytes_with_utf8_repair(inp.rest()) {
                let _ = (r.len(), r.iter().count(), format!("{r:?}"));
            }
        }
        3 => {
            // Differential: seal whatever parses, in the chosen mode, and open it again.
            let m = ContainerMode::ALL[usize::from(inp.u8()) % ContainerMode::ALL.len()];
            let iv = inp.bytes(m.iv_len()).to_vec();
            if iv.len() != m.iv_len() {
                return;
            }
            let Ok(records) = MegaTlvRecords::from_bytes(inp.rest()) else {
                return;
            };
            let Ok(blob) = tlv::seal_container_with_iv(
                key,
                &records,
                m,
                &iv,
                &CompatibilityPolicy::OFFICIAL_CLIENT,
            ) else {
                return;
            };
            let (got_mode, got) = tlv::open_container(key, &blob).expect("own container");
            assert_eq!(got_mode, m);
            assert_eq!(got, records);
            // Any single-byte change after the mode byte is caught by the tag.
            let pos = 1 + usize::from(inp.u8()) % (blob.len() - 1);
            let mut bad = blob.clone();
            bad[pos] ^= 0x01;
            assert_eq!(
                tlv::open_container(key, &bad).unwrap_err().kind(),
                ErrorKind::Decrypt
            );
        }
        4 => {
            let m = ContainerMode::ALL[usize::from(inp.u8()) % ContainerMode::ALL.len()];
            let iv_len = usize::from(inp.u8() % 16);
            let iv = inp.bytes(iv_len).to_vec();
            let aad_len = usize::from(inp.u8() % 32);
            let aad = inp.bytes(aad_len).to_vec();
            let ct = inp.rest();
            let _ = tlv::aead_open(m, key, &iv, &aad, ct);
            if iv.len() == m.iv_len() {
                let sealed = tlv::aead_seal(m, key, &iv, &aad, ct).unwrap();
                let opened = tlv::aead_open(m, key, &iv, &aad, &sealed).unwrap();
                assert_eq!(&opened[..], ct);
            }
        }
        _ => {
            // Large containers (the oversize single empty-key record is only used past 64 KiB).
            let head = inp.bytes(8).to_vec();
            let len = 65_530 + usize::from(inp.u8() % 16);
            let mut big = head;
            big.extend(expand(inp.rest(), len));
            tlv_round_trip(&big);
        }
    }
}

fn tlv_round_trip(bytes: &[u8]) {
    let Ok(r) = MegaTlvRecords::from_bytes(bytes) else {
        return;
    };
    if let Ok(enc) = r.to_bytes() {
        let again = MegaTlvRecords::from_bytes(&enc).expect("own encoding parses");
        assert_eq!(
            again, r,
            "TLV records must survive an encode/decode round trip"
        );
    }
}

/// The resumable-state decoder, and resuming every transfer type from whatever it accepts.
pub fn transfer_state(data: &[u8]) {
    let f = fixed();
    let Ok(st) = TransferState::from_bytes(data) else {
        return;
    };
    assert_eq!(&st.to_bytes()[..], data, "the state encoding is canonical");
    let _ = (
        st.resume_offset(),
        st.finished_chunks().count(),
        format!("{st:?}"),
    );
    let probe = [0x11u8; 100];
    if let Ok(mut e) = FileEncryptor::resume(f.content_key.clone(), f.nonce.clone(), &st) {
        assert_eq!(e.bytes_processed(), st.resume_offset());
        let mut b = probe;
        e.encrypt_in_place(&mut b);
        // Past the largest describable file (a state resumed near it) the export refuses;
        // whatever it exports must decode.
        if let Ok(s2) = e.export_state(true) {
            TransferState::from_bytes(&s2.to_bytes()).expect("own export decodes");
        }
        let _ = e.finish();
    }
    if let Ok(mut d) = FileDecryptor::resume(&f.file_key, &st) {
        assert_eq!(d.bytes_processed(), st.resume_offset());
        let mut b = probe;
        d.decrypt_unverified_in_place(&mut b);
        if let Ok(s2) = d.export_state(false, st.file_size()) {
            TransferState::from_bytes(&s2.to_bytes()).expect("own export decodes");
        }
        let _ = d.finish();
    }
    if let Ok(acc) = MetaMacAccumulator::resume(&f.content_key, &st) {
        let _ = (
            acc.chunks_done(),
            acc.is_complete(),
            acc.missing_chunks().take(4).count(),
        );
        let s2 = acc.export_state(st.direction(), None);
        TransferState::from_bytes(&s2.to_bytes()).expect("own export decodes");
        let _ = acc.finish();
    }
    let _ = st.without_key_material();
}

// ---------------------------------------------------------------------------------------------
// Decryptors and differential targets
// ---------------------------------------------------------------------------------------------

/// Sequential download decryption over arbitrary splits (in place, buffer to buffer, through the
/// `Read` adapter, with a state export/import in the middle) against the one-shot decryptor.
pub fn stream_decrypt(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let flags = inp.u8();
    let len = file_len(&mut inp);
    let content = expand(inp.bytes(16), len);
    let authentic = flags & 1 == 0;
    let (fk, mut ct) = if authentic {
        let mut ct = content.clone();
        let fk = encrypt_file_in_place_with_key(f.content_key.clone(), f.nonce.clone(), &mut ct)
            .unwrap();
        (fk, ct)
    } else {
        (f.file_key.clone(), content.clone())
    };
    let mut tampered = false;
    if flags & 2 != 0 && !ct.is_empty() {
        let pos = inp.u24() as usize % ct.len();
        ct[pos] ^= 1 | inp.u8();
        tampered = true;
    }
    let reference = decrypt_file(&fk, &ct);
    let mut unverified = ct.clone();
    UnauthenticatedRangeDecryptor::from_file_key(&fk).decrypt_at_unverified(0, &mut unverified);
    if authentic {
        if tampered {
            assert_eq!(
                reference.as_ref().unwrap_err().kind(),
                ErrorKind::MacMismatch
            );
        } else {
            assert_eq!(reference.as_ref().unwrap(), &content);
        }
    }
    if let Ok(pt) = &reference {
        assert_eq!(pt, &unverified);
    }
    let mut in_place = ct.clone();
    let r = decrypt_file_in_place(&fk, &mut in_place);
    assert_eq!(r.is_ok(), reference.is_ok());
    if r.is_err() {
        assert!(
            in_place.iter().all(|b| *b == 0),
            "failed decryption must zeroize"
        );
    }

    let split = pieces(&mut inp, len);
    let resume_at = (flags & 4 != 0).then(|| usize::from(inp.u8()) % (split.len() + 1));
    let mut dec = FileDecryptor::new(&fk);
    let mut out = vec![0u8; len];
    let mut pos = 0usize;
    for (i, p) in split.iter().enumerate() {
        if Some(i) == resume_at {
            let st = dec
                .export_state(i % 2 == 0, Some(len as u64))
                .expect("export within the file size");
            let bytes = st.to_bytes();
            let st = TransferState::from_bytes(&bytes).expect("own export decodes");
            dec = FileDecryptor::resume(&fk, &st).expect("own export resumes");
            assert!(st.resume_offset() as usize <= pos && pos - (st.resume_offset() as usize) < 16);
            pos = st.resume_offset() as usize;
        }
        let p = (*p).min(len - pos);
        let range = pos..pos + p;
        if i % 2 == 0 {
            out[range.clone()].copy_from_slice(&ct[range.clone()]);
            dec.decrypt_unverified_in_place(&mut out[range]);
        } else {
            dec.decrypt_unverified_to(&ct[range.clone()], &mut out[range])
                .unwrap();
        }
        pos += p;
    }
    out[pos..].copy_from_slice(&ct[pos..]);
    dec.decrypt_unverified_in_place(&mut out[pos..]);
    assert_eq!(
        out, unverified,
        "streaming output differs from one-shot CTR"
    );
    assert_eq!(dec.bytes_processed(), len as u64);
    let verdict = if flags & 8 != 0 {
        dec.finish_with_size(len as u64)
    } else {
        dec.finish()
    };
    assert_eq!(verdict.is_ok(), reference.is_ok());
    if let Ok(v) = verdict {
        assert_eq!(v.len(), len as u64);
    }

    // The Read adapter with reads of the same sizes.
    let mut reader = DecryptingReader::with_expected_size(&ct[..], &fk, len as u64);
    let mut got = Vec::with_capacity(len);
    let mut sizes = split
        .iter()
        .copied()
        .filter(|p| *p > 0)
        .chain(std::iter::repeat(4096));
    let read_ok = loop {
        let mut buf = vec![0u8; sizes.next().unwrap_or(4096)];
        match reader.read(&mut buf) {
            Ok(0) => break true,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(_) => break false,
        }
    };
    assert_eq!(got, unverified);
    assert_eq!(read_ok, reference.is_ok());
    assert_eq!(reader.into_verified().is_ok(), reference.is_ok());
}

/// Sequential encryption over arbitrary splits (in place, buffer to buffer, through the `Write`
/// adapter, with a state export/import) equals one-shot encryption: same ciphertext, same key.
pub fn diff_split_encrypt(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let flags = inp.u8();
    let len = file_len(&mut inp);
    let content = expand(inp.bytes(16), len);
    let mut want = content.clone();
    let want_key =
        encrypt_file_in_place_with_key(f.content_key.clone(), f.nonce.clone(), &mut want).unwrap();

    let split = pieces(&mut inp, len);
    let resume_at = (flags & 1 != 0).then(|| usize::from(inp.u8()) % (split.len() + 1));
    let mut enc = FileEncryptor::with_key(f.content_key.clone(), f.nonce.clone());
    let mut out = vec![0u8; len];
    let mut pos = 0usize;
    for (i, p) in split.iter().enumerate() {
        if Some(i) == resume_at {
            let st = enc
                .export_state(i % 2 == 0)
                .expect("export of a small file");
            let st = TransferState::from_bytes(&st.to_bytes()).expect("own export decodes");
            if let Some(k) = st.file_key() {
                assert_eq!(k.aes_key(), &f.content_key);
                assert_eq!(k.nonce(), &f.nonce);
            }
            enc = FileEncryptor::resume(f.content_key.clone(), f.nonce.clone(), &st)
                .expect("own export resumes");
            pos = st.resume_offset() as usize;
        }
        let p = (*p).min(len - pos);
        let range = pos..pos + p;
        if i % 2 == 0 {
            out[range.clone()].copy_from_slice(&content[range.clone()]);
            enc.encrypt_in_place(&mut out[range]);
        } else {
            enc.encrypt_to(&content[range.clone()], &mut out[range])
                .unwrap();
        }
        pos += p;
    }
    out[pos..].copy_from_slice(&content[pos..]);
    enc.encrypt_in_place(&mut out[pos..]);
    assert_eq!(enc.bytes_processed(), len as u64);
    assert_eq!(
        enc.finish(),
        want_key,
        "split encryption gives another file key"
    );
    assert_eq!(out, want, "split encryption gives another ciphertext");

    if flags & 2 != 0 {
        let mut w = EncryptingWriter::new(
            Vec::new(),
            FileEncryptor::with_key(f.content_key.clone(), f.nonce.clone()),
        );
        let mut pos = 0;
        for p in split.iter().copied().chain(std::iter::once(len)) {
            let p = p.min(len - pos);
            w.write_all(&content[pos..pos + p]).unwrap();
            pos += p;
        }
        let (ct, key) = w.finish().unwrap();
        assert_eq!(key, want_key);
        assert_eq!(ct, want);
    }
}

/// Chunk-wise encryption and decryption in an input-chosen order (with accumulator state
/// export/import) equals sequential one-shot encryption; the meta-MAC verifies.
pub fn diff_chunk_order(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let flags = inp.u8();
    let len = file_len(&mut inp);
    let content = expand(inp.bytes(16), len);
    let mut want = content.clone();
    let want_key =
        encrypt_file_in_place_with_key(f.content_key.clone(), f.nonce.clone(), &mut want).unwrap();
    let layout = ChunkLayout::new(len as u64).unwrap();
    let n = layout.chunk_count() as usize;
    // Fisher–Yates driven by the input.
    let mut order: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        let j = usize::from(inp.u16()) % (i + 1);
        order.swap(i, j);
    }
    let export_at = (flags & 1 != 0).then(|| usize::from(inp.u8()) % (n + 1));
    let cipher = ChunkCipher::new(&f.content_key, &f.nonce);
    let mut acc = MetaMacAccumulator::new(&f.content_key, len as u64).unwrap();
    let mut out = content.clone();
    let mut macs = vec![ChunkMac::from_bytes([0; 16]); n];
    for (step, &i) in order.iter().enumerate() {
        if Some(step) == export_at {
            let st = acc.export_state(TransferDirection::Upload, None);
            let st = TransferState::from_bytes(&st.to_bytes()).expect("own export decodes");
            acc = MetaMacAccumulator::resume(&f.content_key, &st).expect("own export resumes");
        }
        let c = layout.chunk(i).unwrap();
        let range = c.offset as usize..c.end() as usize;
        let mac = cipher.encrypt_chunk(c, &mut out[range]).unwrap();
        macs[i as usize] = mac;
        if step % 2 == 0 {
            acc.insert(c, mac).unwrap();
        } else {
            acc.insert_index(i, mac).unwrap();
        }
        // A second insert of the same chunk is refused.
        assert!(acc.insert_index(i, mac).is_err());
    }
    assert_eq!(out, want, "chunk-order encryption gives another ciphertext");
    assert_eq!(&acc.finish().unwrap(), want_key.meta_mac());

    // Runs of consecutive chunks (the multi-lane path) agree with single chunks.
    if n > 0 {
        let a = usize::from(inp.u8()) % n;
        let b = a + usize::from(inp.u8()) % (n - a);
        let start = layout.chunk(a as u32).unwrap().offset as usize;
        let end = layout.chunk(b as u32).unwrap().end() as usize;
        let mut run = content[start..end].to_vec();
        let got = cipher
            .encrypt_chunks(&layout, start as u64, &mut run)
            .unwrap();
        assert_eq!(run, want[start..end]);
        for (c, m) in &got {
            assert_eq!(*m, macs[c.index as usize]);
        }
        let mut back = run.clone();
        let got = cipher
            .decrypt_chunks_unverified(&layout, start as u64, &mut back)
            .unwrap();
        assert_eq!(back, content[start..end]);
        let expected: Vec<ChunkMac> = got.iter().map(|(_, m)| *m).collect();
        cipher
            .verify_chunks(&layout, start as u64, &back, &expected)
            .unwrap();
    }

    // Decrypt in reverse input order and verify against the key.
    let mut acc = MetaMacAccumulator::new(&f.content_key, len as u64).unwrap();
    let mut back = want.clone();
    for &i in order.iter().rev() {
        let c = layout.chunk(i).unwrap();
        let range = c.offset as usize..c.end() as usize;
        let mac = cipher
            .decrypt_chunk_unverified(c, &mut back[range.clone()])
            .unwrap();
        assert_eq!(mac, cipher.mac_chunk(c, &content[range]).unwrap());
        acc.insert(c, mac).unwrap();
    }
    assert_eq!(back, content);
    let _verified = acc.verify(&want_key).expect("meta-MAC verifies");
}

/// Range decryption at input-chosen offsets equals the slice of the plaintext; chunk-aligned range
/// helpers agree and reject misaligned ranges without panicking.
pub fn diff_range_decrypt(data: &[u8]) {
    let f = fixed();
    let mut inp = Input(data);
    let len = file_len(&mut inp);
    let content = expand(inp.bytes(16), len);
    let mut ct = content.clone();
    let fk =
        encrypt_file_in_place_with_key(f.content_key.clone(), f.nonce.clone(), &mut ct).unwrap();
    let rd = UnauthenticatedRangeDecryptor::from_file_key(&fk);
    let layout = ChunkLayout::new(len as u64).unwrap();
    let cipher = ChunkCipher::from_file_key(&fk);
    for _ in 0..8 {
        if inp.is_empty() {
            break;
        }
        let off = inp.u24() as usize % (len + 1);
        let n = match inp.u8() % 3 {
            0 => usize::from(inp.u8()),
            1 => usize::from(inp.u16()),
            _ => inp.u24() as usize,
        }
        .min(len - off);
        let mut buf = ct[off..off + n].to_vec();
        rd.decrypt_at_unverified(off as u64, &mut buf);
        assert_eq!(
            buf,
            content[off..off + n],
            "range decryption differs at {off}+{n}"
        );
        // The chunk helpers either accept the range (then they agree) or refuse it.
        let mut buf = ct[off..off + n].to_vec();
        if let Ok(got) = cipher.decrypt_chunks_unverified(&layout, off as u64, &mut buf) {
            assert_eq!(buf, content[off..off + n]);
            let macs: Vec<ChunkMac> = got.iter().map(|(_, m)| *m).collect();
            cipher
                .verify_chunks(&layout, off as u64, &buf, &macs)
                .unwrap();
            if let Some(first) = buf.first_mut() {
                *first ^= 1;
                assert!(
                    cipher
                        .verify_chunks(&layout, off as u64, &buf, &macs)
                        .is_err()
                );
            }
        }
    }
    // Offsets past the end of the file (CTR seeks anywhere) and huge offsets never panic.
    let mut tail = [0u8; 40];
    rd.decrypt_at_unverified(u64::MAX - 20, &mut tail);
    let _ = layout.chunk_at(u64::from(inp.u24()));
}

/// The `X-Hashcash` challenge parser (the solver is not fuzzed: its cost is the server's choice of
/// easiness, see docs/fuzzing.md).
pub fn hashcash_challenge(data: &[u8]) {
    let s = lossy(data);
    if let Ok(c) = HashcashChallenge::parse(&s) {
        assert_eq!(c.threshold(), hashcash::threshold(c.easiness));
        let resp = c.response(&[1, 2, 3, 4]);
        assert!(resp.starts_with("1:"));
        let again = HashcashChallenge::parse(&format!(
            "1:{}:{}:{}",
            c.easiness,
            c.timestamp,
            &resp[2..66]
        ))
        .expect("re-formatted challenge parses");
        assert_eq!(again.token, c.token);
    }
}
