package dev.gpumagics.cli;

import dev.gpumagics.internal.CommandRunner;
import dev.gpumagics.probe.value.Probed;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The terminal {@code top} draws on, through {@code stty} on {@code /dev/tty}: keys read one at a time without echo,
 * the suspend key off (a stopped {@code top} would leave the screen as it drew it), the alternate screen, no cursor.
 * Whatever ends the program, {@code q}, an exception, or a signal the JVM handles (Ctrl-C's SIGINT, SIGTERM, SIGHUP),
 * the settings it found are put back: by {@link #restore()}, and by a shutdown hook that calls it.
 */
final class Terminal implements AutoCloseable {

    private static final Duration STTY_LIMIT = Duration.ofSeconds(2);
    private static final String ENTER = "\u001b[?1049h\u001b[?25l";
    private static final String LEAVE = "\u001b[?25h\u001b[?1049l";

    private final String saved;
    private final PrintStream out;
    private final Thread atExit;
    private boolean restored;

    private Terminal(String saved, PrintStream out) {
        this.saved = saved;
        this.out = out;
        this.atExit = new Thread(this::restore, "gpumagics-top-restore");
    }

    /** @return the terminal, set up; or why there is none to use */
    static Probed<Terminal> enter(PrintStream out) {
        Probed<String> saved = stty("-g");
        if (saved instanceof Probed.Unavailable<String> none) {
            return Probed.unavailable("no terminal to draw on (" + none.reason() + ")", "");
        }
        Terminal terminal = new Terminal(saved.asOptional().orElseThrow().strip(), out);
        Runtime.getRuntime().addShutdownHook(terminal.atExit);
        Probed<String> raw = stty("-icanon", "-echo", "min", "1", "time", "0", "susp", "undef");
        if (raw instanceof Probed.Unavailable<String> refused) {
            terminal.close();
            return Probed.unavailable("the terminal refused its settings (" + refused.reason() + ")", "");
        }
        out.print(ENTER);
        out.flush();
        return Probed.present(terminal);
    }

    /** Rows and columns, as the terminal has them now (it may have been resized). */
    Optional<int[]> size() {
        return stty("size").asOptional().flatMap(text -> {
            String[] parts = text.strip().split("\\s+");
            try {
                return parts.length == 2 ? Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])}) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Draws the lines from the top left, each cut to the width, and clears what an earlier, longer screen left. */
    void draw(List<String> lines) {
        int[] size = size().orElse(new int[] {24, 80});
        StringBuilder screen = new StringBuilder("\u001b[H");
        int shown = Math.min(lines.size(), size[0]);
        for (int i = 0; i < shown; i++) {
            screen.append(cut(lines.get(i), size[1])).append("\u001b[K");
            if (i < shown - 1) {
                screen.append("\r\n");
            }
        }
        screen.append("\u001b[J");
        synchronized (this) {
            if (!restored) {
                out.print(screen);
                out.flush();
            }
        }
    }

    private static String cut(String line, int columns) {
        int count = line.codePointCount(0, line.length());
        return count <= columns ? line : line.substring(0, line.offsetByCodePoints(0, Math.max(0, columns)));
    }

    /** Puts back what {@link #enter} found; only the first call acts. */
    synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        out.print(LEAVE);
        out.flush();
        stty(saved);
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is what restores it
        }
    }

    private static Probed<String> stty(String... settings) {
        List<String> command = new ArrayList<>(List.of("stty", "-F", "/dev/tty"));
        command.addAll(List.of(settings));
        return CommandRunner.stdout(command, STTY_LIMIT);
    }
}
