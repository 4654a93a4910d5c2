import dev.gpumagics.kernel.NotebookShell;
import dev.gpumagics.probe.ProcKibFields;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

/**
 * The floor any JShell-based kernel stands on: a workload's cells run straight into JShell (split into
 * snippets by JShell's own analysis, each {@code $N} dropped at once) against the same cells through
 * this kernel's {@code NotebookShell}, in this JVM and on this thread, no Jupyter in between. Prints the
 * CPU of the first 1,000 cells and, at each age, that of {@code 1+1} (median of 20), the heap still in
 * use after a full collection (what the shell keeps for the cells run so far) and the process's RSS. The
 * CPU is this thread's: JShell's compiling and bookkeeping, which is what grows; both shells run the
 * snippets' own code on a thread of their own.
 *
 * <p>Workloads: {@code small}, the issue's {@code int vK = i; vK * 2} (K = i mod 50); {@code mixed},
 * bench_aging.py's mixed Java cells (declarations and redeclarations of variables, methods that call
 * each other, records, prints) with its tensor cells made small ones; {@code torch}, the mixed cells with
 * bench_aging.py's tensor cells (libtorch CPU), which needs the pytorch, javacpp and openblas jars on
 * {@code -cp}, and which JShell alone gets through {@code addToClasspath}.
 *
 * <p>Shells: {@code jshell}; {@code jshell-keeping}, which keeps a {@code $N} whose type is a tensor, as the
 * kernel does so that {@code %gpufree} sees it; {@code kernel}.
 *
 * <p>Run each shell in a JVM of its own with the kernelspec's options, one after the other:
 * {@code java -XX:+UseSerialGC -Xmn16m -XX:TieredStopAtLevel=1 -cp kernel-ext/target/gpumagics.jar
 * bench/ShellFloor.java jshell|jshell-keeping|kernel [small|mixed|torch]}
 */
public final class ShellFloor {

    interface Shell extends AutoCloseable {
        void cell(String code);
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "jshell";
        String workload = args.length > 1 ? args[1] : "small";
        boolean torch = workload.equals("torch");
        IntFunction<String> cells = torch ? ShellFloor::torchCell : workload.equals("mixed") ? ShellFloor::mixedCell
                : ShellFloor::smallCell;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Shell shell = which.equals("kernel") ? kernelShell() : jshellAlone(torch, which.equals("jshell-keeping"))) {
            if (torch) {
                shell.cell("import org.bytedeco.pytorch.Scalar;\nimport org.bytedeco.pytorch.global.torch;");
            }
            int done = 0;
            long firstThousand = 0;
            for (int age : new int[] {0, 20, 1000, 3000}) {
                long before = threads.getCurrentThreadCpuTime();
                for (; done < age; done++) {
                    shell.cell(cells.apply(done));
                }
                if (age <= 1000) {
                    firstThousand += threads.getCurrentThreadCpuTime() - before;
                }
                long[] cpu = new long[20];
                for (int i = 0; i < cpu.length; i++) {
                    long start = threads.getCurrentThreadCpuTime();
                    shell.cell("1+1");
                    cpu[i] = threads.getCurrentThreadCpuTime() - start;
                }
                Arrays.sort(cpu);
                memory.gc();
                System.out.printf("%s %s, age %d: 1+1 %.1f ms of CPU, heap in use %.1f MB, RSS %d MB%n", which, workload,
                        age, cpu[cpu.length / 2] / 1e6, memory.getHeapMemoryUsage().getUsed() / 1e6, rssMegabytes());
            }
            System.out.printf("%s %s: the first 1,000 cells took %.1f s of CPU%n", which, workload, firstThousand / 1e9);
        }
    }

    private static Shell kernelShell() {
        NotebookShell shell = NotebookShell.start();
        return new Shell() {
            @Override
            public void cell(String code) {
                shell.eval(code);
            }

            @Override
            public void close() {
                shell.close();
            }
        };
    }

    /** {@code keepTensors}: a {@code $N} whose type is a tensor stays, as the kernel keeps one for {@code %gpufree}. */
    private static Shell jshellAlone(boolean withClasspath, boolean keepTensors) {
        JShell shell = JShell.builder().executionEngine("local").build();
        if (withClasspath) {
            shell.addToClasspath(System.getProperty("java.class.path"));
        }
        return new Shell() {
            @Override
            public void cell(String code) {
                String rest = code;
                while (!rest.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(rest);
                    if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY || info.source() == null) {
                        return;
                    }
                    shell.eval(info.source()).stream().map(e -> e.snippet())
                            .filter(s -> s instanceof VarSnippet v && v.name().startsWith("$")
                                    && !(keepTensors && v.typeName().endsWith(".Tensor")))
                            .forEach(shell::drop);
                    rest = info.remaining();
                }
            }

            @Override
            public void close() {
                shell.close();
            }
        };
    }

    static String smallCell(int i) {
        return "int v" + (i % 50) + " = " + i + "; v" + (i % 50) + " * 2";
    }

    /** bench_aging.py's java_cell, its two tensor cells in 50 made small cells. */
    static String mixedCell(int i) {
        String base = "v" + ((i - i % 10) % 50);
        if (i % 50 == 25 || i % 50 == 45) {
            return smallCell(i);
        }
        return switch (i % 10) {
            case 0, 1, 2 -> smallCell(i);
            case 3 -> "String s" + i % 30 + " = \"cell " + i + "\"; s" + i % 30 + ".length()";
            case 4 -> "long f" + i % 20 + "(long x) { return x * " + (i % 7 + 1) + "; }\nf" + i % 20 + "(" + base + ")";
            case 5 -> "var list" + i % 10 + " = new java.util.ArrayList<Integer>(java.util.List.of(" + i + ", " + (i + 1)
                    + ")); list" + i % 10 + ".size()";
            case 6 -> "long g" + i % 10 + "(long x) { return f" + (i - 2) % 20 + "(x) + 1; }\ng" + i % 10 + "(" + i + ")";
            case 7 -> "record P" + i % 10 + "(int a, int b) { int sum() { return a + b; } }\nnew P" + i % 10 + "(" + i
                    + ", 1).sum()";
            case 8 -> base + " += 1";
            default -> "System.out.println(\"at \" + " + base + ")";
        };
    }

    /** bench_aging.py's java_cell, tensors and all. */
    static String torchCell(int i) {
        if (i % 50 == 25) {
            String t = "t" + (i / 50) % 4;
            return "var " + t + " = torch.ones(256, 256).mul(new Scalar(" + i + ".0)); " + t + ".sum().item_float()";
        }
        if (i % 50 == 45) {
            return "torch.ones(64, 64).add(new Scalar(" + i + ".0))";
        }
        return mixedCell(i);
    }

    private static long rssMegabytes() {
        return ProcKibFields.read(Path.of("/proc/self/status"), List.of("VmRSS")).bytes("VmRSS")
                .orElseThrow(() -> new IllegalStateException("no VmRSS in /proc/self/status: this bench needs Linux")) >> 20;
    }
}
