//! The behaviour of `share.rs` that mutation testing (docs/mutation-testing.md) found unchecked:
//! which item of a node's `k` field is opened with which key, the RSA/AES split, the `cr`
//! element's shape and bounds, and the block registry's length rule.
//!
//! Every wrapped key here is a published AES-128 known answer, so no expected value comes from
//! megacrypt (MEGA wraps keys with raw AES-ECB, one block at a time):
//! - FIPS-197 appendix C.1: key `000102…0f`, plaintext `00112233…ff` → `69c4e0d8…c55a`;
//! - NIST SP 800-38A F.1.1 (ECB-AES128.Encrypt): key `2b7e1516…4f3c`, blocks `6bc1bee2…172a` →
//!   `3ad77bb4…ef97` and `ae2d8a57…8e51` → `f5d3d585…baaf`.
//!
//! The base64 strings were written from those bytes with Python's `base64.urlsafe_b64encode`
//! (padding removed), independently of `megacrypt::base64`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use megacrypt::handles::{NodeHandle, UserHandle};
use megacrypt::share::{
    self, CrElement, CrKey, KeyBlockRegistry, KeyContext, KeyItem, KeyItemOwner, NodeKeySource,
};
use megacrypt::{AesKey, ErrorKind, FolderKey, MasterKey, NodeKey, ShareKey};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}
fn arr(s: &str) -> [u8; 16] {
    h(s).try_into().unwrap()
}

/// FIPS-197 C.1 key: the logged-in user's master key (or a folder link's key) below.
const KEY_MINE: &str = "000102030405060708090a0b0c0d0e0f";
/// SP 800-38A key: another user's master key, or a share key.
const KEY_OTHER: &str = "2b7e151628aed2a6abf7158809cf4f3c";

/// FIPS-197 C.1 plaintext, a folder key; wrapped under KEY_MINE: `69c4e0d86a7b0430d8cdb78070b4c55a`.
const FOLDER_1: &str = "00112233445566778899aabbccddeeff";
const FOLDER_1_UNDER_MINE: &str = "acTg2Gp7BDDYzbeAcLTFWg";
/// SP 800-38A block 1, a folder key; wrapped under KEY_OTHER: `3ad77bb40d7a3660a89ecaf32466ef97`.
const FOLDER_2: &str = "6bc1bee22e409f96e93d7e117393172a";
const FOLDER_2_UNDER_OTHER: &str = "Otd7tA16NmConsrzJGbvlw";
/// SP 800-38A blocks 1 and 2, a 32-byte file node key; wrapped under KEY_OTHER.
const FILE_KEY: &str = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51";
const FILE_KEY_UNDER_OTHER_HEX: &str =
    "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf";
const FILE_KEY_UNDER_OTHER: &str = "Otd7tA16NmConsrzJGbvl_XT1YUDuWmd54WJWpb9uq8";

/// User handles 0101…01 (me) and 0202…02 (someone else), in MEGA base64.
const ME: &str = "AQEBAQEBAQE";
const OTHER_USER: &str = "AgICAgICAgI";
/// Node handles 0a1b2c3d4e5f, 0a1b2c3d4e60, a1a2a3a4a5a6.
const SHARE_A: &str = "ChssPU5f";
const SHARE_B: &str = "ChssPU5g";
const LINK_ROOT: &str = "oaKjpKWm";

fn me() -> UserHandle {
    UserHandle::from_bytes([1; 8])
}
fn master_key() -> MasterKey {
    MasterKey::from_bytes(arr(KEY_MINE)).unwrap()
}
fn link_key() -> AesKey {
    AesKey::from_bytes(arr(KEY_MINE)).unwrap()
}
fn other_key() -> ShareKey {
    ShareKey::from_bytes(arr(KEY_OTHER)).unwrap()
}
fn share_a() -> NodeHandle {
    NodeHandle::from_bytes([0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f])
}
fn link_root() -> NodeHandle {
    NodeHandle::from_bytes([0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6])
}
fn folder(hex_key: &str) -> NodeKey {
    NodeKey::Folder(FolderKey::from_bytes(arr(hex_key)).unwrap())
}

