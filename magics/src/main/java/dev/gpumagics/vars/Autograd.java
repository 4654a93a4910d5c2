package dev.gpumagics.vars;

import java.util.List;

/**
 * What autograd records for one variable's tensors. A tensor made by an operation on tensors that require
 * grad carries the graph that made it, and the graph keeps every tensor it saved for the backward pass: memory
 * that no variable reaches and no byte count here includes (a loss summed over steps keeps every step's
 * activations).
 *
 * @param requiringGrad how many of its tensors require grad (parameters do, and what is computed from them)
 * @param withHistory how many of them carry a graph ({@code grad_fn}): computed, not leaves
 * @param gradFunctions the graph nodes that made them, distinct, in the order found ({@code SumBackward0})
 * @param historyBytes the bytes of the storages of the tensors that carry a graph, each counted once: the tensors
 *     themselves, not what their graph saved
 */
public record Autograd(int requiringGrad, int withHistory, List<String> gradFunctions, long historyBytes) {

    public static final Autograd NONE = new Autograd(0, 0, List.of(), 0);

    public Autograd {
        gradFunctions = List.copyOf(gradFunctions);
    }

    public Autograd(int requiringGrad, int withHistory, List<String> gradFunctions) {
        this(requiringGrad, withHistory, gradFunctions, 0);
    }

    /** Whether it keeps an autograd graph, and what that graph saved, alive. */
    public boolean keepsHistory() {
        return withHistory > 0;
    }
}
