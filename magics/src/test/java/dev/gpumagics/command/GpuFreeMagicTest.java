package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.vars.Binding;
import dev.gpumagics.vars.MapVariables;
import dev.gpumagics.vars.NotebookVariables;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class GpuFreeMagicTest {

    private final List<MimeBundle> shown = new ArrayList<>();

    private void free(NotebookVariables variables, String... args) {
        shown.addAll(new GpuFreeMagic(MemoryRelease.class::getClassLoader).call(List.of(args), new RecordingNotebook(variables)));
    }

    @Test
    void freesANamedVariableAndShowsWhatCameBack() {
        Tensor x = torch.ones(1024, 1024);
        MapVariables variables = new MapVariables().put("x", "Tensor", x);
        free(variables, "x");

        String text = shown.get(0).text();
        assertTrue(text.startsWith("gpufree: reclaimed 4.00 MiB from 1 variable"), text);
        assertEquals(null, variables.get("x"));
    }

    /** A notebook's own wrapper, nested as deep as a real object graph may be. */
    record Wrapper(Object inner) {}

    /** A notebook's own list whose iteration throws; its elements are nowhere the walk can read. */
    static final class UnreadableList extends java.util.AbstractList<Object> {
        @Override
        public Object get(int index) {
            throw new IllegalStateException("the notebook's list is broken");
        }

        @Override
        public int size() {
            return 2;
        }
    }

    @Test
    void aVariableWhoseWalkStoppedEarlyIsNotSaidToHoldNoTensor() {
        try (Tensor x = torch.ones(1024)) {
            Object deep = x;
            for (int i = 0; i < 30; i++) {
                deep = new Wrapper(deep);
            }
            MapVariables variables = new MapVariables().put("deep", "Wrapper", deep).put("broken", "List<Tensor>", new UnreadableList());
            free(variables, "deep", "broken");

            String text = shown.get(0).text();
            assertTrue(!text.contains("holds no tensor"), "the tensor 30 levels down is there: " + text);
            assertTrue(text.contains("  deep    no tensor found"), text);
            assertTrue(text.contains("deep: no tensor in the part the walk reached, but it stopped early (nested deeper than the"
                    + " walk's depth limit); deep may still hold tensors and their memory, and was left as it was"), text);
            assertTrue(text.contains("broken: no tensor in the part the walk reached, but it stopped early (a collection in it"
                    + " threw when its elements were read); broken may still hold tensors"), text);
            assertEquals(deep, variables.get("deep"), "a variable with no tensor found is not cleared");
            assertTrue(x.numel() == 1024 && !x.isNull(), "and what it holds is untouched");
        }
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
                () -> free(broken, "--all"));
        assertEquals("%gpufree stopped: the notebook's evaluator is gone. Some variables may already be freed or moved:"
                + " %gpumem --vars shows what is held now.", error.getMessage());
        assertTrue(shown.isEmpty());
    }
}
