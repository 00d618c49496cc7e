// Area `upload_checksum`: mirrors core/tests/vectors/area_upload_checksum.rs (and the Kotlin
// checkUploadChecksum): the `?d=` checksum of upload request bodies, executed in MEGA's SDK.
import Foundation
import MegaCrypt

private func checksumInPieces(_ body: Data, _ step0: Int) throws -> UploadChecksum {
    let step = max(step0, 1)
    let s = UploadChecksum()
    var pos = 0
    while pos < body.count {
        let n = min(step, body.count - pos)
        try s.update(data: slice(body, pos, pos + n))
        pos += n
    }
    return s
}

func checkUploadChecksum(_ c: Case) throws {
    c.info("what")
    switch try c.str("kind") {
    case "crc":
        let len = try c.u64("body_len")
        let body: Data
        if c.has("body_hex") {
            body = try c.hex("body_hex")
        } else {
            let seed = try c.u64("body_seed")
            body = linBytes(Int(len), UInt64(seed))
            try eq("body_rule", "byte[i] = (i * 7 + \(seed)) % 251", try c.str("body_rule"))
            try eq("body_sha256", try c.str("body_sha256"), sha256Hex(body))
        }
        try eq("body_len", len, Int64(body.count))
        let whole = try checksumInPieces(body, body.count)
        try c.expectHex("d_hex", try whole.toBytes())
        try c.expectStr("d_b64", try whole.toB64())
        for step in [1, 5, 12, 13, 131_072] {
            try eq("split feed \(step)", hex(try whole.toBytes()), hex(try checksumInPieces(body, step).toBytes()))
        }
        try eq("body length", UInt64(len), try whole.bodyLength())
    case "upload_request":
        let key = try AesKey.fromBytes(bytes: try c.hex("key_hex"))
        let nonce = try c.hex("nonce_hex")
        let pos = try c.u64("pos")
        let npos = try c.u64("npos")
        let seed = try c.u64("plaintext_seed")
        c.info("plaintext_rule")
        var body = linBytes(Int(npos - pos), UInt64(seed))
        let layout = try ChunkLayout(fileSize: UInt64(npos))
        // AES-CTR does not involve the meta-MAC; the range "decryptor" encrypts at an offset.
        let ctr = UnauthenticatedRangeDecryptor(key: try FileKey.fromParts(key: key, nonce: nonce, metaMac: Data(count: 8)))
        var chunks = [[Int64]]()
        let sum = UploadChecksum()
        for ch in layout.chunks() {
            // The request's pieces: the file's chunks clipped to [pos, npos).
            let from = max(Int64(ch.offset), pos)
            let to = Int64(ch.offset) + Int64(ch.length)
            if from >= to { continue }
            let piece = try ctr.decryptAtUnverified(offset: UInt64(from), ciphertext: slice(body, Int(from - pos), Int(to - pos)))
            body.replaceSubrange(Int(from - pos)..<Int(to - pos), with: piece)
            try sum.update(data: piece)
            chunks.append([from, to])
        }
        let want = try c.arr("chunks").map { v -> [Int64] in
            guard let a = v.array, a.count == 2, let x = a[0].int, let y = a[1].int else { throw Mismatch("chunks: bad entry \(v)") }
            return [x, y]
        }
        try eq("chunks", want, chunks)
        try eq("ciphertext_sha256", try c.str("ciphertext_sha256"), sha256Hex(body))
        if c.has("ciphertext_hex") { try c.expectHex("ciphertext_hex", body) }
        try c.expectStr("d_b64", try sum.toB64())
        try c.expectStr("url_suffix", try sum.urlSuffix(start: UInt64(pos)))
    case let kind: throw Mismatch("unknown kind \(kind)")
    }
}
