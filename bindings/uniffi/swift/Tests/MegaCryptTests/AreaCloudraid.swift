// Area `cloudraid`: mirrors core/tests/vectors/area_cloudraid.rs (and the Kotlin checkCloudraid):
// part sizes, recombination with any one part missing, and resumption, as MEGA's SDK executed
// them. The parts come from a reference split written from the layout description (MEGA's
// servers split; clients only recombine).
import Foundation
import MegaCrypt

/// Reference split: sector k (16 bytes) to part 1 + k mod 5; part 0 is the parity, the XOR of
/// each 80-byte line's sectors zero-padded, cut to the line's first sector's length.
func raidSplit(_ data: Data) -> [Data] {
    let bytes = [UInt8](data)
    let n = bytes.count
    var parts = [[UInt8]](repeating: [], count: 6)
    for p in 1...5 { parts[p].reserveCapacity(n / 5 + 16) }
    parts[0].reserveCapacity(n / 5 + 16)
    bytes.withUnsafeBufferPointer { src in
        var k = 0
        while k * 16 < n {
            let from = k * 16
            parts[1 + k % 5].append(contentsOf: src[from..<min(from + 16, n)])
            k += 1
        }
        var line = 0
        var x = [UInt8](repeating: 0, count: 16)
        while line < n {
            let end = min(line + 80, n)
            for j in 0..<16 { x[j] = 0 }
            for i in line..<end { x[(i - line) % 16] ^= src[i] }
            parts[0].append(contentsOf: x[0..<min(end - line, 16)])
            line += 80
        }
    }
    return parts.map { Data($0) }
}

/// Recombines [start, end) without `unused`, feeding the parts in uneven pieces (scaled with the
/// file size so that large files take few calls).
private func recombine(_ parts: [Data], _ size: UInt64, _ start: UInt64, _ end: UInt64, _ unused: UInt32) throws -> Data {
    let r = try Recombiner.withRange(fileSize: size, start: start, end: end, unusedPart: unused)
    let ranges = try (0..<6).map { try r.partRange(part: UInt32($0)) }
    var cursors = ranges.map { $0?.offset ?? 0 }
    let scale = max(UInt64(1), size / 65_536)
    var out = Data()
    while true {
        var progressed = false
        for p in 0..<6 {
            guard let rg = ranges[p] else { continue }
            let from = cursors[p]
            let to = rg.offset + rg.length
            if from < to {
                let n = min(to - from, UInt64(37 + 11 * p) * scale)
                try r.feed(part: UInt32(p), data: slice(parts[p], Int(from), Int(from + n)))
                cursors[p] += n
                progressed = true
            }
            out.append(try r.drain())
        }
        if !progressed { break }
    }
    out.append(try r.drain())
    try r.finish()
    return out
}

private func raidData(_ c: Case, _ size: Int64) throws -> Data {
    if c.has("data_hex") { return try c.hex("data_hex") }
    let seed = try c.u64("data_seed")
    try eq("data_rule", "byte[i] = (i * 7 + \(seed)) % 251", try c.str("data_rule"))
    return linBytes(Int(size), UInt64(seed))
}

private func int64s(_ a: [JSON]) throws -> [Int64] {
    try a.map { v in guard let i = v.int else { throw Mismatch("not an integer: \(v)") }; return i }
}

private func strings(_ a: [JSON]) throws -> [String] {
    try a.map { v in guard let s = v.string else { throw Mismatch("not a string: \(v)") }; return s }
}

private func strField(_ o: [String: JSON], _ key: String) throws -> String {
    guard let s = o[key]?.string else { throw Mismatch("missing \(key)") }
    return s
}

