// The Kotlin consumer of the JVM artifact (scripts/test-packages.sh puts this file, with the
// README's Quickstart.kt, into a fresh Maven project whose only megacrypt dependency is
// megacrypt:megacrypt from the local repository). No jna.library.path: JNA must find the native
// library inside the jar.
package example

import com.sun.jna.NativeLibrary
import com.sun.jna.Platform
import megacrypt.FileKey
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test

class ConsumerTest {
    @Test
    fun quickstartRunsFromTheJar() {
        assertNull(System.getProperty("jna.library.path"), "the consumer must not set jna.library.path")
        val resource = "${Platform.RESOURCE_PREFIX}/${System.mapLibraryName("megacrypt_ffi")}"
        assertNotNull(FileKey::class.java.classLoader.getResource(resource), "the jar has no $resource")
        quickstart()
        val loaded = NativeLibrary.getInstance("megacrypt_ffi").file
        println("native library: $resource from the jar, loaded as $loaded")
        val key = FileKey.fromB64("nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc")
        assertEquals("nJBeD-qesZ_gSfzomSecTo_zzY-3jDZnIvJ-_d3cHuc", key.exportB64())
    }
}
