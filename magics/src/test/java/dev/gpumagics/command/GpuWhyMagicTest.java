package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.oom.AllocationFailures;
import dev.gpumagics.oom.LastFailure;
import dev.gpumagics.vars.MapVariables;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** {@code %gpuwhy} with the real engine on this machine: real tensors, a real libtorch CPU allocation failure. */
class GpuWhyMagicTest {

    private final List<MimeBundle> shown = new ArrayList<>();
    private final LastFailure last = new LastFailure();

    private void why(MapVariables vars, String... args) {
        shown.addAll(new GpuWhyMagic(last, GpuWhyMagicTest.class::getClassLoader).call(List.of(args), new RecordingNotebook(vars)));
    }

    private String text(int i) {
        return shown.get(i).text();
    }

    @Test
    void withoutAFailureItShowsWhatHoldsMemoryNow() {
        why(new MapVariables());
        assertEquals(1, shown.size());
        assertTrue(text(0).startsWith("No allocation failure seen in this kernel; what holds "), text(0));
        assertTrue(((String) shown.get(0).get(MimeBundle.HTML).orElseThrow()).startsWith("<div class=\"gpumagics-why\">"));
    }

    @Test
    void theLastFailureIsDiagnosedAgainWithTheVariablesAsTheyAreNow() {
        try (Tensor big = torch.ones(1024, 1024)) {
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> torch.empty(1L << 43));
            last.remember(AllocationFailures.in(thrown).orElseThrow());
            MapVariables vars = new MapVariables().put("big", "Tensor", big);

            why(vars);
            why(vars, "--json");

            assertTrue(text(0).startsWith("Out of host memory: libtorch's CPU allocator was asked for 32.0 TiB."), text(0));
            assertTrue(text(0).matches("(?s).*\\n      big +Tensor +4\\.00 MiB   %gpufree big\\n.*"), text(0));
            JsonObject json = JsonParser.parseString(text(1)).getAsJsonObject();
            assertEquals(1L << 45, json.getAsJsonObject("failure").get("requestedBytes").getAsLong());
            assertTrue(shown.get(1).get(MimeBundle.JSON).isPresent());
        }
    }

    @Test
    void aWrongFlagIsOneLineAndShowsNothing() {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> why(new MapVariables(), "--verbose"));
        assertEquals("unknown option --verbose. Usage: %gpuwhy [--json]", e.getMessage());
        assertTrue(shown.isEmpty());
    }
}
