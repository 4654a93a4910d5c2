package dev.gpumagics.context.checkpoint;

import static dev.gpumagics.context.checkpoint.Fixtures.GIB;
import static dev.gpumagics.context.checkpoint.Fixtures.OWN_UID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.context.checkpoint.ControllerReply.Done;
import dev.gpumagics.context.checkpoint.ControllerReply.Failed;
import dev.gpumagics.context.checkpoint.ControllerReply.Refused;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.report.ContextText;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CheckpointControllerTest {

    private static final long PID = 4242;

    private final ModelDriver driver = new ModelDriver().withProcess(PID);

    @Test
    void suspendLocksThenCheckpointsAndReportsWhatWasParked() {
        ControllerReply reply = Fixtures.controller(driver).suspend(PID, 10_000);

        Done done = assertInstanceOf(Done.class, reply);
        assertEquals(CheckpointState.CHECKPOINTED, done.state());
        assertEquals(CheckpointState.CHECKPOINTED, driver.states.get(PID));
        assertEquals(List.of("state", "lock", "checkpoint", "state"), driver.calls);
        assertEquals(OptionalLong.of(4 * GIB), done.deviceBytes());
        assertEquals(List.of("lock", "checkpoint"), done.steps().stream().map(ControllerReply.Step::name).toList());
    }

    @Test
    void aProcessNvmlDoesNotListParksAnUnknownAmountNotZero() {
        // in another pid namespace NVML lists the host's pids: no row for ours reads as 0 bytes
        CheckpointController controller = new CheckpointController(driver,
                Fixtures.footprint(Probed.present(0L), Probed.present(20 * GIB)), Fixtures.host(Probed.present(32 * GIB)),
                Fixtures.owners(OWN_UID));

        Done done = assertInstanceOf(Done.class, controller.suspend(PID, 10_000));

        assertEquals(CheckpointState.CHECKPOINTED, done.state());
        assertEquals(OptionalLong.empty(), done.deviceBytes());
    }

    @Test
    void resumeRestoresThenUnlocks() {
        CheckpointController controller = Fixtures.controller(driver);
        controller.suspend(PID, 10_000);
        driver.calls.clear();

        Done done = assertInstanceOf(Done.class, controller.resume(PID, Optional.empty()));

        assertEquals(CheckpointState.RUNNING, done.state());
        assertEquals(CheckpointState.RUNNING, driver.states.get(PID));
        assertEquals(List.of("state", "restore", "unlock", "state"), driver.calls);
    }

    /** A restore that runs out of device memory leaves the process unrestorable (NVIDIA/cuda-checkpoint#44): never try one. */
    @Test
    void aResumeWithoutRoomOnTheDeviceIsNotTriedAndTheProcessStaysParked() {
        BytesPerDevice held = BytesPerDevice.of(java.util.Map.of(0, 4 * GIB, 1, 1 * GIB));
        Probed<BytesPerDevice>[] free = new Probed[] {Probed.present(BytesPerDevice.of(java.util.Map.of(0, 60 * GIB, 1, 60 * GIB)))};
        CheckpointController controller = new CheckpointController(driver, Fixtures.footprint(held, () -> free[0]),
                Fixtures.host(Probed.present(32 * GIB)), Fixtures.owners(OWN_UID));
        Done parked = assertInstanceOf(Done.class, controller.suspend(PID, 10_000));
        assertEquals(Optional.of(held), parked.heldPerDevice(), "the suspend says what the resume will need back, per device");

        // others took GPU 1 while it was parked: 4 GiB would fit on GPU 0, but GPU 1 lacks its 1 GiB
        free[0] = Probed.present(BytesPerDevice.of(java.util.Map.of(0, 70 * GIB, 1, 900L << 20)));
        driver.calls.clear();
        ControllerReply.NoRoom noRoom = assertInstanceOf(ControllerReply.NoRoom.class, controller.resume(PID, Optional.of(held)));

        assertEquals(new DeviceRoom(PID, 1, 900L << 20, GIB, CheckpointController.RESTORE_HEADROOM), noRoom.room());
        assertEquals("GPU 1 has 900 MiB free and process 4242 needs 1.00 GiB back there (and 256 MiB to spare); "
                + "a restore that runs out of device memory cannot be retried, so none was tried", ContextText.reason(noRoom));
        assertFalse(driver.calls.contains("restore"), driver.calls.toString());
        assertEquals(CheckpointState.CHECKPOINTED, driver.states.get(PID));

        // exactly the need plus the headroom is enough
        free[0] = Probed.present(BytesPerDevice.of(java.util.Map.of(0, 70 * GIB, 1, GIB + CheckpointController.RESTORE_HEADROOM)));
        assertEquals(CheckpointState.RUNNING, assertInstanceOf(Done.class, controller.resume(PID, Optional.of(held))).state());
    }

    /** In a container NVML lists the host's pids: what the checkpoint takes off each device is what the resume needs. */
    @Test
    void whereNvmlDoesNotListThePidTheNeedIsWhatTheCheckpointTookOffEachDevice() {
        DeviceFootprint hidden = new DeviceFootprint() {
            @Override public Probed<Long> bytesHeldBy(long pid) { return Probed.present(0L); }
            @Override public Probed<Long> bytesUsedOnAllDevices() { return Probed.present(30 * GIB); }
            @Override public Probed<BytesPerDevice> usedBytesPerDevice() {
                boolean parked = driver.states.get(PID) == CheckpointState.CHECKPOINTED;
                return Probed.present(BytesPerDevice.of(java.util.Map.of(0, parked ? 6 * GIB : 10 * GIB, 1, 20 * GIB)));
            }
            @Override public Probed<BytesPerDevice> freeBytesPerDevice() {
                return Probed.present(BytesPerDevice.of(java.util.Map.of(0, 2 * GIB, 1, 60 * GIB)));
            }
        };
        CheckpointController controller = new CheckpointController(driver, hidden, Fixtures.host(Probed.present(64 * GIB)),
                Fixtures.owners(OWN_UID));

        Done parked = assertInstanceOf(Done.class, controller.suspend(PID, 10_000));

        assertEquals(Optional.of(BytesPerDevice.of(java.util.Map.of(0, 4 * GIB))), parked.heldPerDevice());
        assertInstanceOf(ControllerReply.NoRoom.class, controller.resume(PID, parked.heldPerDevice()));
    }

    /** A kernel's %gpususpend, then a shell's resume --pid (another process, another controller): the record carries the need. */
    @Test
    void aResumeFromAnotherProcessUsesWhatTheSuspendRecorded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        BytesPerDevice held = BytesPerDevice.of(java.util.Map.of(0, 4 * GIB));
        long[] free = {60 * GIB};
        ParkedRecords records = ParkedRecords.inDirectory(dir, pid -> Optional.of("b00t-1"));
        java.util.function.Supplier<CheckpointController> controller = () -> new CheckpointController(driver,
                Fixtures.footprint(held, () -> Probed.present(BytesPerDevice.of(java.util.Map.of(0, free[0])))),
                Fixtures.host(Probed.present(32 * GIB)), Fixtures.owners(OWN_UID), records);
        assertInstanceOf(Done.class, controller.get().suspend(PID, 10_000));

        free[0] = 2 * GIB;
        assertInstanceOf(ControllerReply.NoRoom.class, controller.get().resume(PID, Optional.empty()));
        assertEquals(Optional.of(held), records.recall(PID), "kept while still parked");

        free[0] = 40 * GIB;
        assertEquals(CheckpointState.RUNNING, assertInstanceOf(Done.class, controller.get().resume(PID, Optional.empty())).state());
        assertEquals(Optional.empty(), records.recall(PID), "gone once it runs again");
    }

    @Test
    void theHelpersCommandLineCarriesWhatAResumeNeeds() {
        BytesPerDevice held = BytesPerDevice.of(java.util.Map.of(0, 4 * GIB));
        CheckpointController controller = new CheckpointController(driver,
                Fixtures.footprint(held, () -> Probed.present(BytesPerDevice.of(java.util.Map.of(0, GIB)))),
                Fixtures.host(Probed.present(32 * GIB)), Fixtures.owners(OWN_UID));
        controller.suspend(PID, 10_000);

        String request = WireFormat.request(new ControllerRequest(ControllerRequest.Operation.RESUME, PID, 10_000, Optional.of(held)));
        assertEquals("{\"operation\":\"RESUME\",\"pid\":4242,\"lockTimeoutMillis\":10000,\"need\":{\"0\":4294967296}}", request);
        assertInstanceOf(ControllerReply.NoRoom.class, CheckpointHelper.run(new String[] {request}, controller));
        Refused bad = assertInstanceOf(Refused.class, CheckpointHelper.run(new String[] {request.replace("4294967296", "\"4GiB\"")}, controller));
        assertTrue(bad.reason().startsWith("bad helper request: "), bad.reason());
        assertEquals(new Refused("usage: CheckpointHelper REQUEST, one JSON object", ""),
                CheckpointHelper.run(new String[] {"resume", Long.toString(PID)}, controller));
        assertEquals(CheckpointState.CHECKPOINTED, driver.states.get(PID));
    }

    @Test
    void aResumeThatCannotTellWhatIsFreeOrWhatIsNeededIsTried() {
        BytesPerDevice held = BytesPerDevice.of(java.util.Map.of(0, 4 * GIB));
        CheckpointController blind = new CheckpointController(driver,
                Fixtures.footprint(held, () -> Probed.unavailable("NVML: unknown error", "")),
                Fixtures.host(Probed.present(32 * GIB)), Fixtures.owners(OWN_UID));
        blind.suspend(PID, 10_000);
        assertEquals(CheckpointState.RUNNING, assertInstanceOf(Done.class, blind.resume(PID, Optional.of(held))).state());

        CheckpointController full = new CheckpointController(driver,
                Fixtures.footprint(held, () -> Probed.present(BytesPerDevice.of(java.util.Map.of(0, 0L)))),
                Fixtures.host(Probed.present(32 * GIB)), Fixtures.owners(OWN_UID));
        full.suspend(PID, 10_000);
        // the shell's resume --pid knows nothing of what was parked: it tries, as it always did
        assertEquals(CheckpointState.RUNNING, assertInstanceOf(Done.class, full.resume(PID, Optional.empty())).state());
    }

    @Test
    void resumeOfALockedProcessOnlyUnlocks() {
        driver.states.put(PID, CheckpointState.LOCKED);

        Done done = assertInstanceOf(Done.class, Fixtures.controller(driver).resume(PID, Optional.empty()));

        assertEquals(CheckpointState.RUNNING, done.state());
        assertFalse(driver.calls.contains("restore"));
    }

    @Test
    void refusesWithoutADriverBeforeAnyCheckpointCall() {
        driver.version = Probed.unavailable("the CUDA libraries could not be loaded (libcuda.so.1: not found)", "install the driver");

        Refused refused = assertInstanceOf(Refused.class, Fixtures.controller(driver).suspend(PID, 10_000));

        assertTrue(refused.reason().startsWith("no usable NVIDIA driver: "), refused.reason());
        assertTrue(refused.reason().contains("libcuda.so.1"), refused.reason());
        assertEquals(List.of(), driver.calls);
    }

    @Test
    void refusesADriverOlderThan570WithoutCallingTheMissingFunctions() {
        driver.version = Probed.present(12040);

        Refused refused = assertInstanceOf(Refused.class, Fixtures.controller(driver).suspend(PID, 10_000));

        assertTrue(refused.reason().contains("CUDA 12.4"), refused.reason());
        assertTrue(refused.reason().contains("570"), refused.reason());
        assertEquals(List.of(), driver.calls);
        assertInstanceOf(Refused.class, Fixtures.controller(driver).resume(PID, Optional.empty()));
        assertEquals(List.of(), driver.calls);
    }

    @Test
    void refusesAnotherUsersProcessBeforeAnyDriverCall() {
        CheckpointController controller = new CheckpointController(driver, Fixtures.footprint(Probed.present(GIB), Probed.present(GIB)),
                Fixtures.host(Probed.present(32 * GIB)), Fixtures.owners(OWN_UID + 1));

        Refused suspend = assertInstanceOf(Refused.class, controller.suspend(PID, 10_000));
        Refused resume = assertInstanceOf(Refused.class, controller.resume(PID, Optional.empty()));

        assertTrue(suspend.reason().contains("uid " + (OWN_UID + 1)) && suspend.reason().contains("your own"), suspend.reason());
        assertEquals(suspend.reason(), resume.reason());
        assertEquals(List.of(), driver.calls);
    }

    @Test
    void refusesAMissingProcessAndANonsensePid() {
        Refused missing = assertInstanceOf(Refused.class, Fixtures.controller(driver).suspend(999999, 10_000));
        Refused negative = assertInstanceOf(Refused.class, Fixtures.controller(driver).resume(-3, Optional.empty()));

        assertEquals("no process 999999", missing.reason());
        assertEquals("not a process id: -3", negative.reason());
        assertEquals(List.of(), driver.calls);
    }

    @Test
    void refusesWhenTheHostCannotHoldWhatWouldBeParked() {
        CheckpointController controller = new CheckpointController(driver,
                Fixtures.footprint(Probed.present(8 * GIB), Probed.present(9 * GIB)),
                Fixtures.host(Probed.present(8 * GIB)), Fixtures.owners(OWN_UID));

        ControllerReply.NoHostRoom refused = assertInstanceOf(ControllerReply.NoHostRoom.class, controller.suspend(PID, 10_000));

        assertEquals(new HostRoom(PID, 8 * GIB, false, 8 * GIB, 8 * GIB + (8 * GIB) / 10), refused.room());
        assertEquals("not enough free host memory to park process 4242's 8.00 GiB of device memory: 8.00 GiB available (MemAvailable),"
                + " 8.80 GiB needed with headroom", ContextText.reason(refused));
        assertEquals("free host memory, or give back GPU memory with %gpufree first", ContextText.hint(refused));
        assertFalse(driver.calls.contains("lock"));
        assertEquals(CheckpointState.RUNNING, driver.states.get(PID));
    }

    @Test
    void leavesHeadroomBeyondTheParkedBytes() {
        // 4 GiB held, 4 GiB + 256 MiB free: the bytes fit, the 512 MiB headroom does not
        CheckpointController controller = new CheckpointController(driver,
                Fixtures.footprint(Probed.present(4 * GIB), Probed.present(4 * GIB)),
                Fixtures.host(Probed.present(4 * GIB + (256L << 20))), Fixtures.owners(OWN_UID));

        assertEquals(new HostRoom(PID, 4 * GIB, false, 4 * GIB + (256L << 20), 4 * GIB + Admission.MIN_HOST_HEADROOM),
                assertInstanceOf(ControllerReply.NoHostRoom.class, controller.suspend(PID, 10_000)).room());
        assertFalse(driver.calls.contains("lock"));
    }

    @Test
    void boundsAProcessNvmlDoesNotListByAllDeviceMemoryInUse() {
        CheckpointController tight = new CheckpointController(driver,
                Fixtures.footprint(Probed.present(0L), Probed.present(40 * GIB)),
                Fixtures.host(Probed.present(32 * GIB)), Fixtures.owners(OWN_UID));
        ControllerReply.NoHostRoom refused = assertInstanceOf(ControllerReply.NoHostRoom.class, tight.suspend(PID, 10_000));
        assertTrue(refused.room().upperBound());
        assertEquals("not enough free host memory to park up to 40.0 GiB (all memory in use on the devices, since NVML does not list"
                + " process 4242): 32.0 GiB available (MemAvailable), 44.0 GiB needed with headroom", ContextText.reason(refused));

        CheckpointController roomy = new CheckpointController(driver,
                Fixtures.footprint(Probed.present(0L), Probed.present(2 * GIB)),
                Fixtures.host(Probed.present(32 * GIB)), Fixtures.owners(OWN_UID));
        assertInstanceOf(Done.class, roomy.suspend(PID, 10_000));
    }

    @Test
    void refusesWhenHostMemoryCannotBeRead() {
        CheckpointController controller = new CheckpointController(driver,
                Fixtures.footprint(Probed.present(GIB), Probed.present(GIB)),
                Fixtures.host(Probed.unavailable("cannot read /proc/meminfo", "")), Fixtures.owners(OWN_UID));

        Refused refused = assertInstanceOf(Refused.class, controller.suspend(PID, 10_000));

        assertTrue(refused.reason().contains("/proc/meminfo"), refused.reason());
        assertFalse(driver.calls.contains("lock"));
    }

    @Test
    void refusesAlreadySuspendedAndNotSuspended() {
        CheckpointController controller = Fixtures.controller(driver);

        Refused notSuspended = assertInstanceOf(Refused.class, controller.resume(PID, Optional.empty()));
        controller.suspend(PID, 10_000);
        Refused already = assertInstanceOf(Refused.class, controller.suspend(PID, 10_000));

        assertEquals("process 4242 is not suspended", notSuspended.reason());
        assertEquals("process 4242 is already suspended", already.reason());
        assertEquals(CheckpointState.CHECKPOINTED, driver.states.get(PID));
    }

    @Test
    void aLockThatTimesOutLeavesTheProcessRunningAndIsARefusal() {
        driver.failing("lock", new DriverCall(909, "the operation timed out (909)"));

        Refused refused = assertInstanceOf(Refused.class, Fixtures.controller(driver).suspend(PID, 10));

        assertTrue(refused.reason().contains("timed out") && refused.reason().contains("runs on as before"), refused.reason());
        assertFalse(driver.calls.contains("checkpoint"));
    }

    @Test
    void aFailedCheckpointIsUnlockedAgain() {
        driver.failing("checkpoint", new DriverCall(2, "out of memory (2)"));

        Failed failed = assertInstanceOf(Failed.class, Fixtures.controller(driver).suspend(PID, 10_000));

        assertTrue(failed.reason().contains("out of memory") && failed.reason().contains("unlocked again"), failed.reason());
        assertEquals(Optional.of(CheckpointState.RUNNING), failed.state());
        assertEquals(CheckpointState.RUNNING, driver.states.get(PID));
    }

    @Test
    void aProcessWithoutCudaHasNothingToPark() {
        Refused refused = assertInstanceOf(Refused.class, Fixtures.controller(driver).suspend(777, 10_000));

        assertTrue(refused.reason().startsWith("process 777 has no CUDA state to park"), refused.reason());
        assertEquals(List.of("state"), driver.calls);
    }
}
