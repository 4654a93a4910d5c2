package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.jupyter.kernel.UsageReply;
import dev.gpumagics.look.MemoryReport;
import dev.gpumagics.look.ReportAssembler;
import dev.gpumagics.look.ReportOptions;
import dev.gpumagics.probe.HostMemory;
import dev.gpumagics.probe.ProcessIdentity;
import dev.gpumagics.probe.value.Probed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The usage answer on this host's real /proc, against what psutil 5.9 (Debian's python3-psutil, which ipykernel's
 * usage_request reads) says of the same host at the same moment: the fields mean what ipykernel's mean.
 */
class UsageAnswerTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    static MemoryReport noGpu() {
        return ReportAssembler.assemble(Instant.now(), ProcessHandle.current().pid(), Probed.unavailable("nvidia-smi is not on PATH", ""),
                Probed.unavailable("no GPU", ""), Probed.unavailable("no GPU", ""),
                new HostMemory(0, 0, 0, OptionalLong.empty(), OptionalLong.empty()), ProcessIdentity::notVisible, ReportOptions.ALL);
    }

    static JsonObject psutil() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        Process python = new ProcessBuilder(PYTHON.toString(), "-c", "import json, psutil; print(json.dumps({'cpu_count': psutil.cpu_count(logical=True),"
                + " 'vm': dict(psutil.virtual_memory()._asdict()), 'version': psutil.__version__}))").redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        assumeTrue(python.exitValue() == 0, "Debian's python3-psutil is not installed: " + out);
        return JsonParser.parseString(out).getAsJsonObject();
    }

    @Test
    void hostMemoryAndCpuCountMeanWhatPsutilsDo() throws Exception {
        UsageReply ours = new UsageAnswer(Path.of("/proc"), UsageAnswerTest::noGpu).answer();
        JsonObject theirs = psutil();
        assertEquals(theirs.get("cpu_count").getAsInt(), ours.cpuCount());
        JsonObject vm = theirs.getAsJsonObject("vm");
        JsonObject mine = ours.content().getAsJsonObject("host_virtual_memory");
        assertEquals(vm.keySet(), mine.keySet(), "the same fields as psutil " + theirs.get("version"));
        assertEquals(vm.get("total").getAsLong(), mine.get("total").getAsLong());
        for (String moving : List.of("available", "used", "free", "active", "inactive", "buffers", "cached", "shared", "slab")) {
            long difference = Math.abs(vm.get(moving).getAsLong() - mine.get(moving).getAsLong());
            assertTrue(difference < 256L << 20, moving + ": psutil " + vm.get(moving) + ", ours " + mine.get(moving) + " (a moving host, read apart)");
        }
        assertTrue(Math.abs(vm.get("percent").getAsDouble() - mine.get("percent").getAsDouble()) < 2, vm + " against " + mine);
    }

    @Test
    void theFirstAnswerHasNoHostCpuAndZeroKernelCpuAsIpykernelsFirstThenBoth() throws Exception {
        UsageAnswer answer = new UsageAnswer(Path.of("/proc"), UsageAnswerTest::noGpu);
        UsageReply first = answer.answer();
        assertEquals(0.0, first.kernelCpuPercent());
        assertFalse(first.content().has("host_cpu_percent"), first.content().toString());
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        long spin = 0;
        while (System.nanoTime() < until) {
            spin++;
        }
        UsageReply second = answer.answer();
        assertTrue(second.kernelCpuPercent() > 20, "this JVM just spun a core for 300 ms (" + spin + "): " + second.kernelCpuPercent());
        assertTrue(second.hostCpuPercent().isPresent(), second.toString());
        assertTrue(second.kernelMemoryBytes().orElseThrow() > 10L << 20, "a JVM's PSS: " + second.kernelMemoryBytes());
        assertEquals(Optional.of(ProcessHandle.current().pid()), Optional.of(second.pid()));
        assertEquals("[]", second.content().get("gpu").toString(), "no device here: an empty list");
    }
}
