//! area `user_attributes`: typed private user attributes (TLV records under the master key) and
//! the device-id hash of `*!dn`.

use std::collections::BTreeMap;

use megacrypt::tlv::{self, TlvRecords};
use megacrypt::user_attributes::{
    self, CameraUploadsFolders, ChatFilesFolder, ContactAliases, DeviceNames, TypedAttribute,
};
use megacrypt::{ErrorKind, MasterKey, NodeHandle, UserHandle, base64};
use serde_json::Value;

use crate::common::{Case, Tally, eq, ok, skip};

pub fn run(file: &Value, t: &mut Tally) {
    t.run_cases(file, check);
}

fn check(c: &Case) -> Result<(), String> {
    c.info(&["what"]);
    match c.str("kind")? {
        "device_id_hash" => {
            let id = c.hex("statsid_hex")?;
            eq("statsid_text", c.str("statsid_text")?.as_bytes(), &id[..])?;
            c.expect_str("device_id_hash", &user_attributes::device_id_hash(&id))
        }
        "tlv_attribute" => tlv_attribute(c),
        other => skip(&format!("unknown user_attributes kind {other}")),
    }
}

fn records_hex(v: &Value) -> Result<TlvRecords, String> {
    let mut r = TlvRecords::new();
    for (k, v) in v.as_object().ok_or("records is not an object")? {
        let v =
            hex::decode(v.as_str().ok_or("record is not a string")?).map_err(|e| e.to_string())?;
        ok("insert", r.insert(k, &v))?;
    }
    Ok(r)
}

fn app_values(c: &Case) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut m = BTreeMap::new();
    for (k, v) in c
        .value("app_values_b64")?
        .as_object()
        .ok_or("app_values_b64")?
    {
        let v = ok("value", base64::decode(v.as_str().ok_or("value")?))?;
        m.insert(k.clone(), v);
    }
    Ok(m)
}

fn handle(v: &[u8]) -> Result<Option<NodeHandle>, String> {
    Ok(Some(NodeHandle::from_bytes(
        v.try_into().map_err(|_| "handle is not 6 bytes")?,
    )))
}

/// Opens the existing container, checks its records, and reads the typed value.
fn existing<T: TypedAttribute + Default>(c: &Case, mk: &MasterKey) -> Result<T, String> {
    let Some(blob) = c.opt_str("existing_container_b64") else {
        return Ok(T::default());
    };
    let blob = ok("existing", base64::decode(blob))?;
    let (_, records) = ok("open existing", tlv::open_container(mk.as_aes_key(), &blob))?;
    eq(
        "existing records",
        &records_hex(c.value("existing_records_hex")?)?,
        &records,
    )?;
    let typed: T = ok("typed existing", user_attributes::open(mk, &blob))?;
    Ok(typed)
}

fn text(v: &[u8]) -> Result<Option<&str>, String> {
    Ok(Some(std::str::from_utf8(v).map_err(|e| e.to_string())?))
}

fn tlv_attribute(c: &Case) -> Result<(), String> {
    let mk = ok(
        "master key",
        MasterKey::from_slice(&c.hex("master_key_hex")?),
    )?;
    let values = app_values(c)?;
    let attribute = c.str("attribute")?;
    let records: Result<TlvRecords, megacrypt::Error> = match attribute {
        "*!cam" => {
            eq("name", CameraUploadsFolders::NAME, attribute)?;
            let mut cam: CameraUploadsFolders = existing(c, &mk)?;
            if let Some(h) = values.get("h") {
                cam.set_primary(handle(h)?);
            }
            if let Some(h) = values.get("sh") {
                cam.set_secondary(handle(h)?);
            }
            cam.to_records()
        }
        "*!cf" => {
            eq("name", ChatFilesFolder::NAME, attribute)?;
            let mut cf: ChatFilesFolder = existing(c, &mk)?;
            cf.set_folder(handle(values.get("h").ok_or("no h")?)?);
            cf.to_records()
        }
        "*!>alias" => {
            eq("name", ContactAliases::NAME, attribute)?;
            let mut a: ContactAliases = existing(c, &mk)?;
            for (k, v) in &values {
                a.set(ok("user", UserHandle::from_b64(k))?, text(v)?);
            }
            a.to_records()
        }
        "*!dn" => {
            eq("name", DeviceNames::NAME, attribute)?;
            let mut d: DeviceNames = existing(c, &mk)?;
            let mut r = Ok(());
            for (k, v) in &values {
                r = if k.len() == 11 {
                    // setDriveName: the app passes the 8-byte drive id.
                    let id = ok("drive id", base64::decode_array::<8>(k))?;
                    d.set_drive(id, text(v)?)
                } else {
                    d.set_device(k, text(v)?)
                };
            }
            r.and_then(|()| d.to_records())
        }
        other => return skip(&format!("no typed attribute {other}")),
    };
    if c.u64("sdk_error") != Ok(0) {
        c.info(&["sdk_error_name"]);
        eq("container_b64", &c.value("container_b64")?, &&Value::Null)?;
        return match records {
            Err(e) if e.kind() == ErrorKind::ApiMisuse => Ok(()),
            other => Err(format!("SDK refused (API_EEXIST), megacrypt: {other:?}")),
        };
    }
    let records = ok("records", records)?;
    eq("records", &records_hex(c.value("records_hex")?)?, &records)?;
    c.expect_hex("tlv_hex", &ok("tlv", records.to_bytes())?)?;
    let iv = c.hex("iv_hex")?;
    let blob = ok(
        "seal",
        megacrypt::hazmat::seal_container_with_iv(
            mk.as_aes_key(),
            &records,
            tlv::ContainerMode::AesGcm12x16,
            &iv,
            &Default::default(),
        ),
    )?;
    c.expect_hex("container_hex", &blob)?;
    c.expect_str("container_b64", &base64::encode(&blob))?;
    let (_, back) = ok("reopen", tlv::open_container(mk.as_aes_key(), &blob))?;
    eq("reopened", &records, &back)
}
