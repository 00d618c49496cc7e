//! area `sets`: Set and Element keys and attributes, the fetch-nodes `aesp` read, `collection/`
//! links and the public album preview, as MEGA's SDK writes and reads them.

use std::collections::BTreeMap;

use megacrypt::link::{CollectionLink, Link, LinkHost};
use megacrypt::sets::{
    self, ElementAttributes, ElementId, ElementKey, PublicSetHandle, SetAttributes, SetId, SetKey,
    SetType,
};
use megacrypt::tlv::TlvRecords;
use megacrypt::{ErrorKind, MasterKey, NodeHandle, base64};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok, skip};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn check(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    match c.str("kind")? {
        "set_key" => set_key(c),
        "element_key" => element_key(c),
        "set_attributes" => set_attributes(c),
        "element_attributes" => element_attributes(c),
        "aesp_read" => aesp_read(c),
        "collection_link" => collection_link(c),
        "preview_node" => preview_node(c),
        other => skip(&format!("unknown sets kind {other}")),
    }
}

fn set_key_of(c: &Case) -> Result<SetKey, String> {
    ok("Set key", SetKey::from_slice(&c.hex("set_key_hex")?))
}

fn master_key_of(c: &Case) -> Result<MasterKey, String> {
    ok(
        "master key",
        MasterKey::from_slice(&c.hex("master_key_hex")?),
    )
}

fn b64(s: &str) -> Result<Vec<u8>, String> {
    ok("base64", base64::decode(s))
}

fn set_key(c: &Case) -> Result<(), String> {
    let mk = master_key_of(c)?;
    let sk = set_key_of(c)?;
    // The SDK drew the Set key from the scripted RNG.
    eq("rng_hex", c.str("rng_hex")?, c.str("set_key_hex")?)?;
    let k = sets::wrap_set_key(&mk, &sk);
    c.expect_hex("k_hex", &k)?;
    c.expect_str("k_b64", &base64::encode(&k))?;
    eq("unwrap", &ok("unwrap", sets::unwrap_set_key(&mk, &k))?, &sk)?;
    let ty = ok("type", SetType::from_code(c.u64("type")?))?;
    c.expect_str(
        "asp_request",
        &format!(
            "\"a\":\"asp\",\"k\":\"{}\",\"t\":{}",
            base64::encode(&k),
            ty.code()
        ),
    )
}

fn order_suffix(c: &Case) -> Result<String, String> {
    Ok(match c.opt("order") {
        Some(o) => format!(",\"o\":{}", o.as_i64().ok_or("order is not an integer")?),
        None => String::new(),
    })
}

fn element_key(c: &Case) -> Result<(), String> {
    let sk = set_key_of(c)?;
    let set_id = ok("set id", SetId::from_b64(c.str("set_id_b64")?))?;
    let node = ok(
        "node handle",
        NodeHandle::from_b64(c.str("node_handle_b64")?),
    )?;
    let nk = c.hex("node_key_hex")?;
    let ek = ok("element key", ElementKey::from_slice(&nk))?;
    let k = sets::wrap_element_key(&sk, &ek);
    c.expect_hex("k_hex", &k)?;
    c.expect_str("k_b64", &base64::encode(&k))?;
    eq(
        "unwrap",
        &ok("unwrap", sets::unwrap_element_key(&sk, &k))?,
        &ek,
    )?;
    // The ECB result agrees on the first block only, and does not unwrap to the node key.
    let ecb = c.hex("ecb_k_hex")?;
    eq("ECB first block", &ecb[..16], &k[..16])?;
    if ecb[16..] == k[16..] {
        return Err("ECB and CBC agree on the second block".into());
    }
    if let Ok(wrong) = sets::unwrap_element_key(&sk, &ecb)
        && wrong == ek
    {
        return Err("an ECB-wrapped Element key unwrapped to the node key".into());
    }
    c.expect_str(
        "aep_request",
        &format!(
            "\"a\":\"aep\",\"s\":\"{set_id}\",\"h\":\"{node}\",\"k\":\"{}\"{}",
            base64::encode(&k),
            order_suffix(c)?
        ),
    )
}

fn records_of(v: &Value) -> Result<TlvRecords, String> {
    let mut r = TlvRecords::new();
    for (k, v) in v.as_object().ok_or("records is not an object")? {
        let v = v.as_str().ok_or("record value is not a string")?;
        ok("insert", r.insert(k, v.as_bytes()))?;
    }
    Ok(r)
}

