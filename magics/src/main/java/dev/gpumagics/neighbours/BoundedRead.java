package dev.gpumagics.neighbours;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a file another user controls, at most so many bytes and within a time limit. The owner of a record can swap it
 * for a named pipe between our look at it and our open, and opening a pipe waits for a writer for good: the open then
 * runs on a daemon thread of its own, and the reader gives up on it at the limit rather than hang.
 */
final class BoundedRead {

    private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gpumagics-record-reader");
        thread.setDaemon(true);
        return thread;
    });

    private BoundedRead() {}

    /** @return the bytes, or empty when the file has more than {@code limit}, cannot be read, or does not open in time */
    static Optional<byte[]> read(Path file, int limit, Duration timeout) {
        CompletableFuture<Optional<byte[]>> read = CompletableFuture.supplyAsync(() -> readNow(file, limit), READERS);
        try {
            return read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<byte[]> readNow(Path file, int limit) {
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buffer = ByteBuffer.allocate(limit + 1);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // until the end, or one byte past the limit
            }
            return buffer.position() > limit ? Optional.empty() : Optional.of(Arrays.copyOf(buffer.array(), buffer.position()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