/// `unwrap_key_field` in my account; the only known share key is SHARE_A's (KEY_OTHER).
fn open_as_me(k: &str) -> Vec<(NodeKeySource, NodeKey)> {
    let (user, mk, sk) = (me(), master_key(), other_key());
    let ctx = KeyContext::Account {
        user: &user,
        master_key: &mk,
    };
    share::unwrap_key_field(k, ctx, |h| (*h == share_a()).then_some(&sk)).unwrap()
}

/// `unwrap_key_field` in a folder-link session rooted at LINK_ROOT with key KEY_MINE; no share
/// key is known.
fn open_in_link(k: &str) -> Vec<(NodeKeySource, NodeKey)> {
    let (root, key) = (link_root(), link_key());
    let ctx = KeyContext::FolderLink {
        root: &root,
        key: &key,
    };
    share::unwrap_key_field(k, ctx, |_| None).unwrap()
}

// --- The k field: which item is opened with which key -------------------------------------

/// A bare 22-character key is wrapped with the context's key: the master key in an account.
#[test]
fn bare_item_is_opened_with_the_master_key() {
    assert_eq!(
        open_as_me(FOLDER_1_UNDER_MINE),
        [(NodeKeySource::Context, folder(FOLDER_1))]
    );
}

/// A bare key in a folder-link session is wrapped with the link's folder key.
#[test]
fn bare_item_is_opened_with_the_folder_link_key() {
    assert_eq!(
        open_in_link(FOLDER_1_UNDER_MINE),
        [(NodeKeySource::Context, folder(FOLDER_1))]
    );
}

/// `me:key` is opened with my master key; an item wrapped for another user is never opened with
/// it (it would yield a key the other user's item does not hold, or one the server chose).
#[test]
fn item_wrapped_for_another_user_is_not_used() {
    assert_eq!(
        open_as_me(&format!("{ME}:{FOLDER_1_UNDER_MINE}")),
        [(NodeKeySource::Context, folder(FOLDER_1))]
    );
    assert!(open_as_me(&format!("{OTHER_USER}:{FOLDER_2_UNDER_OTHER}")).is_empty());
    assert_eq!(
        open_as_me(&format!(
            "{OTHER_USER}:{FOLDER_2_UNDER_OTHER}/{ME}:{FOLDER_1_UNDER_MINE}"
        )),
        [(NodeKeySource::Context, folder(FOLDER_1))]
    );
}

/// `share:key` is opened with that share's key, and reports the share as its source.
#[test]
fn share_item_is_opened_with_that_share_key() {
    assert_eq!(
        open_as_me(&format!("{SHARE_A}:{FOLDER_2_UNDER_OTHER}")),
        [(NodeKeySource::Share(share_a()), folder(FOLDER_2))]
    );
    let file = open_as_me(&format!("{SHARE_A}:{FILE_KEY_UNDER_OTHER}"));
    assert_eq!(file.len(), 1);
    assert_eq!(file[0].0, NodeKeySource::Share(share_a()));
    assert_eq!(&file[0].1.to_bytes()[..], &h(FILE_KEY)[..]);
    // Owner item first, share item second: both, in the field's order.
    assert_eq!(
        open_as_me(&format!(
            "{ME}:{FOLDER_1_UNDER_MINE}/{SHARE_A}:{FOLDER_2_UNDER_OTHER}"
        )),
        [
            (NodeKeySource::Context, folder(FOLDER_1)),
            (NodeKeySource::Share(share_a()), folder(FOLDER_2)),
        ]
    );
}

/// An item for a share whose key is unknown is skipped, never opened with another key.
#[test]
fn item_wrapped_for_an_unknown_share_is_not_used() {
    assert!(open_as_me(&format!("{SHARE_B}:{FOLDER_2_UNDER_OTHER}")).is_empty());
    assert!(open_as_me(&format!("{SHARE_B}:{FOLDER_1_UNDER_MINE}")).is_empty());
}

