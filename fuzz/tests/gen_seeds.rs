//! Writes the seed corpora `fuzz/seeds/<target>/` from the known-answer vectors in
//! `core/tests/data/*.json`. Run after changing a harness's input format:
//! `cargo test --release --no-default-features --test gen_seeds -- --ignored`.
//!
//! Seeds are small by design (they are committed); `run.sh` copies them into `fuzz/corpus/<target>/`.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data")
}

fn load(name: &str) -> Value {
    let text = fs::read_to_string(data_dir().join(name)).expect("vector file");
    serde_json::from_str(&text).expect("JSON")
}

fn cases(v: &Value) -> Vec<Value> {
    v["cases"].as_array().cloned().unwrap_or_default()
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(String::from)
}

fn hx(v: &Value, k: &str) -> Option<Vec<u8>> {
    s(v, k).and_then(|h| hex::decode(h).ok())
}

struct Seeds {
    dir: PathBuf,
    n: usize,
}

impl Seeds {
    fn new(target: &str) -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seeds")
            .join(target);
        fs::create_dir_all(&dir).unwrap();
        // Replace the generated seeds; keep committed crash reproducers (`crash-*`).
        for e in fs::read_dir(&dir).unwrap().flatten() {
            if e.file_name().to_string_lossy().starts_with("seed-") {
                fs::remove_file(e.path()).unwrap();
            }
        }
        Seeds { dir, n: 0 }
    }
    fn add(&mut self, bytes: impl AsRef<[u8]>) {
        let bytes = bytes.as_ref();
        if bytes.len() > 4096 {
            return;
        }
        fs::write(self.dir.join(format!("seed-{:03}", self.n)), bytes).unwrap();
        self.n += 1;
    }
    fn with_prefix(&mut self, prefix: &[u8], bytes: impl AsRef<[u8]>) {
        let mut v = prefix.to_vec();
        v.extend_from_slice(bytes.as_ref());
        self.add(v);
    }
}

