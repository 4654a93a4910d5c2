package dev.gpumagics.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one cell did to memory: the per-cell record of {@code %gpuwatch}, for the text line, the HTML row and JSON.
 *
 * @param wall the cell's wall time, from its start to its last snippet's end
 * @param devices one per GPU NVML lists, in its order; empty where none was read
 * @param gpuNotRead why no GPU was read (no driver, or this kernel's GPU state is parked); empty when read
 * @param gpuParked whether the GPUs were not read because this kernel's GPU state was parked as the cell ended
 * @param variables the variables the cell created or rebound that hold tensors now or did when the watch last saw them
 * @param processes other processes that appeared on a GPU or left it meanwhile
 */
public record CellRecord(Instant startedAt, Duration wall, HostChange host, List<DeviceChange> devices,
        Optional<String> gpuNotRead, boolean gpuParked, List<VariableChange> variables, List<ProcessChange> processes) {

    public CellRecord {
        devices = List.copyOf(devices);
        variables = List.copyOf(variables);
        processes = List.copyOf(processes);
    }
}
