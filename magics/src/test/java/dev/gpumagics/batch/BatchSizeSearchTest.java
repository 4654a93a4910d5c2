package dev.gpumagics.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gpumagics.TorchTesting;
import dev.gpumagics.oom.Source;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The search against real libtorch CPU allocation failures. The step asks for 4 KiB per sample up to a limit, and
 * beyond it for 2^43 floats (32 TiB), which libtorch's CPU allocator refuses at once without touching memory.
 */
class BatchSizeSearchTest {

    private static final long IMPOSSIBLE = 1L << 43;
    private final AtomicInteger releases = new AtomicInteger();

    @BeforeAll
    static void loadTorch() {
        TorchTesting.access();
    }

    /** A step that fits up to {@code limit} samples. */
    private static BatchStep<Tensor> upTo(int limit) {
        return size -> torch.empty(size <= limit ? size * 1024L : IMPOSSIBLE);
    }

    private BatchSizeSearch counted(BatchSizeSearch search) {
        return search.releasingWith(releases::incrementAndGet);
    }

    private static List<Integer> sizes(List<BatchTry> tries) {
        return tries.stream().map(BatchTry::batchSize).toList();
    }

    @Test
    void halvesAfterEachFailureUntilOneFitsAndSaysWhatEachFailedTryCost() {
        BatchFit<Tensor> fit = counted(BatchSizeSearch.startingAt(1000)).run(upTo(100));
        try {
            assertEquals(62, fit.batchSize());
            assertEquals(List.of(1000, 500, 250, 125, 62), sizes(fit.tries()));
            assertEquals(4, fit.failed().size());
            for (BatchTry failed : fit.failed()) {
                assertEquals(Source.CPU_ALLOCATOR, failed.failure().orElseThrow().source());
                assertEquals(OptionalLong.of(IMPOSSIBLE * 4), failed.failure().orElseThrow().requestedBytes());
                assertTrue(!failed.ran().isNegative());
            }
            assertEquals(4, releases.get(), "memory is given back after every failure, before the next try");
            assertEquals(62 * 1024, fit.result().numel());
            assertTrue(fit.took().compareTo(fit.tries().get(0).ran()) >= 0);
        } finally {
            fit.result().close();
        }
    }

    @Test
    void sizesStayMultiplesOfTheStepGiven() {
        BatchFit<Tensor> fit = counted(BatchSizeSearch.startingAt(1000).multipleOf(8)).run(upTo(100));
        fit.result().close();
        assertEquals(List.of(1000, 496, 248, 120, 56), sizes(fit.tries()));
        assertEquals(56, fit.batchSize());
    }

    @Test
    void refiningSearchesBackUpAndClosesTheResultsItReplaces() {
        List<Tensor> results = new java.util.ArrayList<>();
        BatchStep<Tensor> step = size -> {
            Tensor t = upTo(100).run(size);
            results.add(t);
            return t;
        };
        BatchFit<Tensor> fit = counted(BatchSizeSearch.startingAt(1000).refining(3)).run(step);
        try {
            assertEquals(List.of(1000, 500, 250, 125, 62, 93, 109, 101), sizes(fit.tries()));
            assertEquals(93, fit.batchSize(), "the largest that fitted");
            assertSame(results.get(1), fit.result());
            assertTrue(results.get(0).isNull(), "the 62-sample result was closed when 93 fitted");
        } finally {
            fit.result().close();
        }
    }

    @Test
    void aFirstTryThatFitsIsTheAnswerWithoutMoreTries() {
        BatchFit<Tensor> fit = counted(BatchSizeSearch.startingAt(64).refining(5)).run(upTo(100));
        fit.result().close();
        assertEquals(List.of(64), sizes(fit.tries()));
        assertEquals(0, releases.get());
    }

    @Test
    void evenOneRunningOutOfMemoryIsOneClearErrorCausedByTheLastFailure() {
        NoBatchSizeFits none = assertThrows(NoBatchSizeFits.class, () -> counted(BatchSizeSearch.startingAt(8)).run(upTo(0)));
        assertEquals("no batch size fits: even 1 ran out of memory, asking for 32.0 TiB (tried 8, 4, 2, 1); the step needs less"
                + " memory at any batch size, or more memory free: %gpuwhy says what holds it", none.getMessage());
        assertEquals(List.of(8, 4, 2, 1), sizes(none.tries()));
        assertEquals(RuntimeException.class, none.getCause().getClass(), "libtorch's own exception");
        assertEquals(Source.CPU_ALLOCATOR, none.lastFailure().source());
        assertEquals(4, releases.get());
    }

    @Test
    void aFailureWrappedByTheStepIsStillRecognised() {
        BatchStep<Tensor> wrapping = size -> {
            try {
                return upTo(10).run(size);
            } catch (RuntimeException e) {
                throw new IllegalStateException("training step failed at batch " + size, e);
            }
        };
        BatchFit<Tensor> fit = counted(BatchSizeSearch.startingAt(40)).run(wrapping);
        fit.result().close();
        assertEquals(10, fit.batchSize());
        assertEquals("java.lang.RuntimeException", fit.failed().get(0).failure().orElseThrow().thrownAs());
    }

    @Test
    void anyOtherFailureEndsTheSearchUnchanged() {
        IllegalArgumentException mine = new IllegalArgumentException("bad data");
        assertSame(mine, assertThrows(IllegalArgumentException.class, () -> counted(BatchSizeSearch.startingAt(64)).run(size -> {
            throw mine;
        })));
        RuntimeException shapes = assertThrows(RuntimeException.class,
                () -> counted(BatchSizeSearch.startingAt(64)).run(size -> torch.ones(size, 3).matmul(torch.ones(4, 5))));
        assertTrue(shapes.getMessage().startsWith("mat1 and mat2 shapes cannot be multiplied"), shapes.getMessage());
        assertEquals(0, releases.get());
    }

    @Test
    void theRealReleaseRunsBetweenTries() {
        BatchFit<Tensor> fit = BatchSizeSearch.startingAt(4).run(upTo(1));
        fit.result().close();
        assertEquals(1, fit.batchSize());
        assertTrue(fit.failed().stream().allMatch(t -> t.released().toNanos() > 0), fit.tries().toString());
    }

    @Test
    void sizesBelowOneAreRefused() {
        assertEquals("a batch size is 1 or more, not 0",
                assertThrows(IllegalArgumentException.class, () -> BatchSizeSearch.startingAt(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchSizeSearch.startingAt(8).multipleOf(0));
        assertThrows(IllegalArgumentException.class, () -> BatchSizeSearch.startingAt(8).refining(-1));
    }
}