#[test]
#[ignore = "writes fuzz/seeds; run explicitly"]
fn generate_seeds() {
    let base64 = load("base64.json");
    let links = load("links.json");
    let plinks: Vec<Value> = ["password_links.json", "password_links_sdk.json"]
        .iter()
        .flat_map(|f| cases(&load(f)))
        .collect();
    let attrs = load("attributes.json");
    let rsa = load("rsa.json");
    let rsa_sdk = load("rsa_sdk.json");
    let tamper = load("rsa_tamper.json");
    let master = load("master_key.json");
    let fe = load("file_encrypt.json");
    let hc = load("hashcash.json");
    let ccm = load("ccm.json");

    let mut t = Seeds::new("base64");
    for c in cases(&base64) {
        if let Some(b) = s(&c, "b64") {
            t.add(b);
        }
    }

    let mut t = Seeds::new("link_public");
    for c in cases(&links) {
        if let Some(u) = s(&c, "url") {
            t.add(u);
        }
    }
    for c in &plinks {
        if let Some(u) = s(c, "p_link") {
            t.add(u);
        }
    }

    let mut t = Seeds::new("link_protected");
    for c in &plinks {
        if let Some(p) = hx(c, "p_payload_hex") {
            t.add(p);
        }
    }

    // flags (bit0 alg 1, bit1 folder, bit2 flip) || handle(6) || key(32/16) [|| flip pos, xor]
    let mut t = Seeds::new("link_protected_open");
    for c in plinks.iter().take(4) {
        let (Some(h), Some(k)) = (s(c, "public_handle"), hx(c, "key_hex")) else {
            continue;
        };
        let h = megacrypt::NodeHandle::from_b64(&h).unwrap();
        let folder = k.len() == 16;
        let alg1 = c["algorithm"].as_u64() == Some(1);
        let flags = u8::from(alg1) | (u8::from(folder) << 1);
        t.with_prefix(&[flags], [&h.as_bytes()[..], &k[..]].concat());
    }
    t.add([0u8; 39]); // zero file key: must be refused after the HMAC passes
    t.add([2u8; 23]); // folder key 0x02… (valid)
    t.add([
        4u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 9, 1,
    ]);

    let mut t = Seeds::new("node_attributes");
    for c in cases(&attrs) {
        if let Some(ct) = s(&c, "ciphertext_b64").and_then(|b| megacrypt::base64::decode(&b).ok()) {
            t.with_prefix(&[0], ct);
        }
        if let Some(pt) = hx(&c, "plaintext_hex") {
            if let Some(body) = pt.strip_prefix(b"MEGA") {
                t.with_prefix(&[1], body);
                let end = body.iter().position(|b| *b == 0).unwrap_or(body.len());
                t.with_prefix(&[2], &body[..end]);
            }
        }
    }

    let mut t = Seeds::new("file_attribute");
    for c in cases(&attrs).iter().take(6) {
        if let Some(ct) = s(c, "ciphertext_b64").and_then(|b| megacrypt::base64::decode(&b).ok()) {
            t.add(ct);
        }
    }
    t.add(b"\xff\xd8\xff\xe0jpeg");

    let mut t = Seeds::new("node_key");
    for c in cases(&fe) {
        if let Some(nk) = hx(&c, "node_key_hex") {
            t.add(&nk);
            t.add(s(&c, "node_key_b64").unwrap());
        }
    }
    for c in cases(&attrs) {
        if let Some(nk) = hx(&c, "node_key_hex") {
            t.add(nk);
        }
    }

    let mut t = Seeds::new("share_keys");
    t.add("Z05_UFdxaNA:AAAAAAAAAAAAAAAAAAAAAA/ChssPU5f:BBBBBBBBBBBBBBBBBBBBBB");
    t.add("ChssPU5f:nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc");
    t.add("AAAAAAAAAAAAAAAAAAAAAA");
    t.add(r#"[["ChssPU5f"],["xUIkknuH","JzBKSLQG"],[0,0,"AAAAAAAAAAAAAAAAAAAAAA",0,1,"nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc"]]"#);
    t.add("Z05_UFdxaNA:".to_string() + s(&rsa["cases"][2], "csid_b64").as_deref().unwrap_or("A"));

    let mut t = Seeds::new("session_tsid");
    for c in cases(&master) {
        if let Some(e) = s(&c, "encrypted_master_key_b64") {
            t.add(megacrypt::base64::decode(&e).unwrap());
            t.add(e);
        }
    }
    t.add([7u8; 32]);
    t.add([9u8; 43]);

    let mut t = Seeds::new("rsa_public_key");
    for v in [&rsa, &rsa_sdk] {
        let k = &v["key"];
        t.with_prefix(&[0], hx(k, "pubk_hex").unwrap());
        t.with_prefix(&[3], hx(k, "pubk_hex").unwrap());
        t.with_prefix(&[1], s(k, "pubk_b64").unwrap());
    }

    let mut t = Seeds::new("rsa_private_key");
    for v in [&rsa, &rsa_sdk] {
        let k = &v["key"];
        let plain = hx(k, "privk_plain_hex").unwrap();
        t.with_prefix(&[0], &plain);
        t.with_prefix(&[1], &plain);
        let enc = megacrypt::base64::decode(&s(k, "privk_enc_b64").unwrap()).unwrap();
        t.with_prefix(&[2], &enc);
        t.with_prefix(&[3], s(k, "privk_enc_b64").unwrap());
    }
    for c in cases(&tamper).iter().take(12) {
        if let Some(p) = s(c, "privk_enc_b64") {
            t.with_prefix(&[2], megacrypt::base64::decode(&p).unwrap_or_default());
        }
    }

    let mut t = Seeds::new("rsa_session_id");
    for c in cases(&rsa) {
        if let Some(csid) = s(&c, "csid_b64").and_then(|b| megacrypt::base64::decode(&b).ok()) {
            for mode in 0..3u8 {
                t.with_prefix(&[mode], &csid);
            }
        }
    }
    t.with_prefix(&[4], b"a 32-byte share key payload.....");
    t.with_prefix(&[9], [0u8; 1]);
    let _ = &rsa_sdk;

    let mut t = Seeds::new("tlv_container");
    t.with_prefix(&[1], b"foo\0\0\x03bar");
    t.with_prefix(&[1], b"\0\0\x01xa\0\0\x02yz");
    t.with_prefix(&[2], "k\u{0}\u{0}\u{1}\u{e9}".as_bytes());
    t.with_prefix(&[3, 5], [[9u8; 12].as_slice(), b"foo\0\0\x03bar"].concat());
    t.with_prefix(&[3, 2], [[9u8; 10].as_slice(), b"a\0\0\x011"].concat());
    t.with_prefix(&[5], [0u8, 0, 1, b'x', b'a', 0, 0xff, 0xff]);
    for c in cases(&ccm).iter().take(6) {
        let (Some(n), Some(ct), Some(tag)) = (
            hx(c, "nonce_hex"),
            hx(c, "ciphertext_hex"),
            hx(c, "tag_hex"),
        ) else {
            continue;
        };
        let mode: u8 = match (n.len(), tag.len()) {
            (12, 16) => 0,
            (10, 16) => 1,
            _ => 2,
        };
        t.with_prefix(&[0, mode], [n.clone(), ct.clone(), tag.clone()].concat());
        t.with_prefix(&[4, mode, n.len() as u8], [n, vec![0], ct, tag].concat());
    }

    // Transfer states: exported by the real API at chunk boundaries of the vector files.
    let mut t = Seeds::new("transfer_state");
    {
        use megacrypt::file::{ChunkCipher, ChunkLayout, FileEncryptor, MetaMacAccumulator};
        let c = &cases(&fe)[1];
        let key = megacrypt::AesKey::from_slice(&hx(c, "key_hex").unwrap()).unwrap();
        let nonce = megacrypt::Nonce::from_slice(&hx(c, "nonce_hex").unwrap()).unwrap();
        for n in [0usize, 16, 131_072, 131_088, 400_000] {
            let mut e = FileEncryptor::with_key(megacrypt::ContentKey::from_parts(
                key.clone(),
                nonce.clone(),
            ));
            let mut buf = vec![0x61u8; n];
            e.encrypt_in_place(&mut buf);
            t.add(&*e.export_state(false).unwrap().to_bytes());
            t.add(&*e.export_state(true).unwrap().to_bytes());
        }
        let size = 2_000_000u64;
        let layout = ChunkLayout::new(size).unwrap();
        let cc = ChunkCipher::new(&megacrypt::ContentKey::from_parts(
            key.clone(),
            nonce.clone(),
        ));
        let mut acc = MetaMacAccumulator::new(&key, size).unwrap();
        for i in [2u32, 5, 0] {
            let ch = layout.chunk(i).unwrap();
            let mut buf = vec![0u8; ch.len as usize];
            acc.insert(ch, cc.encrypt_chunk(ch, &mut buf).unwrap())
                .unwrap();
            t.add(&*acc.export_download_state(None).to_bytes());
        }
    }

    // stream / differential targets: flags || size class... || content seed(16) || splits
    for name in [
        "stream_decrypt",
        "diff_split_encrypt",
        "diff_chunk_order",
        "diff_range_decrypt",
    ] {
        let mut t = Seeds::new(name);
        let seed = *b"megacrypt fuzzer";
        let sizes: [&[u8]; 6] = [
            &[0, 0, 0],             // empty
            &[0, 0x10, 0x00],       // 16 bytes
            &[0, 0x11, 0x01],       // 273 bytes
            &[2, 1, 21],            // 131 073 (chunk boundary + 1)
            &[2, 8, 0],             // 4 718 572 (ramp end - 20)
            &[1, 0x00, 0x00, 0x04], // 262 144
        ];
        for (i, sz) in sizes.iter().enumerate() {
            let flags = [i as u8 * 5];
            let splits: &[u8] = &[0, 7, 1, 0x34, 0x12, 0, 15, 3, 2, 0x00, 0x00, 0x02, 0];
            let head = if name == "diff_range_decrypt" {
                &[][..]
            } else {
                &flags[..]
            };
            t.add([head, sz, &seed, splits].concat());
        }
    }

    let mut t = Seeds::new("hashcash_challenge");
    for c in cases(&hc).iter().take(6) {
        if let Some(ch) = s(c, "challenge") {
            t.add(ch);
        }
    }

    // ^!keys: whole attributes (open), their decrypted plaintexts (record layer, and open through
    // the encrypting branch), and LTLV blobs.
    let kc = load("keys_container.json");
    let mut open = Seeds::new("keys_container_open");
    let mut recs = Seeds::new("keys_container_records");
    let mut lt = Seeds::new("keys_container_ltlv");
    let mk = megacrypt::MasterKey::from_bytes(megacrypt_fuzz::keys_container::MASTER_KEY).unwrap();
    let key = megacrypt::keys_container::derive_key(&mk).unwrap();
    for c in cases(&kc) {
        match s(&c, "kind").as_deref() {
            Some("open") => {
                let attr = megacrypt::base64::decode(&s(&c, "attribute_b64").unwrap()).unwrap();
                let last = c["last_seen_generation"].as_u64().unwrap().min(255) as u8;
                open.with_prefix(&[0, last], &attr);
                if attr.len() > 30 {
                    if let Ok(p) = megacrypt::hazmat::aead_open(
                        megacrypt::tlv::ContainerMode::AesGcm12x16,
                        &key,
                        &attr[2..14],
                        &[],
                        &attr[14..],
                    ) {
                        recs.add(&*p);
                        open.with_prefix(&[1, 0], &*p);
                    }
                }
            }
            Some("seal") => {
                if let Some(p) = hx(&c, "plaintext_hex") {
                    recs.add(&p);
                }
            }
            Some("ltlv_encode") => {
                for k in ["webclient_hex", "sdk_hex"] {
                    if let Some(b) = hx(&c, k) {
                        lt.add(b);
                    }
                }
            }
            Some("ltlv_decode") => {
                if let Some(b) = hx(&c, "input_hex") {
                    lt.add(b);
                }
            }
            _ => {}
        }
    }
    lt.add([3, b'b', b'i', b'g', 0xff, 0xff, 0, 0, 0, 2, 1, 2]);
    lt.add([
        2, b'c', b'v', 0, 1, b'1', 4, b'b', b'k', b'p', b'1', 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        11, 12,
    ]);
    albums_seeds();
}

/// Seeds of the `albums` harnesses (fuzz/src/albums.rs), from sets_sdk.json and
/// user_attributes_sdk.json.
fn albums_seeds() {
    let sets = load("sets_sdk.json");
    let ua = load("user_attributes_sdk.json");

    let mut t = Seeds::new("collection_link");
    for c in cases(&sets) {
        if let Some(u) = s(&c, "url").or_else(|| s(&c, "link")) {
            t.add(u);
        }
    }

    let mut t = Seeds::new("set_attributes");
    for c in cases(&sets) {
        if let (Some("set_attributes"), Some(k), Some(at)) =
            (c["kind"].as_str(), hx(&c, "set_key_hex"), hx(&c, "at_hex"))
        {
            t.add([k, at].concat());
        }
        if let (Some("element_key"), Some(k), Some(w)) =
            (c["kind"].as_str(), hx(&c, "set_key_hex"), hx(&c, "k_hex"))
        {
            t.add([k, w].concat());
        }
    }

    let mut t = Seeds::new("element_attributes");
    for c in cases(&sets) {
        if let (Some(k), Some(at)) = (hx(&c, "node_key_hex"), hx(&c, "at_hex")) {
            t.add([k, at].concat());
        }
        if let (Some(k), Some(at)) = (hx(&c, "element_key_hex"), s(&c, "at_b64")) {
            t.add([k, megacrypt::base64::decode(&at).unwrap()].concat());
        }
    }

    let mut t = Seeds::new("user_attribute");
    for c in cases(&ua) {
        let sel: u8 = match c["attribute"].as_str() {
            Some("*!cam") => 0,
            Some("*!cf") => 1,
            Some("*!>alias") => 2,
            Some("*!dn") => 3,
            _ => continue,
        };
        if let (Some(mk), Some(blob)) = (hx(&c, "master_key_hex"), hx(&c, "container_hex")) {
            t.add([vec![sel], mk, blob].concat());
        }
        if let Some(tlv) = hx(&c, "tlv_hex") {
            t.add([vec![8], tlv].concat());
        }
    }

    let mut t = Seeds::new("totp_parameters");
    // algorithm, digits, period (LE), time (LE), base32 secret: RFC 6238 Appendix B seeds.
    for (alg, secret) in [
        (0u8, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
        (
            1,
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA====",
        ),
        (2, "gezdgnbvgy3tqojqgezdgnbvgy3tqojq"),
        (0, "MZXW6YTBOI======"),
    ] {
        t.add(
            [
                vec![alg, 8, 30, 0],
                59u64.to_le_bytes().to_vec(),
                secret.into(),
            ]
            .concat(),
        );
    }

    let mut t = Seeds::new("password_item");
    for j in [
        r#"{"pwd":"hunter2","u":"alice","url":"https://example.com","n":"note"}"#,
        r#"{"pwd":"x","totp":{"shse":"GEZDGNBVGY3TQOJQ","t":30,"alg":"sha256","nd":6}}"#,
        r#"{"pwd":"x","totp":{"shse":"GEZDGNBVGY3TQOJQ","t":"30","nd":"8"}}"#,
        r#"{"t":"c","nu":"4111111111111111","u":"A B","cvv":"123","exp":"12/29","n":""}"#,
    ] {
        t.add(j);
    }
}

#[test]
#[ignore = "writes fuzz/seeds; run explicitly"]
fn generate_identity_seeds() {
    let sigs = load("key_signature.json");
    let exchange = load("key_exchange.json");

    let mut t = Seeds::new("key_signature");
    for c in cases(&sigs) {
        match s(&c, "kind").as_deref() {
            // Mode 1: signer(32) ‖ blob(72) ‖ key bytes.
            Some("verify") => {
                if let (Some(pk), Some(sig), Some(key)) = (
                    hx(&c, "signer_public_hex"),
                    hx(&c, "signature_hex"),
                    hx(&c, "key_bytes_hex"),
                ) {
                    if sig.len() == 72 {
                        t.add([&[1u8][..], &pk, &sig, &key].concat());
                    }
                }
            }
            // Mode 0: a blob for the fixed signer; mode 2: a pubk.
            Some("sign") => {
                if let Some(sig) = hx(&c, "signature_hex") {
                    t.with_prefix(&[0], sig);
                }
            }
            Some("rsa_signed_bytes") => {
                if let Some(pubk) = hx(&c, "pubk_hex") {
                    t.with_prefix(&[2], pubk);
                }
            }
            _ => {}
        }
    }

    let mut t = Seeds::new("authring");
    for c in cases(&sigs) {
        if let Some(ring) = hx(&c, "ring_hex") {
            t.with_prefix(&[0], &ring);
            // The legacy form: one TLV record with the empty key.
            let mut tlv = vec![0u8];
            tlv.extend_from_slice(&(ring.len() as u16).to_be_bytes());
            tlv.extend_from_slice(&ring);
            t.with_prefix(&[1], tlv);
        }
    }

    let mut t = Seeds::new("identity_public_keys");
    for c in cases(&sigs) {
        if let Some(pk) = hx(&c, "public_hex").or_else(|| hx(&c, "signer_public_hex")) {
            t.add(pk);
        }
    }
    for c in cases(&exchange) {
        for k in ["a_public_hex", "b_public_hex", "peer_public_hex"] {
            if let Some(pk) = hx(&c, k) {
                t.add(pk);
            }
        }
    }
}
