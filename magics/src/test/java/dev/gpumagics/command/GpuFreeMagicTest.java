package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.vars.Binding;
import dev.gpumagics.vars.MapVariables;
import dev.gpumagics.vars.NotebookVariables;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class GpuFreeMagicTest {

    private final List<DisplayData> shown = new ArrayList<>();

    @Test
    void freesANamedVariableAndShowsWhatCameBack() {
        Tensor x = torch.ones(1024, 1024);
        MapVariables variables = new MapVariables().put("x", "Tensor", x);
        new GpuFreeMagic(MemoryRelease.of(variables), shown::add).execute(List.of("x"));

        String text = (String) shown.get(0).getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.startsWith("gpufree: reclaimed 4.00 MiB from 1 variable"), text);
        assertEquals(null, variables.get("x"));
    }

    @Test
    void aFailureUnderTheEngineIsOneLineNotAStackTrace() {
        NotebookVariables broken = new NotebookVariables() {
            @Override
            public List<Binding> bindings() {
                throw new IllegalStateException("the notebook's evaluator is gone\n\tat some.Frame(Native)");
            }

            @Override
            public void set(String name, @Nullable Object value) {}
        };
        var error = assertThrows(MagicUsageException.class,
                () -> new GpuFreeMagic(MemoryRelease.of(broken), shown::add).execute(List.of("--all")));
        assertEquals("%gpufree stopped: the notebook's evaluator is gone. Some variables may already be freed or moved:"
                + " %gpumem --vars shows what is held now.", error.getMessage());
        assertTrue(shown.isEmpty());
    }
}
