// Area `user_attributes`: mirrors core/tests/vectors/area_user_attributes.rs (and the Kotlin
// checkUserAttributes): the device-id hash and the typed TLV user attributes (`*!cam`, `*!cf`,
// `*!>alias`, `*!dn`) as MEGA's SDK writes them.
import Foundation
import MegaCrypt

func checkUserAttributes(_ c: Case) throws {
    c.info("what")
    switch try c.str("kind") {
    case "device_id_hash":
        let id = try c.hex("statsid_hex")
        try eq("statsid_text", hex(Data(try c.str("statsid_text").utf8)), hex(id))
        try c.expectStr("device_id_hash", deviceIdHash(deviceId: id))
    case "tlv_attribute": try tlvAttribute(c)
    case let kind: throw Mismatch("unknown user_attributes kind \(kind)")
    }
}

private func utf8(_ v: Data) throws -> String {
    guard let s = String(data: v, encoding: .utf8) else { throw Mismatch("value is not UTF-8") }
    return s
}

private func handleOf(_ v: Data) throws -> String {
    if v.count != 6 { throw Mismatch("handle is not 6 bytes") }
    return base64Encode(bytes: v)
}

private func existingBlob(_ c: Case, _ mk: MasterKey) throws -> Data? {
    guard let b64 = c.optStr("existing_container_b64") else { return nil }
    let blob = try base64Decode(b64: b64)
    let opened = try openContainer(key: try AesKey.fromBytes(bytes: mk.exportBytes()), blob: blob)
    try eq("existing records", hex(try hexRecords(try c.value("existing_records_hex"))), hex(try opened.records.toBytes()))
    return blob
}

private func tlvAttribute(_ c: Case) throws {
    let mk = try MasterKey.fromBytes(bytes: try c.hex("master_key_hex"))
    let app = try c.obj("app_values_b64")
    // The Rust handler iterates a BTreeMap: sorted by key.
    let values: [(String, Data)] = try app.keys.sorted().map { k in
        guard let s = app[k]?.string else { throw Mismatch("app value \(k) is not a string") }
        return (k, try base64Decode(b64: s))
    }
    func get(_ k: String) -> Data? { values.first { $0.0 == k }?.1 }
    let attribute = try c.str("attribute")
    var error: CryptoError?
    let tlv: Data
    let seal: (Data) throws -> Data
    let reopen: (Data) throws -> Data
    switch attribute {
    case "*!cam":
        try eq("name", CameraUploadsFolders().attributeName(), attribute)
        var v = try existingBlob(c, mk).map { try CameraUploadsFolders.open(masterKey: mk, container: $0) } ?? CameraUploadsFolders()
        if let h = get("h") { v = try v.withPrimary(folderB64: try handleOf(h)) }
        if let sh = get("sh") { v = try v.withSecondary(folderB64: try handleOf(sh)) }
        let fin = v
        tlv = try fin.toBytes()
        seal = { iv in try fin.sealWithIv(masterKey: mk, iv: iv) }
        reopen = { b in try CameraUploadsFolders.open(masterKey: mk, container: b).toBytes() }
    case "*!cf":
        try eq("name", ChatFilesFolder().attributeName(), attribute)
        var v = try existingBlob(c, mk).map { try ChatFilesFolder.open(masterKey: mk, container: $0) } ?? ChatFilesFolder()
        guard let h = get("h") else { throw Mismatch("no h") }
        v = try v.withFolder(folderB64: try handleOf(h))
        let fin = v
        tlv = try fin.toBytes()
        seal = { iv in try fin.sealWithIv(masterKey: mk, iv: iv) }
        reopen = { b in try ChatFilesFolder.open(masterKey: mk, container: b).toBytes() }
    case "*!>alias":
        try eq("name", ContactAliases().attributeName(), attribute)
        var v = try existingBlob(c, mk).map { try ContactAliases.open(masterKey: mk, container: $0) } ?? ContactAliases()
        for (k, b) in values { v = try v.withAlias(userB64: k, alias: try utf8(b)) }
        let fin = v
        tlv = try fin.toBytes()
        seal = { iv in try fin.sealWithIv(masterKey: mk, iv: iv) }
        reopen = { b in try ContactAliases.open(masterKey: mk, container: b).toBytes() }
    case "*!dn":
        try eq("name", DeviceNames().attributeName(), attribute)
        var v = try existingBlob(c, mk).map { try DeviceNames.open(masterKey: mk, container: $0) } ?? DeviceNames()
        // As the Rust handler: the verdict is the last call's.
        for (k, b) in values {
            let name = try utf8(b)
            error = try cryptoError {
                // setDriveName: the app passes the 8-byte drive id (11 base64 characters).
                v = k.count == 11 ? try v.withDrive(driveIdB64: k, name: name) : try v.withDevice(idHash: k, name: name)
            }
        }
        let fin = v
        tlv = try fin.toBytes()
        seal = { iv in try fin.sealWithIv(masterKey: mk, iv: iv) }
        reopen = { b in try DeviceNames.open(masterKey: mk, container: b).toBytes() }
    default:
        throw Mismatch("no typed attribute \(attribute)")
    }
    if c.opt("sdk_error")?.int != 0 {
        c.info("sdk_error_name")
        guard case .null = try c.value("container_b64") else { throw Mismatch("container_b64 given for a refused change") }
        guard let error, errorCode(error) == "ApiMisuse" else {
            throw Mismatch("SDK refused (API_EEXIST), megacrypt: \(error.map { "\($0)" } ?? "accepted")")
        }
        return
    }
    if let error { throw error }
    try eq("records", hex(try hexRecords(try c.value("records_hex"))), hex(tlv))
    try c.expectHex("tlv_hex", tlv)
    let blob = try seal(try c.hex("iv_hex"))
    try c.expectHex("container_hex", blob)
    try c.expectStr("container_b64", base64Encode(bytes: blob))
    try eq("reopened", hex(tlv), hex(try reopen(blob)))
}