/// In a folder link the root's handle plays "me": `root:key` is opened with the link key; an
/// item for another share is not (its key is unknown here), nor is a user item.
#[test]
fn folder_link_uses_only_the_root_item() {
    assert_eq!(
        open_in_link(&format!("{LINK_ROOT}:{FOLDER_1_UNDER_MINE}")),
        [(NodeKeySource::Context, folder(FOLDER_1))]
    );
    assert!(open_in_link(&format!("{SHARE_A}:{FOLDER_1_UNDER_MINE}")).is_empty());
    assert!(open_in_link(&format!("{ME}:{FOLDER_1_UNDER_MINE}")).is_empty());
    assert_eq!(
        open_in_link(&format!(
            "{SHARE_A}:{FOLDER_1_UNDER_MINE}/{LINK_ROOT}:{FOLDER_1_UNDER_MINE}"
        )),
        [(NodeKeySource::Context, folder(FOLDER_1))]
    );
}

// --- RSA items are never used implicitly ---------------------------------------------------

/// SDK rule: more than 43 base64 characters (4·32/3 + 1) is an RSA ciphertext; 22 and 43 are
/// AES-wrapped folder and file keys.
#[test]
fn rsa_items_are_told_apart_by_length() {
    let item = |len: usize| KeyItem {
        owner: KeyItemOwner::Bare,
        wrapped_b64: "A".repeat(len),
    };
    for aes in [22, 43] {
        assert!(!item(aes).is_rsa(), "{aes}");
    }
    // 44 is the first RSA length; 344 is a 2048-bit MPI (2 + 256 bytes).
    for rsa in [44, 45, 344] {
        assert!(item(rsa).is_rsa(), "{rsa}");
    }
}

/// An RSA-encrypted item for me, which anyone holding my public key can make, is not opened by
/// `unwrap_key_field`; the AES item beside it is.
#[test]
fn rsa_item_is_never_used_implicitly() {
    let rsa_ct = "A".repeat(344);
    assert!(open_as_me(&format!("{ME}:{rsa_ct}")).is_empty());
    assert_eq!(
        open_as_me(&format!("{ME}:{rsa_ct}/{SHARE_A}:{FOLDER_2_UNDER_OTHER}")),
        [(NodeKeySource::Share(share_a()), folder(FOLDER_2))]
    );
}

// --- The cr element ------------------------------------------------------------------------

/// Node handles 010203040506 and 0708090a0b0c.
const N1: &str = "AQIDBAUG";
const N2: &str = "BwgJCgsM";
fn n1() -> NodeHandle {
    NodeHandle::from_bytes([1, 2, 3, 4, 5, 6])
}
fn n2() -> NodeHandle {
    NodeHandle::from_bytes([7, 8, 9, 10, 11, 12])
}

/// The `cr` of SHARE_A (key KEY_OTHER) over N1 (folder FOLDER_2) and N2 (file FILE_KEY), written
/// by hand from the layout `[[shares], [nodes], [share_index, node_index, B64(wrapped), ...]]`.
fn cr_json() -> String {
    format!(
        r#"[["{SHARE_A}"],["{N1}","{N2}"],[0,0,"{FOLDER_2_UNDER_OTHER}",0,1,"{FILE_KEY_UNDER_OTHER}"]]"#
    )
}
fn cr_value() -> CrElement {
    CrElement {
        shares: vec![share_a()],
        nodes: vec![n1(), n2()],
        keys: vec![
            CrKey {
                share_index: 0,
                node_index: 0,
                wrapped: h("3ad77bb40d7a3660a89ecaf32466ef97"),
            },
            CrKey {
                share_index: 0,
                node_index: 1,
                wrapped: h(FILE_KEY_UNDER_OTHER_HEX),
            },
        ],
    }
}

#[test]
fn cr_for_share_wraps_every_node_key_under_the_share_key() {
    let file = NodeKey::from_slice(&h(FILE_KEY)).unwrap();
    let got = CrElement::for_share(
        share_a(),
        &other_key(),
        &[(n1(), &folder(FOLDER_2)), (n2(), &file)],
    );
    assert_eq!(got, cr_value());
}