private let unusedChoices: [(String, UInt32)] = [("none", 0), ("0", 0), ("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)]

func checkCloudraid(_ c: Case) throws {
    let size = try c.u64("file_size")
    c.info("note")
    let sizes = cloudraidPartSizes(fileSize: UInt64(size)).map { Int64($0) }
    switch try c.str("kind") {
    case "part_sizes":
        try eq("part_sizes", try int64s(try c.arr("part_sizes")), sizes)
    case "split":
        let data = try raidData(c, size)
        try eq("data_sha256", try c.str("data_sha256"), sha256Hex(data))
        try eq("part_sizes", try int64s(try c.arr("part_sizes")), sizes)
        let parts = raidSplit(data)
        if c.has("parts_hex") { try eq("parts_hex", try strings(try c.arr("parts_hex")), parts.map { hex($0) }) }
        try eq("parts_sha256", try strings(try c.arr("parts_sha256")), parts.map { sha256Hex($0) })
        let recombined = try c.obj("sdk_recombined_sha256")
        let recovered = try c.obj("sdk_recovered_part_sha256")
        for (label, unused) in unusedChoices {
            let out = try recombine(parts, UInt64(size), 0, UInt64(size), unused)
            try eq("recombined without \(label)", try strField(recombined, label), sha256Hex(out))
            if unused > 0 {
                try eq("recovered part \(label)", try strField(recovered, label), sha256Hex(raidSplit(out)[Int(unused)]))
            }
        }
        try checkRaidRequests(c, UInt64(size), sizes)
    case "resume":
        let data = try raidData(c, size)
        let parts = raidSplit(data)
        let from = try c.u64("resume_pos")
        let to = try c.u64("read_to_pos")
        let rp = cloudraidResumePoint(pos: UInt64(from))
        try eq("part_start", UInt64(try c.u64("part_start")), rp.partStart)
        try eq("skipped_bytes", UInt64(try c.u64("skipped_bytes")), rp.skippedBytes)
        let want = try c.obj("sdk_output_sha256")
        for (label, unused) in [("none", UInt32(0)), ("2", UInt32(2))] {
            let r = try Recombiner.withRange(fileSize: UInt64(size), start: UInt64(from), end: UInt64(to), unusedPart: unused)
            for p in 0..<6 where p != Int(unused) {
                guard let rg = try r.partRange(part: UInt32(p)) else { throw Mismatch("no range for part \(p)") }
                try eq("part range start", min(Int64(rp.partStart), sizes[p]), Int64(rg.offset))
            }
            try eq("output without \(label)", try strField(want, label),
                   sha256Hex(try recombine(parts, UInt64(size), UInt64(from), UInt64(to), unused)))
        }
    case let kind: throw Mismatch("unknown kind \(kind)")
    }
}

/// sdk_requests: per missing part, the ranges the SDK asked for; where it is a list, each used
/// part's request must equal our part range (the large cases only record counts: informational).
private func checkRaidRequests(_ c: Case, _ size: UInt64, _ sizes: [Int64]) throws {
    let req = try c.obj("sdk_requests")
    for label in req.keys.sorted() {
        guard let list = req[label]?.array else { continue }
        let unused: UInt32
        if label == "none" { unused = 0 } else {
            guard let u = UInt32(label) else { throw Mismatch("sdk_requests label \(label)") }
            unused = u
        }
        let r = try Recombiner(fileSize: size, unusedPart: unused)
        for entry in try strings(list) {
            let words = entry.split(separator: " ").map(String.init)
            guard let first = words.first, first.hasPrefix("c"), let part = UInt32(first.dropFirst()) else {
                throw Mismatch("sdk_requests entry \(entry)")
            }
            let rest = Array(words.dropFirst())
            if rest.first == "null" {
                if label != "none" { try eq("unused part", unused, part) }
                continue
            }
            let ab = (rest.first ?? "").split(separator: "-").compactMap { Int64($0) }
            guard ab.count == 2 else { throw Mismatch("sdk_requests entry \(entry)") }
            if label == "none" && part == 0 {
                // With all six parts available the SDK also fetched parity; megacrypt needs five.
                try eq("parity range", [Int64(0), sizes[0]], ab)
                continue
            }
            let rg = try r.partRange(part: part)
            try eq("request \(entry) (\(label))", ab, rg.map { [Int64($0.offset), Int64($0.offset + $0.length)] } ?? [])
        }
    }
}
