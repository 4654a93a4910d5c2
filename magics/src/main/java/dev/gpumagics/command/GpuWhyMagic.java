package dev.gpumagics.command;

import dev.gpumagics.oom.Diagnoser;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.oom.LastFailure;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;
import java.util.List;
import java.util.function.Consumer;

/** {@code %gpuwhy [--json]}: why the last allocation failure happened, or what holds the memory now if none did. */
public final class GpuWhyMagic implements LineMagicFunction<Void> {

    static final ArgSchema ARGS = ArgSchema.usage("%gpuwhy [--json]").flag("json");

    private final Diagnoser engine;
    private final LastFailure last;
    private final Consumer<DisplayData> display;

    public GpuWhyMagic(Diagnoser engine, LastFailure last, Consumer<DisplayData> display) {
        this.engine = engine;
        this.last = last;
        this.display = display;
    }

    @Override
    public Void execute(List<String> args) {
        ArgSchema.Parsed parsed = ARGS.parse(args);
        Diagnosis diagnosis = engine.diagnose(last.get());
        display.accept(parsed.has("json") ? DiagnosisDisplay.json(diagnosis) : DiagnosisDisplay.of(diagnosis));
        return null;
    }
}
