package dev.gpumagics.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.ContextOutcome;
import dev.gpumagics.idle.ActivityMeter;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.idle.IdleSteps;
import dev.gpumagics.idle.IdleWatch;
import dev.gpumagics.release.GcOutcome;
import dev.gpumagics.release.MemoryLevel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** %gpuidle setting, showing and turning off the kernel's policy; one line for bad input and in a kernel that cannot have one. */
class GpuIdleMagicTest {

    private static final IdleSteps NO_DRIVER = new IdleSteps() {
        @Override public GcOutcome release() {
            MemoryLevel level = MemoryLevel.host(OptionalLong.of(1));
            return new GcOutcome(level, level, false, Duration.ZERO);
        }
        @Override public ContextOutcome suspend() { throw new AssertionError("not in this test"); }
        @Override public Optional<ContextOutcome> resume() { return Optional.empty(); }
        @Override public boolean parked() { return false; }
        @Override public Optional<String> suspendUnavailable() { return Optional.of("no NVIDIA driver (libcuda.so.1 is not on the library path)"); }
    };

    private final IdleWatch watch = new IdleWatch(IdlePolicy.OFF, NO_DRIVER,
            new ActivityMeter(GpuIdleMagicTest.class::getClassLoader, Optional::empty), Clock.systemUTC(), () -> { });
    private final GpuIdleMagic magic = new GpuIdleMagic(Optional.of(new GpuIdleMagic.KernelIdle(watch,
            () -> List.of("this kernel's record for the others: /dev/shm/gpumagics-kernels-1000/kernel-1.json"))));

    @AfterEach
    void close() {
        watch.close();
    }

    private String run(GpuIdleMagic magic, String... args) {
        List<MimeBundle> shown = magic.call(List.of(args), RecordingNotebook.withoutVariables());
        assertEquals(1, shown.size());
        return shown.get(0).text();
    }

    @Test
    void bothStepsAreSetThenOneIsChangedAndTheOtherKeptThenAllIsOff() {
        assertEquals("gpuidle: after 10m idle, this kernel releases libtorch's cache, cuBLAS workspaces and pending deallocations;"
                + " after 2h idle, it parks its whole GPU state in host memory, and the next cell resumes it\n"
                + "the suspend step cannot park anything here: no NVIDIA driver (libcuda.so.1 is not on the library path)",
                run(magic, "release", "10m", "suspend", "2h"));
        assertEquals(new IdlePolicy(Optional.of(Duration.ofMinutes(10)), Optional.of(Duration.ofHours(2))), watch.policy());

        run(magic, "release", "30s");
        assertEquals(new IdlePolicy(Optional.of(Duration.ofSeconds(30)), Optional.of(Duration.ofHours(2))), watch.policy());
        run(magic, "suspend", "off");
        assertEquals(new IdlePolicy(Optional.of(Duration.ofSeconds(30)), Optional.empty()), watch.policy());

        String status = run(magic);
        assertTrue(status.startsWith("gpuidle: release 30s: after 30s idle, this kernel releases"), status);
        assertTrue(status.contains("\n  idle: no cell running and, at each look, no Java thread of this kernel using more than 5% of a core,"
                + " libtorch's allocator counters unchanged and no GPU work by this process in NVML's samples; it looks every 3.00 s\n"), status);
        assertTrue(status.contains("\n  measured here: Java threads' CPU time; libtorch's allocator: not read"), status);
        assertTrue(status.endsWith("\n  this kernel's record for the others: /dev/shm/gpumagics-kernels-1000/kernel-1.json"), status);

        assertEquals("gpuidle: off; this kernel gives nothing back by itself (%gpugc and %gpususpend still do, when asked)", run(magic, "off"));
        assertEquals(IdlePolicy.OFF, watch.policy());
    }

    @Test
    void badInputIsOneLineWithTheUsageAndChangesNothing() {
        run(magic, "release", "10m");
        String usage = ". Usage: %gpuidle [release 10m|off] [suspend 2h|off], or %gpuidle off";
        assertEquals("release: '10x' is not an idle time: write 30s, 10m or 2h (a whole number and s, m or h), or off" + usage,
                assertThrows(MagicUsageException.class, () -> run(magic, "release", "10x")).getMessage());
        assertEquals("suspend: '0s' is no time at all: write at least 1s, or off" + usage,
                assertThrows(MagicUsageException.class, () -> run(magic, "suspend", "0s")).getMessage());
        assertEquals("'park' is not a step: release or suspend, each with an idle time such as 10m, or off" + usage,
                assertThrows(MagicUsageException.class, () -> run(magic, "park", "2h")).getMessage());
        assertEquals("suspend needs an idle time such as 30s, 10m or 2h, or off" + usage,
                assertThrows(MagicUsageException.class, () -> run(magic, "suspend")).getMessage());
        assertEquals("release is given twice" + usage,
                assertThrows(MagicUsageException.class, () -> run(magic, "release", "1m", "release", "2m")).getMessage());
        assertEquals("unknown option --now" + usage, assertThrows(MagicUsageException.class, () -> run(magic, "--now")).getMessage());
        assertEquals(new IdlePolicy(Optional.of(Duration.ofMinutes(10)), Optional.empty()), watch.policy(), "unchanged");
    }

    @Test
    void inAKernelThatCannotTellCellsApartItSaysWhyInOneLine() {
        GpuIdleMagic elsewhere = new GpuIdleMagic(Optional.empty());
        String why = assertThrows(MagicUsageException.class, () -> run(elsewhere, "release", "10m")).getMessage();
        assertEquals(GpuIdleMagic.NOT_HERE, why);
        assertTrue(why.startsWith("%gpuidle needs a kernel that tells GpuMagics when each cell starts and ends"), why);
        assertEquals(GpuIdleMagic.NOT_HERE, assertThrows(MagicUsageException.class, () -> run(elsewhere)).getMessage());
    }

    @Test
    void theKernelspecsValuesAreReadAndABadOneTurnsItsStepOffSayingSo() {
        IdlePolicy.FromEnvironment ok = IdlePolicy.fromEnvironment(java.util.Map.of("GPUMAGICS_IDLE_RELEASE", "10m", "GPUMAGICS_IDLE_SUSPEND", "2h"));
        assertEquals(new IdlePolicy(Optional.of(Duration.ofMinutes(10)), Optional.of(Duration.ofHours(2))), ok.policy());
        assertEquals(Optional.empty(), ok.problem());
        IdlePolicy.FromEnvironment bad = IdlePolicy.fromEnvironment(java.util.Map.of("GPUMAGICS_IDLE_RELEASE", "ten", "GPUMAGICS_IDLE_SUSPEND", "2h"));
        assertEquals(new IdlePolicy(Optional.empty(), Optional.of(Duration.ofHours(2))), bad.policy());
        assertEquals(Optional.of("GPUMAGICS_IDLE_RELEASE=ten in the kernelspec: 'ten' is not an idle time: write 30s, 10m or 2h"
                + " (a whole number and s, m or h), or off; that step is off"), bad.problem());
    }
}
