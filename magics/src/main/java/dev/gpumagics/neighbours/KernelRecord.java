package dev.gpumagics.neighbours;

import dev.gpumagics.idle.IdlePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One kernel's record about itself, as it publishes it for the others on the host. Build one with {@link #builder}.
 *
 * @param pid the kernel's process
 * @param startIdentity this boot's id and the process's start tick ({@code /proc/PID/stat} field 22): a reader
 *     believes the record only while the live process {@code pid} has the same, so a reused pid never inherits one
 * @param kernel which kernel carries GpuMagics: {@code GpuMagics}, {@code IJava} or {@code JJava}
 * @param kernelId Jupyter's id of the kernel, from its connection file's name
 * @param notebook the notebook as its owner lets others see it (its file name by default); empty when hidden or not given
 * @param lastActivity when a cell last ended (or started, while busy); in IJava and JJava, the last code or magic seen
 * @param idlePolicy the kernel's idle courtesy; empty in a kernel that cannot have one (IJava, JJava)
 * @param devices what it holds on each GPU it uses, as it last read it; empty where it reads none
 * @param updatedAt when it wrote this
 */
public record KernelRecord(long pid, String startIdentity, String kernel, Optional<String> kernelId, Optional<String> notebook,
        Instant startedAt, Instant lastActivity, KernelState state, Optional<IdlePolicy> idlePolicy, List<HeldOnGpu> devices,
        Instant updatedAt) {

    public KernelRecord {
        devices = List.copyOf(devices);
    }

    public static Builder builder(long pid, String startIdentity, String kernel) {
        return new Builder(pid, startIdentity, kernel);
    }

    /** This record with some parts changed. */
    public Builder toBuilder() {
        Builder builder = builder(pid, startIdentity, kernel).startedAt(startedAt).lastActivity(lastActivity).state(state)
                .devices(devices).updatedAt(updatedAt);
        kernelId.ifPresent(builder::kernelId);
        notebook.ifPresent(builder::notebook);
        idlePolicy.ifPresent(builder::idlePolicy);
        return builder;
    }

    /** The parts that have an obvious default start with it: now, idle, no notebook, no policy, no devices. */
    public static final class Builder {
        private final long pid;
        private final String startIdentity;
        private final String kernel;
        private @Nullable String kernelId;
        private @Nullable String notebook;
        private Instant startedAt = Instant.EPOCH;
        private @Nullable Instant lastActivity;
        private KernelState state = KernelState.IDLE;
        private @Nullable IdlePolicy idlePolicy;
        private List<HeldOnGpu> devices = new ArrayList<>();
        private @Nullable Instant updatedAt;

        private Builder(long pid, String startIdentity, String kernel) {
            this.pid = pid;
            this.startIdentity = startIdentity;
            this.kernel = kernel;
        }

        public Builder kernelId(String id) {
            this.kernelId = id;
            return this;
        }

        public Builder notebook(String shown) {
            this.notebook = shown;
            return this;
        }

        public Builder notebook(Optional<String> shown) {
            this.notebook = shown.orElse(null);
            return this;
        }

        public Builder startedAt(Instant at) {
            this.startedAt = at;
            return this;
        }

        public Builder lastActivity(Instant at) {
            this.lastActivity = at;
            return this;
        }

        public Builder state(KernelState now) {
            this.state = now;
            return this;
        }

        public Builder idlePolicy(IdlePolicy policy) {
            this.idlePolicy = policy;
            return this;
        }

        public Builder devices(List<HeldOnGpu> held) {
            this.devices = new ArrayList<>(held);
            return this;
        }

        public Builder updatedAt(Instant at) {
            this.updatedAt = at;
            return this;
        }

        public KernelRecord build() {
            Instant activity = Objects.requireNonNullElse(lastActivity, startedAt);
            return new KernelRecord(pid, startIdentity, kernel, Optional.ofNullable(kernelId), Optional.ofNullable(notebook), startedAt,
                    activity, state, Optional.ofNullable(idlePolicy), devices, Objects.requireNonNullElse(updatedAt, activity));
        }
    }
}
