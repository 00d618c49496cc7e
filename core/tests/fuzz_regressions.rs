//! Regression tests for crashes and property violations found by the fuzz targets in `fuzz/`
//! (one test per finding; see docs/fuzzing.md).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use megacrypt::file::UnauthenticatedRangeDecryptor;
use megacrypt::{AesKey, Nonce};

/// fuzz target `diff_range_decrypt`: a range whose end lies past 2^64 bytes overflowed the byte
/// position (`attempt to add with overflow` in debug builds). CTR must simply wrap like the
/// 64-bit block counter; bytes inside the addressable range are unaffected.
#[test]
fn range_decrypt_near_u64_max_does_not_overflow() {
    let key = AesKey::from_bytes([7; 16]).unwrap();
    let nonce = Nonce::from_bytes([9; 8]).unwrap();
    let rd = UnauthenticatedRangeDecryptor::new(&megacrypt::ContentKey::from_parts(
        key.clone(),
        nonce.clone(),
    ));
    for off in [u64::MAX, u64::MAX - 3, u64::MAX - 20, u64::MAX - 47] {
        let mut buf = [0u8; 64];
        rd.decrypt_at_unverified(off, &mut buf);
    }
    // The part of the range below 2^64 is the same keystream as a range that stops there.
    let mut whole = [0u8; 40];
    rd.decrypt_at_unverified(u64::MAX - 19, &mut whole);
    let mut prefix = [0u8; 20];
    rd.decrypt_at_unverified(u64::MAX - 19, &mut prefix);
    assert_eq!(whole[..20], prefix);
}

/// fuzz target `node_attributes`: `NodeAttributes::with` kept the in-memory map while re-serialising
/// the JSON; a number that does not survive the text round trip (here a 48-digit integer, read as a
/// float) made the value differ from what its own JSON text (the text that gets sealed) says.
#[test]
fn node_attributes_with_matches_its_own_json() {
    use megacrypt::attributes::NodeAttributes;
    for json in [
        r#"{"n":"a","lbl":111111111111111111111111111111111111111111111112}"#,
        FUZZ_CASE,
    ] {
        let a = NodeAttributes::from_json(json).unwrap();
        let b = a.with("n", serde_json::Value::String("x".into()));
        assert_eq!(NodeAttributes::from_json(b.json()).unwrap(), b);
    }
}

