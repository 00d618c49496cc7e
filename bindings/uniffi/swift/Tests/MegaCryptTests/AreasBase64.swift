// Area `base64`: mirrors core/tests/vectors/area_base64.rs (and the Kotlin checkBase64).
import Foundation
import MegaCrypt

func checkBase64(_ c: Case) throws {
    let kind = try c.str("kind")
    switch kind {
    case "encode":
        let bytes = try c.hex("bytes_hex")
        try eq("length", try c.u64("length"), Int64(bytes.count))
        let b64 = try c.str("b64")
        try eq("encode", b64, base64Encode(bytes: bytes))
        try eq("decode", hex(bytes), hex(try base64Decode(b64: b64)))
    case "a32":
        let bytes = try c.hex("bytes_hex")
        let words = try c.arr("a32").map { v -> UInt32 in
            guard let n = v.int, let w = UInt32(exactly: n) else { throw Mismatch("a32 entry \(v) is not a u32") }
            return w
        }
        try eq("bytes_to_a32", words, bytesToA32(bytes: bytes))
        let packed = a32ToBytes(words: words)
        try c.expectHex("a32_to_bytes_hex", packed)
        try c.expectStr("a32_b64", base64Encode(bytes: packed))
    case "decode_leniency":
        // Informational: what lenient decoders did. Ours is strict (first-principles rule as in
        // the Rust handler): accept exactly canonical unpadded base64, decoding to the agreed value.
        c.info("normative", "agree")
        let input = try c.str("input")
        let megajs = try c.str("megajs_hex")
        let megapy = try c.str("megapy_hex")
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/".utf16)
        let alphabetOk = input.utf16.allSatisfy { alphabet.contains($0) }
        let lenOk = input.utf16.count % 4 != 1
        let got: Data
        do {
            got = try base64Decode(b64: input)
        } catch let e as CryptoError {
            if alphabetOk && lenOk { throw Mismatch("rejected canonical input \"\(input)\": \(e)") }
            return
        }
        if !(alphabetOk && lenOk) { throw Mismatch("accepted non-canonical input \"\(input)\"") }
        try eq("decoded (megajs)", megajs, hex(got))
        try eq("decoded (mega.py)", megapy, hex(got))
    default:
        throw Mismatch("unknown kind \(kind)")
    }
}
