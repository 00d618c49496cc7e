import Foundation
import MegaCrypt
import XCTest

/// Behaviour of the Swift bindings that the vectors do not cover: error mapping to `CryptoError`,
/// finished objects, streaming with odd pieces, key export/import. Expected values come from the
/// vector files (file_encrypt.json: size 16, seed 228; links.json) or from first principles.
final class BindingsTests: XCTestCase {
    private let key16 = try! unhex("a4571b5a6f9e976b9f240882c4d62b9a")
    private let nonce = try! unhex("6ae9613b8a48d730")
    private let nodeKeyB64 = "zr56YeXWQFuppdKaKAFsJmrpYTuKSNcwNoHaGOzXR7w"
    private let metaMacHex = "3681da18ecd747bc"
    private lazy var pt16 = vectorPlaintext(size: 16, seed: 228)

    /// Asserts that `block` throws `CryptoError` of case `code`, and returns its reason text.
    @discardableResult
    private func assertCryptoError<T>(_ code: String, _ block: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try block()
            XCTFail("expected CryptoError.\(code), but the call succeeded", file: file, line: line)
        } catch let e as CryptoError {
            XCTAssertEqual(errorCode(e), code, "\(e)", file: file, line: line)
            return errorReason(e)
        } catch {
            XCTFail("expected CryptoError.\(code), got \(type(of: error)): \(error)", file: file, line: line)
        }
        return nil
    }

    func testBase64IsUnpaddedUrlSafe() throws {
        // RFC 4648 section 10 examples, in the URL-safe alphabet without padding (MEGA's form).
        let examples = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (text, b64) in examples {
            XCTAssertEqual(base64Encode(bytes: Data(text.utf8)), b64)
            XCTAssertEqual(try base64Decode(b64: b64), Data(text.utf8))
        }
        // 0xfb 0xff is "+/8=" in standard base64: "-_8" in MEGA's.
        XCTAssertEqual(base64Encode(bytes: Data([0xfb, 0xff])), "-_8")
        XCTAssertEqual(try base64Decode(b64: "-_8"), Data([0xfb, 0xff]))
        XCTAssertEqual(base64EncodedLength(byteLength: 32), 43)
        // A32: big-endian 32-bit words.
        XCTAssertEqual(a32ToBytes(words: [1, 0xdead_beef]), Data([0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef]))
        XCTAssertEqual(bytesToA32(bytes: Data([0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef])), [1, 0xdead_beef])
        assertCryptoError("Malformed") { try base64Decode(b64: "a,b") }
    }

    func testStreamingRoundTripWithOddPieces() throws {
        // 300 KiB + 5 spans three MEGA chunks (128 KiB, 256 KiB, ...); pieces of odd sizes, one
        // of them empty.
        let plaintext = vectorPlaintext(size: 300 * 1024 + 5, seed: 7)
        let enc = try FileEncryptor()
        var ciphertext = Data()
        var offset = 0
        for piece in [1, 0, 4095, 70_001, 131_073, 99_999] {
            let end = min(offset + piece, plaintext.count)
            ciphertext.append(try enc.encrypt(plaintext: slice(plaintext, offset, end)))
            offset = end
        }
        ciphertext.append(try enc.encrypt(plaintext: slice(plaintext, offset, plaintext.count)))
        XCTAssertEqual(try enc.bytesProcessed(), UInt64(plaintext.count))
        let key = try enc.finish()
        XCTAssertEqual(ciphertext.count, plaintext.count)
        XCTAssertNotEqual(ciphertext, plaintext)

        // Decrypt in pieces that are Data slices not starting at index 0.
        let dec = FileDecryptor(key: try FileKey.fromB64(b64: key.exportB64()))
        var back = Data()
        var at = ciphertext.startIndex
        for piece in [3, 65_536, 17, 200_000] {
            let end = min(at + piece, ciphertext.endIndex)
            back.append(try dec.decryptUnverified(ciphertext: ciphertext[at..<end]))
            at = end
        }
        back.append(try dec.decryptUnverified(ciphertext: ciphertext[at...]))
        XCTAssertEqual(try dec.finishWithSize(expectedSize: UInt64(plaintext.count)), UInt64(plaintext.count))
        XCTAssertEqual(back, plaintext)
        XCTAssertEqual(try decryptFile(key: key, ciphertext: ciphertext), plaintext)
    }

    func testOneShotTamperAndTruncation() throws {
        // file_encrypt.json, size 16, seed 228: the known key, nonce, node key and meta-MAC.
        let aes = try AesKey.fromBytes(bytes: key16)
        let encrypted = try hazmatEncryptFileWithKey(contentKey: try ContentKey.fromParts(aesKey: aes, nonce: nonce), plaintext: pt16)
        XCTAssertEqual(encrypted.key.exportB64(), nodeKeyB64)
        XCTAssertEqual(hex(encrypted.key.metaMac()), metaMacHex)
        XCTAssertEqual(try decryptFile(key: encrypted.key, ciphertext: encrypted.ciphertext), pt16)

        var tampered = encrypted.ciphertext
        tampered[tampered.startIndex + 3] ^= 0x01
        assertCryptoError("MacMismatch") { try decryptFile(key: encrypted.key, ciphertext: tampered) }

        let dec = FileDecryptor(key: encrypted.key)
        _ = try dec.decryptUnverified(ciphertext: encrypted.ciphertext.prefix(8))
        assertCryptoError("SizeMismatch") { try dec.finishWithSize(expectedSize: 16) }

        // A fresh random key each time.
        let a = try encryptFile(plaintext: pt16), b = try encryptFile(plaintext: pt16)
        XCTAssertNotEqual(a.key, b.key)
        XCTAssertEqual(try decryptFile(key: a.key, ciphertext: a.ciphertext), pt16)
    }

    func testParseLinkAndToUrl() throws {
        // links.json: "new file link" and "legacy file link" name the same link.
        let url = "https://mega.nz/file/xUIkknuH#nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc"
        let legacy = "https://mega.nz/#!xUIkknuH!nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc"
        guard case .public(let link) = try parseLink(url: url) else { return XCTFail("expected a public link") }
        XCTAssertTrue(link.isFile())
        XCTAssertEqual(link.kind(), .file)
        XCTAssertEqual(link.publicHandle(), "xUIkknuH")
        XCTAssertEqual(link.fileKey()?.exportB64(), "nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc")
        XCTAssertEqual(link.toUrl(), url)
        XCTAssertEqual(link.toLegacyUrl(), legacy)
        XCTAssertEqual(try PublicLink.parse(url: legacy), link)
        XCTAssertFalse(String(describing: link).contains("nJBeD"), "a link's description must not show its key")

        // links.json: "folder link with /file/ child".
        let folder = try PublicLink.parse(url: "https://mega.nz/folder/cLRHa4nJ#Vc__bk7c-bImIN48YvtHPw/file/JzBKSLQG")
        XCTAssertEqual(folder.kind(), .folder)
        XCTAssertEqual(folder.folderKey()?.exportB64(), "Vc__bk7c-bImIN48YvtHPw")
        guard case .file(let child)? = folder.child() else { return XCTFail("expected a file child") }
        XCTAssertEqual(child, "JzBKSLQG")

        assertCryptoError("Malformed") { try parseLink(url: "https://mega.nz/file/xUIkknuH#not-a-key") }
    }

    func testErrorsMapToCryptoErrorCases() throws {
        assertCryptoError("InvalidKey") { try AesKey.fromBytes(bytes: Data(count: 16)) } // all zero
        assertCryptoError("InvalidKey") { try AesKey.fromBytes(bytes: Data(count: 3)) }
        assertCryptoError("InvalidKey") { try FileKey.fromNodeKey(nodeKey: Data(count: 32)) }
        let reason = assertCryptoError("Malformed") { try FileKey.fromB64(b64: "not a key") }
        XCTAssertFalse(reason?.isEmpty ?? true, "a CryptoError carries a reason")
        assertCryptoError("ApiMisuse") {
            try MetaMacAccumulator(key: try AesKey.fromBytes(bytes: key16), fileSize: 16).insertIndex(index: 0, mac: Data(count: 3))
        }
        assertCryptoError("Decrypt") {
            try hazmatAeadOpen(mode: .aesCcm12x16, key: try AesKey.fromBytes(bytes: key16), iv: Data(count: 12), aad: Data(), ciphertextAndTag: Data(count: 20))
        }
        // Every case name used above is one of the codes the façade defines for all languages.
        let codes = Set(errorCodes())
        for code in ["InvalidKey", "Malformed", "Decrypt", "MacMismatch", "SizeMismatch", "ApiMisuse", "Unsupported", "Rng"] {
            XCTAssertTrue(codes.contains(code), "errorCodes() lacks \(code): \(codes.sorted())")
        }
        // A CryptoError is a Swift Error with a readable description.
        let e: Error = CryptoError.MacMismatch(reason: "x")
        XCTAssertEqual(errorCode(e), "MacMismatch")
        XCTAssertFalse(e.localizedDescription.isEmpty)
    }

    func testFinishedObjectsRefuseFurtherUse() throws {
        let enc = FileEncryptor.withKey(contentKey: try ContentKey.fromParts(aesKey: try AesKey.fromBytes(bytes: key16), nonce: nonce))
        let ct = try enc.encrypt(plaintext: pt16)
        let key = try enc.finish()
        XCTAssertEqual(key.exportB64(), nodeKeyB64)
        let reason = assertCryptoError("ApiMisuse") { try enc.encrypt(plaintext: pt16) }
        XCTAssertTrue(reason?.contains("already finished") ?? false, reason ?? "no reason")
        assertCryptoError("ApiMisuse") { try enc.finish() }

        let dec = FileDecryptor(key: key)
        XCTAssertEqual(try dec.decryptUnverified(ciphertext: ct), pt16)
        XCTAssertEqual(try dec.finish(), 16)
        assertCryptoError("ApiMisuse") { try dec.finish() }

        let acc = try MetaMacAccumulator(key: key.aesKey(), fileSize: 0)
        XCTAssertEqual(try acc.finish(), Data(count: 8)) // empty file: 8 zero bytes
        assertCryptoError("ApiMisuse") { try acc.finish() }
    }

    func testKeyExportImport() throws {
        let k = try AesKey.fromBytes(bytes: key16)
        XCTAssertEqual(k.exportBytes(), key16)
        XCTAssertEqual(try AesKey.fromB64(b64: base64Encode(bytes: key16)), k)
        XCTAssertEqual(k.exportB64(), base64Encode(bytes: key16))
        XCTAssertNotEqual(try AesKey.generate(), k)
        XCTAssertFalse(String(describing: k).contains(hex(key16)), "a key's description must not show it")
        XCTAssertFalse(String(reflecting: k).contains(hex(key16)))

        // The packed node key (32 bytes): AES key XOR-folded with nonce and meta-MAC.
        let fk = try FileKey.fromB64(b64: nodeKeyB64)
        XCTAssertEqual(fk.aesKey(), k)
        XCTAssertEqual(fk.nonce(), nonce)
        XCTAssertEqual(hex(fk.metaMac()), metaMacHex)
        XCTAssertEqual(base64Encode(bytes: fk.exportNodeKey()), nodeKeyB64)
        let ck = try ContentKey.fromParts(aesKey: k, nonce: nonce)
        XCTAssertEqual(ck.exportBytes(), key16 + nonce)
        XCTAssertEqual(fk.contentKey(), ck)
        XCTAssertEqual(try FileKey.fromParts(contentKey: ck, metaMac: try unhex(metaMacHex)), fk)
        guard case .file(let again) = try nodeKeyFromBytes(bytes: fk.exportNodeKey()) else { return XCTFail("expected a file key") }
        XCTAssertEqual(again, fk)
        guard case .folder = try nodeKeyFromBytes(bytes: key16) else { return XCTFail("expected a folder key") }

        let mk = try MasterKey.fromBytes(bytes: key16)
        XCTAssertEqual(try MasterKey.fromB64(b64: mk.exportB64()), mk)
        XCTAssertEqual(mk.toAesKey(), k)
    }

    /// The harness must be able to fail: a wrong value, an unchecked field and an unknown area.
    func testVectorHarnessReportsFailures() throws {
        let file = try JSON.parse(#"{"area": "base64", "cases": [{"kind": "encode", "bytes_hex": "666f", "length": 2, "b64": "Zm8"}, {"kind": "encode", "bytes_hex": "666f", "length": 2, "b64": "Zm9"}, {"kind": "encode", "bytes_hex": "666f", "length": 2, "b64": "Zm8", "extra": 1}]}"#).object!
        let tally = Tally()
        tally.runCases(file, vectorAreas["base64"]!(file))
        XCTAssertEqual(tally.passed, 1)
        XCTAssertEqual(tally.failed.count, 2, "\(tally.failed)")
        XCTAssertTrue(tally.failed[1].contains("extra"), tally.failed[1])
        XCTAssertNil(vectorAreas["no_such_area"])
    }

    func testSha256KnownAnswers() {
        // FIPS 180-4 examples (and the empty message).
        XCTAssertEqual(sha256Hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(sha256Hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(sha256Hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(sha256Hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
