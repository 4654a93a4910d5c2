package dev.gpumagics.command;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.context.Refusal;
import dev.gpumagics.report.ContextText;
import java.util.List;

/**
 * What {@code %gpususpend}, {@code %gpuresume} and {@code %gpureset} share: no arguments (any is a usage
 * error), one engine call, one line shown. An automatic resume since the last cell is shown first, so it
 * is never silent.
 */
abstract class ContextMagic implements GpuMagic {

    private final String name;
    private final ArgSchema args;
    private final GpuContext context;

    ContextMagic(String name, GpuContext context) {
        this.name = name;
        this.args = ArgSchema.usage("%" + name); // no arguments: anything else is a usage error, as for every magic
        this.context = context;
    }

    /** The one engine call. */
    abstract ContextOutcome apply(GpuContext context);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ArgSchema args() {
        return args;
    }

    /**
     * @throws MagicUsageException when it did not happen and the GPU state is not as asked (no driver, libtorch in
     *     the way, no room, a failure): the cell fails, so Run All stops there instead of going on as if it had
     */
    @Override
    public final List<MimeBundle> run(ArgSchema.Parsed parsed, Notebook notebook) {
        context.takeNotice().ifPresent(notice -> notebook.show(MimeBundle.text(ContextText.of(notice))));
        ContextOutcome outcome = apply(context);
        String line = "%" + name + ": " + ContextText.of(outcome);
        if (outcome instanceof ContextOutcome.Failed || outcome instanceof ContextOutcome.ResetFailed
                || outcome instanceof ContextOutcome.Refused refused && !alreadyAsAsked(refused.why())) {
            throw new MagicUsageException(line);
        }
        return List.of(MimeBundle.text(line));
    }

    /** Refused because there is nothing to do: already parked, already on the device, no context to reset. */
    private static boolean alreadyAsAsked(Refusal why) {
        return why instanceof Refusal.AlreadySuspended || why instanceof Refusal.NotSuspended || why instanceof Refusal.NoContext;
    }
}