#[test]
fn cr_to_json_is_the_documented_layout() {
    assert_eq!(cr_value().to_json(), cr_json());
}

#[test]
fn cr_from_json_reads_the_documented_layout() {
    assert_eq!(CrElement::from_json(&cr_json()).unwrap(), cr_value());
    // A key of either length alone, and an element without keys.
    let one = format!(r#"[["{SHARE_A}"],["{N1}"],[0,0,"{FILE_KEY_UNDER_OTHER}"]]"#);
    assert_eq!(
        CrElement::from_json(&one).unwrap().keys[0].wrapped,
        h(FILE_KEY_UNDER_OTHER_HEX)
    );
    let empty = format!(r#"[["{SHARE_A}"],[],[]]"#);
    let got = CrElement::from_json(&empty).unwrap();
    assert_eq!(
        (got.shares.len(), got.nodes.len(), got.keys.len()),
        (1, 0, 0)
    );
}

/// A hostile `cr`: indices past the end of their arrays, a triple cut short, a wrapped key that
/// is neither 16 nor 32 bytes — all refused as malformed.
#[test]
fn cr_with_out_of_range_indices_is_refused() {
    for bad in [
        // share index 1 of 1 share; node index 2 of 2 nodes
        format!(r#"[["{SHARE_A}"],["{N1}","{N2}"],[1,0,"{FOLDER_2_UNDER_OTHER}"]]"#),
        format!(r#"[["{SHARE_A}"],["{N1}","{N2}"],[0,2,"{FOLDER_2_UNDER_OTHER}"]]"#),
        format!(r#"[[],["{N1}"],[0,0,"{FOLDER_2_UNDER_OTHER}"]]"#),
        format!(r#"[["{SHARE_A}"],[],[0,0,"{FOLDER_2_UNDER_OTHER}"]]"#),
        // not whole triples
        format!(r#"[["{SHARE_A}"],["{N1}"],[0,0]]"#),
        format!(r#"[["{SHARE_A}"],["{N1}"],[0,0,"{FOLDER_2_UNDER_OTHER}",0]]"#),
        // 24 and 8 bytes
        format!(r#"[["{SHARE_A}"],["{N1}"],[0,0,"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]]"#),
        format!(r#"[["{SHARE_A}"],["{N1}"],[0,0,"AAAAAAAAAAA"]]"#),
    ] {
        assert_eq!(
            CrElement::from_json(&bad).unwrap_err().kind(),
            ErrorKind::Malformed,
            "{bad}"
        );
    }
}

#[test]
fn cr_unwrap_keys_opens_keys_of_known_shares() {
    let sk = other_key();
    let got = cr_value().unwrap_keys(|h| (*h == share_a()).then_some(&sk));
    assert_eq!(got.len(), 2);
    assert_eq!(got[0], (n1(), share_a(), Ok(folder(FOLDER_2))));
    assert_eq!((got[1].0, got[1].1), (n2(), share_a()));
    assert_eq!(&got[1].2.as_ref().unwrap().to_bytes()[..], &h(FILE_KEY)[..]);
    assert!(cr_value().unwrap_keys(|_| None).is_empty());
}

// --- Block registry -------------------------------------------------------------------------

/// Wrapped node keys are one or two AES blocks: 16 and 32 bytes are recorded, every other length
/// is refused (a 48-byte "key" of three distinct blocks included).
#[test]
fn block_registry_accepts_only_16_or_32_bytes() {
    let mut r = KeyBlockRegistry::new();
    assert!(r.check_and_record(&[1; 16]).is_ok());
    let two: Vec<u8> = [[2u8; 16], [3u8; 16]].concat();
    assert!(r.check_and_record(&two).is_ok());
    for len in [0, 8, 24, 48] {
        let v: Vec<u8> = (0..len).map(|i| 0x40 + i as u8).collect();
        assert_eq!(
            KeyBlockRegistry::new()
                .check_and_record(&v)
                .unwrap_err()
                .kind(),
            ErrorKind::Decrypt,
            "{len}"
        );
    }
}
