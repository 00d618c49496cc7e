// Area `hashcash`: mirrors core/tests/vectors/area_hashcash.rs (and the Kotlin checkHashcash).
import Foundation
import MegaCrypt

/// As the Rust handler: above this nonce counter only the answer is verified, not solved again.
private let maxSolveCounter: Int64 = 8

func checkHashcash(_ c: Case) throws {
    let token = try base64Decode(b64: try c.str("token_b64"))
    guard let easiness = UInt32(exactly: try c.u64("easiness")) else { throw Mismatch("easiness out of range") }
    let nonce = try c.hex("nonce_hex")
    let prefix = try hashcashPrefix(token: token, nonce: nonce)
    try c.expectHex("hash_prefix_hex", Data((0..<4).map { UInt8(truncatingIfNeeded: prefix >> (24 - 8 * UInt32($0))) }))
    let kind = try c.str("kind")
    switch kind {
    case "solve":
        let ch = try HashcashChallenge.parse(header: try c.str("challenge"))
        try eq("easiness", easiness, UInt32(ch.easiness()))
        try eq("token", hex(token), hex(ch.token()))
        try eq("megajs's nonce solves it", true, try hashcashVerify(token: token, easiness: easiness, nonce: nonce))
        try c.expectStr("response", try ch.response(nonce: nonce))
        let counter = try c.u64("nonce_counter")
        let n = [UInt8](nonce)
        guard n.count >= 4 else { throw Mismatch("nonce shorter than 4 bytes") }
        let le = Int64(UInt32(n[0]) | UInt32(n[1]) << 8 | UInt32(n[2]) << 16 | UInt32(n[3]) << 24)
        try eq("nonce_counter", counter, le)
        if counter <= maxSolveCounter { try eq("solve", hex(nonce), hex(try ch.solve())) }
    case "verify":
        try eq("threshold", try c.u64("threshold"), Int64(try hashcashThreshold(easiness: easiness)))
        try eq("valid", try c.bool("valid"), try hashcashVerify(token: token, easiness: easiness, nonce: nonce))
    default:
        throw Mismatch("unknown kind \(kind)")
    }
}
