package dev.gpumagics.oom;

import dev.gpumagics.internal.torch.TorchBridge;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.ProcessTable;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.vars.Holdings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The diagnosis of an allocation failure, or of the present state: a memory report and a variable scan, then the
 * causes. Reads only what already exists (a report never loads libtorch or creates a CUDA context, a scan reads
 * only the libtorch the notebook loaded) and never throws: a part that cannot be had is named, with why.
 */
public final class Diagnoser {

    private final Supplier<MemoryReport> report;
    private final Supplier<Holdings> variables;
    private final Supplier<Optional<String>> variablesProblem;
    private final LongFunction<ProcessIdentity> identities;
    private final Supplier<Map<String, String>> environment;
    private final Clock clock;

    Diagnoser(Supplier<MemoryReport> report, Supplier<Holdings> variables, Supplier<Optional<String>> variablesProblem,
            LongFunction<ProcessIdentity> identities, Supplier<Map<String, String>> environment, Clock clock) {
        this.report = report;
        this.variables = variables;
        this.variablesProblem = variablesProblem;
        this.identities = identities;
        this.environment = environment;
        this.clock = clock;
    }

    /**
     * @param report a look at memory now ({@code dev.gpumagics.GpuMemory} wires the real probes: {@code GpuMemory.diagnoser})
     * @param notebookClasses the loader of the code that holds the tensors, where its torch classes live
     */
    public Diagnoser(Supplier<MemoryReport> report, MemoryRelease release, Supplier<ClassLoader> notebookClasses) {
        this(report, release::holdings, () -> torchProblem(notebookClasses), ProcessTable.system()::identify, System::getenv,
                Clock.systemUTC());
    }

    /** The allocation failure in {@code thrown}, diagnosed; the present state if it holds none. */
    public Diagnosis diagnose(Throwable thrown) {
        return diagnose(AllocationFailures.in(thrown));
    }

    public Diagnosis diagnose(Optional<AllocationFailure> failure) {
        long start = System.nanoTime();
        List<Missing> missing = new ArrayList<>();
        Optional<MemoryReport> memory = read(report, Missing.Part.DEVICE_NOW, missing);
        long scanStart = System.nanoTime();
        Optional<Holdings> holdings = read(variables, Missing.Part.VARIABLES, missing);
        Duration scanTook = Duration.ofNanos(System.nanoTime() - scanStart);
        read(variablesProblem, Missing.Part.VARIABLES, missing).flatMap(p -> p)
                .ifPresent(problem -> missing.add(new Missing(Missing.Part.VARIABLES, problem)));
        Place place = Place.host(OptionalLong.empty());
        List<Cause> causes = List.of();
        List<HeldElsewhere> elsewhere = List.of();
        try {
            place = CauseSelection.place(failure, memory);
            if (place.gpu()) {
                memory.flatMap(MemoryReport::gpuUnavailable)
                        .ifPresent(why -> missing.add(new Missing(Missing.Part.DEVICE_NOW, why)));
            }
            causes = CauseSelection.causes(failure, place, CauseSelection.device(memory, place), holdings, identities,
                    environment.get());
            elsewhere = place.gpu() ? CauseSelection.elsewhere(memory, place) : List.of();
        } catch (RuntimeException e) {
            missing.add(new Missing(Missing.Part.CAUSES, e.toString()));
        }
        return new Diagnosis(clock.instant(), failure, place, causes, missing, scanTook, Duration.ofNanos(System.nanoTime() - start),
                elsewhere);
    }

    /** A part's value, or its absence and why: a probe or a notebook's own class may fail in any way. */
    private static <T> Optional<T> read(Supplier<T> part, Missing.Part which, List<Missing> missing) {
        try {
            return Optional.of(part.get());
        } catch (RuntimeException | LinkageError e) {
            missing.add(new Missing(which, e.toString()));
            return Optional.empty();
        }
    }

    /** Why the notebook's tensors cannot be read although libtorch is loaded; empty when they can, or none exist. */
    private static Optional<String> torchProblem(Supplier<ClassLoader> notebookClasses) {
        if (!TorchBridge.libtorchLoaded()) {
            return Optional.empty();
        }
        return TorchBridge.in(notebookClasses.get()) instanceof Probed.Unavailable<?> why ? Optional.of(why.reason()) : Optional.empty();
    }
}
