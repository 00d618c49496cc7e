//! area `media_attributes`: XXTEA and the `fa` types 8 and 9, executed in MEGA's SDK.

use megacrypt::media::{self, MediaKey, MediaProperties, SHORTFORMAT_UNKNOWN};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn props_from(v: &Value) -> Result<MediaProperties, String> {
    let n = |k: &str| v[k].as_u64().ok_or_else(|| format!("field {k}"));
    Ok(MediaProperties {
        width: n("width")? as u32,
        height: n("height")? as u32,
        fps: n("fps")? as u32,
        playtime: n("playtime")? as u32,
        shortformat: n("shortformat")? as u8,
        container_id: n("containerid")? as u8,
        video_codec_id: n("videocodecid")? as u16,
        audio_codec_id: n("audiocodecid")? as u16,
    })
}

/// The SDK's answer when there is no (usable) type 8 entry.
fn sdk_default() -> MediaProperties {
    MediaProperties {
        shortformat: SHORTFORMAT_UNKNOWN,
        ..Default::default()
    }
}

fn expect_decoded(c: &Case, key: &MediaKey) -> Result<(), String> {
    let want = props_from(c.value("decoded")?)?;
    let got = MediaProperties::from_fa_string(c.str("node_fa_string")?, key);
    if want == sdk_default() {
        // No entry: Ok(None). A truncated or garbled entry: the SDK reports "no information",
        // megacrypt refuses it as Malformed.
        return match got {
            Ok(None) => Ok(()),
            Err(e) => eq("error kind", &megacrypt::ErrorKind::Malformed, &e.kind()),
            Ok(Some(p)) => Err(format!("decoded {p:?} where the SDK found nothing")),
        };
    }
    eq("decoded", &Some(want), &ok("from_fa_string", got)?)
}

fn check(c: &Case) -> Result<(), String> {
    c.info(&["what", "note"]);
    match c.str("kind")? {
        "xxtea" => {
            let key = MediaKey::from_bytes(&c.hex_n("key_hex")?);
            let plain = c.hex("plaintext_hex")?;
            let mut buf = plain.clone();
            ok("encrypt", media::xxtea_encrypt(&mut buf, &key))?;
            c.expect_hex("ciphertext_hex", &buf)?;
            ok("decrypt", media::xxtea_decrypt(&mut buf, &key))?;
            eq("decrypts back", &plain, &buf)
        }
        "encode" => {
            let key = ok("key", MediaKey::from_node_key(&c.hex("node_key_hex")?))?;
            let mut fields = serde_json::Map::new();
            for k in [
                "width",
                "height",
                "fps",
                "playtime",
                "shortformat",
                "containerid",
                "videocodecid",
                "audiocodecid",
            ] {
                fields.insert(k.to_string(), c.value(k)?.clone());
            }
            let props = props_from(&Value::Object(fields))?;
            c.expect_hex("type8_plain_hex", &props.type8_plain())?;
            c.expect_str("fa_entries", &ok("encode", props.to_fa_entries(&key))?)?;
            expect_decoded(c, &key)
        }
        "decode" => {
            let key = ok("key", MediaKey::from_node_key(&c.hex("node_key_hex")?))?;
            expect_decoded(c, &key)
        }
        other => Err(format!("unknown kind {other}")),
    }
}
