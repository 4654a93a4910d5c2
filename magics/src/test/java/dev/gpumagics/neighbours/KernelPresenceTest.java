package dev.gpumagics.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.ContextStatus;
import dev.gpumagics.context.checkpoint.BytesPerDevice;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.probe.ProcessTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This JVM's own record, through the real /proc: written as its state changes, and taken back at the end. */
class KernelPresenceTest {

    private static final long SELF = ProcessHandle.current().pid();

    @TempDir
    Path parent;

    private static KernelRecord await(RecordReader reader, Predicate<KernelRecord> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<NeighbourKernel> seen = Optional.empty();
        while (System.nanoTime() < deadline) {
            seen = reader.read(SELF);
            if (seen.isPresent() && wanted.test(seen.get().record())) {
                return seen.get().record();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not seen in 10 s; last: " + seen);
    }

    @Test
    void theRecordFollowsTheKernelsCellsItsPolicyAndItsParkAndGoesWhenItCloses() throws Exception {
        RecordShelf shelf = new RecordShelf(parent, Path.of("/proc"), RecordShelfTest.OWN);
        RecordReader reader = shelf.reader(ProcessTable.system());
        AtomicReference<Optional<ContextStatus>> context = new AtomicReference<>(Optional.of(new ContextStatus.Running()));
        List<HeldOnGpu> held = List.of(new HeldOnGpu("0", "GPU-1f2e", OptionalLong.of(3L << 30), OptionalLong.of(1L << 30), OptionalLong.of(1L << 30)));
        KernelPresence presence = KernelPresence.start(shelf, "GpuMagics", Optional.of("7f3a"), Optional.of("train.ipynb"), KernelState.IDLE,
                Optional.of(IdlePolicy.OFF), () -> held, context::get).orElseThrow();
        try {
            KernelRecord first = await(reader, r -> true);
            assertEquals("GpuMagics", first.kernel());
            assertEquals(Optional.of("7f3a"), first.kernelId());
            assertEquals(Optional.of("train.ipynb"), first.notebook());
            assertEquals(held, first.devices());
            assertEquals(ProcessHandle.current().info().startInstant().orElseThrow(), first.startedAt());

            presence.cellStarted();
            KernelRecord busy = await(reader, r -> r.state() == KernelState.BUSY);
            presence.cellEnded();
            KernelRecord idle = await(reader, r -> r.state() == KernelState.IDLE);
            assertTrue(!idle.lastActivity().isBefore(busy.lastActivity()), "idle from the cell's end on");

            IdlePolicy policy = new IdlePolicy(Optional.of(Duration.ofMinutes(10)), Optional.empty());
            presence.policy(policy);
            await(reader, r -> r.idlePolicy().equals(Optional.of(policy)));

            context.set(Optional.of(new ContextStatus.Suspended(Instant.now(), OptionalLong.of(3L << 30), Optional.empty(),
                    Optional.of(BytesPerDevice.of(Map.of(0, 3L << 30))))));
            presence.touched();
            KernelRecord parkedRecord = await(reader, r -> r.state() == KernelState.PARKED);
            assertEquals(List.of(HeldOnGpu.parked("0", "GPU-1f2e", 3L << 30)), parkedRecord.devices(),
                    "a parked kernel holds nothing on the GPU; what it parked there is named by the GPU the last look saw");
        } finally {
            presence.close();
        }
        assertFalse(Files.exists(shelf.folderOf(RecordShelfTest.OWN).resolve("kernel-" + SELF + ".json")));
    }

    @Test
    void aParkWhoseFiguresAreUnknownOrOnAGpuNoLookSawNamesNone() {
        List<HeldOnGpu> seen = List.of(new HeldOnGpu("1", "GPU-aa", OptionalLong.of(5L << 30), OptionalLong.empty(), OptionalLong.empty()));
        assertEquals(List.of(), KernelPresence.parkedOn(seen, Optional.empty()));
        assertEquals(List.of(HeldOnGpu.parked("1", "GPU-aa", 5L << 30)),
                KernelPresence.parkedOn(seen, Optional.of(BytesPerDevice.of(Map.of(0, 1L << 30, 1, 5L << 30)))));
    }
}
