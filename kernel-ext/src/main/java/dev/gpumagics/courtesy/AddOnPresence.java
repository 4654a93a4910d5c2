package dev.gpumagics.courtesy;

import dev.gpumagics.neighbours.KernelPresence;
import dev.gpumagics.neighbours.KernelState;
import dev.gpumagics.neighbours.OwnGpuUse;
import dev.gpumagics.neighbours.RecordShelf;
import java.util.Optional;
import java.util.function.Supplier;
import jdk.jshell.JShell;
import org.jspecify.annotations.Nullable;

/**
 * The record of a kernel that GpuMagics is added to (IJava, JJava). Neither tells an add-on when a cell starts or
 * ends, so the record says what is true: its state is unknown, and its last activity is when JShell last finished a
 * snippet (JShell reports a snippet once it has run), a magic line included. A cell that runs for an hour shows as an
 * hour since its last code; the readers say so.
 */
public final class AddOnPresence {

    private static @Nullable KernelPresence started;

    private AddOnPresence() {}

    /**
     * Publishes this process's record, once per process, however often the kernel installs the add-on.
     *
     * @param kernel {@code IJava} or {@code JJava}
     * @param shell the kernel's JShell, whose snippets mark activity
     * @param notebookClasses where the notebook's torch classes are, for what the record says it holds on each GPU
     */
    public static synchronized void start(String kernel, Supplier<JShell> shell, Supplier<ClassLoader> notebookClasses) {
        if (started != null) {
            return;
        }
        Optional<KernelPresence> presence = KernelPresence.start(RecordShelf.system(), kernel, ThisKernel.kernelIdFromCommandLine(),
                ThisKernel.notebook(System.getenv()), KernelState.UNKNOWN, Optional.empty(), new OwnGpuUse(notebookClasses), ThisKernel::context);
        if (presence.isEmpty()) {
            return;
        }
        started = presence.get();
        KernelPresence marks = presence.get();
        try {
            shell.get().onSnippetEvent(event -> marks.activity());
        } catch (RuntimeException e) {
            // no JShell to listen to: the record's last activity stays its start, which readers show as such
        }
    }
}
