package dev.gpumagics.command;

import dev.gpumagics.release.FreeOutcome;
import dev.gpumagics.release.FreeRequest;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.ReleaseReport;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** {@code %gpufree [VAR ...] [--all] [--keep VAR,...] [--cache] [--dry-run] [--to-cpu]}: give back what variables hold. */
public final class GpuFreeMagic implements LineMagicFunction<Void> {

    static final ArgSchema ARGS = ArgSchema.usage("%gpufree [VAR ...] [--all] [--keep VAR,...] [--cache] [--dry-run] [--to-cpu]")
            .positionals().flag("all").option("keep").flag("cache").flag("dry-run").flag("to-cpu");

    private final MemoryRelease engine;
    private final Consumer<DisplayData> display;

    public GpuFreeMagic(MemoryRelease engine, Consumer<DisplayData> display) {
        this.engine = engine;
        this.display = display;
    }

    @Override
    public Void execute(List<String> args) {
        ArgSchema.Parsed parsed = ARGS.parse(args);
        List<String> keep = parsed.value("keep").map(k -> Arrays.stream(k.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList()).orElse(List.of());
        FreeRequest request = new FreeRequest(parsed.words(), parsed.has("all"), java.util.Set.copyOf(keep),
                parsed.has("cache"), parsed.has("dry-run"), parsed.has("to-cpu"));
        FreeOutcome outcome = engine.free(request);
        if (outcome instanceof FreeOutcome.Refused refused) {
            throw new MagicUsageException(refused.message());
        }
        FreeOutcome.Done done = (FreeOutcome.Done) outcome;
        DisplayData data = new DisplayData(ReleaseReport.text(done));
        data.putHTML(ReleaseReport.html(done));
        display.accept(data);
        return null;
    }
}
