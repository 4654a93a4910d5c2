package dev.gpumagics.look;

import dev.gpumagics.probe.ProcessIdentity;
import java.util.OptionalLong;

/** Another compute process on the same device, with who it is. */
public record OtherProcess(ProcessIdentity identity, OptionalLong usedBytes) {}