const FUZZ_CASE: &str = "{\"mmmm.mm\u{fffd}\u{fffd}\u{fffd}kf\\nslas\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}n\":\"photo.jpg\",\"\u{fffd}l\":2,\"f_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}\u{fffd}\u{fffd}h\u{fffd}lf\\bace\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"yuote\u{fffd}\u{fffd}\u{fffd}lbl\":2,\"f\\bace\\\"_e\u{fffd}\\\"yuote\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"f\\bace\\\"_e\\bace\\b_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}lf\\bacen\":\"photo.g\",\"lb\u{fffd}l\":2,\"f_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"`\\bace\\\"_e\u{fffd}\\\"yuote\u{fffd}\u{fffd}\u{fffd}lbl\":2,\"f\\bace\\\"_e\u{fffd}\\\"yuot%\u{fffd}\u{fffd}lf\\bace\\\"\":6,\"f\\bace\\\"be\u{fffd}\\bace\\b_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}lf\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"f\\bace\\\"_e\u{fffd}\\\"yuot%\u{fffd}\u{fffd}l\u{fffd}\u{fffd}\u{fffd}\u{fffd}ce\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\bace\\bn4_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}\u{fffd}l\u{fffd}\\\"f\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"yyuotet%\u{618}lf\\bace\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\bace\\b_e\u{fffd}f\\bace\\\"\":3,\"`MEGAM2\\bace\\\"_e\u{fffd}\\\"yuote\u{fffd}\u{fffd}\u{fffd}lbl\":2,\"f\\bace\\\"_e\u{fffd}\\\"y5ot%\u{fffd}\u{fffd}lf\\bace\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\\\"\":3,\"m\\bace\\\"be\u{fffd}\\bace\\b_e\u{fffd}\\\"yuoze\u{fffd}h\u{fffd}lf\\bace\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"yuote\u{fffd}\u{fffd}\u{fffd}lbl\":111111111111111111111111111111111111111111111112,\"f\\bace\\\"_e\u{fffd}\\\"yuote\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"f\\bace\\\"_e\\bace\\b_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}lf\\bacen\":\"photo.g\",\"lb\u{fffd}l\":2,\"f_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"`\\bace\\\"_e\u{fffd}\\\"yuote\u{fffd}\u{fffd}\u{fffd}   [  , ]\\bace\\\"_e\u{fffd}\\\"yuot%\u{fffd}\u{fffd}lf\\bace\\\"\":6,\"f\\bace\\\"be\u{fffd}\\bace\\b_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}\u{fffd}\u{fffd}lf\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"f\\bace\\\"_e\u{fffd}\\\"`uot%\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\bace\\bn3_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}\u{fffd}lf\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"y5ot%\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"m\\bace\\\"be\u{fffd}\\bjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjace\\b_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}lf\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"f\\bace\\\"_e\u{fffd}\\\"yuot%\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\bace\\bn4_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}\u{fffd}lf\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"yyuotet%\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\bace\\b_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}lf\\\"\":3,\"f\\bace\\\"_\\\"yuozeyyuotet%\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\bace\\b_e\u{fffd}\\\"yuoze\u{fffd}\u{fffd}lf\\\"\":3,\"f\\bace\\\"_\\\"yuoze\u{fffd}\u{fffd}lf\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"yyuote\u{fffd}\u{fffd}\u{fffd}lbl\":2,\"f\\bace\\\"_eMEGA{}\u{fffd}\\\"yuote\u{fffd}\u{fffd}l]\\bace\\\"\":3,\"f\\ba\u{fffd}\u{fffd}\u{fffd}lbl\":2,\"f\\bace\\\"_eMEGA{}\u{fffd}\\\"yuote\u{fffd}\u{fffd}lf\\bace\\\"\":3,\"f\\bace\\\"_e\u{fffd}\\\"y\u{fffd}\u{fffd}lf\\ba\u{fffd}\u{fffd}\u{fffd}av\":0}";

/// fuzz target `tlv_container`: records with an empty key plus others whose encoding reached
/// 65 538 bytes were written, then read back as the single oversize empty-key record (the
/// authring form). Writing such a set is now refused instead of silently changing the records.
#[test]
fn tlv_records_that_would_read_back_as_the_oversize_record_are_refused() {
    use megacrypt::tlv::TlvRecords;
    let mut r = TlvRecords::new();
    r.insert("", b"x").unwrap();
    r.insert("a", &[7u8; 65_535]).unwrap();
    match r.to_bytes() {
        Ok(bytes) => assert_eq!(TlvRecords::from_bytes(&bytes).unwrap(), r),
        Err(e) => assert_eq!(e.kind(), megacrypt::ErrorKind::ApiMisuse),
    }
    // Smaller sets with an empty key still round-trip.
    let mut r = TlvRecords::new();
    r.insert("", b"x").unwrap();
    r.insert("a", &[7u8; 1000]).unwrap();
    assert_eq!(TlvRecords::from_bytes(&r.to_bytes().unwrap()).unwrap(), r);
}

/// fuzz target `transfer_state`: an upload state with 2^32 − 1 folded chunks (the end of the
/// largest file a state can describe) resumed, encrypted 100 more bytes and exported a state
/// whose chunk index no state may hold, so the export did not decode. Past that size the export
/// is now refused with `Unsupported`; at the limit itself it still round-trips.
#[test]
fn stream_export_past_the_largest_describable_file_is_refused() {
    use megacrypt::file::{FileEncryptor, TransferState};
    let seed = include_bytes!("../../fuzz/seeds/transfer_state/crash-stream-past-largest-file");
    let st = TransferState::from_bytes(seed).unwrap();
    let content_key = st.content_key().unwrap();
    let mut enc = FileEncryptor::resume(content_key.clone(), &st).unwrap();
    let at_limit = enc.export_state(true).unwrap();
    assert_eq!(
        TransferState::from_bytes(&at_limit.to_bytes())
            .unwrap()
            .resume_offset(),
        st.resume_offset()
    );
    let mut more = [0x11u8; 100];
    enc.encrypt_in_place(&mut more);
    let err = enc.export_state(true).unwrap_err();
    assert_eq!(err.kind(), megacrypt::ErrorKind::Unsupported);
}
