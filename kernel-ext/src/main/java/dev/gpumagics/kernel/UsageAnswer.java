package dev.gpumagics.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.gpumagics.jupyter.kernel.UsageReply;
import dev.gpumagics.look.DeviceReport;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.probe.HostName;
import dev.gpumagics.probe.ProcKibFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * This kernel's answer to {@code usage_request}: ipykernel's fields, each measured as ipykernel measures it through
 * psutil 5.9 (CPU since the last request, PSS, {@code /proc/stat} and {@code /proc/meminfo} as psutil reads them), and
 * {@code gpu}: every device with this kernel's share, from one memory report (which loads nothing and, parked, asks
 * nvidia-smi from outside). Runs on the control thread, never waiting for a cell.
 */
final class UsageAnswer {

    private static final List<String> MEMINFO = List.of("MemTotal", "MemFree", "Buffers", "Cached", "SReclaimable", "Shmem", "Active",
            "Inactive", "Slab", "MemAvailable");

    private final Path proc;
    private final Supplier<MemoryReport> memory;
    private Optional<Long> lastWallNanos = Optional.empty();
    private long lastProcessCpuNanos;
    private Optional<long[]> lastHost = Optional.empty();

    UsageAnswer(Path proc, Supplier<MemoryReport> memory) {
        this.proc = proc;
        this.memory = memory;
    }

    synchronized UsageReply answer() {
        List<ProcessHandle> processes = Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants()).toList();
        long cpu = processes.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        long wall = System.nanoTime();
        // as psutil's cpu_percent(): 0.0 the first time, then the share of one core since the last request
        double kernelCpu = lastWallNanos.map(before -> wall > before ? 100.0 * (cpu - lastProcessCpuNanos) / (wall - before) : 0.0).orElse(0.0);
        lastWallNanos = Optional.of(wall);
        lastProcessCpuNanos = cpu;
        List<long[]> stat = cpuLines();
        OptionalDouble hostCpu = stat.isEmpty() ? OptionalDouble.empty() : hostPercent(stat.get(0));
        int cpus = stat.size() > 1 ? stat.size() - 1 : Runtime.getRuntime().availableProcessors();
        JsonObject extra = new JsonObject();
        extra.add("gpu", gpu(memory.get()));
        return new UsageReply(HostName.of(proc), ProcessHandle.current().pid(), kernelCpu, memoryOf(processes), hostCpu, cpus, virtualMemory(), extra);
    }

    /** ipykernel sums PSS (RSS where the kernel has no smaps_rollup) over the process and its children. */
    private OptionalLong memoryOf(List<ProcessHandle> processes) {
        long sum = 0;
        boolean any = false;
        for (ProcessHandle process : processes) {
            Path dir = proc.resolve(Long.toString(process.pid()));
            OptionalLong pss = ProcKibFields.read(dir.resolve("smaps_rollup"), List.of("Pss")).bytes("Pss");
            OptionalLong bytes = pss.isPresent() ? pss : ProcKibFields.read(dir.resolve("status"), List.of("VmRSS")).bytes("VmRSS");
            if (bytes.isPresent()) {
                sum += bytes.getAsLong();
                any = true;
            }
        }
        return any ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    /** The {@code cpu} line, then each {@code cpuN} line, of /proc/stat, as their numbers (USER_HZ ticks). */
    private List<long[]> cpuLines() {
        try {
            return Files.readAllLines(proc.resolve("stat"), StandardCharsets.ISO_8859_1).stream().filter(line -> line.startsWith("cpu"))
                    .map(line -> Stream.of(line.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray()).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * psutil's cpu_percent() for the whole host: busy ticks over all ticks since the last request, busy being all but
     * idle and iowait, and guest time left out of the total (the kernel counts it in user and nice already).
     */
    private OptionalDouble hostPercent(long[] now) {
        Optional<long[]> before = lastHost;
        lastHost = Optional.of(now);
        if (before.isEmpty() || now.length < 5) {
            return OptionalDouble.empty();
        }
        long total = total(now) - total(before.get());
        long idle = now[3] + now[4] - before.get()[3] - before.get()[4];
        return total <= 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.round(1000.0 * (total - idle) / total) / 10.0);
    }

    private static long total(long[] ticks) {
        long sum = 0;
        for (int i = 0; i < ticks.length && i < 8; i++) {
            sum += ticks[i]; // user nice system idle iowait irq softirq steal; guest and guest_nice are in user and nice
        }
        return sum;
    }

    /** psutil's virtual_memory() on Linux, from /proc/meminfo; a figure the file lacks is left out, and so is what needs it. */
    private Map<String, Number> virtualMemory() {
        ProcKibFields info = ProcKibFields.read(proc.resolve("meminfo"), MEMINFO);
        Map<String, Number> memory = new LinkedHashMap<>();
        OptionalLong total = info.bytes("MemTotal");
        OptionalLong free = info.bytes("MemFree");
        OptionalLong available = info.bytes("MemAvailable");
        long cached = info.bytes("Cached").orElse(0) + info.bytes("SReclaimable").orElse(0);
        long buffers = info.bytes("Buffers").orElse(0);
        total.ifPresent(bytes -> memory.put("total", bytes));
        available.ifPresent(bytes -> memory.put("available", bytes));
        if (total.isPresent() && available.isPresent() && total.getAsLong() > 0) {
            memory.put("percent", Math.round(1000.0 * (total.getAsLong() - available.getAsLong()) / total.getAsLong()) / 10.0);
        }
        if (total.isPresent() && free.isPresent()) {
            long used = total.getAsLong() - free.getAsLong() - cached - buffers;
            memory.put("used", used < 0 ? total.getAsLong() - free.getAsLong() : used);
            memory.put("free", free.getAsLong());
        }
        Map<String, String> named = Map.of("active", "Active", "inactive", "Inactive", "buffers", "Buffers", "shared", "Shmem", "slab", "Slab");
        named.forEach((name, key) -> info.bytes(key).ifPresent(bytes -> memory.put(name, bytes)));
        if (info.bytes("Cached").isPresent()) {
            memory.put("cached", cached);
        }
        return memory;
    }

    /** Each device, and this kernel's share of it; a figure not known is left out. Why there is none, where there is none. */
    static JsonArray gpu(MemoryReport report) {
        JsonArray devices = new JsonArray();
        for (DeviceReport device : report.devices()) {
            JsonObject one = new JsonObject();
            one.addProperty("id", device.device().id().toString());
            device.device().uuid().ifPresent(uuid -> one.addProperty("uuid", uuid));
            device.device().name().ifPresent(name -> one.addProperty("name", name));
            put(one, "memory_total", device.device().totalBytes());
            put(one, "memory_used", device.device().usedBytes());
            put(one, "memory_free", device.device().freeBytes());
            put(one, "kernel_memory", device.kernel().heldBytes());
            put(one, "kernel_tensors", device.kernel().tensorsBytes());
            put(one, "kernel_cache", device.kernel().cacheBytes());
            put(one, "kernel_context", device.kernel().contextAndLibrariesBytes());
            devices.add(one);
        }
        return devices;
    }

    private static void put(JsonObject json, String name, OptionalLong bytes) {
        bytes.ifPresent(value -> json.addProperty(name, value));
    }
}
