//! Harnesses for TLV records and encrypted containers (core `tlv`).

use megacrypt::ErrorKind;
use megacrypt::policy::CompatibilityPolicy;
use megacrypt::tlv::{self, ContainerMode, TlvRecords};

use crate::{Input, expand, fixed};

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
            if let Ok(r) = TlvRecords::from_bytes_with_utf8_repair(inp.rest()) {
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
            let Ok(records) = TlvRecords::from_bytes(inp.rest()) else {
                return;
            };
            let Ok(blob) = megacrypt::hazmat::seal_container_with_iv(
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
            let _ = megacrypt::hazmat::aead_open(m, key, &iv, &aad, ct);
            if iv.len() == m.iv_len() {
                let sealed = megacrypt::hazmat::aead_seal(m, key, &iv, &aad, ct).unwrap();
                let opened = megacrypt::hazmat::aead_open(m, key, &iv, &aad, &sealed).unwrap();
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
    let Ok(r) = TlvRecords::from_bytes(bytes) else {
        return;
    };
    if let Ok(enc) = r.to_bytes() {
        let again = TlvRecords::from_bytes(&enc).expect("own encoding parses");
        assert_eq!(
            again, r,
            "TLV records must survive an encode/decode round trip"
        );
    }
}
