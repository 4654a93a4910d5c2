package dev.gpumagics.context.checkpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The second process of {@code %gpususpend}: {@code java -cp ... dev.gpumagics.context.checkpoint.CheckpointHelper REQUEST},
 * REQUEST being one {@link ControllerRequest} as JSON ({@link WireFormat}). It prints one {@link ControllerReply} line,
 * then waits for its stdin to close; the kernel normally kills it instead (see {@link HelperProcess}).
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
        if (args.length != 1) {
            return new ControllerReply.Refused("usage: CheckpointHelper REQUEST, one JSON object", "");
        }
        ControllerRequest request;
        try {
            request = WireFormat.request(args[0]);
        } catch (IllegalArgumentException e) {
            return new ControllerReply.Refused("bad helper request: " + e.getMessage(), "");
        }
        return request.runOn(controller);
    }
}
