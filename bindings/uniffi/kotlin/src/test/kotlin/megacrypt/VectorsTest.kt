package megacrypt

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Runs every known-answer vector file (every .json in core/tests/data and in $MEGACRYPT_EXTRA_VECTORS)
 * through the Kotlin bindings, printing per file
 * `VECTORS lang=kotlin area=<area> file=<path> passed=<n> failed=<n> skipped=<n>`.
 */
class VectorsTest {
    @Test
    fun knownAnswerVectors() {
        val files = vectorFiles()
        assertTrue(files.isNotEmpty(), "no vector files found")
        val failures = mutableListOf<String>()
        for (path in files) {
            val file = JSONObject(path.readText())
            val area = file.optString("area", "<none>")
            val tally = Tally()
            val handler = FILE_AREAS[area]?.invoke(file) ?: AREAS[area]
            if (handler == null) tally.skipAll(file, "area not exposed by the bindings yet") else tally.runCases(file, handler)
            println("VECTORS lang=kotlin area=$area file=${path.path} passed=${tally.passed} failed=${tally.failed.size} skipped=${tally.skipped.size}")
            tally.failed.forEach { println("  FAILED $it"); failures.add("${path.path}: $it") }
        }
        assertTrue(failures.isEmpty(), "${failures.size} vector case(s) failed:\n" + failures.joinToString("\n"))
    }
}
