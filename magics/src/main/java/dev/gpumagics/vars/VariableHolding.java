package dev.gpumagics.vars;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one notebook variable holds, counted per storage: a storage only this variable reaches counts
 * in {@code aloneBytes}, one that other variables reach too counts in {@code sharedBytes} of each.
 *
 * @param type the declared type, or the value's class when JShell gave none
 * @param devices the devices of its storages ({@code cuda:0}, {@code cpu}), empty when it holds no tensor
 * @param dtypes the element types of its tensors
 * @param shape the shape when the variable is one tensor, otherwise null
 * @param tensors how many distinct storages it reaches
 * @param sharedWith the other variables it shares storages with
 * @param optimizerState true when it reaches an optimizer, whose state (Adam's moments, momentum) the
 *     JavaCPP API does not expose: those bytes are not counted here, though freeing gives them back
 * @param stoppedEarly why the walk stopped before it had seen everything the variable reaches, so it
 *     may hold more than is counted here; empty when the walk saw it all
 * @param autograd whether its tensors require grad and carry autograd history, which holds memory beyond
 *     the counts here
 */
public record VariableHolding(
        String name,
        String type,
        List<String> devices,
        List<String> dtypes,
        @Nullable List<Long> shape,
        int tensors,
        long aloneBytes,
        long sharedBytes,
        List<String> sharedWith,
        boolean optimizerState,
        Set<WalkStop> stoppedEarly,
        Autograd autograd) {

    /** A variable whose tensors carry no autograd history. */
    public VariableHolding(String name, String type, List<String> devices, List<String> dtypes, @Nullable List<Long> shape,
            int tensors, long aloneBytes, long sharedBytes, List<String> sharedWith, boolean optimizerState,
            Set<WalkStop> stoppedEarly) {
        this(name, type, devices, dtypes, shape, tensors, aloneBytes, sharedBytes, sharedWith, optimizerState, stoppedEarly,
                Autograd.NONE);
    }

    /** True when the walk stopped early: the counts cover only the part it reached. */
    public boolean truncated() {
        return !stoppedEarly.isEmpty();
    }

    public long totalBytes() {
        return aloneBytes + sharedBytes;
    }

    public boolean holdsGpuMemory() {
        return devices.stream().anyMatch(d -> !d.equals("cpu"));
    }

    public boolean holdsTensors() {
        return tensors > 0 || optimizerState;
    }
}
