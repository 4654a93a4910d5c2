package dev.gpumagics.look;

import dev.gpumagics.neighbours.KernelRecord;
import dev.gpumagics.probe.ProcessIdentity;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Another compute process on the same device, with who it is.
 *
 * @param kernel its record, where it is a GpuMagics kernel whose record a reader believes
 */
public record OtherProcess(ProcessIdentity identity, OptionalLong usedBytes, Optional<KernelRecord> kernel) {

    /** A process that publishes no record. */
    public OtherProcess(ProcessIdentity identity, OptionalLong usedBytes) {
        this(identity, usedBytes, Optional.empty());
    }
}
