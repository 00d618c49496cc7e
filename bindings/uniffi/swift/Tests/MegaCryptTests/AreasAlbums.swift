// Areas `sets` and `user_attributes` (core modules `sets`, `user_attributes`; façade `albums`,
// Kotlin AreasAlbums.kt).
import Foundation
import MegaCrypt

// Area `sets` (albums: Sets, Elements, collection links, public-album previews): mirrors
// core/tests/vectors/area_sets.rs (and the Kotlin checkSets), through the bindings.

private func b64e(_ b: Data) -> String { base64Encode(bytes: b) }
private func b64d(_ s: String) throws -> Data { try base64Decode(b64: s) }

/// Checks that `s` is the MEGA base64 of exactly `n` bytes (a Set id, an Element id, a handle).
private func b64Id(_ s: String?, _ n: Int, _ what: String) throws -> String {
    guard let s, s.count == (4 * n + 2) / 3, (try? b64d(s))?.count == n else {
        throw Mismatch("\(what): \(s ?? "null") is not \(n) bytes in base64")
    }
    return s
}

/// Members of a JSON object: nil for a missing or null member.
extension Dictionary where Key == String, Value == JSON {
    fileprivate func v(_ key: String) -> JSON? {
        guard let x = self[key] else { return nil }
        if case .null = x { return nil }
        return x
    }
    fileprivate func s(_ key: String) -> String? { v(key)?.string }
    fileprivate func l(_ key: String) -> Int64? { v(key)?.int }
}

private func recordsTlv(_ obj: JSON, _ decode: (String) throws -> Data) throws -> Data {
    guard let o = obj.object else { throw Mismatch("records is not an object") }
    let r = TlvRecords()
    for k in o.keys.sorted() {
        guard let s = o[k]?.string else { throw Mismatch("record value is not a string") }
        try r.insert(key: k, value: try decode(s))
    }
    return try r.toBytes()
}

func textRecords(_ o: JSON) throws -> Data { try recordsTlv(o) { Data($0.utf8) } }
func hexRecords(_ o: JSON) throws -> Data { try recordsTlv(o) { try unhex($0) } }

private func setKeyOf(_ c: Case) throws -> SetKey { try SetKey.fromBytes(bytes: try c.hex("set_key_hex")) }
private func masterKeyOf(_ c: Case) throws -> MasterKey { try MasterKey.fromBytes(bytes: try c.hex("master_key_hex")) }

/// The CryptoError `block` throws, or nil when it succeeds.
func cryptoError(_ block: () throws -> Void) rethrows -> CryptoError? {
    do { try block() } catch let e as CryptoError { return e }
    return nil
}

private func objects(_ a: [JSON]?) throws -> [[String: JSON]] {
    try (a ?? []).map { v in guard let o = v.object else { throw Mismatch("not an object: \(v)") }; return o }
}

// -------------------------------------------------------------------------------------- sets
func checkSets(_ c: Case) throws {
    c.info("what")
    switch try c.str("kind") {
    case "set_key": try setKeyCase(c)
    case "element_key": try elementKeyCase(c)
    case "set_attributes": try setAttributesCase(c)
    case "element_attributes": try elementAttributesCase(c)
    case "aesp_read": try aespRead(c)
    case "collection_link": try collectionLinkCase(c)
    case "preview_node": try previewNode(c)
    case let kind: throw Mismatch("unknown sets kind \(kind)")
    }
}

private func setKeyCase(_ c: Case) throws {
    let mk = try masterKeyOf(c)
    let sk = try setKeyOf(c)
    try eq("rng_hex", try c.str("rng_hex"), try c.str("set_key_hex"))
    let k = wrapSetKey(masterKey: mk, setKey: sk)
    try c.expectHex("k_hex", k)
    try c.expectStr("k_b64", b64e(k))
    try eq("unwrap", hex(sk.exportBytes()), hex(try unwrapSetKey(masterKey: mk, wrapped: k).exportBytes()))
    let ty = try setTypeFromCode(code: UInt32(try c.u64("type")))
    try c.expectStr("asp_request", "\"a\":\"asp\",\"k\":\"\(b64e(k))\",\"t\":\(setTypeCode(setType: ty))")
}

private func orderSuffix(_ c: Case) throws -> String {
    guard let o = c.opt("order") else { return "" }
    guard case .int(let i) = o else { throw Mismatch("order is not an integer") }
    return ",\"o\":\(i)"
}

