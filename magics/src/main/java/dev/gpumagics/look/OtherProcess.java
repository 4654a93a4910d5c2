package dev.gpumagics.look;

import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.probe.ProcessIdentity;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Another compute process on the same device, with who it is.
 *

 * @param identity who it is; absent for a row the driver gave without a pid
 * @param usedBytes its memory on the device, absent where the driver withholds it
 * @param kernel its record, where it is a GpuMagics kernel whose record a reader believes
 */
public record OtherProcess(Optional<ProcessIdentity> identity, OptionalLong usedBytes, Optional<KernelRecord> kernel) {

    /** A process that publishes no record. */
    public OtherProcess(Optional<ProcessIdentity> identity, OptionalLong usedBytes) {
        this(identity, usedBytes, Optional.empty());
    }

    public OtherProcess(ProcessIdentity identity, OptionalLong usedBytes) {
        this(Optional.of(identity), usedBytes);
    }
}
