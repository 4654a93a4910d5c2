package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.oom.AllocationFailures;
import dev.gpumagics.oom.Diagnoser;
import dev.gpumagics.oom.LastFailure;
import dev.gpumagics.vars.MapVariables;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** {@code %gpuwhy} with the real engine on this machine: real tensors, a real libtorch CPU allocation failure. */
class GpuWhyMagicTest {

    private final List<DisplayData> shown = new ArrayList<>();
    private final LastFailure last = new LastFailure();

    private GpuWhyMagic magic(MapVariables vars) {
        return new GpuWhyMagic(Diagnoser.of(vars, GpuWhyMagicTest.class::getClassLoader), last, shown::add);
    }

    private String text(int i) {
        return (String) shown.get(i).getData(MIMEType.TEXT_PLAIN);
    }

    @Test
    void withoutAFailureItShowsWhatHoldsMemoryNow() {
        magic(new MapVariables()).execute(List.of());
        assertEquals(1, shown.size());
        assertTrue(text(0).startsWith("No allocation failure seen in this kernel; what holds "), text(0));
        assertTrue(((String) shown.get(0).getData(MIMEType.TEXT_HTML)).startsWith("<div class=\"gpumagics-why\">"));
    }

    @Test
    void theLastFailureIsDiagnosedAgainWithTheVariablesAsTheyAreNow() {
        try (Tensor big = torch.ones(1024, 1024)) {
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> torch.empty(1L << 43));
            last.remember(AllocationFailures.in(thrown).orElseThrow());
            GpuWhyMagic why = magic(new MapVariables().put("big", "Tensor", big));

            why.execute(List.of());
            why.execute(List.of("--json"));

            assertTrue(text(0).startsWith("Out of host memory: libtorch's CPU allocator was asked for 32.0 TiB."), text(0));
            assertTrue(text(0).matches("(?s).*\\n      big +Tensor +4\\.00 MiB   %gpufree big\\n.*"), text(0));
            JsonObject json = JsonParser.parseString(text(1)).getAsJsonObject();
            assertEquals(1L << 45, json.getAsJsonObject("failure").get("requestedBytes").getAsLong());
            assertTrue(shown.get(1).hasDataForType(MIMEType.APPLICATION_JSON));
        }
    }

    @Test
    void aWrongFlagIsOneLineAndShowsNothing() {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> magic(new MapVariables()).execute(List.of("--verbose")));
        assertEquals("unknown option --verbose. Usage: %gpuwhy [--json]", e.getMessage());
        assertTrue(shown.isEmpty());
    }
}