private func elementKeyCase(_ c: Case) throws {
    let sk = try setKeyOf(c)
    let setId = try b64Id(try c.str("set_id_b64"), 8, "set id")
    let node = try b64Id(try c.str("node_handle_b64"), 6, "node handle")
    let nk = try c.hex("node_key_hex")
    let ek = try ElementKey.fromBytes(bytes: nk)
    let k = wrapElementKey(setKey: sk, elementKey: ek)
    try c.expectHex("k_hex", k)
    try c.expectStr("k_b64", b64e(k))
    try eq("unwrap", hex(ek.exportBytes()), hex(try unwrapElementKey(setKey: sk, wrapped: k).exportBytes()))
    let ecb = try c.hex("ecb_k_hex")
    try eq("ECB first block", hex(slice(ecb, 0, 16)), hex(slice(k, 0, 16)))
    if slice(ecb, 16, ecb.count) == slice(k, 16, k.count) { throw Mismatch("ECB and CBC agree on the second block") }
    let wrong = try? unwrapElementKey(setKey: sk, wrapped: ecb)
    if let wrong, wrong.exportBytes() == ek.exportBytes() {
        throw Mismatch("an ECB-wrapped Element key unwrapped to the node key")
    }
    try c.expectStr("aep_request", "\"a\":\"aep\",\"s\":\"\(setId)\",\"h\":\"\(node)\",\"k\":\"\(b64e(k))\"\(try orderSuffix(c))")
}

private func setAttributesCase(_ c: Case) throws {
    let sk = try setKeyOf(c)
    let newSet = try c.str("path").hasPrefix("create")
    var attrs = try c.opt("existing_records").map { try SetAttributes.fromBytes(tlv: try textRecords($0)) } ?? SetAttributes()
    let elements = (c.opt("element_ids_b64")?.array ?? []).map { $0.string ?? "" }
    let change = try c.obj("change")
    if change["name"] != nil { attrs = try attrs.withName(name: change.s("name")) }
    if change["cover_b64"] != nil { attrs = try attrs.withCover(coverB64: change.s("cover_b64")) }
    let checked = try cryptoError { try attrs.checkCover(newSet: newSet, elementIdsB64: elements) }
    if c.has("sdk_error") {
        c.info("sdk_error", "sdk_error_name", "rng_hex", "master_key_hex", "set_id_b64")
        try eq("request_sent", false, try c.bool("request_sent"))
        guard let checked, errorCode(checked) == "ApiMisuse" else {
            throw Mismatch("SDK refused with API_EARGS, megacrypt: \(checked.map { "\($0)" } ?? "accepted")")
        }
        return
    }
    if let checked { throw checked }
    try eq("records", hex(try textRecords(try c.value("records"))), hex(try attrs.toBytes()))
    let rng = try c.hex("rng_hex")
    var kB64: String?
    let at: Data
    if newSet {
        let mk = try masterKeyOf(c)
        try eq("rng Set key", hex(slice(rng, 0, 16)), hex(sk.exportBytes()))
        let iv = try c.hex("iv_hex")
        try eq("rng IV", hex(slice(rng, 16, rng.count)), hex(iv))
        kB64 = b64e(wrapSetKey(masterKey: mk, setKey: sk))
        at = try hazmatSealSetAttributesWithIv(key: sk, attrs: attrs, iv: iv)
    } else if c.opt("iv_drawn")?.bool == false {
        at = try hazmatSealSetAttributesWithIv(key: sk, attrs: attrs, iv: rng)
    } else {
        let iv = try c.hex("iv_hex")
        try eq("rng IV", hex(rng), hex(iv))
        at = try hazmatSealSetAttributesWithIv(key: sk, attrs: attrs, iv: iv)
    }
    if try attrs.toBytes().isEmpty { try eq("at of cleared attributes", 0, at.count) } else { try c.expectHex("tlv_hex", try attrs.toBytes()) }
    try c.expectHex("at_hex", at)
    try c.expectStr("at_b64", b64e(at))
    try eq("reopened", hex(try attrs.toBytes()), hex(try openSetAttributes(key: sk, at: at).toBytes()))
    let request: String
    if let kB64 {
        request = "\"a\":\"asp\",\"k\":\"\(kB64)\",\"t\":0,\"at\":\"\(b64e(at))\""
    } else {
        request = "\"a\":\"asp\",\"id\":\"\(try b64Id(try c.str("set_id_b64"), 8, "set id"))\",\"at\":\"\(b64e(at))\""
    }
    try c.expectStr("asp_request", request)
}

