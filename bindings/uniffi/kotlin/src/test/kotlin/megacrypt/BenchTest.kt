package megacrypt

import org.junit.jupiter.api.Test
import org.junit.jupiter.api.condition.EnabledIfSystemProperty
import java.nio.ByteBuffer

/**
 * Kotlin side of the FFI cost benchmark (bench.sh; skipped in normal test runs): 1 MiB calls from
 * a direct ByteBuffer (no copy in) and from a ByteArray (one copy into a reused direct buffer).
 * Prints `BENCH lang=kotlin path=<path> mib=<n> ns_per_mib=<t>`.
 */
class BenchTest {
    private fun report(path: String, mib: Int, f: () -> Unit) {
        repeat(maxOf(32, mib / 2)) { f() } // JIT and GC warm-up (the first path measured paid for it)
        val start = System.nanoTime()
        repeat(mib) { f() }
        val ns = (System.nanoTime() - start).toDouble() / mib
        println("BENCH lang=kotlin path=$path mib=$mib ns_per_mib=${"%.0f".format(ns)}")
    }

    @Test
    @EnabledIfSystemProperty(named = "megacrypt.bench", matches = "true")
    fun ffiCostPerMiB() {
        val mib = System.getProperty("megacrypt.bench.mib")?.toIntOrNull() ?: 256
        val key = ContentKey.fromBytes((ByteArray(16) { 7 } + ByteArray(8) { 9 }).d())
        val heap = ByteArray(1 shl 20) { 0x5a }
        val direct = ByteBuffer.allocateDirect(1 shl 20).also { it.put(heap); it.flip() }
        val enc = FileEncryptor.withKey(key)
        report("encrypt_1mib_direct_buffer", mib) { enc.encrypt(direct) }
        val stage = DirectStage(1 shl 20)
        report("encrypt_1mib_bytearray_staged", mib) { enc.encrypt(stage.load(heap, 0, heap.size)) }
        val dec = FileDecryptor(FileKey.fromParts(key, ByteArray(8).d()))
        report("decrypt_unverified_1mib_direct_buffer", mib) { dec.decryptUnverified(direct) }
    }
}
