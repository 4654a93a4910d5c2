package dev.gpumagics.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Finding the failure in what a cell threw: real libtorch exceptions, wrapped, suppressed, in loops. */
class AllocationFailuresTest {

    private static final String CUDA_LINE = RecordedMessages.read("v2-one-other-process.txt").strip();

    @Test
    void aRealLibtorchCpuFailureIsARuntimeExceptionWhoseMessageSaysSo() {
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> torch.empty(1L << 43));
        assertEquals(RuntimeException.class, thrown.getClass(), "JavaCPP has no exception type of its own for it");
        AllocationFailure f = AllocationFailures.in(thrown).orElseThrow();
        assertEquals(Source.CPU_ALLOCATOR, f.source());
        assertEquals(OptionalLong.of((1L << 43) * 4), f.requestedBytes(), "2^43 float32 elements");
        assertEquals("java.lang.RuntimeException", f.thrownAs());
    }

    @Test
    void foundThroughCausesAndSuppressedAndSaysWhichExceptionCarriedIt() {
        RuntimeException oom = new RuntimeException(CUDA_LINE);
        Exception wrapped = new IllegalStateException("training step 3 failed", new RuntimeException("batch", oom));
        assertEquals("java.lang.RuntimeException", AllocationFailures.in(wrapped).orElseThrow().thrownAs());

        Exception primary = new IllegalStateException("closing the loader failed");
        primary.addSuppressed(new UnsupportedOperationException("unrelated"));
        primary.addSuppressed(new java.io.UncheckedIOException("while cleaning up", new java.io.IOException(CUDA_LINE)));
        AllocationFailure found = AllocationFailures.in(primary).orElseThrow();
        assertEquals("java.io.IOException", found.thrownAs());
        assertEquals(Source.CUDA_CACHING_ALLOCATOR, found.source());
    }

    @Test
    void theNearestFailureWinsCausesBeforeSuppressed() {
        Exception cause = new RuntimeException(RecordedMessages.read("v1-reserved.txt"));
        Exception top = new RuntimeException("outer", cause);
        top.addSuppressed(new RuntimeException(RecordedMessages.read("cpu-1x.txt")));
        assertEquals(Source.CUDA_CACHING_ALLOCATOR, AllocationFailures.in(top).orElseThrow().source());
    }

    /** A cause chain that loops back on itself, as a badly written exception class can make. */
    static final class Looping extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private Throwable next = this;

        Looping(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable getCause() {
            return next;
        }
    }

    @Test
    void loopsAndEndlessChainsEndWithoutAnAnswer() {
        Looping a = new Looping("a");
        Looping b = new Looping("b");
        a.next = b;
        b.next = a;
        assertEquals(Optional.empty(), AllocationFailures.in(a));

        RuntimeException deep = new RuntimeException(CUDA_LINE);
        for (int i = 0; i < AllocationFailures.MAX_THROWABLES + 5; i++) {
            deep = new RuntimeException("level " + i, deep);
        }
        assertEquals(Optional.empty(), AllocationFailures.in(deep), "looked at no further than the bound");
        assertEquals(Optional.empty(), AllocationFailures.in(null));
    }

    @Test
    void aMessageThatThrowsTellsOfNothing() {
        RuntimeException bad = new RuntimeException() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                throw new IllegalStateException("no message for you");
            }
        };
        assertEquals(Optional.empty(), AllocationFailures.in(new RuntimeException("outer", bad)));
    }

    @Test
    void cudaCallCodesAreThePresetsOwnConstants() {
        assertEquals(cudart.cudaErrorMemoryAllocation, AllocationFailures.CUDA_OUT_OF_MEMORY);
        assertEquals(cudart.CUDA_ERROR_OUT_OF_MEMORY, AllocationFailures.CUDA_OUT_OF_MEMORY);
        AllocationFailure f = AllocationFailures.ofRuntimeCall("cudaMalloc", cudart.cudaErrorMemoryAllocation,
                OptionalLong.of(3L << 30)).orElseThrow();
        assertEquals(Source.CUDA_CALL, f.source());
        assertEquals(OptionalLong.of(3L << 30), f.requestedBytes());
        assertEquals(Optional.of("cudaErrorMemoryAllocation"), f.cudaError());
        assertTrue(f.message().startsWith("cudaMalloc returned cudaErrorMemoryAllocation"), f.message());
        assertEquals(Optional.empty(), AllocationFailures.ofRuntimeCall("cudaMalloc", cudart.cudaSuccess, OptionalLong.empty()));
        assertEquals(Optional.of("CUDA_ERROR_OUT_OF_MEMORY"), AllocationFailures.ofDriverCall("cuMemAlloc",
                cudart.CUDA_ERROR_OUT_OF_MEMORY, OptionalLong.empty()).orElseThrow().cudaError());
    }
}