private func elementAttributesCase(_ c: Case) throws {
    let sk = try setKeyOf(c)
    let setId = try b64Id(try c.str("set_id_b64"), 8, "set id")
    let node = try b64Id(try c.str("node_handle_b64"), 6, "node handle")
    let nk = try c.hex("node_key_hex")
    let ek = try ElementKey.fromBytes(bytes: nk)
    try c.expectHex("attr_key_hex", ek.attributeKey().exportBytes())
    let attrs = try ElementAttributes.fromBytes(tlv: try textRecords(try c.value("records")))
    try c.expectHex("tlv_hex", try attrs.toBytes())
    let at = try hazmatSealElementAttributesWithIv(key: ek, attrs: attrs, iv: try c.hex("iv_hex"))
    try c.expectHex("at_hex", at)
    try c.expectStr("at_b64", b64e(at))
    try eq("reopened", hex(try attrs.toBytes()), hex(try openElementAttributes(key: ek, at: at).toBytes()))
    let firstHalf = try ElementKey.fromBytes(bytes: slice(nk, 0, 16))
    let opens = try cryptoError { _ = try openElementAttributes(key: firstHalf, at: at) } == nil
    try eq("opens_with_first_half_only", try c.bool("opens_with_first_half_only"), opens)
    let k = wrapElementKey(setKey: sk, elementKey: ek)
    try c.expectStr("k_b64", b64e(k))
    try c.expectStr("aep_request",
                    "\"a\":\"aep\",\"s\":\"\(setId)\",\"h\":\"\(node)\",\"k\":\"\(b64e(k))\"\(try orderSuffix(c)),\"at\":\"\(b64e(at))\"")
}

/// What megacrypt reads from one Set of an `aesp` or `aft` answer.
private struct ReadSet {
    let key: SetKey
    let type: Int64?
    let attrs: SetAttributes?
}

/// The Set, or the error of its attributes (dropped on Decrypt).
private func readSet(_ s: [String: JSON], _ key: SetKey) throws -> Result<ReadSet, CryptoError> {
    var attrs: SetAttributes?
    if let at = s.s("at") {
        do {
            attrs = try openSetAttributes(key: key, at: try b64d(at))
        } catch let e as CryptoError {
            return .failure(e)
        }
    }
    var t: Int64?
    if let code = s.l("t"), code >= 0 { t = Int64(setTypeCode(setType: try setTypeFromCode(code: UInt32(code)))) }
    return .success(ReadSet(key: key, type: t, attrs: attrs))
}

private func aespRead(_ c: Case) throws {
    c.info("sdk_log")
    let mk = try masterKeyOf(c)
    guard let aesp = try JSON.parse(try c.str("aesp_json")).object else { throw Mismatch("aesp_json is not an object") }
    var kept = [String: ReadSet]()
    var dropped = [String]()
    for s in try objects(aesp["s"]?.array) {
        let id = try b64Id(s.s("id") ?? "", 8, "set id")
        let key = try unwrapSetKey(masterKey: mk, wrapped: try b64d(s.s("k") ?? ""))
        switch try readSet(s, key) {
        case .failure(let e) where errorCode(e) == "Decrypt": dropped.append(id)
        case .failure(let e): throw Mismatch("Set \(id): unexpected error \(e)")
        case .success(let r): kept[id] = r
        }
    }
    var exported = [String: String]()
    for p in try objects(aesp["p"]?.array) { exported[p.s("s") ?? ""] = try b64Id(p.s("ph") ?? "", 6, "public handle") }
    let wantDropped = try c.arr("dropped_set_ids_b64").map { $0.string ?? "" }
    try eq("dropped Sets", wantDropped, dropped)
    let wantSets = try objects(try c.arr("sdk_sets"))
    try eq("number of Sets", wantSets.count, kept.count)
    for w in wantSets {
        let id = w.s("id_b64") ?? ""
        guard let r = kept[id] else { throw Mismatch("Set \(id) not kept") }
        try eq("Set key", w.s("set_key_hex") ?? "", hex(r.key.exportBytes()))
        try eq("type", w.l("type"), r.type)
        try eq("has_attrs", w.v("has_attrs")?.bool, Optional(r.attrs != nil))
        try eq("name", w.s("name") ?? "", r.attrs?.name() ?? "")
        try eq("cover", w.s("cover_b64"), r.attrs?.cover())
        try eq("public handle", w.s("public_handle_b64"), exported[id])
    }
    let wantElements = try objects(try c.arr("sdk_elements"))
    var nKept = 0
    for e in try objects(aesp["e"]?.array) {
        let id = try b64Id(e.s("id") ?? "", 8, "element id")
        guard let set = kept[e.s("s") ?? ""] else { continue } // Elements of a dropped Set are dropped with it.
        nKept += 1
        guard let w = wantElements.first(where: { $0.s("id_b64") == id }) else {
            throw Mismatch("Element \(id) kept by megacrypt, not by the SDK")
        }
        let ek = try unwrapElementKey(setKey: set.key, wrapped: try b64d(e.s("k") ?? ""))
        try eq("Element key", w.s("key_hex") ?? "", hex(ek.exportBytes()))
        let attrs = try e.s("at").map { try openElementAttributes(key: ek, at: try b64d($0)) }
        try eq("has_attrs", w.v("has_attrs")?.bool, Optional(attrs != nil))
        try eq("Element name", w.s("name") ?? "", attrs?.name() ?? "")
        try eq("order", w.l("order"), e.l("o"))
        try eq("Set", w.s("set_b64"), e.s("s"))
        try eq("node", w.s("node_handle_b64"), e.s("h"))
    }
    try eq("number of Elements", wantElements.count, nKept)
}

