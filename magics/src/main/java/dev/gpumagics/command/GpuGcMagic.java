package dev.gpumagics.command;

import dev.gpumagics.release.GcOutcome;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.ReleaseReport;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;
import java.util.List;
import java.util.function.Consumer;

/** {@code %gpugc}: garbage collection, pending native deallocations, the CUDA cache and cuBLAS workspaces. */
public final class GpuGcMagic implements LineMagicFunction<Void> {

    static final ArgSchema ARGS = ArgSchema.usage("%gpugc");

    private final MemoryRelease engine;
    private final Consumer<DisplayData> display;

    public GpuGcMagic(MemoryRelease engine, Consumer<DisplayData> display) {
        this.engine = engine;
        this.display = display;
    }

    @Override
    public Void execute(List<String> args) {
        ARGS.parse(args);
        GcOutcome outcome = engine.collect();
        DisplayData data = new DisplayData(ReleaseReport.text(outcome));
        data.putHTML(ReleaseReport.html(outcome));
        display.accept(data);
        return null;
    }
}
