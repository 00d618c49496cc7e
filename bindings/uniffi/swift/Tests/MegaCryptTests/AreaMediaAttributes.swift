// Area `media_attributes`: mirrors core/tests/vectors/area_media.rs (and the Kotlin
// checkMediaAttributes): XXTEA and the `fa` types 8 and 9 as MEGA's SDK writes and reads them.
import Foundation
import MegaCrypt

private func propsFrom(_ v: [String: JSON]) throws -> MediaProperties {
    func n(_ k: String) throws -> UInt32 {
        guard let i = v[k]?.int, i >= 0, i <= Int64(UInt32.max) else { throw Mismatch("field \(k) is not a u32") }
        return UInt32(i)
    }
    return MediaProperties(
        width: try n("width"), height: try n("height"), fps: try n("fps"), playtime: try n("playtime"),
        shortformat: try n("shortformat"), containerId: try n("containerid"),
        videoCodecId: try n("videocodecid"), audioCodecId: try n("audiocodecid"))
}

/// The SDK's answer when there is no (usable) type 8 entry (short format 254: unknown).
private let sdkDefault = MediaProperties(width: 0, height: 0, fps: 0, playtime: 0, shortformat: 254,
                                         containerId: 0, videoCodecId: 0, audioCodecId: 0)

private func expectMediaDecoded(_ c: Case, _ key: MediaKey) throws {
    let want = try propsFrom(try c.obj("decoded"))
    let got: MediaProperties?
    do {
        got = try decodeMediaAttributes(fa: try c.str("node_fa_string"), key: key)
    } catch let e as CryptoError {
        if want != sdkDefault { throw e }
        // A truncated or garbled entry: the SDK reports "no information", megacrypt refuses it.
        try eq("error kind", "Malformed", errorCode(e) ?? "?")
        return
    }
    if want == sdkDefault {
        if let got { throw Mismatch("decoded \(got) where the SDK found nothing") }
    } else {
        try eq("decoded", want, got)
    }
}

func checkMediaAttributes(_ c: Case) throws {
    c.info("what", "note")
    switch try c.str("kind") {
    case "xxtea":
        let key = try MediaKey.fromBytes(bytes: try c.hex("key_hex"))
        let plain = try c.hex("plaintext_hex")
        let ct = try xxteaEncrypt(key: key, data: plain)
        try c.expectHex("ciphertext_hex", ct)
        try eq("decrypts back", hex(plain), hex(try xxteaDecrypt(key: key, data: ct)))
    case "encode":
        let key = try MediaKey.fromNodeKey(nodeKey: try c.hex("node_key_hex"))
        var fields = [String: JSON]()
        for k in ["width", "height", "fps", "playtime", "shortformat", "containerid", "videocodecid", "audiocodecid"] {
            fields[k] = try c.value(k)
        }
        let props = try propsFrom(fields)
        try c.expectHex("type8_plain_hex", try mediaType8Plain(props: props))
        try c.expectStr("fa_entries", try encodeMediaAttributes(props: props, key: key))
        try expectMediaDecoded(c, key)
    case "decode":
        try expectMediaDecoded(c, try MediaKey.fromNodeKey(nodeKey: try c.hex("node_key_hex")))
    case let kind: throw Mismatch("unknown kind \(kind)")
    }
}
