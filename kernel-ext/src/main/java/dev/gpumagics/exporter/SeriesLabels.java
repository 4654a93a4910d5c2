package dev.gpumagics.exporter;

import dev.gpumagics.neighbours.HeldOnGpu;
import dev.gpumagics.neighbours.NeighbourKernel;
import dev.gpumagics.probe.value.DeviceId;
import dev.gpumagics.probe.value.DeviceMemory;
import dev.gpumagics.probe.value.GpuSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The labels of the exporter's series. A device carries dcgm-exporter's names ({@code gpu}, {@code UUID},
 * {@code Hostname}), so that a dashboard joins our series with {@code DCGM_FI_DEV_FB_USED}. dcgm-exporter's
 * {@code modelName} is not among them: promtool's lint refuses a camelCase label name, so the model is in
 * {@code gpumagics_device_info}'s {@code model_name}, and a join on {@code UUID} takes DCGM's own. A MIG
 * instance is named by its GPU there ({@code gpu} and {@code UUID} are its GPU's) and by {@code mig_device}, nvidia-smi
 * -L's index of it. A kernel adds {@code user}, {@code kernel_id}, {@code notebook} and {@code pid}. A value that is
 * not known is left out: Prometheus reads an empty label as no label.
 */
final class SeriesLabels {

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    private SeriesLabels() {}

    static SeriesLabels of(Optional<String> hostname) {
        return new SeriesLabels().with("Hostname", hostname);
    }

    SeriesLabels with(String name, Optional<String> value) {
        value.filter(v -> !v.isEmpty()).ifPresent(v -> {
            names.add(name);
            values.add(v);
        });
        return this;
    }

    SeriesLabels with(String name, String value) {
        return with(name, Optional.of(value));
    }

    /** A device of the snapshot: a MIG instance by its GPU and its own index. */
    SeriesLabels device(DeviceMemory device, GpuSnapshot snapshot) {
        DeviceId id = device.id();
        with("gpu", Integer.toString(id.gpu()));
        if (id.isMig()) {
            Optional<String> gpuUuid = snapshot.devices().stream().filter(d -> d.id().equals(DeviceId.gpu(id.gpu()))).findFirst()
                    .flatMap(DeviceMemory::uuid);
            with("UUID", gpuUuid).with("mig_device", Integer.toString(id.mig().getAsInt()));
        } else {
            with("UUID", device.uuid());
        }
        return this;
    }

    /** A device a kernel's record names but the probe did not list: as the record names it. */
    SeriesLabels recorded(HeldOnGpu held) {
        Optional<DeviceId> id = DeviceId.parse(held.device());
        with("gpu", id.map(d -> Integer.toString(d.gpu())));
        if (id.isPresent() && id.get().isMig()) {
            return with("mig_device", Integer.toString(id.get().mig().getAsInt()));
        }
        return with("UUID", held.uuid());
    }

    /** Whose kernel: its user as the system names the process's owner, its id, its notebook as its owner shows it, its pid. */
    SeriesLabels kernel(NeighbourKernel kernel, boolean showNotebooks) {
        with("user", kernel.user()).with("kernel_id", kernel.record().kernelId());
        if (showNotebooks) {
            with("notebook", kernel.record().notebook());
        }
        return with("pid", Long.toString(kernel.record().pid()));
    }

    Labels build() {
        return Labels.of(names, values);
    }
}
