package dev.gpumagics.context.checkpoint;

import java.util.Optional;

/** {@code remember|recall|forget PID [BYTES_PER_DEVICE]} through {@link ParkedRecords#forThisUser()}, for {@link ParkedRecordsTest}'s child JVMs. */
public final class ParkedRecordsMain {

    private ParkedRecordsMain() {}

    public static void main(String[] args) {
        ParkedRecords records = ParkedRecords.forThisUser();
        long pid = Long.parseLong(args[1]);
        switch (args[0]) {
            case "remember" -> records.remember(pid, Optional.of(WireFormat.bytesPerDevice(args[2])));
            case "recall" -> System.out.println(records.recall(pid).map(WireFormat::text).orElse(""));
            case "forget" -> records.forget(pid);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
