package dev.gpumagics;

import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.GpuContext;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.internal.cuda.DriverLibraries;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.Parked;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.neighbours.NeighbourKernel;
import dev.gpumagics.neighbours.RecordReader;
import dev.gpumagics.neighbours.RecordShelf;
import dev.gpumagics.oom.Diagnoser;
import dev.gpumagics.probe.CudaContextProbe;
import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.GpuProbes;
import dev.gpumagics.probe.HostMemoryProbe;
import dev.gpumagics.probe.NvidiaSmiProbe;
import dev.gpumagics.probe.ProcessTable;
import dev.gpumagics.probe.TorchAllocatorProbe;
import dev.gpumagics.probe.value.AllocatorStats;
import dev.gpumagics.probe.value.CudaDevice;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.release.MemoryRelease;
import dev.gpumagics.vars.NotebookVariables;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The plain Java API: where this process's GPU memory is. No Jupyter types; a model server or a batch
 * job can call it as the magics do. Taking a report never loads libtorch and never creates a CUDA context.
 */
public final class GpuMemory {

    private final GpuProbe gpu;
    private final GpuProbe fromOutside;
    private final CudaContextProbe cuda;
    private final TorchAllocatorProbe torch;
    private final HostMemoryProbe host;
    private final ProcessTable processes;
    private final Supplier<Optional<ContextStatus>> context;
    private final Clock clock;
    private final long pid;
    private final LongFunction<Optional<KernelRecord>> kernels;

    /** @param notebookClasses where the caller's torch classes are, if it has any */
    public GpuMemory(Supplier<ClassLoader> notebookClasses) {
        this(GpuProbes.system(), NvidiaSmiProbe.onPath(), new CudaContextProbe(DriverLibraries.system()),
                new TorchAllocatorProbe(notebookClasses), HostMemoryProbe.system(), ProcessTable.system(),
                () -> GpuContext.ifCreated().map(GpuContext::status), Clock.systemUTC(), ProcessHandle.current().pid(),
                neighbours(ProcessTable.system()));
    }

    /** The other GpuMagics kernels' records, as a reader believes them (see {@link RecordReader}). */
    private static LongFunction<Optional<KernelRecord>> neighbours(ProcessTable processes) {
        RecordReader reader = RecordShelf.system().reader(processes);
        return other -> reader.read(other).map(NeighbourKernel::record);
    }

    /**
     * @param fromOutside what to ask while this process's GPU state is parked: another process (nvidia-smi),
     *     since a parked process must not call CUDA or NVML itself
     * @param context where this process's GPU state is, read without calling the driver
     */
    GpuMemory(GpuProbe gpu, GpuProbe fromOutside, CudaContextProbe cuda, TorchAllocatorProbe torch, HostMemoryProbe host,
            ProcessTable processes, Supplier<Optional<ContextStatus>> context, Clock clock, long pid) {
        this(gpu, fromOutside, cuda, torch, host, processes, context, clock, pid, other -> Optional.empty());
    }

    /** @param kernels another process's record, where it is a GpuMagics kernel that published one */
    GpuMemory(GpuProbe gpu, GpuProbe fromOutside, CudaContextProbe cuda, TorchAllocatorProbe torch, HostMemoryProbe host,
            ProcessTable processes, Supplier<Optional<ContextStatus>> context, Clock clock, long pid,
            LongFunction<Optional<KernelRecord>> kernels) {
        this.kernels = kernels;
        this.gpu = gpu;
        this.fromOutside = fromOutside;
        this.cuda = cuda;
        this.torch = torch;
        this.host = host;
        this.processes = processes;
        this.context = context;
        this.clock = clock;
        this.pid = pid;
    }

    /** For a Java program: torch, if any, is where this thread's context class loader finds it. */
    public static GpuMemory forThisProcess() {
        return new GpuMemory(GpuMemory::contextClassLoader);
    }

    /**
     * @throws dev.gpumagics.look.NoSuchDeviceException when {@code options} names a device that is not there
     */
    public MemoryReport report(ReportOptions options) {
        Optional<ContextStatus> status = context.get();
        if (status.isPresent() && !status.get().deviceCallsSafe()) {
            return parked(options, status.get());
        }
        Probed<GpuSnapshot> snapshot = gpu.snapshot();
        Probed<List<CudaDevice>> devices = snapshot.isPresent()
                ? cuda.devices()
                : Probed.unavailable("no GPU", "");
        Probed<List<AllocatorStats>> allocator = devices.isPresent()
                ? torch.stats(devices.asOptional().orElseThrow())
                : Probed.unavailable("CUDA cannot be asked here", "");
        return ReportAssembler.assemble(clock.instant(), pid, snapshot, devices, allocator, host.read(),
                processes::identify, kernels, options);
    }

    /** While parked, the device is seen from another process, and this one asks neither CUDA nor NVML. */
    private MemoryReport parked(ReportOptions options, ContextStatus status) {
        Probed<List<CudaDevice>> noCuda = Probed.unavailable("this kernel's GPU state is parked", "");
        Probed<GpuSnapshot> seen = fromOutside.snapshot();
        MemoryReport report = ReportAssembler.assemble(clock.instant(), pid, seen, noCuda,
                Probed.unavailable("this kernel's GPU state is parked", ""), host.read(), processes::identify, kernels, options);
        Optional<BytesPerDevice> free = seen.asOptional().map(BytesPerDevice::freeOn);
        return new MemoryReport(report.takenAt(), report.pid(), report.gpuSource(), report.driverVersion(),
                report.gpuUnavailable(), report.devices(), Optional.empty(), report.host(), report.options(),
                Optional.of(new Parked(status, free)));
    }

    /**
     * The diagnosis of allocation failures for a notebook's variables, or a program's ({@link dev.gpumagics.vars.MapVariables}),
     * on this process's real probes.
     *
     * @param notebookClasses the loader of the code that holds the tensors, where its torch classes live
     */
    public static Diagnoser diagnoser(NotebookVariables variables, Supplier<ClassLoader> notebookClasses) {
        GpuMemory memory = new GpuMemory(notebookClasses);
        return new Diagnoser(() -> memory.report(ReportOptions.ALL), new MemoryRelease(variables, notebookClasses), notebookClasses);
    }

    private static ClassLoader contextClassLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : GpuMemory.class.getClassLoader();
    }
}
