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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads files another user controls, at most so many bytes each and within a time limit. The owner of a record can swap
 * it for a named pipe between our look at it and our open, and opening a pipe waits for a writer for good: the opens
 * run on a daemon thread, and the reader gives up on them at the limit rather than hang.
 */
final class BoundedRead {

    private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "gpumagics-record-reader");
        thread.setDaemon(true);
        return thread;
    });

    private BoundedRead() {}

    /**
     * Reads the files one after another on a thread of the pool, and waits for them at most {@code timeout} in all.
     *
     * @return the bytes of each file read in time that has at most {@code limit}; a file missing from it was too large,
     *     unreadable, or not reached in time
     */
    static Map<Path, byte[]> readAll(List<Path> files, int limit, Duration timeout) {
        Map<Path, byte[]> read = new ConcurrentHashMap<>();
        if (files.isEmpty()) {
            return read;
        }
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            for (Path file : files) {
                readNow(file, limit).ifPresent(bytes -> read.put(file, bytes));
            }
        }, READERS);
        try {
            reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // what was read in time is what there is; a thread stuck opening a pipe stays stuck, alone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new HashMap<>(read);
    }

    /** One file: {@link #readAll} of it alone. */
    static Optional<byte[]> read(Path file, int limit, Duration timeout) {
        return Optional.ofNullable(readAll(List.of(file), limit, timeout).get(file));
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
