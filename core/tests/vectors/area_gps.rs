//! area `gps`: the `l` and `gp` node attributes as MEGA's SDK writes and reads them.

use megacrypt::MasterKey;
use megacrypt::location::{
    self, Coordinates, GP_PREFIX, INVALID_COORDINATE, LocationAttributes, UnshareableKey,
};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

/// Parses C99 hexadecimal float notation (`-0x1.9c016f0068db9p+5`) exactly.
fn parse_hex_float(s: &str) -> Result<f64, String> {
    let (neg, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let rest = rest.strip_prefix("0x").ok_or("hex float without 0x")?;
    let (mant, exp) = rest.split_once('p').ok_or("hex float without p")?;
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let digits = format!("{int}{frac}");
    let m = u64::from_str_radix(&digits, 16).map_err(|e| e.to_string())?;
    let exp: i32 = exp
        .parse()
        .map_err(|e: std::num::ParseIntError| e.to_string())?;
    // Both steps are exact: m < 2^53 and the results are normal numbers.
    let v = (m as f64 / 2f64.powi(4 * frac.len() as i32)) * 2f64.powi(exp);
    Ok(if neg { -v } else { v })
}

/// A `{value, hex}` double; the hex form is exact and is the one compared.
fn double(c: &Case, key: &str) -> Result<f64, String> {
    let v = c.value(key)?;
    let hex = v["hex"].as_str().ok_or_else(|| format!("{key}.hex"))?;
    let exact = parse_hex_float(hex)?;
    let approx = v["value"].as_f64().ok_or_else(|| format!("{key}.value"))?;
    if (exact - approx).abs() > exact.abs() * 1e-12 {
        return Err(format!("{key}: value and hex disagree"));
    }
    Ok(exact)
}

fn coords(c: &Case) -> Result<Coordinates, String> {
    Ok(Coordinates {
        latitude: double(c, "latitude")?,
        longitude: double(c, "longitude")?,
    })
}

fn expect_decoded(c: &Case, got: Option<Coordinates>) -> Result<(), String> {
    let lat = double(c, "decoded_latitude")?;
    let lon = double(c, "decoded_longitude")?;
    let got = got.unwrap_or(Coordinates {
        latitude: INVALID_COORDINATE,
        longitude: INVALID_COORDINATE,
    });
    eq("decoded_latitude", &lat.to_bits(), &got.latitude.to_bits())?;
    eq(
        "decoded_longitude",
        &lon.to_bits(),
        &got.longitude.to_bits(),
    )
}

fn expect_updates(c: &Case, got: &LocationAttributes) -> Result<(), String> {
    let want = c.value("attr_updates")?;
    eq("attr_updates.l", &want["l"].as_str(), &Some(got.l.as_str()))?;
    eq(
        "attr_updates.gp",
        &want["gp"].as_str(),
        &Some(got.gp.as_str()),
    )
}

fn usk(c: &Case) -> Result<Option<UnshareableKey>, String> {
    let mk = ok(
        "master key",
        MasterKey::from_bytes(c.hex_n("master_key_hex")?),
    )?;
    match c.opt_str("usk_b64") {
        Some(u) => Ok(Some(ok("usk", UnshareableKey::from_usk_attribute(&mk, u))?)),
        None => Ok(None),
    }
}

fn check(c: &Case) -> Result<(), String> {
    match c.str("kind")? {
        "l" => {
            let xy = coords(c)?;
            let (lat24, lon24) = ok("to_24bit", location::to_24bit(xy))?;
            eq("lat24", &c.u64("lat24")?, &u64::from(lat24))?;
            eq("lon24", &c.u64("lon24")?, &u64::from(lon24))?;
            eq(
                "sdk_error",
                &0,
                &c.value("sdk_error")?.as_i64().unwrap_or(1),
            )?;
            let l = ok("encode_l", location::encode_l(xy))?;
            c.expect_str("l", &l)?;
            expect_updates(c, &ok("shareable", LocationAttributes::shareable(xy))?)?;
            expect_decoded(c, Some(ok("decode_l", location::decode_l(&l))?))
        }
        "gp" => {
            let xy = coords(c)?;
            let key = usk(c)?.ok_or("usk missing")?;
            c.expect_hex("usk_key_hex", key.as_bytes())?;
            let (lat24, lon24) = ok("to_24bit", location::to_24bit(xy))?;
            eq("lat24", &c.u64("lat24")?, &u64::from(lat24))?;
            eq("lon24", &c.u64("lon24")?, &u64::from(lon24))?;
            eq(
                "sdk_error",
                &0,
                &c.value("sdk_error")?.as_i64().unwrap_or(1),
            )?;
            let l = ok("encode_l", location::encode_l(xy))?;
            c.expect_str("l", &l)?;
            let plain: Vec<u8> = GP_PREFIX.iter().chain(l.as_bytes()).copied().collect();
            c.expect_hex("gp_plain_hex", &plain)?;
            let gp = ok("encode_gp", location::encode_gp(xy, &key))?;
            c.expect_str("gp", &gp)?;
            expect_updates(
                c,
                &ok("unshareable", LocationAttributes::unshareable(xy, &key))?,
            )?;
            expect_decoded(c, Some(ok("decode_gp", location::decode_gp(&gp, &key))?))
        }
        "encode_edge" => encode_edge(c),
        "decode" => {
            let attrs = c.value("attributes")?;
            let key = usk(c)?;
            c.info(&["what"]);
            if !c.bool("file_node")? {
                // The SDK reads coordinates of file nodes only; megacrypt's node_coordinates is
                // documented as for file nodes, so a caller never asks for a folder's.
                return expect_decoded(c, None);
            }
            let got = location::node_coordinates(
                attrs.get("l").and_then(Value::as_str),
                attrs.get("gp").and_then(Value::as_str),
                key.as_ref(),
            );
            expect_decoded(c, got)
        }
        other => Err(format!("unknown kind {other}")),
    }
}

fn encode_edge(c: &Case) -> Result<(), String> {
    let xy = coords(c)?;
    let unshareable = c.bool("unshareable")?;
    let key = usk(c)?;
    let sdk_error = c.value("sdk_error")?.as_i64().ok_or("sdk_error")?;
    c.info(&["what", "sdk_error_name"]);
    let both_invalid = xy.latitude == INVALID_COORDINATE && xy.longitude == INVALID_COORDINATE;
    // The SDK's integer values, including out-of-range ones it then refuses; ours only exist in
    // range.
    let lat24 = c.value("lat24")?.as_i64().ok_or("lat24")?;
    let lon24 = c.value("lon24")?.as_i64().ok_or("lon24")?;
    let result = if both_invalid {
        // INVALID_COORDINATE for both removes the attributes; megacrypt spells that clear().
        Ok(LocationAttributes::clear())
    } else if unshareable {
        match &key {
            Some(k) => LocationAttributes::unshareable(xy, k),
            // The SDK answers API_EKEY; megacrypt needs an UnshareableKey value to express
            // "unshareable", and an absent *~usk yields none.
            None => {
                let mk = ok(
                    "master key",
                    MasterKey::from_bytes(c.hex_n("master_key_hex")?),
                )?;
                eq(
                    "no usk, no key",
                    &true,
                    &UnshareableKey::from_usk_attribute(&mk, "").is_err(),
                )?;
                eq("sdk_error", &-14, &sdk_error)?;
                return eq(
                    "attr_updates",
                    &true,
                    &c.value("attr_updates")?
                        .as_object()
                        .is_some_and(|o| o.is_empty()),
                );
            }
        }
    } else {
        LocationAttributes::shareable(xy)
    };
    match result {
        Ok(attrs) => {
            eq("sdk_error", &0, &sdk_error)?;
            if !both_invalid {
                let (a, b) = ok("to_24bit", location::to_24bit(xy))?;
                eq("lat24", &lat24, &i64::from(a))?;
                eq("lon24", &lon24, &i64::from(b))?;
            }
            expect_updates(c, &attrs)
        }
        Err(e) => {
            eq("error kind", &megacrypt::ErrorKind::ApiMisuse, &e.kind())?;
            eq("sdk refuses too", &true, &(sdk_error != 0))?;
            let in_range = |v: i64| (0..1 << 24).contains(&v);
            eq(
                "SDK values out of range",
                &false,
                &(in_range(lat24) && in_range(lon24)),
            )?;
            eq(
                "attr_updates",
                &true,
                &c.value("attr_updates")?
                    .as_object()
                    .is_some_and(|o| o.is_empty()),
            )
        }
    }
}
