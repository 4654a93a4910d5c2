package dev.gpumagics.exporter;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The series of one scrape, gathered by family in the Prometheus client's model: a figure that is absent adds no
 * sample, and a family without samples is left out whole.
 */
final class Families {

    private record Family(String help, @Nullable Unit unit, boolean info, Map<Labels, Double> points) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    void gauge(String name, String help, Labels labels, OptionalDouble value) {
        add(name, help, null, false, labels, value);
    }

    void bytes(String name, String help, Labels labels, OptionalLong value) {
        add(name, help, Unit.BYTES, false, labels, value.isPresent() ? OptionalDouble.of(value.getAsLong()) : OptionalDouble.empty());
    }

    /** An info family ({@code NAME_info ... 1}): what identifies a thing, as labels. */
    void info(String name, String help, Labels labels) {
        add(name, help, null, true, labels, OptionalDouble.of(1));
    }

    private void add(String name, String help, @Nullable Unit unit, boolean info, Labels labels, OptionalDouble value) {
        Family family = families.computeIfAbsent(name, n -> new Family(help, unit, info, new LinkedHashMap<>()));
        if (value.isPresent()) {
            family.points().putIfAbsent(labels, value.getAsDouble()); // a record naming one GPU twice keeps the first
        }
    }

    MetricSnapshots build() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.forEach((name, family) -> {
            if (family.points().isEmpty()) {
                return;
            }
            if (family.info()) {
                InfoSnapshot.Builder info = InfoSnapshot.builder().name(name).help(family.help());
                family.points().keySet().forEach(labels -> info.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels).build()));
                snapshots.add(info.build());
                return;
            }
            GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(family.help());
            if (family.unit() != null) {
                gauge.unit(family.unit());
            }
            family.points().forEach((labels, value) -> gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
            snapshots.add(gauge.build());
        });
        return new MetricSnapshots(snapshots);
    }
}
