//! The core helpers the bindings build on: slice constructors of fixed-length inputs, the stable
//! names of public enums, the share keyring, `ContainerMode::of_container`,
//! `NodeAttributes::with_json` and the preferred feed length. Expected values are written out
//! from the format (lengths, mode bytes) or chosen by hand, never taken from the code under test.

use std::str::FromStr;

use megacrypt::attributes::NodeAttributes;
use megacrypt::file::{ChunkMac, PREFERRED_FEED_LEN, TransferDirection};
use megacrypt::kdf::{self, EmailEncoding};
use megacrypt::link::{LinkChild, LinkKind};
use megacrypt::rsa::MpiHeaderStyle;
use megacrypt::share::{KeyContext, KeyItemOwner, NodeKeySource, ShareKeyring};
use megacrypt::tlv::{ContainerCipher, ContainerMode};
use megacrypt::{ErrorKind, FolderKey, MasterKey, MetaMac, NodeHandle, ShareKey, hashcash};

fn seq(n: usize) -> Vec<u8> {
    (0..n).map(|i| i as u8).collect()
}

#[test]
fn chunk_mac_from_slice_takes_exactly_16_bytes() {
    let bytes = seq(16);
    let mac = ChunkMac::from_slice(&bytes).unwrap();
    assert_eq!(mac.as_bytes().as_slice(), bytes.as_slice());
    assert_eq!(ChunkMac::try_from(bytes.as_slice()).unwrap(), mac);
    for len in [0, 15, 17, 32] {
        let e = ChunkMac::from_slice(&seq(len)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ApiMisuse, "length {len}");
    }
}

