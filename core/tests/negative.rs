//! Negative tests for every parser of the account/link/attribute layer: truncated, over-long,
//! bad characters, wrong key. Each asserts the error *category*, so a regression that turns a clean
//! rejection into a different failure (or into acceptance) is caught.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use megacrypt::attributes::{self, NodeAttributes};
use megacrypt::link::{LinkKind, ProtectedLink, PublicLink};
use megacrypt::{
    AesKey, ErrorKind, FileKey, FolderKey, MasterKey, NodeHandle, NodeKey, PasswordKey, UserHandle,
};
use megacrypt::{base64, kdf, session};

const FILE_KEY: &str = "nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc";
const FOLDER_KEY: &str = "Vc__bk7c-bImIN48YvtHPw";

fn kind<T: std::fmt::Debug>(r: Result<T, megacrypt::Error>) -> ErrorKind {
    r.expect_err("expected an error").kind()
}

#[test]
fn base64_truncated_overlong_and_bad_characters() {
    assert_eq!(
        kind(base64::decode_array::<32>(&FILE_KEY[..42])),
        ErrorKind::Malformed
    );
    assert_eq!(
        kind(base64::decode_array::<32>(&format!("{FILE_KEY}A"))),
        ErrorKind::Malformed
    );
    for bad in [
        "QUJD\0",
        "QUJD ",
        "QU JD",
        "QUJ,",
        "QUJ=",
        "QUJ.",
        "QUJD\u{00e9}",
    ] {
        assert_eq!(kind(base64::decode(bad)), ErrorKind::Malformed, "{bad:?}");
    }
    // Every length 4k+1 is impossible.
    for n in [1, 5, 9, 13] {
        assert_eq!(kind(base64::decode(&"A".repeat(n))), ErrorKind::Malformed);
    }
}

#[test]
fn handles_reject_wrong_lengths_and_characters() {
    assert_eq!(kind(NodeHandle::from_b64("")), ErrorKind::Malformed);
    assert_eq!(kind(NodeHandle::from_b64("xUIkknu")), ErrorKind::Malformed);
    assert_eq!(
        kind(NodeHandle::from_b64("xUIkknuHx")),
        ErrorKind::Malformed
    );
    assert_eq!(kind(NodeHandle::from_b64("xUIk=nuH")), ErrorKind::Malformed);
    assert_eq!(
        kind(UserHandle::from_b64("Z05_UFdxaN")),
        ErrorKind::Malformed
    );
}

#[test]
fn keys_reject_wrong_lengths_zero_and_equal_halves() {
    assert_eq!(
        kind(FileKey::from_b64(&FILE_KEY[..42])),
        ErrorKind::Malformed
    );
    assert_eq!(
        kind(FileKey::from_node_key_slice(&[1; 31])),
        ErrorKind::InvalidKey
    );
    assert_eq!(
        kind(FileKey::from_node_key_slice(&[1; 33])),
        ErrorKind::InvalidKey
    );
    let mut equal_halves = [0u8; 32];
    equal_halves[..16].copy_from_slice(&[9; 16]);
    equal_halves[16..].copy_from_slice(&[9; 16]);
    assert_eq!(
        kind(FileKey::from_node_key(&equal_halves)),
        ErrorKind::InvalidKey
    );
    assert_eq!(
        kind(FolderKey::from_b64("AAAAAAAAAAAAAAAAAAAAAA")),
        ErrorKind::InvalidKey
    );
    assert_eq!(kind(MasterKey::from_slice(&[1; 15])), ErrorKind::InvalidKey);
    assert_eq!(kind(NodeKey::from_slice(&[1; 0])), ErrorKind::InvalidKey);
    assert_eq!(kind(NodeKey::from_slice(&[1; 48])), ErrorKind::InvalidKey);
}

#[test]
fn master_key_and_tsid_reject_bad_input() {
    let pk = PasswordKey::from_bytes([3; 16]).unwrap();
    assert_eq!(
        kind(session::decrypt_master_key(&pk, &[1; 15])),
        ErrorKind::Malformed
    );
    assert_eq!(
        kind(session::decrypt_master_key(&pk, &[1; 17])),
        ErrorKind::Malformed
    );
    assert_eq!(
        kind(session::decrypt_master_key_b64(&pk, "not base64!")),
        ErrorKind::Malformed
    );
    let mk = MasterKey::from_bytes([4; 16]).unwrap();
    for len in [0, 16, 31, 33, 42, 44, 64] {
        assert_eq!(
            kind(session::check_tsid(&mk, &vec![0; len])),
            ErrorKind::Malformed,
            "len {len}"
        );
    }
    // Right shape, wrong content: the opaque decryption failure.
    assert_eq!(kind(session::check_tsid(&mk, &[0; 32])), ErrorKind::Decrypt);
    assert_eq!(kind(session::check_tsid(&mk, &[0; 43])), ErrorKind::Decrypt);
}

#[test]
fn kdf_rejects_bad_salts() {
    for len in [0, 16, 31, 33, 64] {
        assert_eq!(
            kind(kdf::derive_v2("pw", &vec![1; len])),
            ErrorKind::Malformed,
            "len {len}"
        );
    }
    assert_eq!(
        kind(kdf::derive_v2_b64_salt(
            "pw",
            "QBTdcJhFdbvErPDapjagEVD-FsLTwxCnzC2lHByrG3"
        )),
        ErrorKind::Malformed
    );
}

