package dev.gpumagics.context.checkpoint;

import dev.gpumagics.context.driver.CheckpointDriver;
import dev.gpumagics.context.driver.CheckpointState;
import dev.gpumagics.context.driver.DriverCall;
import dev.gpumagics.probe.value.Probed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A driver that keeps the checkpoint API's state machine for each pid (RUNNING -> lock -> LOCKED ->
 * checkpoint -> CHECKPOINTED -> restore -> LOCKED -> unlock -> RUNNING) and records every call, so
 * tests check transitions the code drives rather than answers they script. Calls out of order fail
 * with the code the driver documents for them (CUDA_ERROR_ILLEGAL_STATE, 401).
 */
public final class ModelDriver implements CheckpointDriver {

    public final List<String> calls = new ArrayList<>();
    public final Map<Long, CheckpointState> states = new HashMap<>();
    public final Map<String, DriverCall> failures = new HashMap<>();
    public Probed<Integer> version = Probed.present(12090);

    public ModelDriver withProcess(long pid) {
        states.put(pid, CheckpointState.RUNNING);
        return this;
    }

    public ModelDriver failing(String call, DriverCall result) {
        failures.put(call, result);
        return this;
    }

    @Override
    public Probed<Integer> driverVersion() {
        return version;
    }

    @Override
    public Probed<CheckpointState> state(long pid) {
        calls.add("state");
        CheckpointState state = states.get(pid);
        return state == null ? Probed.unavailable("cuCheckpointProcessGetState: not found (500)", "") : Probed.present(state);
    }

    @Override
    public DriverCall lock(long pid, int timeoutMillis) {
        return step("lock", pid, CheckpointState.RUNNING, CheckpointState.LOCKED);
    }

    @Override
    public DriverCall checkpoint(long pid) {
        return step("checkpoint", pid, CheckpointState.LOCKED, CheckpointState.CHECKPOINTED);
    }

    @Override
    public DriverCall restore(long pid) {
        return step("restore", pid, CheckpointState.CHECKPOINTED, CheckpointState.LOCKED);
    }

    @Override
    public DriverCall unlock(long pid) {
        return step("unlock", pid, CheckpointState.LOCKED, CheckpointState.RUNNING);
    }

    private DriverCall step(String call, long pid, CheckpointState from, CheckpointState to) {
        calls.add(call);
        DriverCall failure = failures.get(call);
        if (failure != null) {
            return failure;
        }
        if (states.get(pid) != from) {
            return new DriverCall(401, "operation not permitted in this state (401)");
        }
        states.put(pid, to);
        return DriverCall.SUCCESS;
    }
}
