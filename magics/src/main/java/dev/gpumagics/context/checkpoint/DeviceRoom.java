package dev.gpumagics.context.checkpoint;

/**
 * Why a resume was not tried: one device has too little free for what the process held there. The driver does not
 * roll back a restore that ran out of device memory, and the process cannot be restored after it.
 *
 * @param headroomBytes what the restore asks beyond that, for the driver's own use
 */
public record DeviceRoom(long pid, int device, long freeBytes, long needBytes, long headroomBytes) {}