#[test]
fn meta_mac_from_slice_takes_exactly_8_bytes() {
    let bytes = [9u8, 8, 7, 6, 5, 4, 3, 2];
    assert_eq!(MetaMac::from_slice(&bytes).unwrap().as_bytes(), &bytes);
    assert_eq!(
        MetaMac::try_from(&bytes[..]).unwrap(),
        MetaMac::from_bytes(bytes)
    );
    for len in [0, 7, 9, 16] {
        assert_eq!(
            MetaMac::from_slice(&seq(len)).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
    }
}

#[test]
fn hashcash_and_client_random_slices_have_their_format_lengths() {
    assert_eq!(
        hashcash::token_from_slice(&seq(48)).unwrap().as_slice(),
        seq(48).as_slice()
    );
    assert_eq!(
        hashcash::nonce_from_slice(&[1, 2, 3, 4]).unwrap(),
        &[1, 2, 3, 4]
    );
    assert_eq!(
        kdf::client_random_value_from_slice(&seq(16))
            .unwrap()
            .as_slice(),
        seq(16).as_slice()
    );
    for (what, r) in [
        ("token 47", hashcash::token_from_slice(&seq(47)).map(|_| ())),
        ("token 49", hashcash::token_from_slice(&seq(49)).map(|_| ())),
        ("nonce 3", hashcash::nonce_from_slice(&seq(3)).map(|_| ())),
        ("nonce 5", hashcash::nonce_from_slice(&seq(5)).map(|_| ())),
        (
            "crv 15",
            kdf::client_random_value_from_slice(&seq(15)).map(|_| ()),
        ),
        (
            "crv 32",
            kdf::client_random_value_from_slice(&seq(32)).map(|_| ()),
        ),
    ] {
        assert_eq!(r.unwrap_err().kind(), ErrorKind::ApiMisuse, "{what}");
    }
}

/// Every variant's name parses back to it, `ALL` lists each variant once, and a name with
/// another case or spelling is refused as caller misuse.
#[allow(clippy::unwrap_used)] // a test helper, outside `#[test]` fns
fn names_round_trip<T>(all: &[T], expected: &[&str])
where
    T: Copy + PartialEq + std::fmt::Debug + FromStr<Err = megacrypt::Error> + std::fmt::Display,
{
    let names: Vec<String> = all.iter().map(ToString::to_string).collect();
    assert_eq!(names, expected);
    for (v, n) in all.iter().zip(expected) {
        assert_eq!(T::from_str(n).unwrap(), *v);
        assert_eq!(
            T::from_str(&n.to_uppercase()).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
    }
    assert_eq!(T::from_str("").unwrap_err().kind(), ErrorKind::ApiMisuse);
}

#[test]
fn public_enums_have_stable_names() {
    names_round_trip(&LinkKind::ALL, &["file", "folder", "collection"]);
    names_round_trip(&TransferDirection::ALL, &["upload", "download"]);
    names_round_trip(&MpiHeaderStyle::ALL, &["byte-count", "exact-bits"]);
    names_round_trip(&EmailEncoding::ALL, &["webclient", "sdk"]);
    names_round_trip(&ContainerCipher::ALL, &["ccm", "gcm"]);
    names_round_trip(
        &ContainerMode::ALL,
        &[
            "aes-ccm-12x16",
            "aes-ccm-10x16",
            "aes-ccm-10x8",
            "aes-gcm-12x16-broken",
            "aes-gcm-10x8-broken",
            "aes-gcm-12x16",
            "aes-gcm-10x8",
        ],
    );
    assert_eq!(LinkKind::File.as_str(), "file");
    assert_eq!(MpiHeaderStyle::ExactBits.as_str(), "exact-bits");
}

#[test]
fn container_modes_are_listed_in_mode_byte_order() {
    // FORMAT: the seven mode bytes 0x00..=0x04, 0x10, 0x11.
    let bytes: Vec<u8> = ContainerMode::ALL.iter().map(|m| m.byte()).collect();
    assert_eq!(bytes, [0x00, 0x01, 0x02, 0x03, 0x04, 0x10, 0x11]);
}

#[test]
fn link_child_and_key_item_owner_names() {
    let h = NodeHandle::from_b64("AAAAAAAA").unwrap();
    for name in LinkChild::NAMES {
        let c = LinkChild::from_name(name, h).unwrap();
        assert_eq!(c.as_str(), name);
        assert_eq!(c.handle(), h);
    }
    assert!(matches!(
        LinkChild::from_name("file", h),
        Ok(LinkChild::File(_))
    ));
    assert!(matches!(
        LinkChild::from_name("node", h),
        Ok(LinkChild::Node(_))
    ));
    assert_eq!(
        LinkChild::from_name("dir", h).unwrap_err().kind(),
        ErrorKind::ApiMisuse
    );

    assert_eq!(KeyItemOwner::NAMES, ["bare", "user", "share"]);
    assert_eq!(KeyItemOwner::Bare.as_str(), "bare");
    assert_eq!(KeyItemOwner::Bare.handle_b64(), None);
    assert_eq!(KeyItemOwner::Share(h).as_str(), "share");
    assert_eq!(
        KeyItemOwner::Share(h).handle_b64().as_deref(),
        Some("AAAAAAAA")
    );
}

#[test]
fn container_mode_of_a_container_is_its_first_byte() {
    assert_eq!(
        ContainerMode::of_container(&[0x10, 0xff, 0xee]).unwrap(),
        ContainerMode::AesGcm12x16
    );
    assert_eq!(
        ContainerMode::of_container(&[0x03]).unwrap(),
        ContainerMode::AesGcm12x16Broken
    );
    assert_eq!(
        ContainerMode::of_container(&[]).unwrap_err().kind(),
        ErrorKind::Malformed
    );
    assert_eq!(
        ContainerMode::of_container(&[0x05, 0]).unwrap_err().kind(),
        ErrorKind::Unsupported
    );
}

#[test]
fn with_json_sets_one_value_and_refuses_text_that_is_not_json() {
    let a = NodeAttributes::with_name("a.txt");
    let b = a.with_json("lbl", "3").unwrap();
    assert_eq!(b.get_i64("lbl"), Some(3));
    assert_eq!(b.name(), Some("a.txt"));
    let c = b.with_json("n", "\"b.txt\"").unwrap();
    assert_eq!(c.name(), Some("b.txt"));
    for bad in ["", "not json", "{", "\"unterminated", "1 2"] {
        assert_eq!(
            a.with_json("x", bad).unwrap_err().kind(),
            ErrorKind::Malformed,
            "{bad:?}"
        );
    }
}

#[test]
fn preferred_feed_is_sixteen_one_mib_chunks() {
    assert_eq!(PREFERRED_FEED_LEN, 16 * 1024 * 1024);
}

#[test]
fn share_keyring_replaces_looks_up_and_unwraps_share_items() {
    let root_a = NodeHandle::from_b64("AAAAAAAA").unwrap();
    let root_b = NodeHandle::from_b64("BBBBBBBB").unwrap();
    let key1 = ShareKey::from_slice(&[1u8; 16]).unwrap();
    let key2 = ShareKey::from_slice(&[2u8; 16]).unwrap();
    let mut ring = ShareKeyring::new();
    assert!(ring.is_empty());
    ring.insert(root_a, key1.clone());
    ring.insert(root_a, key2.clone());
    assert_eq!(
        ring.len(),
        1,
        "a second key for the same root replaces the first"
    );
    assert_eq!(ring.get(&root_a), Some(&key2));
    assert_eq!(ring.get(&root_b), None);

    // A folder key wrapped under the share key: one `share:key` item of a `k` field.
    let folder = FolderKey::from_slice(&[0x33; 16]).unwrap();
    let wrapped = megacrypt::share::wrap_node_key_b64(
        key2.as_aes_key(),
        &megacrypt::NodeKey::Folder(folder.clone()),
    );
    let k = format!("AAAAAAAA:{wrapped}");
    let user = megacrypt::UserHandle::from_b64("AAAAAAAAAAA").unwrap();
    let master = MasterKey::from_slice(&[7u8; 16]).unwrap();
    let ctx = KeyContext::Account {
        user: &user,
        master_key: &master,
    };
    let found = ring.unwrap_key_field(&k, ctx).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, NodeKeySource::Share(root_a));
    assert_eq!(found[0].1, megacrypt::NodeKey::Folder(folder));

    assert!(ring.remove(&root_a));
    assert!(!ring.remove(&root_a));
    assert!(ring.unwrap_key_field(&k, ctx).unwrap().is_empty());
}

// ------------------------------------------------------------------ plans for an external AES

mod plans {
    use aes::Aes128;
    use aes::cipher::{BlockCipherEncrypt, KeyInit};
    use megacrypt::file::{
        ChunkCipher, ChunkLayout, batch_len, cbc_mac_iv, chunk_floor, plan_batch,
    };
    use megacrypt::{AesKey, ErrorKind, Nonce};

    const NONCE: [u8; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

    #[test]
    fn counter_block_is_nonce_then_the_block_index() {
        let n = Nonce::from_slice(&NONCE).unwrap();
        let p = plan_batch(&n, 0, 10).unwrap();
        assert_eq!(
            p.counter_block(),
            &[1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        // 393 216 = 3 × 128 KiB (the start of chunk 2); block 24 576 = 0x6000.
        let p = plan_batch(&n, 393_216, 10).unwrap();
        assert_eq!(
            p.counter_block(),
            &[1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0x60, 0]
        );
        assert_eq!(
            cbc_mac_iv(&n),
            [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8]
        );
    }

    #[test]
    fn chunks_follow_the_schedule_and_pad_to_whole_blocks() {
        let n = Nonce::from_slice(&NONCE).unwrap();
        // 128 KiB + 256 KiB + 5 bytes: chunks 0, 1 and the first 5 bytes of chunk 2.
        let p = plan_batch(&n, 0, 393_221).unwrap();
        let got: Vec<_> = p
            .chunks()
            .iter()
            .map(|c| (c.index, c.start, c.end, c.padded_len))
            .collect();
        assert_eq!(
            got,
            [
                (0, 0, 131_072, 131_072),
                (1, 131_072, 393_216, 262_144),
                (2, 393_216, 393_221, 16)
            ]
        );
        // From the 4.5 MiB mark on, chunks are 1 MiB: chunk 8 starts there.
        let p = plan_batch(&n, 4_718_592, 1_048_577).unwrap();
        assert_eq!(p.chunks()[0].index, 8);
        assert_eq!(p.chunks()[1].index, 9);
        assert_eq!(
            (p.chunks()[1].start, p.chunks()[1].end),
            (1_048_576, 1_048_577)
        );
        assert!(plan_batch(&n, 100, 10).is_err());
        assert_eq!(
            plan_batch(&n, 131_073, 1).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
        assert!(plan_batch(&n, 0, 0).unwrap().chunks().is_empty());
    }

    #[test]
    fn download_size_must_match_exactly() {
        assert!(megacrypt::file::check_download_size(10, 10).is_ok());
        for (got, want) in [(9, 10), (11, 10), (0, 1)] {
            let e = megacrypt::file::check_download_size(got, want).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::SizeMismatch);
        }
    }

    #[test]
    fn batches_are_cut_at_chunk_floors() {
        assert_eq!(chunk_floor(0), 0);
        assert_eq!(chunk_floor(131_071), 0);
        assert_eq!(chunk_floor(131_072), 131_072);
        assert_eq!(chunk_floor(8 << 20), 7_864_320); // 4.5 + 3 × 1 MiB
        let mib = 1 << 20;
        assert_eq!(batch_len(0, 10 * mib, 8 * mib).unwrap(), 7_864_320);
        assert_eq!(batch_len(0, 8 * mib - 1, 8 * mib).unwrap(), 0);
        assert_eq!(
            batch_len(0, 10 * mib, mib - 1).unwrap_err().kind(),
            ErrorKind::ApiMisuse
        );
    }

    /// AES-CTR from the plan's counter block and the plan's CBC-MACs, computed with the `aes`
    /// block cipher alone, equal what the core's own chunk cipher produces.
    #[test]
    fn a_backend_following_the_plan_matches_the_core() {
        let key_bytes = [0x42u8; 16];
        let key = AesKey::from_slice(&key_bytes).unwrap();
        let nonce = Nonce::from_slice(&NONCE).unwrap();
        let plain: Vec<u8> = (0..400_000u32).map(|i| (i * 7 + 3) as u8).collect();
        let aes = Aes128::new(&key_bytes.into());
        let plan = plan_batch(&nonce, 0, plain.len()).unwrap();

        let mut ct = plain.clone();
        let first = u128::from_be_bytes(*plan.counter_block());
        for (counter, block) in (first..).zip(ct.chunks_mut(16)) {
            let mut ks = counter.to_be_bytes().into();
            aes.encrypt_block(&mut ks);
            for (b, k) in block.iter_mut().zip(ks.iter()) {
                *b ^= k;
            }
        }
        let mut macs = Vec::new();
        for c in plan.chunks() {
            let mut padded = plain[c.start..c.end].to_vec();
            padded.resize(c.padded_len, 0);
            let mut state = cbc_mac_iv(&nonce);
            for block in padded.chunks(16) {
                for (s, b) in state.iter_mut().zip(block) {
                    *s ^= b;
                }
                let mut ga = state.into();
                aes.encrypt_block(&mut ga);
                state = ga.into();
            }
            macs.push(state);
        }

        let layout = ChunkLayout::new(plain.len() as u64).unwrap();
        let mut core_ct = plain.clone();
        let core_macs = ChunkCipher::new(&megacrypt::ContentKey::from_parts(
            key.clone(),
            nonce.clone(),
        ))
        .encrypt_chunks(&layout, 0, &mut core_ct)
        .unwrap();
        assert_eq!(ct, core_ct);
        let core_macs: Vec<[u8; 16]> = core_macs.iter().map(|(_, m)| m.to_bytes()).collect();
        assert_eq!(macs, core_macs);
    }
}
