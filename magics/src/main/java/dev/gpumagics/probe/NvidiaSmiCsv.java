package dev.gpumagics.probe;

import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Parses {@code nvidia-smi --format=csv,noheader,nounits} output of the queries in
 * {@link NvidiaSmiProbe}. nvidia-smi writes a missing value as {@code [N/A]}, {@code [Not Supported]},
 * {@code [Insufficient Permissions]} and the like; those become absent values, not zeros.
 */
final class NvidiaSmiCsv {

    static final String GPU_FIELDS = "index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu,driver_version";
    static final String APP_FIELDS = "gpu_uuid,pid,used_memory";
    private static final long MIB = 1024L * 1024;

    private NvidiaSmiCsv() {}

    static GpuSnapshot parse(String gpuCsv, String appCsv) {
        List<DeviceMemory> devices = new ArrayList<>();
        Map<String, Integer> indexByUuid = new HashMap<>();
        String driver = "";
        for (String line : gpuCsv.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] f = fields(line, 8);
            OptionalLong utilization = number(f[6]);
            DeviceMemory device = new DeviceMemory(
                    (int) required(f[0], "index", line),
                    f[1],
                    f[2],
                    required(f[3], "memory.total", line) * MIB,
                    required(f[4], "memory.used", line) * MIB,
                    required(f[5], "memory.free", line) * MIB,
                    utilization.isPresent() ? OptionalInt.of((int) utilization.getAsLong()) : OptionalInt.empty());
            devices.add(device);
            indexByUuid.put(device.uuid(), device.index());
            driver = f[7];
        }
        List<ProcessUsage> processes = new ArrayList<>();
        for (String line : appCsv.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            if (line.startsWith("No running")) {
                continue;
            }
            String[] f = fields(line, 3);
            // a MIG instance or a device outside this query: the row is kept, on no device we list
            Integer listed = indexByUuid.get(f[0]);
            OptionalInt index = listed == null ? OptionalInt.empty() : OptionalInt.of(listed);
            OptionalLong used = number(f[2]);
            processes.add(new ProcessUsage(index, required(f[1], "pid", line),
                    used.isPresent() ? OptionalLong.of(used.getAsLong() * MIB) : OptionalLong.empty()));
        }
        return new GpuSnapshot("nvidia-smi", driver, devices, processes);
    }

    private static String[] fields(String line, int expected) {
        String[] fields = line.split(",\\s*", -1);
        if (fields.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " fields, got " + fields.length + ": " + line);
        }
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].strip();
        }
        return fields;
    }

    private static long required(String value, String field, String line) {
        OptionalLong parsed = number(value);
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException(field + " is '" + value + "' in: " + line);
        }
        return parsed.getAsLong();
    }

    private static OptionalLong number(String value) {
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
