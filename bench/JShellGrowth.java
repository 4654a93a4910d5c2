import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;

/**
 * JShell alone, in this JVM: the CPU time of {@code 1+1} after N snippets, to tell what a kernel's
 * growth with age comes from. Modes: {@code redeclare} (50 ints redeclared in turn), {@code drop}
 * (expressions, each dropped at once, as the kernel does with a {@code $N} that holds a number) and
 * {@code keep} (expressions kept, as JShell does by default).
 *
 * <p>Run: {@code java -XX:+UseSerialGC -Xmn16m -XX:TieredStopAtLevel=1 bench/JShellGrowth.java redeclare}
 */
public final class JShellGrowth {

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "redeclare";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            int snippets = 0;
            for (int target : new int[] {0, 1000, 2000, 4000}) {
                while (snippets < target) {
                    List<SnippetEvent> events = shell.eval(mode.equals("redeclare")
                            ? "int v" + (snippets % 50) + " = " + snippets + ";" : snippets + " + 1");
                    if (mode.equals("drop")) {
                        events.forEach(e -> shell.drop(e.snippet()));
                    }
                    snippets++;
                }
                long[] cpu = new long[40];
                for (int i = 0; i < cpu.length; i++) {
                    long before = threads.getCurrentThreadCpuTime();
                    shell.eval("1+1").forEach(e -> shell.drop(e.snippet()));
                    cpu[i] = threads.getCurrentThreadCpuTime() - before;
                }
                Arrays.sort(cpu);
                System.out.printf("%s, %d snippets before: 1+1 takes %.1f ms of CPU (median of %d)%n",
                        mode, snippets, cpu[cpu.length / 2] / 1e6, cpu.length);
            }
        }
    }
}