private let hosts: [String: LinkHost] = ["https://mega.nz": .megaNz, "https://mega.app": .megaApp]

private func collectionLinkCase(_ c: Case) throws {
    switch try c.str("op") {
    case "build":
        guard let host = hosts[try c.str("host")] else { throw Mismatch("unknown host \(try c.str("host"))") }
        let h = try c.hex("public_handle_hex")
        if h.count != 6 { throw Mismatch("public_handle_hex: expected 6 bytes") }
        try c.expectStr("public_handle_b64", b64e(h))
        let link = try CollectionLink(publicHandleB64: b64e(h), key: try setKeyOf(c))
        try c.expectStr("url", link.toUrlOn(host: host))
        try c.expectStr("legacy_format_url", "") // there is no legacy form of a collection link
        let back = try CollectionLink.parse(url: link.toUrlOn(host: host))
        try eq("re-parse host", host, back.host())
        try eq("re-parse", link.toUrl(), back.toUrl())
    case "parse":
        c.info("sdk_error", "sdk_error_name")
        let url = try c.str("url")
        let strict = try c.bool("strict_parse_accepts")
        let sdk = try c.bool("accepted")
        var link: CollectionLink?
        let err = try cryptoError { link = try CollectionLink.parse(url: url) }
        switch (link, strict) {
        case let (l?, true):
            try eq("SDK accepts", true, sdk)
            try c.expectStr("public_handle_b64", l.publicHandle())
            try c.expectHex("set_key_hex", l.setKey().exportBytes())
            guard case .collection(let other) = try parseLink(url: url) else { throw Mismatch("parseLink gave another kind of link") }
            try eq("parseLink", l, other)
        case (nil, false):
            guard let err, errorCode(err) == "Malformed" else { throw Mismatch("error kind: expected Malformed, got \(err.map { "\($0)" } ?? "none")") }
            c.info("public_handle_b64", "set_key_hex")
        case (_?, false): throw Mismatch("accepted a link outside the written form")
        case (nil, true): throw Mismatch("refused the written form: \(err.map { "\($0)" } ?? "?")")
        }
    case let op: throw Mismatch("unknown collection_link op \(op)")
    }
}

/// The JSON string token of a name without its quotes (what the SDK keeps): serde_json's
/// escaping, the two mandatory escapes, the short forms, \u00xx for the rest of C0.
private func jsonToken(_ s: String) -> String {
    var out = ""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if ch.value < 0x20 {
                let h = String(ch.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                out.unicodeScalars.append(ch)
            }
        }
    }
    return out
}

private func previewNode(_ c: Case) throws {
    switch try c.str("op") {
    case "node_attributes":
        let ek = try ElementKey.fromBytes(bytes: try c.hex("element_key_hex"))
        try c.expectHex("attr_key_hex", ek.attributeKey().exportBytes())
        var a: NodeAttributes?
        let err = try cryptoError { a = try openPreviewNodeAttributesB64(key: ek, atB64: try c.str("at_b64")) }
        if !(try c.bool("sdk_ok")) {
            guard let err, errorCode(err) == "Decrypt" else { throw Mismatch("wrong key: expected Decrypt, got \(err.map { "\($0)" } ?? "success")") }
            return
        }
        if let err { throw err }
        guard let attrs = a else { throw Mismatch("no attributes") }
        try c.expectStr("attr_json", attrs.json())
        guard let name = attrs.name() else { throw Mismatch("no name") }
        try c.expectStr("json_name", name)
        try c.expectStr("sdk_name", jsonToken(name))
        guard let fp = attrs.getString(key: "c") else { throw Mismatch("no c") }
        try c.expectStr("sdk_fingerprint", fp)
    case "aft": try aft(c)
    case let op: throw Mismatch("unknown preview_node op \(op)")
    }
}

