// Area `file_encrypt`: mirrors core/tests/vectors/area_file.rs (and the Kotlin checkFileEncrypt):
// one-shot, streaming with random piece sizes, chunk cipher in reverse order with the meta-MAC
// accumulator, the multi-chunk call, every decryption path, resumable state, other
// implementations' keys and tampering.
import Foundation
import MegaCrypt

/// The vector file's plaintext_rule: byte[i] = (i * 7 + seed) % 251.
func vectorPlaintext(size: Int, seed: Int64) -> Data {
    let s = Int(seed % 251)
    return Data([UInt8](unsafeUninitializedCapacity: size) { buf, n in
        var v = s // (i * 7 + seed) % 251, updated incrementally
        for i in 0..<size {
            buf[i] = UInt8(v)
            v += 7
            if v >= 251 { v -= 251 }
        }
        n = size
    })
}

/// Deterministic piece sizes (xorshift64), as in the Rust harness.
func splits(_ len: Int, _ seed0: UInt64) -> [Int] {
    var seed = seed0
    var out: [Int] = []
    var pos = 0
    while pos < len {
        seed ^= seed << 13
        seed ^= seed >> 7
        seed ^= seed << 17
        let r = seed >> 8
        let n: UInt64
        switch seed % 4 {
        case 0: n = r % 17
        case 1: n = r % 70_000
        case 2: n = r % 3_000_000
        default: n = r % 400
        }
        let m = min(Int(n), len - pos)
        out.append(m)
        pos += m
    }
    return out
}

