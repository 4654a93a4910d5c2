package dev.gpumagics.autograd;

import dev.gpumagics.internal.torch.TorchAccess;
import dev.gpumagics.internal.torch.TorchBridge;
import dev.gpumagics.probe.value.Probed;

/**
 * libtorch's grad mode ({@code torch.no_grad()}'s switch), through the notebook's torch classes. libtorch keeps it per
 * thread: read and set it on the thread that runs the code it is meant for, and put it back there.
 */
public final class GradMode {

    private static final String TORCH = "org.bytedeco.pytorch.global.torch";

    private final TorchAccess torch;

    private GradMode(TorchAccess torch) {
        this.torch = torch;
    }

    /**
     * libtorch as the notebook has it. Where the notebook has the torch classes but has not used them yet, this loads
     * libtorch (a second or so): a caller who asks for grad mode is about to run torch code.
     */
    public static Probed<GradMode> of(ClassLoader notebookClasses) {
        if (notebookClasses.getResource(TORCH.replace('.', '/') + ".class") == null) {
            return Probed.unavailable("libtorch is not in this notebook",
                    "add it first: %maven org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64 (linux-x86_64-gpu on an NVIDIA GPU)");
        }
        if (!TorchBridge.libtorchLoaded()) {
            try {
                Class.forName(TORCH, true, notebookClasses);
            } catch (ClassNotFoundException | LinkageError e) {
                return Probed.unavailable("libtorch's natives did not load: " + e.getMessage(), "");
            }
        }
        return TorchBridge.in(notebookClasses).map(GradMode::new);
    }

    /** Whether autograd records operations on the calling thread. */
    public boolean enabled() {
        return torch.gradEnabled();
    }

    /** Turns recording on or off for the calling thread. */
    public void set(boolean enabled) {
        torch.setGradEnabled(enabled);
    }
}
