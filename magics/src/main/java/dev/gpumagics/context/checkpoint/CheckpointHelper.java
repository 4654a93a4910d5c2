package dev.gpumagics.context.checkpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The second process of {@code %gpususpend}: {@code java -cp ... dev.gpumagics.context.checkpoint.CheckpointHelper
 * suspend|resume|state PID [LOCK_TIMEOUT_MS [NEED]]}, NEED being what a resume needs back per device
 * ({@link BytesPerDevice#token()}). It prints one {@link ControllerReply} line, then
 * waits for its stdin to close; the kernel normally kills it instead (see {@link HelperProcess}).
 */
public final class CheckpointHelper {

    private CheckpointHelper() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        ControllerReply reply;
        try {
            reply = run(args, CheckpointController.forThisMachine());
        } catch (RuntimeException | LinkageError e) {
            reply = new ControllerReply.Failed("the checkpoint helper failed: " + e, Optional.empty());
        }
        out.println(reply.toLine());
        out.flush();
        try {
            while (System.in.read() >= 0) {
                // the kernel closes stdin only when it wants this process to exit by itself
            }
        } catch (IOException e) {
            // stdin gone: exit
        }
        Runtime.getRuntime().halt(0);
    }

    static ControllerReply run(String[] args, CheckpointController controller) {
        if (args.length < 2) {
            return new ControllerReply.Refused("usage: CheckpointHelper suspend|resume|state PID [LOCK_TIMEOUT_MS [NEED]]", "");
        }
        long pid;
        int lockTimeout;
        BytesPerDevice need;
        try {
            pid = Long.parseLong(args[1]);
            lockTimeout = args.length > 2 ? Integer.parseInt(args[2]) : HelperProcess.DEFAULT_LOCK_TIMEOUT_MS;
            need = args.length > 3 ? BytesPerDevice.parse(args[3]) : BytesPerDevice.NONE;
        } catch (IllegalArgumentException e) {
            return new ControllerReply.Refused("bad helper argument: " + e.getMessage(), "");
        }
        return switch (args[0]) {
            case "suspend" -> controller.suspend(pid, lockTimeout);
            case "resume" -> controller.resume(pid, need);
            case "state" -> controller.state(pid);
            default -> new ControllerReply.Refused("unknown helper operation '" + args[0] + "'", "");
        };
    }
}
