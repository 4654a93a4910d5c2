package dev.gpumagics.probe;

import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Parses {@code nvidia-smi --format=csv,noheader,nounits} output of the queries in {@link NvidiaSmiProbe}, field by
 * field. nvidia-smi writes a missing value as {@code [N/A]}, {@code [Not Supported]}, {@code [Insufficient Permissions]}
 * and the like, or leaves it empty; each becomes an absent value, never a zero and never a reason to drop the device
 * or the process row.
 */
final class NvidiaSmiCsv {

    static final String GPU_FIELDS = "index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu,driver_version";
    static final String APP_FIELDS = "gpu_uuid,pid,used_memory";
    static final long MIB = 1024L * 1024;

    private NvidiaSmiCsv() {}

    /** @param migDevices the MIG instances {@link NvidiaSmiMig} found, whose processes this output may name */
    static GpuSnapshot parse(String gpuCsv, String appCsv, List<DeviceMemory> migDevices) {
        List<DeviceMemory> devices = new ArrayList<>();
        Optional<String> driver = Optional.empty();
        List<String> lines = lines(gpuCsv);
        for (int position = 0; position < lines.size(); position++) {
            String line = lines.get(position);
            String[] f = fields(line, 8);
            // nvidia-smi lists the GPUs in index order: where the index itself is unreadable, its place says it
            int index = (int) number(f[0]).orElse(position);
            DeviceMemory device = new DeviceMemory(DeviceId.gpu(index), text(f[1]), text(f[2]),
                    mib(f[3]), mib(f[4]), mib(f[5]), percent(f[6]));
            devices.add(device);
            driver = driver.or(() -> text(f[7]));
        }
        devices.addAll(migDevices);
        devices.sort(Comparator.comparing(DeviceMemory::id));
        List<ProcessUsage> processes = new ArrayList<>();
        for (String line : lines(appCsv)) {
            if (line.startsWith("No running")) {
                continue;
            }
            String[] f = fields(line, 3);
            // a device outside this query (another MIG layout, a GPU hidden from it): the row is kept, on no device we list
            Optional<DeviceId> device = text(f[0]).flatMap(uuid -> devices.stream().filter(d -> d.hasUuid(uuid)).findFirst())
                    .map(DeviceMemory::id);
            processes.add(new ProcessUsage(device, number(f[1]), mib(f[2])));
        }
        return new GpuSnapshot("nvidia-smi", driver, devices, processes, List.of());
    }

    private static List<String> lines(String csv) {
        return csv.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String[] fields(String line, int expected) {
        String[] fields = line.split(",", -1);
        if (fields.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " fields, got " + fields.length + ": " + line);
        }
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].strip();
        }
        return fields;
    }

    /** A word nvidia-smi printed, or absent where it printed nothing or one of its bracketed words for a value it has not. */
    static Optional<String> text(String value) {
        return value.isEmpty() || value.startsWith("[") || value.equals("N/A") ? Optional.empty() : Optional.of(value);
    }

    static OptionalLong mib(String value) {
        OptionalLong mib = number(value);
        return mib.isPresent() ? OptionalLong.of(mib.getAsLong() * MIB) : OptionalLong.empty();
    }

    private static OptionalInt percent(String value) {
        OptionalLong percent = number(value);
        return percent.isPresent() ? OptionalInt.of((int) percent.getAsLong()) : OptionalInt.empty();
    }

    static OptionalLong number(String value) {
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
