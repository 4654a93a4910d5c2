package dev.gpumagics.command;

import dev.gpumagics.release.FreeOutcome;
import dev.gpumagics.release.FreeRequest;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.report.ReleaseReport;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code %gpufree [VAR ...] [--all] [--keep VAR,...] [--cache] [--dry-run] [--to-cpu]}: give back what variables hold. */
public final class GpuFreeMagic implements GpuMagic {

    static final ArgSchema ARGS = ArgSchema.usage("%gpufree [VAR ...] [--all] [--keep VAR,...] [--cache] [--dry-run] [--to-cpu]")
            .positionals().flag("all").option("keep").flag("cache").flag("dry-run").flag("to-cpu");

    private final Supplier<ClassLoader> notebookClasses;

    /** @param notebookClasses where the notebook's torch classes live */
    public GpuFreeMagic(Supplier<ClassLoader> notebookClasses) {
        this.notebookClasses = notebookClasses;
    }

    @Override
    public String name() {
        return "gpufree";
    }

    @Override
    public ArgSchema args() {
        return ARGS;
    }

    @Override
    public List<MimeBundle> run(ArgSchema.Parsed parsed, Notebook notebook) {
        List<String> keep = parsed.value("keep").map(k -> Arrays.stream(k.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList()).orElse(List.of());
        FreeRequest request = new FreeRequest(parsed.words(), parsed.has("all"), Set.copyOf(keep),
                parsed.has("cache"), parsed.has("dry-run"), parsed.has("to-cpu"));
        FreeOutcome outcome;
        try {
            outcome = new MemoryRelease(notebook.variables(), notebookClasses).free(request);
        } catch (RuntimeException e) {
            // libtorch's C++ exceptions arrive as RuntimeException (out of host memory during --to-cpu, say)
            throw new MagicUsageException("%gpufree stopped: " + firstLine(e) + ". Some variables may already be freed"
                    + " or moved: %gpumem --vars shows what is held now.");
        }
        if (outcome instanceof FreeOutcome.Refused refused) {
            throw new MagicUsageException(refused.message());
        }
        FreeOutcome.Done done = (FreeOutcome.Done) outcome;
        return List.of(MimeBundle.text(ReleaseReport.text(done)).withHtml(ReleaseReport.html(done)));
    }

    private static String firstLine(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
