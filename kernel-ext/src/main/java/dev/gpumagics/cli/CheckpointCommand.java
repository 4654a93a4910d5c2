package dev.gpumagics.cli;

import dev.gpumagics.command.ArgSchema;
import dev.gpumagics.command.MagicUsageException;
import dev.gpumagics.context.checkpoint.CheckpointController;
import dev.gpumagics.context.checkpoint.ControllerReply;
import dev.gpumagics.report.ContextText;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code suspend --pid N} and {@code resume --pid N}: the checkpoint API on one of your own processes,
 * from a shell. This process is the second process the driver's recipe needs.
 */
final class CheckpointCommand implements Subcommand {

    private final String verb;
    private final Supplier<CheckpointController> controller;
    private final GpuMagicsKernels kernels;

    private CheckpointCommand(String verb, Supplier<CheckpointController> controller, GpuMagicsKernels kernels) {
        this.verb = verb;
        this.controller = controller;
        this.kernels = kernels;
    }

    static CheckpointCommand suspend(Supplier<CheckpointController> controller) {
        return new CheckpointCommand("suspend", controller, GpuMagicsKernels.system());
    }

    static CheckpointCommand resume(Supplier<CheckpointController> controller) {
        return new CheckpointCommand("resume", controller, GpuMagicsKernels.system());
    }

    @Override
    public String usage() {
        return verb.equals("suspend")
                ? "suspend --pid N   park one of your processes' GPU state in host memory (driver 570+)"
                : "resume --pid N    bring a suspended process's GPU state back";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        ArgSchema schema = ArgSchema.usage("java -jar gpumagics.jar " + verb + " --pid N").option("pid");
        Optional<String> given;
        try {
            given = schema.parse(args).value("pid");
        } catch (MagicUsageException e) {
            err.println("gpumagics " + verb + ": " + e.getMessage());
            return 2;
        }
        if (given.isEmpty()) {
            err.println("gpumagics " + verb + ": which process? Usage: " + schema.usage());
            return 2;
        }
        long pid;
        try {
            pid = Long.parseLong(given.get());
        } catch (NumberFormatException e) {
            pid = 0;
        }
        if (pid <= 0) {
            err.println("gpumagics " + verb + ": not a process id: " + given.get());
            return 2;
        }
        if (verb.equals("suspend") && kernels.isKernel(pid)) {
            err.println("gpumagics suspend: process " + pid + " is a Jupyter kernel with GpuMagics: run %gpususpend in its notebook"
                    + " instead, so that the kernel knows it is parked and a cell that touches the GPU resumes it rather than waits for good");
            return 1;
        }
        ControllerReply reply = verb.equals("suspend")
                ? controller.get().suspend(pid, 10_000)
                : controller.get().resume(pid, Optional.empty());
        String line = ContextText.of(verb, pid, reply);
        if (reply instanceof ControllerReply.Done) {
            out.println(line);
            return 0;
        }
        err.println(line);
        return 1;
    }
}
