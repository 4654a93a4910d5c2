package dev.gpumagics.layering.stray;

import org.bytedeco.pytorch.Tensor;

/** A class outside the torch glue that links torch classes: what the glue rule must catch (test sources only). */
public final class StrayTorchUse {

    private StrayTorchUse() {}

    public static long elements(Tensor tensor) {
        return tensor.numel();
    }
}
