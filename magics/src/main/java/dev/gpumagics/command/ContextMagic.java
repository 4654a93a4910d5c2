package dev.gpumagics.command;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.report.ContextText;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code %gpususpend}, {@code %gpuresume} and {@code %gpureset} share: no arguments (any is a usage
 * error), one engine call, one line shown. An automatic resume since the last cell is shown first, so it
 * is never silent.
 */
abstract class ContextMagic implements LineMagicFunction<Void> {

    private final String name;
    private final GpuContext context;
    private final Consumer<DisplayData> display;

    ContextMagic(String name, GpuContext context, Consumer<DisplayData> display) {
        this.name = name;
        this.context = context;
        this.display = display;
    }

    /** The one engine call. */
    abstract ContextOutcome apply(GpuContext context);

    @Override
    public final Void execute(List<String> args) {
        context.takeNotice().ifPresent(notice -> show(ContextText.of(notice)));
        ArgSchema.usage("%" + name).parse(args); // no arguments: anything else is a usage error, as for every magic
        show("%" + name + ": " + ContextText.of(apply(context)));
        return null;
    }

    private void show(String line) {
        display.accept(new DisplayData(line));
    }
}
