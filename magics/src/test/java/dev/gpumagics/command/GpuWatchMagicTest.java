package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.watch.WatchSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** %gpuwatch switching the kernel's settings, on this machine (no GPU), and refusing in a kernel that cannot watch. */
class GpuWatchMagicTest {

    private final WatchSettings settings = new WatchSettings();
    private final GpuWatchMagic magic = new GpuWatchMagic(Optional.of(settings), GpuWatchMagicTest.class::getClassLoader);

    private String run(GpuWatchMagic magic, String... args) {
        List<MimeBundle> shown = magic.call(List.of(args), RecordingNotebook.withoutVariables());
        assertEquals(1, shown.size());
        return shown.get(0).text();
    }

    @Test
    void offByDefaultThenOnSayingWhatItMeasuresHereThenOff() {
        assertFalse(settings.on());
        assertEquals("gpuwatch is off. %gpuwatch on watches every cell's memory.", run(magic));
        String on = run(magic, "on");
        assertTrue(settings.on() && settings.live() && !settings.json());
        assertTrue(on.startsWith("gpuwatch on: after each cell, one line of what it did to memory; a cell running over 2 s"
                + " shows a live view, updated every 1 s. %gpuwatch off stops it.\n"), on);
        assertTrue(on.contains("the host's resident set with its exact peak (VmHWM, reset as each cell starts)"), on);
        assertTrue(on.endsWith("no GPU read after each cell: no NVIDIA driver found (libnvidia-ml.so.1 is not on the library path)."), on);
        assertEquals("gpuwatch is on, with the live view for long cells. %gpuwatch off stops it.", run(magic));
        assertEquals("gpuwatch off: cells are no longer watched.", run(magic, "off"));
        assertFalse(settings.on());
        run(magic, "on", "--no-live", "--json");
        assertTrue(settings.on() && !settings.live() && settings.json());
    }

    @Test
    void badWordsAndFlagsAreOneLineAndChangeNothing() {
        assertEquals("'maybe' is neither on nor off. Usage: %gpuwatch [on|off] [--no-live] [--json]",
                assertThrows(MagicUsageException.class, () -> run(magic, "maybe")).getMessage());
        assertEquals("--json goes with on. Usage: %gpuwatch [on|off] [--no-live] [--json]",
                assertThrows(MagicUsageException.class, () -> run(magic, "off", "--json")).getMessage());
        assertEquals("one of on or off, not on off. Usage: %gpuwatch [on|off] [--no-live] [--json]",
                assertThrows(MagicUsageException.class, () -> run(magic, "on", "off")).getMessage());
        assertEquals("unknown option --live. Usage: %gpuwatch [on|off] [--no-live] [--json]",
                assertThrows(MagicUsageException.class, () -> run(magic, "on", "--live")).getMessage());
        assertFalse(settings.on());
    }

    @Test
    void aKernelThatCannotWatchItsCellsSaysWhereItWorks() {
        GpuWatchMagic elsewhere = new GpuWatchMagic(Optional.empty(), GpuWatchMagicTest.class::getClassLoader);
        MagicUsageException refused = assertThrows(MagicUsageException.class, () -> run(elsewhere, "on"));
        assertEquals(GpuWatchMagic.NOT_HERE, refused.getMessage());
        assertTrue(refused.getMessage().contains("java -jar gpumagics.jar install"));
        assertTrue(GpuMagics.forNotebook(GpuWatchMagicTest.class::getClassLoader).stream().anyMatch(m -> m.name().equals("gpuwatch")),
                "registered in every kernel, so that IJava and JJava answer with that line rather than 'no such magic'");
    }
}
