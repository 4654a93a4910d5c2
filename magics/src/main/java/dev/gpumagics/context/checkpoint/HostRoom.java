package dev.gpumagics.context.checkpoint;

/**
 * Why a suspend was refused: the host has too little available memory for what the checkpoint would copy there.
 *
 * @param parkBytes what would be copied: the process's device memory, or an upper bound of it
 * @param upperBound whether {@code parkBytes} is all memory in use on the devices, since NVML does not list the process
 * @param availableBytes the host's {@code MemAvailable}
 * @param neededBytes {@code parkBytes} with the headroom that keeps the host out of the OOM killer
 */
public record HostRoom(long pid, long parkBytes, boolean upperBound, long availableBytes, long neededBytes) {}
