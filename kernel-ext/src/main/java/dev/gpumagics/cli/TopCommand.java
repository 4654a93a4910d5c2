package dev.gpumagics.cli;

import dev.gpumagics.command.ArgSchema;
import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.neighbours.RecordReader;
import dev.gpumagics.neighbours.RecordShelf;
import dev.gpumagics.probe.GpuProbe;
import dev.gpumagics.probe.GpuProbes;
import dev.gpumagics.probe.HostName;
import dev.gpumagics.probe.ProcessTable;
import dev.gpumagics.probe.value.Probed;
import dev.gpumagics.report.TopScreen;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code top}: the {@code kernels} table as a live view, redrawn every second, with each GPU's memory above it; {@code q} quits. */
final class TopCommand implements Subcommand {

    private static final ArgSchema ARGS = ArgSchema.usage("java -jar gpumagics.jar top");

    private final InputStream keys;

    TopCommand(InputStream keys) {
        this.keys = keys;
    }

    @Override
    public String usage() {
        return "top   the same, live in the terminal, redrawn every second (q quits)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            ARGS.parse(args);
        } catch (MagicUsageException e) {
            err.println("gpumagics top: " + e.getMessage());
            return 2;
        }
        if (System.console() == null) {
            err.println("gpumagics top: needs a terminal (its input and output on a tty); for a script: java -jar gpumagics.jar kernels --json");
            return 2;
        }
        Probed<Terminal> entered = Terminal.enter(out);
        if (entered instanceof Probed.Unavailable<Terminal> none) {
            err.println("gpumagics top: " + none.reason());
            return 2;
        }
        RecordShelf shelf = RecordShelf.system();
        RecordReader reader = shelf.reader(ProcessTable.system());
        GpuProbe gpus = GpuProbes.system();
        String host = HostName.ofThisHost().orElse("this host");
        CountDownLatch quit = new CountDownLatch(1);
        Thread keyReader = new Thread(() -> readKeys(quit), "gpumagics-top-keys");
        keyReader.setDaemon(true);
        keyReader.start();
        try (Terminal terminal = entered.asOptional().orElseThrow()) {
            do {
                terminal.draw(TopScreen.lines(host, Instant.now(), gpus.snapshot(), reader.list(), shelf.parent()));
            } while (!quit.await(1, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code q} quits; so does the end of input. */
    private void readKeys(CountDownLatch quit) {
        try {
            for (int key = keys.read(); key >= 0; key = keys.read()) {
                if (key == 'q' || key == 'Q') {
                    break;
                }
            }
        } catch (IOException e) {
            // no more keys to read: nothing to wait for
        }
        quit.countDown();
    }
}
