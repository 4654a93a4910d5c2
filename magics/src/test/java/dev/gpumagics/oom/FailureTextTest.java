package dev.gpumagics.oom;

import static dev.gpumagics.oom.RecordedMessages.GIB;
import static dev.gpumagics.oom.RecordedMessages.KIB;
import static dev.gpumagics.oom.RecordedMessages.MIB;
import static dev.gpumagics.oom.RecordedMessages.of;
import static dev.gpumagics.oom.RecordedMessages.parsed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every recorded wording gives exactly the figures it prints, and nothing it does not. */
class FailureTextTest {

    private static final OptionalLong NONE = OptionalLong.empty();

    private static OptionalLong bytes(double value, long unit) {
        return OptionalLong.of(of(value, unit));
    }

    @Test
    void theSeedsPyTorch1CachedLine() {
        AllocationFailure f = parsed("v1-cached-seed.txt");
        assertEquals(Source.CUDA_CACHING_ALLOCATOR, f.source());
        assertEquals(bytes(12.50, MIB), f.requestedBytes());
        assertEquals(OptionalInt.of(0), f.device());
        assertEquals(bytes(10.92, GIB), f.totalBytes());
        assertEquals(bytes(8.57, MIB), f.allocatedBytes());
        assertEquals(bytes(9.28, GIB), f.freeBytes());
        assertEquals(bytes(4.68, MIB), f.cachedBytes());
        assertEquals(NONE, f.reservedBytes(), "1.0 printed what was cached, not the reserved total");
        assertEquals(bytes(8.57 + 4.68, MIB), f.reservedTotalBytes());
        assertEquals(NONE, f.processBytes());
        assertEquals(Optional.empty(), f.otherProcesses(), "1.x says nothing about processes");
        assertEquals(NONE, f.shortBytes(), "9.28 GiB was free for a 12.50 MiB request");
        assertEquals("CUDA out of memory. Tried to allocate 12.50 MiB (GPU 0; 10.92 GiB total capacity; 8.57 MiB already "
                + "allocated; 9.28 GiB free; 4.68 MiB cached)", f.message());
    }

    @Test
    void pyTorch1CachedInKib() {
        AllocationFailure f = parsed("v1-cached-kib.txt");
        assertEquals(bytes(1024.00, KIB), f.requestedBytes());
        assertEquals(bytes(11.17, GIB), f.totalBytes());
        assertEquals(bytes(10.90, GIB), f.allocatedBytes());
        assertEquals(bytes(576.00, KIB), f.freeBytes());
        assertEquals(bytes(30.96, MIB), f.cachedBytes());
        assertEquals(OptionalLong.of(of(1024.00, KIB) - of(576.00, KIB)), f.shortBytes());
    }

    @Test
    void pyTorch1ReservedInTotal() {
        AllocationFailure f = parsed("v1-reserved.txt");
        assertEquals(bytes(2.26, GIB), f.requestedBytes());
        assertEquals(bytes(6.00, GIB), f.totalBytes());
        assertEquals(bytes(781.59, MIB), f.allocatedBytes());
        assertEquals(bytes(3.03, GIB), f.freeBytes());
        assertEquals(bytes(1.24, GIB), f.reservedBytes());
        assertEquals(NONE, f.cachedBytes());
        assertEquals(OptionalLong.of(of(1.24, GIB) - of(781.59, MIB)), f.cacheBytes(), "reserved less allocated");
        assertEquals(Optional.empty(), f.allocConfVariable());
    }

    @Test
    void pyTorch1ReservedWithNothingFreeNamesTheSettingsVariable() {
        AllocationFailure f = parsed("v1-reserved-nothing-free.txt");
        assertEquals(bytes(192.00, MIB), f.requestedBytes());
        assertEquals(OptionalLong.of(0), f.freeBytes(), "0 bytes");
        assertEquals(bytes(3.08, GIB), f.allocatedBytes());
        assertEquals(bytes(3.47, GIB), f.reservedBytes());
        assertEquals(bytes(192.00, MIB), f.shortBytes());
        assertEquals(Optional.of("PYTORCH_CUDA_ALLOC_CONF"), f.allocConfVariable());
        assertTrue(f.message().endsWith("PYTORCH_CUDA_ALLOC_CONF"), f.message());
    }