private func aft(_ c: Case) throws {
    c.info("aft_request")
    let link = try CollectionLink.parse(url: try c.str("link"))
    guard let answer = try JSON.parse(try c.str("aft_json")).object, let s = answer["s"]?.object else {
        throw Mismatch("aft_json: no s object")
    }
    try eq("public handle", s.s("ph"), Optional(link.publicHandle()))
    let set = try readSet(s, link.setKey()).get()
    let w = try c.obj("sdk_set")
    try eq("Set id", w.s("id_b64"), s.s("id"))
    try eq("Set key", w.s("set_key_hex") ?? "", hex(set.key.exportBytes()))
    guard let attrs = set.attrs else { throw Mismatch("public Set without attributes") }
    try eq("Set name", w.s("name"), attrs.name())
    try eq("cover", w.s("cover_b64"), attrs.cover())
    try eq("public handle", w.s("public_handle_b64"), s.s("ph"))
    let nodes = try objects(answer["n"]?.array)
    let want = try objects(try c.arr("sdk_elements"))
    var nKept = 0
    for e in try objects(answer["e"]?.array) {
        guard let node = nodes.first(where: { $0.s("h") != nil && $0.s("h") == e.s("h") }) else { continue } // no node metadata: dropped
        nKept += 1
        let id = e.s("id") ?? ""
        guard let we = want.first(where: { $0.s("id_b64") == id }) else { throw Mismatch("Element \(id) kept by megacrypt, not by the SDK") }
        let ek = try unwrapElementKey(setKey: set.key, wrapped: try b64d(e.s("k") ?? ""))
        try eq("Element key", we.s("key_hex") ?? "", hex(ek.exportBytes()))
        let ea = try openElementAttributes(key: ek, at: try b64d(e.s("at") ?? ""))
        try eq("Element name", we.s("name"), ea.name())
        try eq("order", we.l("order"), e.l("o"))
        try eq("node handle", we.s("node_handle_b64"), e.s("h"))
        let na = try openPreviewNodeAttributesB64(key: ek, atB64: node.s("at") ?? "")
        let wn = we["node"]?.object ?? [:]
        try eq("node name (SDK keeps escapes)", wn.s("name") ?? "", jsonToken(na.name() ?? ""))
        try eq("fingerprint", wn.s("fingerprint"), na.getString(key: "c"))
        try eq("size", wn.l("size"), node.l("s"))
        try eq("ts", wn.l("ts"), node.l("ts"))
        try eq("fa", wn.s("fa"), node.s("fa"))
        try eq("owner", wn.s("owner_b64"), node.s("u"))
    }
    try eq("number of Elements", want.count, nKept)
}

// Area `user_attributes`: mirrors core/tests/vectors/area_user_attributes.rs (and the Kotlin
// checkUserAttributes): the device-id hash and the typed TLV user attributes (`*!cam`, `*!cf`,
// `*!>alias`, `*!dn`) as MEGA's SDK writes them.

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
        seal = { iv in try fin.hazmatSealWithIv(masterKey: mk, iv: iv) }
        reopen = { b in try CameraUploadsFolders.open(masterKey: mk, container: b).toBytes() }
    case "*!cf":
        try eq("name", ChatFilesFolder().attributeName(), attribute)
        var v = try existingBlob(c, mk).map { try ChatFilesFolder.open(masterKey: mk, container: $0) } ?? ChatFilesFolder()
        guard let h = get("h") else { throw Mismatch("no h") }
        v = try v.withFolder(folderB64: try handleOf(h))
        let fin = v
        tlv = try fin.toBytes()
        seal = { iv in try fin.hazmatSealWithIv(masterKey: mk, iv: iv) }
        reopen = { b in try ChatFilesFolder.open(masterKey: mk, container: b).toBytes() }
    case "*!>alias":
        try eq("name", ContactAliases().attributeName(), attribute)
        var v = try existingBlob(c, mk).map { try ContactAliases.open(masterKey: mk, container: $0) } ?? ContactAliases()
        for (k, b) in values { v = try v.withAlias(userB64: k, alias: try utf8(b)) }
        let fin = v
        tlv = try fin.toBytes()
        seal = { iv in try fin.hazmatSealWithIv(masterKey: mk, iv: iv) }
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
        seal = { iv in try fin.hazmatSealWithIv(masterKey: mk, iv: iv) }
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
