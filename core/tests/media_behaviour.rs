#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]
//! Media attributes (`core/src/media.rs`): behaviour the known answers cannot see.

use megacrypt::media::{MediaKey, MediaProperties};

/// A media key is half of a node key (nonce ‖ meta-MAC): it must never reach a log. Its `Debug`
/// says what it is and nothing of its bytes.
#[test]
fn media_key_debug_names_the_type_and_hides_the_key() {
    let key = MediaKey::from_bytes(&[0xAB; 16]);
    let shown = format!("{key:?}");
    assert_eq!(shown, "MediaKey(<redacted>)");
    assert!(!shown.to_lowercase().contains("ab"), "{shown}");
    assert!(!shown.contains("171"), "{shown}");
}

/// Type 9 packs the container id (8 bits), the video codec id (12 bits) and the audio codec id
/// (12 bits) into four bytes: `[container, video & 0xff, video >> 8 | (audio & 0xf) << 4,
/// audio >> 4]` (SDK `encodeMediaPropertiesAttributes`). Computed by hand for ids whose nibbles
/// all differ, so a shifted or mixed-up nibble shows (the known answers' audio id, 4000, has a zero
/// low nibble).
#[test]
fn type9_packs_codec_ids_nibble_by_nibble() {
    let props = MediaProperties {
        container_id: 0x07,
        video_codec_id: 0x456,
        audio_codec_id: 0x123,
        ..Default::default()
    };
    assert_eq!(props.type9_plain(), [0x07, 0x56, 0x34, 0x12, 0, 0, 0, 0]);
    let back = MediaProperties::from_plain(&props.type8_plain(), Some(&props.type9_plain()));
    assert_eq!(back, props);
    // The largest 12-bit ids fill every bit of bytes 1..4.
    let max = MediaProperties {
        container_id: 0xff,
        video_codec_id: 0xfff,
        audio_codec_id: 0xfff,
        ..Default::default()
    };
    assert_eq!(max.type9_plain(), [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
}

/// `from_plain` decodes the two plaintext attributes. The type 8 bytes are the SDK's for
/// 1920×1080, 30 fps, 125 s, short format 1 (vectors area `media_attributes`, "features-turn2.md
/// §2.7 example"); with a non-zero short format a type 9 attribute is ignored, as the SDK ignores
/// it.
#[test]
fn from_plain_decodes_type8_and_reads_type9_only_for_short_format_zero() {
    let type8 = [0x00, 0x0f, 0x38, 0x04, 0x8f, 0x3e, 0x00, 0x01];
    let codecs = [0x07, 0x56, 0x34, 0x12, 0, 0, 0, 0];
    let expected = MediaProperties {
        width: 1920,
        height: 1080,
        fps: 30,
        playtime: 125,
        shortformat: 1,
        ..Default::default()
    };
    assert_eq!(MediaProperties::from_plain(&type8, None), expected);
    assert_eq!(MediaProperties::from_plain(&type8, Some(&codecs)), expected);
    let mut exotic = type8;
    exotic[7] = 0;
    let decoded = MediaProperties::from_plain(&exotic, Some(&codecs));
    assert_eq!(
        (
            decoded.shortformat,
            decoded.container_id,
            decoded.video_codec_id,
            decoded.audio_codec_id
        ),
        (0, 0x07, 0x456, 0x123)
    );
}