    @Test
    void pyTorch2WithOneOtherProcess() {
        AllocationFailure f = parsed("v2-one-other-process.txt");
        assertEquals(bytes(148.00, MIB), f.requestedBytes());
        assertEquals(OptionalInt.of(0), f.device());
        assertEquals(bytes(79.25, GIB), f.totalBytes());
        assertEquals(bytes(11.19, MIB), f.freeBytes());
        assertEquals(bytes(16.54, GIB), f.processBytes());
        assertEquals(bytes(15.94, GIB), f.allocatedBytes());
        assertEquals(bytes(205.65, MIB), f.cachedBytes());
        assertEquals(NONE, f.reservedBytes());
        assertEquals(Optional.of(List.of(new NamedProcess(2635308, bytes(62.69, GIB)))), f.otherProcesses());
        assertEquals(Optional.of("PYTORCH_CUDA_ALLOC_CONF"), f.allocConfVariable());
        assertEquals(NONE, f.allowedBytes());
    }

    @Test
    void pyTorch2WithTwoOtherProcessesInsideALogLine() {
        AllocationFailure f = parsed("v2-two-other-processes.txt");
        assertEquals(bytes(4.00, GIB), f.requestedBytes());
        assertEquals(bytes(31.74, GIB), f.totalBytes());
        assertEquals(bytes(315.38, MIB), f.freeBytes());
        assertEquals(Optional.of(List.of(new NamedProcess(3269913, bytes(1.88, GIB)), new NamedProcess(3269914, bytes(13.17, GIB)))),
                f.otherProcesses());
        assertEquals(bytes(16.37, GIB), f.processBytes());
        assertEquals(bytes(16.00, GIB), f.allocatedBytes());
        assertEquals(bytes(16.00, MIB), f.cachedBytes());
        assertTrue(f.message().startsWith("CUDA out of memory. Tried to allocate 4.00 GiB."), "the log's own words are not the message");
    }

    @Test
    void pyTorch29WithFourOtherProcessesAndTheNewSettingsVariable() {
        AllocationFailure f = parsed("v2-four-other-processes-alloc-conf.txt");
        List<NamedProcess> others = f.otherProcesses().orElseThrow();
        assertEquals(List.of(3721648L, 1374765L, 1374763L, 1374764L), others.stream().map(NamedProcess::pid).toList());
        others.forEach(p -> assertEquals(bytes(414.00, MIB), p.usedBytes()));
        assertEquals(bytes(37.46, GIB), f.processBytes());
        assertEquals(bytes(36.04, GIB), f.allocatedBytes());
        assertEquals(bytes(321.37, MIB), f.cachedBytes());
        assertEquals(Optional.of("PYTORCH_ALLOC_CONF"), f.allocConfVariable());
    }

    @Test
    void pyTorch21WithoutProcessSentencesAndItsCapactyTypo() {
        AllocationFailure f = parsed("v2-no-process-capacty.txt");
        assertEquals(bytes(1.70, GIB), f.requestedBytes());
        assertEquals(OptionalInt.of(0), f.device());
        assertEquals(bytes(6.00, GIB), f.totalBytes());
        assertEquals(OptionalLong.of(0), f.freeBytes());
        assertEquals(bytes(2.93, GIB), f.allocatedBytes());
        assertEquals(bytes(2.30, GIB), f.cachedBytes());
        assertEquals(NONE, f.processBytes());
        assertEquals(Optional.empty(), f.otherProcesses(), "no process sentence: nothing is known about processes");
    }

    @Test
    void pyTorch21ListingOnlyThisProcess() {
        AllocationFailure f = parsed("v2-this-process-only.txt");
        assertEquals(bytes(3.44, GIB), f.processBytes());
        assertEquals(Optional.of(List.of()), f.otherProcesses(), "NVML listed this process alone");
        assertEquals(bytes(41.56, MIB), f.freeBytes());
        assertEquals(bytes(1.90, MIB), f.cachedBytes());
    }

    @Test
    void nvmlsNotAvailableValueIsAbsentAndTheMemoryFractionIsRead() {
        AllocationFailure f = parsed("v2-usage-not-available-allowed.txt");
        assertEquals(NONE, f.processBytes(), "17179869184.00 GiB is NVML's 2^64 - 1, not a figure");
        assertEquals(Optional.of(List.of()), f.otherProcesses());
        assertEquals(bytes(17.51, GIB), f.allowedBytes());
        assertEquals(bytes(3.98, GIB), f.requestedBytes());
        assertEquals(bytes(16.30, GIB), f.freeBytes());
        assertEquals(bytes(6.74, GIB), f.allocatedBytes());
        assertEquals(bytes(7.02, GIB), f.cachedBytes());
    }