#[test]
fn node_attributes_wrong_key_truncated_overlong() {
    let key = AesKey::from_bytes([5; 16]).unwrap();
    let other = AesKey::from_bytes([6; 16]).unwrap();
    let sealed = attributes::seal_node_attributes(
        &key,
        &NodeAttributes::with_name("a long enough name to span blocks"),
    )
    .unwrap();
    assert!(sealed.len() > 16);
    assert_eq!(
        kind(attributes::open_node_attributes(&other, &sealed)),
        ErrorKind::Decrypt
    );
    assert_eq!(
        kind(attributes::open_node_attributes(
            &key,
            &sealed[..sealed.len() - 1]
        )),
        ErrorKind::Malformed
    );
    // Dropping the last block leaves a valid prefix but cuts the JSON.
    assert_eq!(
        kind(attributes::open_node_attributes(
            &key,
            &sealed[..sealed.len() - 16]
        )),
        ErrorKind::Malformed
    );
    let mut longer = sealed.clone();
    longer.extend_from_slice(&[0; 16]);
    // An extra garbage block decrypts to non-NUL bytes after the JSON: not valid JSON any more.
    assert_eq!(
        kind(attributes::open_node_attributes(&key, &longer)),
        ErrorKind::Malformed
    );
    let huge = vec![0u8; attributes::MAX_NODE_ATTRIBUTES_LEN + 16];
    assert_eq!(
        kind(attributes::open_node_attributes(&key, &huge)),
        ErrorKind::Malformed
    );
    assert_eq!(
        kind(attributes::open_node_attributes_b64(&key, "****")),
        ErrorKind::Malformed
    );
    assert_eq!(
        kind(NodeAttributes::from_json("{\"n\":\"x\"} trailing")),
        ErrorKind::Malformed
    );
}

#[test]
fn file_attributes_reject_bad_lengths() {
    let key = AesKey::from_bytes([7; 16]).unwrap();
    assert_eq!(
        kind(attributes::decrypt_file_attribute(&key, &[0; 17])),
        ErrorKind::Malformed
    );
    assert_eq!(
        kind(attributes::decrypt_file_attribute(
            &key,
            &vec![0; attributes::MAX_FILE_ATTRIBUTE_LEN + 16]
        )),
        ErrorKind::Malformed
    );
    assert_eq!(
        kind(attributes::encrypt_file_attribute(
            &key,
            &vec![0; attributes::MAX_FILE_ATTRIBUTE_LEN + 1]
        )),
        ErrorKind::ApiMisuse
    );
}

#[test]
fn links_truncated_overlong_bad_characters() {
    let urls = [
        format!("https://mega.nz/file/xUIkknuH#{}", &FILE_KEY[..42]),
        format!("https://mega.nz/file/xUIkknuH#{FILE_KEY}AA"),
        format!("https://mega.nz/file/xUIkknuH#{}*", &FILE_KEY[..42]),
        format!("https://mega.nz/file/xUIk*nuH#{FILE_KEY}"),
        format!("https://mega.nz/folder/cLRHa4nJ#{}", &FOLDER_KEY[..21]),
        format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}A"),
        format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}/file/JzBKSLQ"),
        format!("https://mega.nz/#!xUIkknuH!{FILE_KEY} "),
        format!("https://mega.nz/#F!cLRHa4nJ!{FOLDER_KEY}!"),
        format!("https://www.mega.nz/file/xUIkknuH#{FILE_KEY}"),
        format!("mega.nz/file/xUIkknuH#{FILE_KEY}"),
        format!("https://mega.nz/file/#{FILE_KEY}"),
    ];
    for url in urls {
        assert_eq!(kind(PublicLink::parse(&url)), ErrorKind::Malformed, "{url}");
    }
}

#[test]
fn protected_links_wrong_password_tampering_truncation() {
    let link = PublicLink::parse(&format!("https://mega.nz/folder/cLRHa4nJ#{FOLDER_KEY}")).unwrap();
    let p = megacrypt::hazmat::protect_link_with_salt(&link, "pw", [0x11; 32]).unwrap();
    assert_eq!(p.kind(), LinkKind::Folder);
    assert_eq!(p.open("pw").unwrap(), link);
    assert_eq!(kind(p.open("pW")), ErrorKind::Decrypt);
    assert_eq!(kind(p.open(" pw")), ErrorKind::Decrypt);
    let payload = p.to_payload();
    // Any single-bit change in the payload breaks the HMAC (or the header checks).
    for i in [0usize, 1, 2, 7, 8, 39, 40, 55, 56, payload.len() - 1] {
        let mut t = payload.clone();
        t[i] ^= 0x01;
        let outcome = ProtectedLink::from_payload(&t).and_then(|l| l.open("pw"));
        assert!(
            matches!(
                outcome.as_ref().map_err(|e| e.kind()),
                Err(ErrorKind::Decrypt | ErrorKind::Malformed | ErrorKind::Unsupported)
            ),
            "byte {i}: {outcome:?}"
        );
    }
    assert_eq!(
        kind(ProtectedLink::from_payload(&payload[..payload.len() - 1])),
        ErrorKind::Malformed
    );
    let mut longer = payload.clone();
    longer.push(0);
    assert_eq!(
        kind(ProtectedLink::from_payload(&longer)),
        ErrorKind::Malformed
    );
    assert_eq!(
        kind(ProtectedLink::parse("https://mega.nz/#P!AgA*")),
        ErrorKind::Malformed
    );
    let keyless = PublicLink::keyless(LinkKind::File, NodeHandle::from_b64("xUIkknuH").unwrap());
    assert_eq!(
        kind(megacrypt::hazmat::protect_link_with_salt(
            &keyless, "pw", [1; 32]
        )),
        ErrorKind::ApiMisuse
    );
}
