package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo.sh's Maven call, as the demo makes it, against the Maven on this machine: its output is plain text. */
class DemoScriptIT {

    private static final Path ROOT = Path.of(System.getProperty("gpumagics.notebooks", "../notebooks"))
            .toAbsolutePath().normalize().getParent();

    @Test
    void theDemosMavenPrintsNoTerminalEscapes(@TempDir Path work) throws Exception {
        // validate of the parent alone: Maven starts and stops, and builds nothing the running build uses
        Jupyter.Result quiet = Jupyter.run(List.of("bash", "-c", "cd \"$0\" && source ./demo.sh && quiet_mvn -o -N validate", ROOT.toString()), work, null);
        assertEquals(0, quiet.exit(), quiet.toString());
        assertFalse((quiet.out() + quiet.err()).contains("\u001b"), "escape codes in: " + quiet.toString().replace("\u001b", "ESC"));
    }

    @Test
    void sourcingTheDemoRunsNothing(@TempDir Path work) throws Exception {
        Path marker = work.resolve("out");
        Jupyter.Result sourced = Jupyter.run(List.of("bash", "-c", "cd \"$0\" && DEMO_OUT=\"$1\" source ./demo.sh", ROOT.toString(), marker.toString()), work, null);
        assertEquals(0, sourced.exit(), sourced.toString());
        assertEquals("", sourced.out() + sourced.err());
        assertFalse(Files.exists(marker));
    }
}
