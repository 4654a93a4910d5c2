package dev.gpumagics.report;

import dev.gpumagics.oom.AllocationFailure;
import dev.gpumagics.oom.Cause;
import dev.gpumagics.oom.Diagnosis;
import dev.gpumagics.oom.Missing;
import dev.gpumagics.oom.Place;
import dev.gpumagics.oom.Source;
import dev.gpumagics.units.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The sentences of a diagnosis, shared by its text and HTML renderers so that both say the same. Each method is a
 * pure function of the records.
 */
final class DiagnosisWords {

    /** Joins the words of a command so that a renderer that breaks long lines never breaks inside one. */
    static final char KEEP = '\u00a0';
    static final String NO_GRAD = command("try (var noGrad = new NoGradGuard()) { ... }");
    static final String BATCH_FINDER = "dev.gpumagics.batch.BatchSizeSearch";

    static String command(String text) {
        return text.replace(' ', KEEP);
    }

    /** The sentence as it is read, commands' words apart again. */
    static String plain(String text) {
        return text.replace(KEEP, ' ');
    }

    private DiagnosisWords() {}

    /** GPU 0 (its name), or host memory. */
    static String where(Place place) {
        if (!place.gpu()) {
            return "host memory";
        }
        return device(place) + place.name().map(n -> " (" + n + ")").orElse("");
    }

    /**
     * GPU 0 as %gpumem numbers it (a MIG instance GPU 0:1), else as CUDA does where the probes could not see it, else the
     * GPU: the name once in the headline is enough.
     */
    static String device(Place place) {
        if (place.driverDevice().isPresent()) {
            return DeviceWords.label(place.driverDevice().get());
        }
        return place.device().isPresent() ? "GPU " + place.device().getAsInt() : "the GPU";
    }

    /** The other devices where this kernel holds memory too, where there are any. */
    static Optional<String> elsewhere(Diagnosis d) {
        if (d.elsewhere().isEmpty()) {
            return Optional.empty();
        }
        String devices = d.elsewhere().stream()
                .map(e -> DeviceWords.label(e.device()) + " (" + Bytes.human(e.bytes()) + ")").collect(Collectors.joining(", "));
        return Optional.of("This kernel holds memory on " + devices + " too; this looks at " + device(d.place())
                + ": " + command("%gpumem") + " shows them all.");
    }

    /** The first line: what failed, what was asked against what was free. */
    static String headline(Diagnosis d) {
        if (d.failure().isEmpty()) {
            return "No allocation failure seen in this kernel; what holds " + (d.place().gpu() ? "memory on " + where(d.place())
                    : "host memory") + " now:";
        }
        AllocationFailure f = d.failure().get();
        StringBuilder line = new StringBuilder(switch (f.source()) {
            case CUDA_CACHING_ALLOCATOR -> "CUDA out of memory on " + where(d.place());
            case CUDA_CALL -> "A CUDA call ran out of memory on " + where(d.place()) + f.cudaError().map(e -> " (" + e + ")").orElse("");
            case CPU_ALLOCATOR -> "Out of host memory: libtorch's CPU allocator";
        });
        if (f.requestedBytes().isPresent()) {
            line.append(f.source() == Source.CPU_ALLOCATOR ? " was asked for " : ": asked for ")
                    .append(Bytes.human(f.requestedBytes().getAsLong()));
            if (f.freeBytes().isPresent()) {
                line.append(", ").append(Bytes.human(f.freeBytes().getAsLong())).append(" was free");
                f.shortBytes().ifPresent(s -> line.append(", ").append(Bytes.human(s)).append(" short"));
            }
        } else if (f.source() == Source.CPU_ALLOCATOR) {
            line.append(" refused");
        }
        return line.append('.').toString();
    }

    /** What the failure says this process held when it failed, and what is free now; empty when neither is known. */
    static List<String> figures(Diagnosis d) {
        List<String> lines = new ArrayList<>();
        d.failure().ifPresent(f -> {
            List<String> held = new ArrayList<>();
            f.processBytes().ifPresent(b -> held.add("this process used " + Bytes.human(b)));
            OptionalLong reserved = f.reservedTotalBytes();
            List<String> split = new ArrayList<>();
            f.allocatedBytes().ifPresent(b -> split.add(Bytes.human(b) + " in tensors"));
            f.cacheBytes().ifPresent(b -> split.add(Bytes.human(b) + " reserved but unallocated"));
            if (reserved.isPresent() || !split.isEmpty()) {
                held.add("libtorch held " + (reserved.isPresent() ? Bytes.human(reserved.getAsLong()) : "")
                        + (split.isEmpty() ? "" : (reserved.isPresent() ? ": " : "") + String.join(", ", split)));
            }
            f.allowedBytes().ifPresent(b -> held.add("a memory fraction allowed it " + Bytes.human(b)));
            if (!held.isEmpty()) {
                lines.add("When it failed: " + String.join("; ", held) + ".");
            }
        });
        Place place = d.place();
        if (place.gpu() && place.freeNowBytes().isEmpty() && place.driverDevice().isPresent()) {
            lines.add("Now: " + device(place) + "'s free memory is N/A from the driver; a unified-memory device (GB10) uses the"
                    + " host's, which " + command("%gpumem") + " shows.");
        } else if (place.freeNowBytes().isPresent()) {
            lines.add("Now: " + Bytes.human(place.freeNowBytes().getAsLong()) + (place.gpu() ? " free" : " available")
                    + place.totalBytes().stream().mapToObj(t -> " of " + Bytes.human(t)).findFirst().orElse("")
                    + (place.gpu() ? " on " + device(place) : " on the host") + ".");
        }
        return lines;
    }