func checkFileEncrypt(_ c: Case) throws {
    c.info("implementations_agree", "expected_produced_by", "notes")
    let size = Int(try c.u64("size"))
    let pt = vectorPlaintext(size: size, seed: try c.u64("plaintext_seed"))
    let aes = try AesKey.fromBytes(bytes: try c.hex("key_hex"))
    let nonce = try c.hex("nonce_hex")
    let ck = try ContentKey.fromParts(aesKey: aes, nonce: nonce)
    try eq("content key bytes", try c.str("key_hex") + c.str("nonce_hex"), hex(ck.exportBytes()))
    let wantSha = try c.str("ciphertext_sha256")
    let wantMm = try c.str("meta_mac_hex")
    let wantNk = try c.str("node_key_hex")
    let wantB64 = try c.str("node_key_b64")
    func checkKey(_ what: String, _ fk: FileKey) throws {
        try eq("\(what): meta_mac", wantMm, hex(fk.metaMac()))
        try eq("\(what): node_key_hex", wantNk, hex(fk.exportNodeKey()))
        try eq("\(what): node_key_b64", wantB64, fk.exportB64())
    }

    let layout = try ChunkLayout(fileSize: UInt64(size))
    let wantChunks = try c.arr("chunks").map { p -> [Int64] in
        guard let pair = p.array, pair.count == 2, let o = pair[0].int, let l = pair[1].int else { throw Mismatch("chunks entry \(p)") }
        return [o, l]
    }
    try eq("chunks", wantChunks, layout.chunks().map { [Int64($0.offset), Int64($0.length)] })

    // 1. One-shot. Its ciphertext must hash to the vector's; every later ciphertext must equal it
    //    (the same check as hashing each one, without hashing the large ones again).
    let one = try hazmatEncryptFileWithKey(contentKey: ck, plaintext: pt)
    let ct = one.ciphertext
    try eq("one-shot: ciphertext sha256", wantSha, sha256Hex(ct))
    try checkKey("one-shot", one.key)
    func sameCiphertext(_ what: String, _ got: Data) throws {
        if got != ct { throw Mismatch("\(what): ciphertext differs from the one hashing to \(wantSha)") }
    }

    // 2. Streaming with deterministic random splits.
    do {
        let enc = FileEncryptor.withKey(contentKey: ck)
        var out = Data()
        var pos = 0
        for n in splits(size, 0x1234_5678_9abc_def1 ^ UInt64(size)) {
            out.append(try enc.encrypt(plaintext: slice(pt, pos, pos + n)))
            pos += n
        }
        try eq("stream: bytes", UInt64(size), try enc.bytesProcessed())
        try checkKey("stream", try enc.finish())
        try sameCiphertext("stream", out)
    }

    // 3. Chunk cipher in reverse order + accumulator; the multi-chunk call.
    let cc = ChunkCipher(contentKey: ck)
    let acc = try MetaMacAccumulator(key: aes, fileSize: UInt64(size))
    var out3 = Data(count: size)
    var macs = [String](repeating: "", count: Int(layout.chunkCount()))
    for ch in layout.chunks().reversed() {
        let from = Int(ch.offset)
        let r = try cc.encryptChunk(chunk: ch, plaintext: slice(pt, from, from + Int(ch.length)))
        out3.replaceSubrange(from..<(from + Int(ch.length)), with: r.data)
        try acc.insert(chunk: ch, mac: r.mac)
        macs[Int(ch.index)] = hex(r.mac)
    }
    try sameCiphertext("chunk cipher", out3)
    try eq("accumulator: meta_mac", wantMm, hex(try acc.finish()))
    let multi = try cc.encryptChunks(layout: layout, offset: 0, plaintext: pt)
    try sameCiphertext("encrypt_chunks", multi.data)
    try eq("encrypt_chunks: macs", macs, multi.chunks.map { hex($0.mac) })
    if let list = c.opt("chunk_macs_hex")?.array {
        try eq("chunk_macs_hex", list.map { $0.string ?? "\($0)" }, macs)
    }

    // 4. Decryption with the node key from the vector: one-shot, streaming, chunked, range.
    let dk = try FileKey.fromB64(b64: wantB64)
    if try decryptFile(key: dk, ciphertext: ct) != pt { throw Mismatch("decrypt_file: plaintext differs") }
    do {
        let dec = FileDecryptor(key: dk)
        var out = Data()
        var pos = 0
        for n in splits(size, 0xdead_beef ^ UInt64(size)) {
            out.append(try dec.decryptUnverified(ciphertext: slice(ct, pos, pos + n)))
            pos += n
        }
        try eq("stream decrypt: verified length", UInt64(size), try dec.finishWithSize(expectedSize: UInt64(size)))
        if out != pt { throw Mismatch("stream decrypt: plaintext differs") }
    }
    let dacc = try MetaMacAccumulator(key: dk.aesKey(), fileSize: UInt64(size))
    let dcc = ChunkCipher.fromFileKey(key: dk)
    for ch in layout.chunks() {
        let from = Int(ch.offset), to = from + Int(ch.length)
        let r = try dcc.decryptChunkUnverified(chunk: ch, ciphertext: slice(ct, from, to))
        if r.data != slice(pt, from, to) { throw Mismatch("chunk decrypt: plaintext of chunk \(ch.index) differs") }
        try dacc.insert(chunk: ch, mac: r.mac)
    }
    try eq("accumulator verify", UInt64(size), try dacc.verify(key: dk))
    if size > 0 {
        let off = size / 3
        let end = min(size, off + 1000)
        let got = try UnauthenticatedRangeDecryptor.fromFileKey(key: dk).decryptAtUnverified(offset: UInt64(off), ciphertext: slice(ct, off, end))
        try eq("range decrypt", hex(slice(pt, off, end)), hex(got))
    }

    // 5. Resumable state: stop half way, serialize, resume.
    if size > 0 {
        let enc = FileEncryptor.withKey(contentKey: ck)
        let half = size / 2
        let first = try enc.encrypt(plaintext: slice(pt, 0, half))
        let state = try TransferState.fromBytes(bytes: try enc.exportState(includeKey: false).toBytes())
        let from = Int(state.resumeOffset())
        let enc2 = try FileEncryptor.resume(contentKey: ck, state: state)
        let rest = try enc2.encrypt(plaintext: slice(pt, from, size))
        try sameCiphertext("resumed", slice(first, 0, from) + rest)
        try checkKey("resumed", try enc2.finish())
    }

    // 6. Other implementations' keys (as the Rust harness).
    if let js = try c.obj("implementations")["megajs"]?.object {
        guard let jsB64 = js["node_key_b64"]?.string else { throw Mismatch("implementations.megajs.node_key_b64") }
        let jsKey = try FileKey.fromB64(b64: jsB64)
        if size == 0 {
            _ = try decryptFile(key: jsKey, ciphertext: ct)
        } else if js["matches_expected"]?.bool == false {
            try expectError("megajs divergent key", "MacMismatch") { try decryptFile(key: jsKey, ciphertext: ct) }
        } else {
            _ = try decryptFile(key: jsKey, ciphertext: ct)
        }
    }

    // Tampering.
    if size > 0 {
        var bad = ct
        bad[bad.startIndex + size / 2] ^= 0x10
        try expectError("tamper", "MacMismatch") { try decryptFile(key: dk, ciphertext: bad) }
    }
}
