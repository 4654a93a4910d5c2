package dev.gpumagics.cli;

import dev.gpumagics.context.checkpoint.CheckpointController;
import dev.gpumagics.install.KernelSpecDirs;
import dev.gpumagics.neighbours.RecordShelf;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code java -jar gpumagics.jar VERB ...}: the verbs are bound here, once. */
public final class Main {

    private Main() {}

    static Map<String, Subcommand> verbs() {
        Map<String, Subcommand> verbs = new LinkedHashMap<>();
        verbs.put("mem", new MemCommand());
        verbs.put("kernels", new KernelsCommand(RecordShelf::system));
        verbs.put("top", new TopCommand(System.in));
        verbs.put("exporter", new ExporterCommand());
        verbs.put("suspend", CheckpointCommand.suspend(CheckpointController::forThisMachine));
        verbs.put("resume", CheckpointCommand.resume(CheckpointController::forThisMachine));
        verbs.put("kernel", new KernelCommand());
        verbs.put("install", new InstallCommand(KernelSpecDirs.ofThisProcess()));
        verbs.put("uninstall", new UninstallCommand(KernelSpecDirs.ofThisProcess()));
        return verbs;
    }

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, Subcommand> verbs = verbs();
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            usage(verbs, args.isEmpty() ? err : out);
            return args.isEmpty() ? 2 : 0;
        }
        Subcommand verb = verbs.get(args.get(0));
        if (verb == null) {
            err.println("gpumagics: unknown command '" + args.get(0) + "'; one of: " + String.join(", ", verbs.keySet()));
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.equals(List.of("--help")) || rest.equals(List.of("-h"))) {
            out.println("usage: java -jar gpumagics.jar " + verb.usage());
            return 0;
        }
        return verb.run(rest, out, err);
    }

    private static void usage(Map<String, Subcommand> verbs, PrintStream to) {
        to.println("usage: java -jar gpumagics.jar COMMAND [OPTIONS]");
        verbs.values().forEach(verb -> to.println("  " + verb.usage()));
    }
}
