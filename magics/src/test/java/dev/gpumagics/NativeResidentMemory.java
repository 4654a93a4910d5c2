package dev.gpumagics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * This process's resident memory outside the Java heap: the sum of {@code Rss} over {@code /proc/self/smaps}, less the
 * mappings inside the heap's address range, which the JVM's own {@code GC.heap_info} names. Native memory (libtorch's
 * tensors) shows here whole, whatever the collector does with the heap: a heap that grows, shrinks or is touched for
 * the first time between two readings moves the process's RSS by tens of MiB and this figure not at all.
 */
public final class NativeResidentMemory {

    private static final Pattern RANGE = Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)(?:, 0x([0-9a-f]+))?\\)");
    private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");

    private final long heapStart;
    private final long heapEnd;

    private NativeResidentMemory(long heapStart, long heapEnd) {
        this.heapStart = heapStart;
        this.heapEnd = heapEnd;
    }

    /** The heap's reserved range does not move for the JVM's life: it is read once. */
    private static final class ThisJvm {
        static final NativeResidentMemory READER = ofHeapInfo(heapInfo());
    }

    public static long bytes() {
        return ThisJvm.READER.read(Path.of("/proc/self/smaps"));
    }

    /** The address range that every line of the heap's layout falls in ({@code [start, committed, end)} ranges). */
    static NativeResidentMemory ofHeapInfo(String heapInfo) {
        long start = Long.MAX_VALUE;
        long end = 0;
        for (String line : heapInfo.lines().toList()) {
            if (!line.contains("heap") && !line.contains("generation") && !line.contains("space")) {
                continue;
            }
            Matcher m = RANGE.matcher(line);
            if (m.find()) {
                start = Math.min(start, Long.parseUnsignedLong(m.group(1), 16));
                end = Math.max(end, Long.parseUnsignedLong(m.group(m.group(3) != null ? 3 : 2), 16));
            }
        }
        if (end == 0) {
            throw new IllegalStateException("GC.heap_info names no heap range: " + heapInfo);
        }
        return new NativeResidentMemory(start, end);
    }

    /** The sum of Rss over the mappings that are not inside the heap. */
    long read(Path smaps) {
        List<String> lines;
        try {
            lines = Files.readAllLines(smaps);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + smaps + ": " + e.getMessage(), e);
        }
        long total = 0;
        boolean inHeap = false;
        for (String line : lines) {
            Matcher mapping = MAPPING.matcher(line);
            if (mapping.find()) {
                long start = Long.parseUnsignedLong(mapping.group(1), 16);
                long end = Long.parseUnsignedLong(mapping.group(2), 16);
                inHeap = start >= heapStart && end <= heapEnd;
            } else if (line.startsWith("Rss:") && !inHeap) {
                total += Long.parseLong(line.substring(4).replace("kB", "").strip()) * 1024;
            }
        }
        return total;
    }

    private static String heapInfo() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcHeapInfo", new Object[] {null}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("the GC.heap_info diagnostic command failed: " + e, e);
        }
    }
}
