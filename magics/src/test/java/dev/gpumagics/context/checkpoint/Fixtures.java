package dev.gpumagics.context.checkpoint;

import dev.gpumagics.probe.value.Probed;

/** Small stand-ins for the host-side facts a controller reads. */
public final class Fixtures {

    public static final long GIB = 1L << 30;
    public static final int OWN_UID = 1000;

    private Fixtures() {}

    /** NVML's view with per-device figures: what the process holds on each device, and what each has free. */
    public static DeviceFootprint footprint(BytesPerDevice held, java.util.function.Supplier<Probed<BytesPerDevice>> free) {
        return new DeviceFootprint() {
            @Override
            public Probed<Long> bytesHeldBy(long pid) {
                return Probed.present(held.total());
            }

            @Override
            public Probed<Long> bytesUsedOnAllDevices() {
                return Probed.present(held.total());
            }

            @Override
            public Probed<BytesPerDevice> bytesHeldPerDevice(long pid) {
                return Probed.present(held);
            }

            @Override
            public Probed<BytesPerDevice> freeBytesPerDevice() {
                return free.get();
            }
        };
    }

    public static DeviceFootprint footprint(Probed<Long> held, Probed<Long> allDevices) {
        return new DeviceFootprint() {
            @Override
            public Probed<Long> bytesHeldBy(long pid) {
                return held;
            }

            @Override
            public Probed<Long> bytesUsedOnAllDevices() {
                return allDevices;
            }
        };
    }

    public static FreeHostMemory host(Probed<Long> available) {
        return () -> available;
    }

    /** Every pid exists and belongs to {@code uid}, except pid 999999, which does not exist. */
    public static ProcessOwners owners(int uid) {
        return new ProcessOwners() {
            @Override
            public Probed<Integer> uidOf(long pid) {
                return pid == 999999 ? Probed.unavailable("no process " + pid, "") : Probed.present(uid);
            }

            private Probed<Long> pid(long id) {
                return id == 999999 ? Probed.unavailable("no process " + id, "") : Probed.present(id);
            }

            @Override
            public Probed<Long> processOf(long id) {
                return pid(id);
            }

            @Override
            public int ownUid() {
                return OWN_UID;
            }
        };
    }

    /** A controller over the model driver, 4 GiB held by the process and 32 GiB available on the host. */
    public static CheckpointController controller(ModelDriver driver) {
        return new CheckpointController(driver, footprint(Probed.present(4 * GIB), Probed.present(20 * GIB)),
                host(Probed.present(32 * GIB)), owners(OWN_UID));
    }
}