    /** A cause's lead sentence; the rows under it (holders, processes) are the renderers'. */
    static String lead(Cause cause, Place place) {
        if (cause instanceof Cause.RequestTooLarge r) {
            return "The request alone (" + Bytes.human(r.requestedBytes()) + ") is more than "
                    + (r.ofDevice() ? device(place) + " has in all" : "this machine has available") + " (" + Bytes.human(r.capacityBytes())
                    + "): no freeing makes room. Ask for less at once: a smaller batch (" + BATCH_FINDER
                    + " halves it until it fits), a lower precision (bfloat16 or float16 halve the bytes), and no autograd"
                    + " where no gradient is needed (" + NO_GRAD + ", or InferenceMode).";
        }
        if (cause instanceof Cause.VariablesHold v) {
            String cover = v.wouldCover() ? ", enough to make the " + Bytes.human(v.shortBytes().getAsLong()) + " that was lacking" : "";
            return "This kernel's variables hold " + Bytes.human(v.totalBytes()) + (place.gpu() ? " on " + device(place) : " in host memory")
                    + cover + "; " + command("%gpufree NAME") + " gives a variable's memory back:";
        }
        if (cause instanceof Cause.AutogradHistory a) {
            String names = a.variables().stream().map(h -> h.name() + " (" + String.join(", ", h.gradFunctions()) + ")")
                    .collect(Collectors.joining(", "));
            return names + (a.variables().size() == 1 ? " keeps" : " keep") + " autograd history: the graph behind a computed tensor"
                    + " holds every tensor it saved for the backward pass, memory that no variable shows. Keep a number"
                    + " (item_double()) or a detached tensor (detach()) instead, and compute what needs no gradient under"
                    + " no-grad: " + NO_GRAD + ".";
        }
        if (cause instanceof Cause.CacheHeld c) {
            return cache(c);
        }
        if (cause instanceof Cause.OthersHold o) {
            return "Other processes hold " + Bytes.human(o.totalBytes()) + " of " + device(place)
                    + (o.fromFailure() ? " (as the failure listed them; the driver cannot be asked now)" : "")
                    + "; only they can give it back (ask them, wait, or choose a GPU with room: %gpumem shows each):";
        }
        Cause.ContextAndLibraries c = (Cause.ContextAndLibraries) cause;
        return Bytes.human(c.contextBytes()) + " of this kernel's share" + (c.atFailure() ? ", when it failed," : "")
                + " is the CUDA context and the libraries' workspaces (cuBLAS, cuDNN), which no cache release frees."
                + " %gpususpend parks it, with everything else, in host memory: that makes room for other processes while"
                + " this kernel waits, not for this kernel's own work (its next GPU call brings everything back first);"
                + " only a restart gives the context up for good.";
    }

    private static String cache(Cause.CacheHeld c) {
        String setting = c.allocConfVariable() + "=expandable_segments:True";
        String segments = c.expandableSegmentsSet()
                ? " Expandable segments are already on in this kernel (" + setting + ")."
                : " With " + setting + " the allocator grows its segments instead of cutting new ones, which avoids most of"
                        + " it; it must be set before libtorch loads: " + command("java -jar gpumagics.jar install --env " + setting)
                        + ", then restart the kernel.";
        if (c.atFailure()) {
            return "libtorch's allocator held " + Bytes.human(c.cacheBytes()) + " reserved but unallocated when it failed: free"
                    + " pieces of segments that live tensors still use (fragmentation), since it had already given back every"
                    + " whole cached segment before it gave up." + segments + " " + command("%gpufree --cache") + " gives back what is cached whole now.";
        }
        return "libtorch's allocator caches " + Bytes.human(c.cacheBytes()) + " that no tensor uses: " + command("%gpufree --cache")
                + " gives it back." + segments;
    }

    /** What to say when nothing stands out. */
    static String noCause(Diagnosis d) {
        return d.failure().isPresent()
                ? "No cause stands out in what can be seen now: the failed cell's own temporaries, gone since, may have held"
                        + " the memory. %gpumem shows the device, " + command("%gpumem --vars") + " the variables."
                : "Nothing holds a notable share here.";
    }

    static String missing(Missing m) {
        String part = switch (m.part()) {
            case DEVICE_NOW -> "what the GPU holds now";
            case VARIABLES -> "what the variables hold";
            case CAUSES -> "the causes";
        };
        return "Not known: " + part + " (" + m.reason() + ").";
    }

    static String timing(Diagnosis d) {
        return String.format(Locale.ROOT, "(diagnosed in %d ms, %d of them scanning variables)",
                d.took().toMillis(), d.scanTook().toMillis());
    }

    static String sharedNote(Cause.Holder h) {
        return h.sharedWith().isEmpty() ? "" : "shared with " + String.join(", ", h.sharedWith());
    }
}
