import Foundation
import XCTest

/// Runs every known-answer vector file (every .json in $MEGACRYPT_VECTORS_DIR, default the
/// checkout's core/tests/data, and in $MEGACRYPT_EXTRA_VECTORS) through the Swift bindings,
/// printing per file
/// `VECTORS lang=swift area=<area> file=<path> passed=<n> failed=<n> skipped=<n>`.
final class VectorsTests: XCTestCase {
    func testKnownAnswerVectors() throws {
        let files = try vectorFiles()
        XCTAssertFalse(files.isEmpty, "no vector files found")
        var failures: [String] = []
        for url in files {
            let tally = Tally()
            var area = "<none>"
            do {
                guard let file = try JSON.parse(Data(contentsOf: url)).object else { throw Mismatch("not a JSON object") }
                area = file["area"]?.string ?? "<none>"
                if let handler = vectorAreas[area] {
                    tally.runCases(file, handler(file))
                } else {
                    tally.skipAll(file, "area not exposed by the bindings yet")
                }
            } catch {
                tally.failed.append("unreadable vector file: \(error)")
            }
            print("VECTORS lang=swift area=\(area) file=\(url.path) passed=\(tally.passed) failed=\(tally.failed.count) skipped=\(tally.skipped.count)")
            for f in tally.failed {
                print("  FAILED \(f)")
                failures.append("\(url.path): \(f)")
            }
            fflush(stdout)
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) vector case(s) failed:\n" + failures.joined(separator: "\n"))
    }
}
