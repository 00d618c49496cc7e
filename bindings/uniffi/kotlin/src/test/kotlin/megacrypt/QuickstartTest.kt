package megacrypt

import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import example.quickstart
import java.io.File

/** The README's Kotlin quickstart is Quickstart.kt, included verbatim: checked and run here. */
class QuickstartTest {
    @Test
    fun readmeContainsTheQuickstartVerbatim() {
        val source = File("src/test/kotlin/megacrypt/Quickstart.kt").readText().trim()
        val readme = File(System.getProperty("megacrypt.readme")).readText()
        assertTrue(readme.contains(source), "README.md does not contain Quickstart.kt verbatim")
    }

    @Test
    fun quickstartRuns() {
        quickstart()
    }
}
