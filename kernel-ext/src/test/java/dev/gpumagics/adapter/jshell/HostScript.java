package dev.gpumagics.adapter.jshell;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Supplier;
import jdk.jshell.EvalException;
import org.jspecify.annotations.Nullable;

/**
 * What AddOnsIT has a host kernel run once gpumagics.jar is installed in its kernelspec, and how the
 * host prints it: {@code CELL i}, then {@code | } before each line a magic showed, {@code = } before a
 * cell's value, {@code ! } before each line of the kernel's traceback of a failed cell. JDK classes only:
 * the hosts run without GpuMagics on their classpath.
 */
public final class HostScript {

    public static final List<String> CELLS = List.of(
            "import org.bytedeco.pytorch.*; import static org.bytedeco.pytorch.global.torch.*;",
            "Tensor weights = ones(256, 256);",
            "int epochs = 3;",
            "%gpumem --vars --no-procs",
            "%gpufree weights",
            "weights == null",
            "%gpufree nosuchvar",
            "%gpureset",
            "%gpuidle release 10m",
            // the record this kernel publishes for the others, as a reader believes it
            "dev.gpumagics.neighbours.RecordShelf.system().reader(dev.gpumagics.probe.ProcessTable.system())"
                    + ".read(ProcessHandle.current().pid()).map(k -> k.record().kernel() + \" \" + k.record().state()"
                    + " + \" \" + k.record().lastActivity().isAfter(k.record().startedAt())).orElse(\"no record\")");

    /** A host's way of running one cell. */
    public interface Cell {
        @Nullable Object run(String cell) throws Exception;
    }

    private HostScript() {}

    /** @param shown what the kernel's magics have shown since the last call, as text */
    public static void run(Cell kernel, Supplier<List<String>> shown, PrintStream out) {
        for (int i = 0; i < CELLS.size(); i++) {
            out.println("CELL " + i);
            try {
                Object value = kernel.run(CELLS.get(i));
                shown.get().forEach(text -> text.lines().forEach(line -> out.println("| " + line)));
                if (value != null) {
                    out.println("= " + value);
                }
            } catch (EvalException e) {
                // as IJava and JJava show it: basekernel's rule line, the trace with JShell's class replaced by the real one
                out.println("! ---------------------------------------------------------------------------");
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                trace.toString().lines().forEach(line -> out.println("! " + line.replace(EvalException.class.getName(), e.getExceptionClassName())));
            } catch (Exception e) {
                out.println("! " + e);
            }
        }
    }
}
