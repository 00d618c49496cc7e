// Known-answer vector machinery for the Kotlin bindings, mirroring core/tests/vectors/common.rs:
// a case passes only if every field it carries was checked or declared informational.
package megacrypt

import org.json.JSONArray
import org.json.JSONObject
import java.io.File
import java.security.MessageDigest
import java.util.HexFormat

class Skip(reason: String) : Exception(reason)
class Mismatch(what: String) : Exception(what)

val HEX: HexFormat = HexFormat.of()

fun hex(b: ByteArray): String = HEX.formatHex(b)
fun unhex(s: String): ByteArray = HEX.parseHex(s)
fun sha256Hex(b: ByteArray): String = hex(MessageDigest.getInstance("SHA-256").digest(b))

/** Shorthand: a direct buffer for a `&[u8]` argument. */
fun ByteArray.d() = toDirectByteBuffer()

fun <T> eq(what: String, want: T, got: T) {
    if (want != got) throw Mismatch("$what: expected $want, got $got")
}

/** Runs [block] and requires a [CryptoException] of class [code] (e.g. "MacMismatch"). */
fun expectError(what: String, code: String, block: () -> Unit) {
    try {
        block()
    } catch (e: CryptoException) {
        val got = e::class.simpleName
        if (got != code) throw Mismatch("$what: expected $code, got $got: ${e.message}")
        return
    }
    throw Mismatch("$what: expected $code, but the call succeeded")
}

class Case(private val raw: JSONObject) {
    private val used = mutableSetOf<String>()

    fun label(i: Int): String {
        val what = listOf("what", "kind", "attack", "password", "url", "mode")
            .firstNotNullOfOrNull { k -> raw.opt(k) as? String } ?: ""
        return "case $i ($what)"
    }

    fun unchecked(): List<String> = raw.keySet().filter { it !in used }.sorted()
    fun info(vararg keys: String) { used.addAll(keys) }
    fun has(key: String) = raw.has(key) && !raw.isNull(key)

    fun value(key: String): Any {
        used.add(key)
        if (!raw.has(key)) throw Mismatch("missing field $key")
        return raw.get(key)
    }

    fun opt(key: String): Any? {
        used.add(key)
        return if (raw.has(key) && !raw.isNull(key)) raw.get(key) else null
    }

    fun str(key: String): String = value(key) as? String ?: throw Mismatch("field $key is not a string")
    fun optStr(key: String): String? = opt(key) as? String
    fun u64(key: String): Long = (value(key) as? Number)?.toLong()?.takeIf { it >= 0 }
        ?: throw Mismatch("field $key is not an unsigned integer")
    fun bool(key: String): Boolean = value(key) as? Boolean ?: throw Mismatch("field $key is not a boolean")
    fun hex(key: String): ByteArray = unhex(str(key))
    fun obj(key: String): JSONObject = value(key) as? JSONObject ?: throw Mismatch("field $key is not an object")
    fun arr(key: String): JSONArray = value(key) as? JSONArray ?: throw Mismatch("field $key is not an array")
    fun expectHex(key: String, actual: ByteArray) = eq(key, str(key), hex(actual))
    fun expectStr(key: String, actual: String) = eq(key, str(key), actual)
}

class Tally {
    var passed = 0
    val failed = mutableListOf<String>()
    val skipped = mutableListOf<String>()

    fun runCases(file: JSONObject, check: (Case) -> Unit) {
        val cases = file.optJSONArray("cases") ?: JSONArray()
        for (i in 0 until cases.length()) {
            val case = Case(cases.getJSONObject(i))
            val label = case.label(i)
            try {
                check(case)
            } catch (s: Skip) {
                skipped.add(s.message ?: "")
                continue
            } catch (e: Throwable) {
                failed.add("$label: ${e::class.simpleName}: ${e.message}")
                continue
            }
            val unchecked = case.unchecked()
            if (unchecked.isEmpty()) passed++ else failed.add("$label: fields never checked: $unchecked")
        }
    }

    fun skipAll(file: JSONObject, reason: String) {
        val n = file.optJSONArray("cases")?.length() ?: 0
        repeat(n) { skipped.add(reason) }
    }
}

fun vectorFiles(): List<File> {
    val dirs = mutableListOf(File(System.getProperty("megacrypt.vectors.dir") ?: error("megacrypt.vectors.dir not set")))
    System.getenv("MEGACRYPT_EXTRA_VECTORS")?.takeIf { it.isNotEmpty() }?.let { dirs.add(File(it)) }
    return dirs.flatMap { d ->
        (d.listFiles() ?: error("cannot read vector folder $d")).filter { it.name.endsWith(".json") }.sortedBy { it.name }
    }
}
