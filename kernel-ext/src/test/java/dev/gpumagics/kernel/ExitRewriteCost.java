package dev.gpumagics.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What refusing exits costs per class defined: {@link ExitCallRewriter} over every class in a folder (the
 * kernel's own, a corpus larger than snippets are), the first call alone (loading ASM) and warm. Not a
 * test; run by hand, see docs/BENCHMARKS.md.
 */
final class ExitRewriteCost {

    private ExitRewriteCost() {}

    public static void main(String[] args) throws IOException {
        List<byte[]> corpus;
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            corpus = files.filter(f -> f.toString().endsWith(".class")).map(ExitRewriteCost::read).toList();
        }
        long start = System.nanoTime();
        ExitCallRewriter.refuseExits(corpus.get(0));
        long first = System.nanoTime() - start;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 200; round++) {
            long roundStart = System.nanoTime();
            corpus.forEach(ExitCallRewriter::refuseExits);
            best = Math.min(best, System.nanoTime() - roundStart);
        }
        long bytes = corpus.stream().mapToLong(c -> c.length).sum();
        System.out.printf(Locale.ROOT, "%d classes, %d bytes on average; first call %.1f ms; warm %.1f us a class (best of 200 rounds)%n",
                corpus.size(), bytes / corpus.size(), first / 1e6, best / 1e3 / corpus.size());
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
