package dev.gpumagics.internal.cuda;

import dev.gpumagics.internal.cuda.NvmlCalls.Answer;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import dev.gpumagics.probe.value.ProcessUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.bytedeco.cuda.global.nvml;

/**
 * A snapshot read field by field, as nvitop reads NVML: a call that fails for one field (NVML_ERROR_NOT_SUPPORTED for
 * the memory of a unified-memory device, for the utilization of a MIG instance; NO_PERMISSION for a process list)
 * leaves that field absent, and every device the driver counts is listed. Only a driver that cannot count its devices
 * fails the snapshot. MIG instances are devices of their own, read through their own handles; their GPU's processes are
 * theirs, so the GPU's own list is not read again.
 */
final class NvmlReading {

    private NvmlReading() {}

    static <H> GpuSnapshot snapshot(NvmlCalls<H> driver) {
        Answer<Integer> count = driver.deviceCount();
        if (count.value().isEmpty()) {
            throw new NvmlException("nvmlDeviceGetCount_v2", count.status(), driver.errorString(count.status()));
        }
        List<DeviceMemory> devices = new ArrayList<>();
        List<ProcessUsage> processes = new ArrayList<>();
        List<DeviceId> unlisted = new ArrayList<>();
        for (int index = 0; index < count.value().get(); index++) {
            DeviceId id = DeviceId.gpu(index);
            Answer<H> handle = driver.handle(index);
            if (handle.value().isEmpty()) {
                // counted but not reachable (a GPU fallen off the bus): listed, with nothing known of it
                devices.add(new DeviceMemory(id, Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
                        OptionalLong.empty(), OptionalInt.empty()));
                unlisted.add(id);
                continue;
            }
            H device = handle.value().get();
            devices.add(device(driver, id, device));
            List<Instance<H>> instances = migInstances(driver, device);
            if (instances.isEmpty()) {
                processes(driver, id, device, processes, unlisted);
            }
            for (Instance<H> instance : instances) {
                // by NVML's MIG device index, the one nvidia-smi -L shows as "MIG 3g.40gb Device N"
                DeviceId instanceId = DeviceId.mig(index, instance.slot());
                devices.add(device(driver, instanceId, instance.handle()));
                processes(driver, instanceId, instance.handle(), processes, unlisted);
            }
        }
        return new GpuSnapshot("NVML", driver.driverVersion().value(), devices, processes, unlisted);
    }

    private static <H> DeviceMemory device(NvmlCalls<H> driver, DeviceId id, H device) {
        Optional<NvmlCalls.Memory> memory = driver.memory(device).value();
        Optional<Integer> utilization = driver.utilization(device).value();
        return new DeviceMemory(id, driver.uuid(device).value(), driver.name(device).value(),
                bytes(memory.map(NvmlCalls.Memory::totalBytes)), bytes(memory.map(NvmlCalls.Memory::usedBytes)),
                bytes(memory.map(NvmlCalls.Memory::freeBytes)),
                utilization.isPresent() ? OptionalInt.of(utilization.get()) : OptionalInt.empty());
    }

    private record Instance<H>(int slot, H handle) {}

    /**
     * The GPU's MIG instances; none where MIG is off, or NVML has no MIG (an older driver, a GeForce). A slot no instance
     * fills (NVML_ERROR_NOT_FOUND) is skipped, as is one NVML cannot hand out: an instance is never guessed.
     */
    private static <H> List<Instance<H>> migInstances(NvmlCalls<H> driver, H device) {
        if (!driver.migEnabled(device).value().orElse(false)) {
            return List.of();
        }
        List<Instance<H>> instances = new ArrayList<>();
        int slots = driver.maxMigDevices(device).value().orElse(0);
        for (int slot = 0; slot < slots; slot++) {
            int index = slot;
            driver.migHandle(device, slot).value().ifPresent(handle -> instances.add(new Instance<>(index, handle)));
        }
        return instances;
    }

    private static <H> void processes(NvmlCalls<H> driver, DeviceId id, H device, List<ProcessUsage> into, List<DeviceId> unlisted) {
        Optional<List<NvmlCalls.ProcessRow>> rows = driver.computeProcesses(device).value();
        if (rows.isEmpty()) {
            unlisted.add(id);
            return;
        }
        for (NvmlCalls.ProcessRow row : rows.get()) {
            // NVML's "unsigned long long -1" for a process whose usage the driver withholds
            OptionalLong used = row.usedGpuMemory() == nvml.NVML_VALUE_NOT_AVAILABLE ? OptionalLong.empty() : OptionalLong.of(row.usedGpuMemory());
            into.add(ProcessUsage.on(id, row.pid(), used));
        }
    }

    private static OptionalLong bytes(Optional<Long> value) {
        return value.isPresent() ? OptionalLong.of(value.get()) : OptionalLong.empty();
    }

    /**
     * The highest SM utilization sampled for {@code pid} on each GPU since then: 0 where the driver has no sample for it
     * (NVML_ERROR_NOT_FOUND, or no row of its pid); a GPU whose driver does not sample processes (NOT_SUPPORTED, as on
     * MIG instances) or that cannot be reached is left out.
     */
    static <H> Map<Integer, Integer> processSmPercent(NvmlCalls<H> driver, long pid, long sinceMicros) {
        Answer<Integer> count = driver.deviceCount();
        if (count.value().isEmpty()) {
            throw new NvmlException("nvmlDeviceGetCount_v2", count.status(), driver.errorString(count.status()));
        }
        Map<Integer, Integer> busiest = new TreeMap<>();
        for (int index = 0; index < count.value().get(); index++) {
            Optional<H> handle = driver.handle(index).value();
            if (handle.isEmpty()) {
                continue;
            }
            Answer<List<NvmlCalls.UtilizationRow>> samples = driver.processUtilization(handle.get(), sinceMicros);
            if (samples.status() == nvml.NVML_ERROR_NOT_FOUND) {
                busiest.put(index, 0);
            } else if (samples.value().isPresent()) {
                busiest.put(index, samples.value().get().stream().filter(row -> row.pid() == pid)
                        .mapToInt(NvmlCalls.UtilizationRow::smPercent).max().orElse(0));
            }
        }
        return busiest;
    }
}
