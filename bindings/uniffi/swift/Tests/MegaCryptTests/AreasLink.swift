// Areas `links` and `password_links`: mirror core/tests/vectors/area_links.rs (and the Kotlin
// checkLink/checkPasswordLink).
import Foundation
import MegaCrypt

private func kindName(_ k: LinkKind) -> String { k == .file ? "file" : "folder" }
private func keyHex(_ nk: NodeKey?) -> String? { nk.map { hex(nodeKeyExportBytes(key: $0)) } }
private func childHandle(_ l: PublicLink) -> String? {
    switch l.child() {
    case .file(let handle)?, .folder(let handle)?, .node(let handle)?: return handle
    case nil: return nil
    }
}

func checkLink(_ c: Case) throws {
    c.info("what", "megapy_parse", "megapy_agrees", "flags")
    let url = try c.str("url")
    var parseError: CryptoError?
    var link: PublicLink?
    do {
        link = try PublicLink.parse(url: url)
    } catch let e as CryptoError {
        switch e {
        case .Malformed, .Unsupported: parseError = e
        default: throw e
        }
    }
    if !(try c.bool("accepted")) {
        c.info("megajs_error")
        guard let link else { return }
        if link.key() == nil { throw Skip("keyless new-format link: megajs rejects it, MEGA's SDK/webclient read it") }
        if case .folder? = link.child() { throw Skip("folder link with /folder/ child: megajs rejects it, MEGA's webclient writes it") }
        throw Mismatch("accepted a link that the reference implementation rejects")
    }
    guard let link else { throw Mismatch("parse: \(parseError.map { "\($0)" } ?? "?")") }
    try eq("type", try c.str("type"), kindName(link.kind()))
    try c.expectStr("handle", link.publicHandle())
    let wantB64 = c.optStr("key_b64")
    let got = link.key().map { nodeKeyExportBytes(key: $0) }
    switch (wantB64, got) {
    case let (w?, g?):
        try eq("key_b64", w, base64Encode(bytes: g))
        try c.expectHex("key_hex", g)
    case (nil, nil):
        if c.optStr("key_hex") != nil { throw Mismatch("key_hex without key_b64") }
    default:
        throw Mismatch("key: expected \(wantB64 ?? "none"), got key present = \(got != nil)")
    }
    try eq("child_handle", c.optStr("child_handle"), childHandle(link))
    for again in [link.toUrl(), link.toLegacyUrl()] {
        let l2 = try PublicLink.parse(url: again)
        try eq("re-parse handle", link.publicHandle(), l2.publicHandle())
        try eq("re-parse key", keyHex(link.key()), keyHex(l2.key()))
        try eq("re-parse child", childHandle(link), childHandle(l2))
    }
}

func checkPasswordLink(_ c: Case) throws {
    c.info("flags", "produced_by")
    let password = try c.str("password")
    let used = try c.hex("password_bytes_used_hex")
    if used != Data(password.utf8) && used != Data(password.trimmingCharacters(in: .whitespacesAndNewlines).utf8) {
        throw Mismatch("password_bytes_used_hex is neither the password nor its trimmed form")
    }
    let usedS = String(decoding: used, as: UTF8.self)
    let salt = try c.hex("salt_hex")
    try c.expectHex("derived_key_hex", try deriveProtectedLinkKey(password: used, salt: salt))
    let pLink = try c.str("p_link")
    let protected = try ProtectedLink.parse(url: pLink)
    try c.expectHex("p_payload_hex", protected.toPayload())
    try eq("p_link re-encoded", pLink, protected.toUrl())
    try eq("algorithm", try c.u64("algorithm"), Int64(protected.algorithm()))
    try eq("type", try c.str("type"), kindName(protected.kind()))
    try c.expectStr("public_handle", protected.publicHandle())
    let opened = try protected.open(password: usedS)
    guard let key = opened.key().map({ nodeKeyExportBytes(key: $0) }) else { throw Mismatch("opened link has no key") }
    try c.expectHex("key_hex", key)
    try c.expectStr("key_b64", base64Encode(bytes: key))
    let url = opened.toUrl()
    try c.expectStr("decrypted_link", url)
    let prefix = "https://mega.nz"
    if !url.hasPrefix(prefix) { throw Mismatch("url prefix") }
    try c.expectStr("decrypted_link_path", String(url.dropFirst(prefix.count)))
    if c.has("decrypted_link_legacy_format") { try c.expectStr("decrypted_link_legacy_format", opened.toLegacyUrl()) }
    let wrong = c.optStr("wrong_password") ?? (usedS + "x")
    let rejected: Bool
    do {
        _ = try protected.open(password: wrong)
        rejected = false
    } catch CryptoError.Decrypt {
        rejected = true
    }
    try eq("wrong_password_rejected", try c.bool("wrong_password_rejected"), rejected)
    if protected.algorithm() == 2 {
        let source = try c.optStr("encryptlink_input").map { try PublicLink.parse(url: $0) } ?? opened
        try eq("created link", pLink, try ProtectedLink.hazmatProtectWithSalt(link: source, password: usedS, salt: salt).toUrl())
    } else if c.has("encryptlink_input") {
        throw Mismatch("encryptlink_input given for a legacy-algorithm case")
    }
}
