package dev.gpumagics.command;

import dev.gpumagics.report.WatchStatusText;
import dev.gpumagics.watch.MemorySampler;
import dev.gpumagics.watch.WatchSettings;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code %gpuwatch [on|off] [--no-live] [--json]}: after every cell, one line of what it did to memory; a live view
 * of a long cell. It needs a kernel that says when each cell starts and ends, which only ours does.
 */
public final class GpuWatchMagic implements GpuMagic {

    static final ArgSchema ARGS = ArgSchema.usage("%gpuwatch [on|off] [--no-live] [--json]")
            .flag("no-live").flag("json").positionals();

    static final String NOT_HERE = "%gpuwatch needs a kernel that tells GpuMagics when each cell starts and ends, and this"
            + " one does not (IJava and JJava run cells themselves). It works in the GpuMagics kernel: java -jar gpumagics.jar install";

    private final Optional<WatchSettings> settings;
    private final Supplier<ClassLoader> notebookClasses;

    /**
     * @param settings what the kernel reads as each cell starts; empty in a kernel that cannot watch its cells
     * @param notebookClasses where the notebook's torch classes live
     */
    public GpuWatchMagic(Optional<WatchSettings> settings, Supplier<ClassLoader> notebookClasses) {
        this.settings = settings;
        this.notebookClasses = notebookClasses;
    }

    @Override
    public String name() {
        return "gpuwatch";
    }

    @Override
    public ArgSchema args() {
        return ARGS;
    }

    @Override
    public List<MimeBundle> run(ArgSchema.Parsed parsed, Notebook notebook) {
        List<String> words = parsed.words();
        if (words.size() > 1) {
            throw ARGS.fail("one of on or off, not " + String.join(" ", words));
        }
        WatchSettings watch = settings.orElseThrow(() -> new MagicUsageException(NOT_HERE));
        String what = words.isEmpty() ? "" : words.get(0);
        if (!what.equals("on") && (parsed.has("no-live") || parsed.has("json"))) {
            throw ARGS.fail((parsed.has("json") ? "--json" : "--no-live") + " goes with on");
        }
        switch (what) {
            case "" -> {
                return List.of(MimeBundle.text(WatchStatusText.status(watch.on(), watch.live())));
            }
            case "on" -> {
                MemorySampler sampler = MemorySampler.forThisProcess(notebookClasses);
                boolean hostPeak = sampler.resetHostPeak();
                String said = WatchStatusText.on(!parsed.has("no-live"), hostPeak, sampler.sample(sampler.cudaDevices()).gpu());
                watch.turnOn(!parsed.has("no-live"), parsed.has("json"));
                return List.of(MimeBundle.text(said));
            }
            case "off" -> {
                watch.turnOff();
                return List.of(MimeBundle.text(WatchStatusText.off()));
            }
            default -> throw ARGS.fail("'" + what + "' is neither on nor off");
        }
    }
}