fn set_attributes(c: &Case) -> Result<(), String> {
    let sk = set_key_of(c)?;
    let path = c.str("path")?;
    let new_set = path.starts_with("create");
    let mut attrs = match c.opt("existing_records") {
        Some(v) => ok("existing", SetAttributes::from_records(records_of(v)?))?,
        None => SetAttributes::new(),
    };
    let elements: Vec<ElementId> = match c.opt("element_ids_b64") {
        Some(v) => v
            .as_array()
            .ok_or("element_ids_b64 is not an array")?
            .iter()
            .map(|e| ok("element id", ElementId::from_b64(e.as_str().unwrap_or(""))))
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let change = c.value("change")?;
    if let Some(n) = change.get("name") {
        ok("set_name", attrs.set_name(n.as_str()))?;
    }
    if let Some(cover) = change.get("cover_b64") {
        let cover = match cover.as_str() {
            Some(s) => Some(ok("cover", ElementId::from_b64(s))?),
            None => None,
        };
        ok("set_cover", attrs.set_cover(cover))?;
    }
    let checked = attrs.check_cover(new_set, &elements);
    if c.has("sdk_error") {
        // The SDK refused (API_EARGS) and sent nothing.
        c.info(&[
            "sdk_error",
            "sdk_error_name",
            "rng_hex",
            "master_key_hex",
            "set_id_b64",
        ]);
        eq("request_sent", &c.bool("request_sent")?, &false)?;
        return match checked {
            Err(e) if e.kind() == ErrorKind::ApiMisuse => Ok(()),
            other => Err(format!("SDK refused with API_EARGS, megacrypt: {other:?}")),
        };
    }
    ok("check_cover", checked)?;
    eq(
        "records",
        &records_of(c.value("records")?)?,
        attrs.records(),
    )?;
    let rng = c.hex("rng_hex")?;
    let (at, k_b64) = if new_set {
        // New Set: the RNG gave the Set key, then the IV.
        let mk = master_key_of(c)?;
        eq("rng Set key", &rng[..16], sk.as_bytes())?;
        let iv = c.hex("iv_hex")?;
        eq("rng IV", &rng[16..], &iv[..])?;
        let k = sets::wrap_set_key(&mk, &sk);
        let at = ok(
            "seal",
            megacrypt::hazmat::seal_set_attributes_with_iv(&sk, &attrs, &iv),
        )?;
        (at, Some(base64::encode(&k)))
    } else if c.opt("iv_drawn").and_then(Value::as_bool) == Some(false) {
        // Nothing left: empty at, no IV drawn.
        let at = ok(
            "seal",
            megacrypt::hazmat::seal_set_attributes_with_iv(&sk, &attrs, &rng),
        )?;
        (at, None)
    } else {
        let iv = c.hex("iv_hex")?;
        eq("rng IV", &rng[..], &iv[..])?;
        let at = ok(
            "seal",
            megacrypt::hazmat::seal_set_attributes_with_iv(&sk, &attrs, &iv),
        )?;
        (at, None)
    };
    if attrs.records().is_empty() {
        eq("at of cleared attributes", &at.len(), &0)?;
    } else {
        c.expect_hex("tlv_hex", &ok("tlv", attrs.records().to_bytes())?)?;
    }
    c.expect_hex("at_hex", &at)?;
    c.expect_str("at_b64", &base64::encode(&at))?;
    let opened = ok("open", sets::open_set_attributes(&sk, &at))?;
    eq("reopened", &opened, &attrs)?;
    let request = match k_b64 {
        Some(k) => format!(
            "\"a\":\"asp\",\"k\":\"{k}\",\"t\":0,\"at\":\"{}\"",
            base64::encode(&at)
        ),
        None => format!(
            "\"a\":\"asp\",\"id\":\"{}\",\"at\":\"{}\"",
            ok("set id", SetId::from_b64(c.str("set_id_b64")?))?,
            base64::encode(&at)
        ),
    };
    c.expect_str("asp_request", &request)
}

fn element_attributes(c: &Case) -> Result<(), String> {
    let sk = set_key_of(c)?;
    let set_id = ok("set id", SetId::from_b64(c.str("set_id_b64")?))?;
    let node = ok(
        "node handle",
        NodeHandle::from_b64(c.str("node_handle_b64")?),
    )?;
    let nk = c.hex("node_key_hex")?;
    let ek = ok("element key", ElementKey::from_slice(&nk))?;
    c.expect_hex("attr_key_hex", ek.attribute_key().as_bytes())?;
    let attrs = ok(
        "records",
        ElementAttributes::from_records(records_of(c.value("records")?)?),
    )?;
    c.expect_hex("tlv_hex", &ok("tlv", attrs.records().to_bytes())?)?;
    let at = ok(
        "seal",
        megacrypt::hazmat::seal_element_attributes_with_iv(&ek, &attrs, &c.hex("iv_hex")?),
    )?;
    c.expect_hex("at_hex", &at)?;
    c.expect_str("at_b64", &base64::encode(&at))?;
    eq(
        "reopened",
        &ok("open", sets::open_element_attributes(&ek, &at))?,
        &attrs,
    )?;
    let first_half = ok("first half", ElementKey::from_slice(&nk[..16]))?;
    eq(
        "opens_with_first_half_only",
        &c.bool("opens_with_first_half_only")?,
        &sets::open_element_attributes(&first_half, &at).is_ok(),
    )?;
    let k = sets::wrap_element_key(&sk, &ek);
    c.expect_str("k_b64", &base64::encode(&k))?;
    c.expect_str(
        "aep_request",
        &format!(
            "\"a\":\"aep\",\"s\":\"{set_id}\",\"h\":\"{node}\",\"k\":\"{}\"{},\"at\":\"{}\"",
            base64::encode(&k),
            order_suffix(c)?,
            base64::encode(&at)
        ),
    )
}

/// What megacrypt reads from one Set of an `aesp` or `aft` answer.
struct ReadSet {
    key: SetKey,
    ty: Option<SetType>,
    attrs: Option<SetAttributes>,
}

fn read_set(s: &Value, key: SetKey) -> Result<Result<ReadSet, megacrypt::Error>, String> {
    let attrs = match s.get("at").and_then(Value::as_str) {
        Some(at) => match sets::open_set_attributes(&key, &b64(at)?) {
            Ok(a) => Some(a),
            Err(e) => return Ok(Err(e)),
        },
        None => None,
    };
    let ty = match s.get("t").and_then(Value::as_u64) {
        Some(t) => Some(ok("type", SetType::from_code(t))?),
        None => None,
    };
    Ok(Ok(ReadSet { key, ty, attrs }))
}

fn aesp_read(c: &Case) -> Result<(), String> {
    c.info(&["sdk_log"]);
    let mk = master_key_of(c)?;
    let aesp: Value = serde_json::from_str(c.str("aesp_json")?).map_err(|e| e.to_string())?;
    let mut kept: BTreeMap<String, ReadSet> = BTreeMap::new();
    let mut dropped = Vec::new();
    for s in aesp["s"].as_array().ok_or("no s")? {
        let id = ok("set id", SetId::from_b64(s["id"].as_str().unwrap_or("")))?;
        let key = ok(
            "unwrap Set key",
            sets::unwrap_set_key(&mk, &b64(s["k"].as_str().unwrap_or(""))?),
        )?;
        match read_set(s, key)? {
            Ok(r) => {
                kept.insert(id.to_b64(), r);
            }
            Err(e) if e.kind() == ErrorKind::Decrypt => dropped.push(id.to_b64()),
            Err(e) => return Err(format!("Set {id}: unexpected error {e:?}")),
        }
    }
    let mut exported = BTreeMap::new();
    for p in aesp["p"].as_array().map(Vec::as_slice).unwrap_or_default() {
        let ph = ok(
            "public handle",
            PublicSetHandle::from_b64(p["ph"].as_str().unwrap_or("")),
        )?;
        exported.insert(p["s"].as_str().unwrap_or("").to_string(), ph);
    }
    let want_dropped: Vec<String> = c
        .value("dropped_set_ids_b64")?
        .as_array()
        .ok_or("dropped_set_ids_b64")?
        .iter()
        .map(|v| v.as_str().unwrap_or("").to_string())
        .collect();
    eq("dropped Sets", &want_dropped, &dropped)?;
    let want_sets = c.value("sdk_sets")?.as_array().ok_or("sdk_sets")?;
    eq("number of Sets", &want_sets.len(), &kept.len())?;
    for w in want_sets {
        let id = w["id_b64"].as_str().unwrap_or("");
        let r = kept.get(id).ok_or_else(|| format!("Set {id} not kept"))?;
        eq(
            "Set key",
            w["set_key_hex"].as_str().unwrap_or(""),
            hex::encode(r.key.as_bytes()).as_str(),
        )?;
        eq(
            "type",
            &w["type"].as_u64(),
            &r.ty.map(|t| u64::from(t.code())),
        )?;
        eq(
            "has_attrs",
            &w["has_attrs"].as_bool(),
            &Some(r.attrs.is_some()),
        )?;
        let name = r.attrs.as_ref().and_then(|a| a.name()).unwrap_or("");
        eq("name", w["name"].as_str().unwrap_or(""), name)?;
        eq(
            "cover",
            &w.get("cover_b64").and_then(Value::as_str).map(String::from),
            &r.attrs.as_ref().and_then(|a| a.cover()).map(|e| e.to_b64()),
        )?;
        eq(
            "public handle",
            &w.get("public_handle_b64")
                .and_then(Value::as_str)
                .map(String::from),
            &exported.get(id).map(|h| h.to_b64()),
        )?;
    }
    let want_elements = c.value("sdk_elements")?.as_array().ok_or("sdk_elements")?;
    let mut n_kept = 0;
    for e in aesp["e"].as_array().ok_or("no e")? {
        let id = ok(
            "element id",
            ElementId::from_b64(e["id"].as_str().unwrap_or("")),
        )?;
        let Some(set) = kept.get(e["s"].as_str().unwrap_or("")) else {
            continue; // Elements of a dropped Set are dropped with it.
        };
        n_kept += 1;
        let w = want_elements
            .iter()
            .find(|w| w["id_b64"].as_str() == Some(id.to_b64().as_str()))
            .ok_or_else(|| format!("Element {id} kept by megacrypt, not by the SDK"))?;
        let ek = ok(
            "unwrap Element key",
            sets::unwrap_element_key(&set.key, &b64(e["k"].as_str().unwrap_or(""))?),
        )?;
        eq(
            "Element key",
            w["key_hex"].as_str().unwrap_or(""),
            hex::encode(ek.to_bytes()).as_str(),
        )?;
        let attrs = match e.get("at").and_then(Value::as_str) {
            Some(at) => Some(ok(
                "Element at",
                sets::open_element_attributes(&ek, &b64(at)?),
            )?),
            None => None,
        };
        eq(
            "has_attrs",
            &w["has_attrs"].as_bool(),
            &Some(attrs.is_some()),
        )?;
        eq(
            "Element name",
            w["name"].as_str().unwrap_or(""),
            attrs.as_ref().and_then(|a| a.name()).unwrap_or(""),
        )?;
        eq("order", &w["order"].as_i64(), &e["o"].as_i64())?;
        eq("Set", &w["set_b64"].as_str(), &e["s"].as_str())?;
        eq("node", &w["node_handle_b64"].as_str(), &e["h"].as_str())?;
    }
    eq("number of Elements", &want_elements.len(), &n_kept)
}

fn collection_link(c: &Case) -> Result<(), String> {
    match c.str("op")? {
        "build" => {
            let host = match c.str("host")? {
                "https://mega.nz" => LinkHost::MegaNz,
                "https://mega.app" => LinkHost::MegaApp,
                other => return Err(format!("unknown host {other}")),
            };
            let h = PublicSetHandle::from_bytes(c.hex_n("public_handle_hex")?);
            c.expect_str("public_handle_b64", &h.to_b64())?;
            let link = CollectionLink::new(h, set_key_of(c)?);
            c.expect_str("url", &link.to_url_on(host))?;
            // There is no legacy form of a collection link.
            c.expect_str("legacy_format_url", "")?;
            let back = ok("re-parse", CollectionLink::parse(&link.to_url_on(host)))?;
            eq("re-parse host", &back.host(), &host)?;
            eq("re-parse", &back.to_url(), &link.to_url())
        }
        "parse" => {
            c.info(&["sdk_error", "sdk_error_name"]);
            let url = c.str("url")?;
            let strict = c.bool("strict_parse_accepts")?;
            let sdk = c.bool("accepted")?;
            let parsed = CollectionLink::parse(url);
            match (&parsed, strict) {
                (Ok(l), true) => {
                    eq("SDK accepts", &sdk, &true)?;
                    c.expect_str("public_handle_b64", &l.handle().to_b64())?;
                    c.expect_hex("set_key_hex", l.key().as_bytes())?;
                    match ok("Link::parse", Link::parse(url))? {
                        Link::Collection(l2) => eq("Link::parse", &l2, l),
                        other => Err(format!("Link::parse gave {other:?}")),
                    }
                }
                (Err(e), false) => {
                    eq("error kind", &e.kind(), &ErrorKind::Malformed)?;
                    // What the SDK took from a link it reads and megacrypt refuses.
                    c.info(&["public_handle_b64", "set_key_hex"]);
                    Ok(())
                }
                (Ok(_), false) => Err("accepted a link outside the written form".into()),
                (Err(e), true) => Err(format!("refused the written form: {e:?}")),
            }
        }
        other => skip(&format!("unknown collection_link op {other}")),
    }
}

/// The JSON string token of a name without its quotes: what the SDK keeps (it does not decode
/// escapes).
fn json_token(s: &str) -> String {
    let t = serde_json::to_string(s).unwrap();
    t[1..t.len() - 1].to_string()
}

fn preview_node(c: &Case) -> Result<(), String> {
    match c.str("op")? {
        "node_attributes" => {
            let ek = ok(
                "element key",
                ElementKey::from_slice(&c.hex("element_key_hex")?),
            )?;
            c.expect_hex("attr_key_hex", ek.attribute_key().as_bytes())?;
            let opened = sets::open_preview_node_attributes_b64(&ek, c.str("at_b64")?);
            if !c.bool("sdk_ok")? {
                return match opened {
                    Err(e) if e.kind() == ErrorKind::Decrypt => Ok(()),
                    other => Err(format!("wrong key: expected Decrypt, got {other:?}")),
                };
            }
            let a = ok("open", opened)?;
            c.expect_str("attr_json", a.json())?;
            let name = a.name().ok_or("no name")?;
            c.expect_str("json_name", name)?;
            // The SDK keeps the escaped JSON token; megacrypt decodes it.
            c.expect_str("sdk_name", &json_token(name))?;
            c.expect_str("sdk_fingerprint", a.get_str("c").ok_or("no c")?)
        }
        "aft" => aft(c),
        other => skip(&format!("unknown preview_node op {other}")),
    }
}

fn aft(c: &Case) -> Result<(), String> {
    c.info(&["aft_request"]);
    let link = ok("link", CollectionLink::parse(c.str("link")?))?;
    let aft: Value = serde_json::from_str(c.str("aft_json")?).map_err(|e| e.to_string())?;
    let s = &aft["s"];
    eq(
        "public handle",
        &s["ph"].as_str(),
        &Some(link.handle().to_b64().as_str()),
    )?;
    let set = ok("Set", read_set(s, link.key().clone())?)?;
    let w = c.value("sdk_set")?;
    eq("Set id", &w["id_b64"].as_str(), &s["id"].as_str())?;
    eq(
        "Set key",
        w["set_key_hex"].as_str().unwrap_or(""),
        hex::encode(set.key.as_bytes()).as_str(),
    )?;
    let attrs = set.attrs.ok_or("public Set without attributes")?;
    eq("Set name", &w["name"].as_str(), &attrs.name())?;
    eq(
        "cover",
        &w["cover_b64"].as_str().map(String::from),
        &attrs.cover().map(|e| e.to_b64()),
    )?;
    eq(
        "public handle",
        &w["public_handle_b64"].as_str(),
        &s["ph"].as_str(),
    )?;
    let nodes = aft["n"].as_array().ok_or("no n")?;
    let want = c.value("sdk_elements")?.as_array().ok_or("sdk_elements")?;
    let mut n_kept = 0;
    for e in aft["e"].as_array().ok_or("no e")? {
        // An Element without node metadata is dropped from the preview.
        let Some(node) = nodes.iter().find(|n| n["h"] == e["h"]) else {
            continue;
        };
        n_kept += 1;
        let id = e["id"].as_str().unwrap_or("");
        let w = want
            .iter()
            .find(|w| w["id_b64"].as_str() == Some(id))
            .ok_or_else(|| format!("Element {id} kept by megacrypt, not by the SDK"))?;
        let ek = ok(
            "unwrap Element key",
            sets::unwrap_element_key(&set.key, &b64(e["k"].as_str().unwrap_or(""))?),
        )?;
        eq(
            "Element key",
            w["key_hex"].as_str().unwrap_or(""),
            hex::encode(ek.to_bytes()).as_str(),
        )?;
        let ea = ok(
            "Element at",
            sets::open_element_attributes(&ek, &b64(e["at"].as_str().unwrap_or(""))?),
        )?;
        eq("Element name", &w["name"].as_str(), &ea.name())?;
        eq("order", &w["order"].as_i64(), &e["o"].as_i64())?;
        eq(
            "node handle",
            &w["node_handle_b64"].as_str(),
            &e["h"].as_str(),
        )?;
        let na = ok(
            "node at",
            sets::open_preview_node_attributes_b64(&ek, node["at"].as_str().unwrap_or("")),
        )?;
        let wn = &w["node"];
        eq(
            "node name (SDK keeps escapes)",
            wn["name"].as_str().unwrap_or(""),
            json_token(na.name().unwrap_or("")).as_str(),
        )?;
        eq("fingerprint", &wn["fingerprint"].as_str(), &na.get_str("c"))?;
        eq("size", &wn["size"], &node["s"])?;
        eq("ts", &wn["ts"], &node["ts"])?;
        eq("fa", &wn["fa"], &node["fa"])?;
        eq("owner", &wn["owner_b64"], &node["u"])?;
    }
    eq("number of Elements", &want.len(), &n_kept)
}