    @Test
    void processSentencesWithoutThisProcessNameOnlyOthers() {
        AllocationFailure f = parsed("v2-processes-without-this-one.txt");
        assertEquals(Optional.of(List.of(new NamedProcess(3283987, bytes(516.00, MIB)), new NamedProcess(3284604, bytes(75.19, GIB)))),
                f.otherProcesses());
        assertEquals(NONE, f.processBytes());
        assertEquals(OptionalLong.of(0), f.allocatedBytes());
        assertEquals(OptionalLong.of(0), f.cachedBytes());
    }

    /** Built from 2.10's format string (no recording has both clauses): a memory fraction and CUDA graphs' private pools. */
    @Test
    void theAllowedAndPrivatePoolClausesOf210LeaveTheOtherFiguresIntact() {
        AllocationFailure f = AllocationFailures.inMessage("CUDA out of memory. Tried to allocate 2.00 GiB. GPU 1 has a total capacity of"
                + " 79.19 GiB of which 1.25 GiB is free. Including non-PyTorch memory, this process has 60.00 GiB memory in use."
                + " 64.00 GiB allowed; Of the allocated memory 50.00 GiB is allocated by PyTorch, with 3.00 GiB allocated in private pools"
                + " (e.g., CUDA Graphs), and 9.50 GiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large"
                + " try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.").orElseThrow();
        assertEquals(OptionalInt.of(1), f.device());
        assertEquals(bytes(64.00, GIB), f.allowedBytes());
        assertEquals(bytes(50.00, GIB), f.allocatedBytes(), "allocated, private pools included, as libtorch sums them");
        assertEquals(bytes(9.50, GIB), f.cachedBytes());
        assertEquals(bytes(60.00, GIB), f.processBytes());
        assertEquals(OptionalLong.of(of(2.00, GIB) - of(1.25, GIB)), f.shortBytes());
    }

    @Test
    void theCpuAllocatorsWordingsGiveTheBytesAsked() {
        AllocationFailure old = parsed("cpu-1x.txt");
        assertEquals(Source.CPU_ALLOCATOR, old.source());
        assertEquals(OptionalLong.of(2359296), old.requestedBytes());
        assertEquals(OptionalInt.empty(), old.device());
        assertEquals(NONE, old.freeBytes());
        AllocationFailure javacpp = parsed("cpu-libtorch-2.10-javacpp.txt");
        assertEquals(OptionalLong.of(1L << 45), javacpp.requestedBytes());
        assertEquals("DefaultCPUAllocator: can't allocate memory: you tried to allocate 35184372088832 bytes. Error code 12 "
                + "(Cannot allocate memory)", javacpp.message(), "the C++ backtrace after the first line is left out");
        AllocationFailure windows = AllocationFailures.inMessage(
                "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory: you tried to allocate 911360 bytes.")
                .orElseThrow();
        assertEquals(OptionalLong.of(911360), windows.requestedBytes());
    }

    @Test
    void cudaErrorsNameTheirErrorAndCarryNoFigures() {
        AllocationFailure runtime = AllocationFailures.inMessage("CUDA error: out of memory\nCUDA kernel errors might be asynchronously "
                + "reported at some other API call, so the stacktrace below might be incorrect.").orElseThrow();
        assertEquals(Source.CUDA_CALL, runtime.source());
        assertEquals(Optional.of("cudaErrorMemoryAllocation"), runtime.cudaError());
        assertEquals("CUDA error: out of memory", runtime.message());
        assertEquals(NONE, runtime.requestedBytes());
        assertEquals(Optional.of("CUDA_ERROR_OUT_OF_MEMORY"),
                AllocationFailures.inMessage("CUDA driver error: out of memory").orElseThrow().cudaError());
        assertEquals(Optional.of("CUBLAS_STATUS_ALLOC_FAILED"), AllocationFailures.inMessage(
                "CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate(handle)`").orElseThrow().cudaError());
    }

    @Test
    void otherFailuresAreNotAllocationFailures() {
        assertEquals(Optional.empty(), AllocationFailures.inMessage("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"));
        assertEquals(Optional.empty(), AllocationFailures.inMessage("Java heap space"));
        assertEquals(Optional.empty(), AllocationFailures.inMessage("CUDA error: an illegal memory access was encountered"));
        assertEquals(Optional.empty(), AllocationFailures.inMessage(null));
    }
}
