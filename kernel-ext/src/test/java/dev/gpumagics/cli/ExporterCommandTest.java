package dev.gpumagics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.exporter.HostExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code exporter}'s options: loopback unless told, a textfile folder alone serves no port, and bad input is one line. */
class ExporterCommandTest {

    private static final String USAGE = "Usage: java -jar gpumagics.jar exporter [--listen HOST:PORT] [--textfile DIR] [--interval 5s] [--hide-notebooks]";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int main(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        return text.strip();
    }

    private static HostExporter.Settings settings(String... args) {
        return ExporterCommand.settings(ExporterCommand.ARGS.parse(List.of(args)));
    }

    @Test
    void withoutOptionsItServesOnLoopbackEveryFiveSecondsAndShowsNotebooks() {
        HostExporter.Settings plain = settings();
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 9842)), plain.listen());
        assertEquals(Optional.empty(), plain.textfile());
        assertEquals(Duration.ofSeconds(5), plain.interval());
        assertTrue(plain.showNotebooks());
    }

    @Test
    void aTextfileFolderAloneServesNoPortAndBothCanBeAsked() {
        assertEquals(Optional.empty(), settings("--textfile", dir.toString()).listen());
        HostExporter.Settings both = settings("--textfile", dir.toString(), "--listen", "[::1]:9100", "--interval", "30s", "--hide-notebooks");
        assertEquals(Optional.of(new InetSocketAddress("::1", 9100)), both.listen());
        assertEquals(Optional.of(dir), both.textfile());
        assertEquals(Duration.ofSeconds(30), both.interval());
        assertEquals(false, both.showNotebooks());
    }

    @Test
    void badInputIsOneLine() {
        assertEquals(2, main("exporter", "--listen", "9842"));
        assertEquals("gpumagics exporter: --listen 9842 is not HOST:PORT (127.0.0.1:9842, [::1]:9842, 0.0.0.0:9842)", errLine());
        assertEquals(2, main("exporter", "--interval", "often"));
        assertEquals("gpumagics exporter: --interval often is not a time between looks: write 5s, 30s or 1m", errLine());
        assertEquals(2, main("exporter", "--interval", "off"));
        assertEquals("gpumagics exporter: --interval off is not a time between looks: write 5s, 30s or 1m", errLine());
        assertEquals(2, main("exporter", "--textfile", dir.resolve("missing").toString()));
        assertEquals("gpumagics exporter: --textfile " + dir.resolve("missing")
                + " is not a folder (node_exporter's --collector.textfile.directory)", errLine());
        assertEquals(2, main("exporter", "--bogus"));
        assertEquals("gpumagics exporter: unknown option --bogus. " + USAGE, errLine());
    }

    @Test
    void aPortInUseIsOneLineAndExitOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(1, main("exporter", "--listen", "127.0.0.1:" + taken.getLocalPort()));
            String line = errLine();
            assertTrue(line.startsWith("gpumagics exporter: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "), line);
        }
    }
}
