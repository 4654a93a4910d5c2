package dev.gpumagics.cli;

import dev.gpumagics.command.ArgSchema;
import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.exporter.HostExporter;
import dev.gpumagics.idle.IdleDurations;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code exporter [--listen HOST:PORT] [--textfile DIR] [--interval 5s] [--hide-notebooks]}: this host's devices and
 * GpuMagics kernels for Prometheus, until SIGTERM or Ctrl-C. One per host, started by the admin (docs/MONITORING.md).
 */
final class ExporterCommand implements Subcommand {

    /** Loopback unless told otherwise: the series name users and notebooks, for whoever may reach the port. */
    static final String DEFAULT_LISTEN = "127.0.0.1:9842";
    private static final String USAGE = "java -jar gpumagics.jar exporter [--listen HOST:PORT] [--textfile DIR] [--interval 5s] [--hide-notebooks]";
    static final ArgSchema ARGS = ArgSchema.usage(USAGE).option("listen").option("textfile").option("interval").flag("hide-notebooks");

    @Override
    public String usage() {
        return "exporter [--listen HOST:PORT] [--textfile DIR] [--interval 5s] [--hide-notebooks]   this host's GPUs and kernels for Prometheus";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        HostExporter.Settings settings;
        try {
            settings = settings(ARGS.parse(args));
        } catch (MagicUsageException | IllegalArgumentException e) {
            err.println("gpumagics exporter: " + e.getMessage());
            return 2;
        }
        HostExporter exporter;
        try {
            exporter = HostExporter.start(settings, err::println);
        } catch (IOException e) {
            err.println("gpumagics exporter: cannot listen on " + settings.listen().map(ExporterCommand::text).orElse("") + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exporter.close();
            stopped.countDown();
        }, "gpumagics-exporter-stop"));
        out.println("gpumagics exporter: " + String.join(", ", where(settings, exporter)) + "; a look every "
                + settings.interval().toSeconds() + " s");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static List<String> where(HostExporter.Settings settings, HostExporter exporter) {
        Optional<String> served = settings.listen().map(at -> "serving http://" + hostText(at) + ":" + exporter.port().orElse(at.getPort()) + "/metrics");
        Optional<String> written = settings.textfile().map(dir -> "writing " + dir.resolve("gpumagics.prom"));
        return Stream.of(served, written).flatMap(Optional::stream).toList();
    }

    static HostExporter.Settings settings(ArgSchema.Parsed parsed) {
        Optional<Path> textfile = parsed.value("textfile").map(Path::of);
        if (textfile.isPresent() && !Files.isDirectory(textfile.get())) {
            throw new IllegalArgumentException("--textfile " + textfile.get() + " is not a folder (node_exporter's --collector.textfile.directory)");
        }
        Optional<String> listen = parsed.value("listen").or(() -> textfile.isPresent() ? Optional.empty() : Optional.of(DEFAULT_LISTEN));
        Duration interval = parsed.value("interval").map(ExporterCommand::interval).orElse(Duration.ofSeconds(5));
        return new HostExporter.Settings(listen.map(ExporterCommand::address), textfile, interval, !parsed.has("hide-notebooks"));
    }

    /** {@code HOST:PORT}, the host a name or an address ({@code [::1]} for IPv6); port 0 lets the system choose. */
    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        String port = colon > 0 ? text.substring(colon + 1) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("--listen " + text + " is not HOST:PORT (127.0.0.1:9842, [::1]:9842, 0.0.0.0:9842)");
        }
        InetSocketAddress address = new InetSocketAddress(host, Integer.parseInt(port));
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--listen " + text + ": no such host here");
        }
        return address;
    }

    private static Duration interval(String text) {
        try {
            Optional<Duration> every = IdleDurations.parse(text);
            if (every.isPresent()) {
                return every.get();
            }
        } catch (IllegalArgumentException e) {
            // worded below, for this option
        }
        throw new IllegalArgumentException("--interval " + text + " is not a time between looks: write 5s, 30s or 1m");
    }

    private static String text(InetSocketAddress at) {
        return hostText(at) + ":" + at.getPort();
    }

    private static String hostText(InetSocketAddress at) {
        String host = at.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
