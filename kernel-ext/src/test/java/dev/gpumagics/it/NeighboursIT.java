package dev.gpumagics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two users on one host, each with a GpuMagics kernel started through Debian's jupyter_client (neighbours_session.py,
 * run as each of two users made with useradd), and a stand-in nvidia-smi listing both kernels' pids on one H100. Each
 * kernel's %gpumem names the other's user, notebook and idle time; `kernels --json` lists both; after bob's kernel is
 * killed and bob forges records in alice's name, neither the dead kernel nor the forgeries are shown.
 */
class NeighboursIT {

    static final String ALICE = "gpm-alice";
    static final String BOB = "gpm-bob";

    static Path shared;
    static HostUsers users;
    static final List<Process> drivers = new ArrayList<>();
    static JsonObject alice;
    static JsonObject bob;
    static HostUsers.User bobUser;
    static Optional<String> missing = Optional.empty();

    @BeforeAll
    static void twoUsersEachWithAKernel() throws Exception {
        missing = HostUsers.why();
        if (missing.isEmpty() && (!Files.isExecutable(Jupyter.PYTHON) || !HostUsers.succeeds(List.of(Jupyter.PYTHON.toString(), "-c", "import jupyter_client")))) {
            missing = Optional.of("Debian's jupyter_client is not installed");
        }
        if (missing.isPresent()) {
            System.err.println("NeighboursIT skipped: " + missing.get());
            return;
        }
        users = HostUsers.open();
        shared = Files.createTempDirectory("gpumagics-neighbours", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Jupyter jupyter = Jupyter.install(shared);
        users.privileged("chmod", "-R", "a+rX", jupyter.dataDir.toString());
        Path jar = Files.copy(jupyter.jar, shared.resolve("gpumagics.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        Path pids = Files.createDirectories(shared.resolve("pids"));
        Files.setAttribute(pids, "unix:mode", 01777);
        Path shm = Files.createDirectories(shared.resolve("shm"));
        users.privileged("chown", "root:root", shm.toString());
        users.privileged("chmod", "1777", shm.toString());
        Path bin = standInNvidiaSmi(pids);

        HostUsers.User aliceUser = users.ensure(ALICE);
        bobUser = users.ensure(BOB);
        Map<HostUsers.User, String> roles = Map.of(aliceUser, "alice", bobUser, "bob");
        List<Path> outputs = new ArrayList<>();
        for (HostUsers.User user : List.of(aliceUser, bobUser)) {
            String role = roles.get(user);
            Path home = Files.createDirectories(shared.resolve(role).resolve("home"));
            Path runtime = Files.createDirectories(shared.resolve(role).resolve("runtime"));
            users.privileged("chown", "-R", user.name() + ":" + user.name(), shared.resolve(role).toString());
            Map<String, String> env = new HashMap<>();
            env.put("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
            env.put("HOME", home.toString());
            env.put("LANG", "C.UTF-8");
            env.put("JUPYTER_DATA_DIR", jupyter.dataDir.toString());
            env.put("JUPYTER_PATH", jupyter.dataDir.toString());
            env.put("JUPYTER_RUNTIME_DIR", runtime.toString());
            env.put("GPUMAGICS_KERNELS_DIR", shm.toString());
            List<String> command = users.as(user, env, List.of(Jupyter.PYTHON.toString(), jupyter.scripts.resolve("neighbours_session.py").toString(),
                    role, role.equals("alice") ? "bob" : "alice", shared.toString(), Jupyter.KERNEL, jar.toString()));
            Path out = shared.resolve(role + ".out");
            drivers.add(new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(shared.resolve(role + ".err").toFile()).start());
            outputs.add(out);
        }
        for (int i = 0; i < drivers.size(); i++) {
            Process driver = drivers.get(i);
            String role = i == 0 ? "alice" : "bob";
            assertTrue(driver.waitFor(5, TimeUnit.MINUTES), role + "'s session did not end in 5 minutes");
            String err = Files.readString(shared.resolve(role + ".err"), StandardCharsets.UTF_8);
            assertEquals(0, driver.exitValue(), role + "'s session failed:\n" + err);
        }
        alice = lastLine(outputs.get(0));
        bob = lastLine(outputs.get(1));
        System.out.println("NeighboursIT: alice's %gpumem\n" + alice.get("gpumem").getAsString());
    }

    private static JsonObject lastLine(Path out) throws Exception {
        String text = Files.readString(out, StandardCharsets.UTF_8).strip();
        return JsonParser.parseString(text.substring(text.lastIndexOf('\n') + 1)).getAsJsonObject();
    }

    /** nvidia-smi as the probe calls it: one H100 80GB, and every pid the sessions wrote, each with its memory. */
    private static Path standInNvidiaSmi(Path pids) throws Exception {
        Path bin = Files.createDirectories(shared.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\ncase \"$1\" in\n"
                + "  --query-gpu=*) echo '0, GPU-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f60718, NVIDIA H100 80GB HBM3, 81559, 8792, 72767, 0, 580.159.04' ;;\n"
                + "  --query-compute-apps=*) cat " + pids + "/*.csv 2>/dev/null; true ;;\n  *) exit 2 ;;\nesac\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @AfterAll
    static void removeThem() throws Exception {
        drivers.forEach(Process::destroyForcibly);
        if (users != null) {
            if (shared != null) {
                users.privileged("rm", "-rf", shared.toString()); // the users' files too
            }
            users.close();
        }
    }

    private static List<JsonObject> rows(JsonObject kernels) {
        return StreamSupport.stream(kernels.getAsJsonObject("json").getAsJsonArray("kernels").spliterator(), false)
                .map(JsonElement::getAsJsonObject).toList();
    }

    private static Optional<JsonObject> row(JsonObject kernels, long pid) {
        return rows(kernels).stream().filter(r -> r.get("pid").getAsLong() == pid).findFirst();
    }

    /** The other's row among the other processes of %gpumem --json. */
    private static JsonObject otherProcess(JsonObject session, long pid) {
        JsonObject report = session.getAsJsonArray("gpumem_json").get(0).getAsJsonObject();
        JsonObject device = report.getAsJsonArray("devices").get(0).getAsJsonObject();
        return StreamSupport.stream(device.getAsJsonArray("otherProcesses").spliterator(), false).map(JsonElement::getAsJsonObject)
                .filter(p -> p.get("pid").getAsLong() == pid).findFirst().orElseThrow(() -> new AssertionError(pid + " not in " + device));
    }

    @Test
    void eachKernelsGpumemNamesTheOthersUserNotebookAndIdleTimeAndNoMoreOfItsPathThanItsName() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        for (JsonObject[] pair : new JsonObject[][] {{alice, bob}, {bob, alice}}) {
            JsonObject self = pair[0];
            JsonObject other = pair[1];
            long otherPid = other.get("kernel_pid").getAsLong();
            String otherUser = other.get("role").getAsString().equals("alice") ? ALICE : BOB;
            String notebook = other.get("role").getAsString() + "-training.ipynb";
            String text = self.get("gpumem").getAsString();

            assertTrue(text.matches("(?s).*\\n    pid " + otherPid + " +\\S+ \\S+ +" + otherUser + " +\\S*java.*\\n      GpuMagics kernel, notebook "
                    + notebook + ": idle for \\d[^\\n]*\\n.*"), self.get("role") + "'s %gpumem:\n" + text);
            assertFalse(text.contains("/projects/"), "the default shows the notebook's name, not its folders:\n" + text);

            JsonObject kernel = otherProcess(self, otherPid).getAsJsonObject("gpumagicsKernel");
            assertEquals(notebook, kernel.get("notebook").getAsString());
            assertEquals("idle", kernel.get("state").getAsString());
            assertTrue(kernel.get("sinceLastActivitySeconds").getAsLong() >= 3, "both waited 4 s before looking: " + kernel);
            assertEquals(otherUser, otherProcess(self, otherPid).get("user").getAsString());
        }
    }

    @Test
    void kernelsJsonListsBothKernelsWithTheirUsers() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        for (JsonObject session : List.of(alice, bob)) {
            JsonObject kernels = session.getAsJsonObject("kernels");
            assertEquals(0, kernels.get("exit").getAsInt(), kernels.toString());
            JsonObject a = row(kernels, alice.get("kernel_pid").getAsLong()).orElseThrow(() -> new AssertionError(kernels.toString()));
            JsonObject b = row(kernels, bob.get("kernel_pid").getAsLong()).orElseThrow(() -> new AssertionError(kernels.toString()));
            assertEquals(ALICE, a.get("user").getAsString());
            assertEquals(BOB, b.get("user").getAsString());
            assertEquals("alice-training.ipynb", a.get("notebook").getAsString());
            assertEquals("GpuMagics", b.get("kernel").getAsString());
        }
    }

    @Test
    void aKilledKernelsRecordStaysOnDiskButIsShownNowhere() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        long bobsKernel = bob.get("kernel_pid").getAsLong();
        assertTrue(bob.get("killed").getAsBoolean());
        assertTrue(Files.exists(shared.resolve("shm/gpumagics-kernels-" + bobUser.uid() + "/kernel-" + bobsKernel + ".json")),
                "SIGKILL left the record where it was");
        JsonObject after = alice.getAsJsonObject("after");
        assertEquals(Optional.empty(), row(after.getAsJsonObject("kernels"), bobsKernel));
        assertTrue(after.getAsJsonObject("kernels").getAsJsonObject("json").getAsJsonObject("ignored").get("processGone").getAsInt() >= 1,
                after.toString());
        assertFalse(after.get("gpumem").getAsString().contains("bob-training.ipynb"), after.get("gpumem").getAsString());
    }

    @Test
    void recordsForgedInAnotherUsersNameAreIgnoredAndNobodyWritesWhereAnotherUsersRecordsAre() {
        assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        JsonObject after = alice.getAsJsonObject("after");
        String everything = after.toString();
        assertFalse(everything.contains("forged.ipynb"), everything);
        JsonObject kernels = after.getAsJsonObject("kernels");
        assertEquals("alice-training.ipynb", row(kernels, alice.get("kernel_pid").getAsLong()).orElseThrow().get("notebook").getAsString());
        assertEquals(Optional.empty(), row(kernels, alice.get("driver_pid").getAsLong()), "alice's python is no kernel, whatever bob says");
        assertEquals(2, kernels.getAsJsonObject("json").getAsJsonObject("ignored").get("otherOwner").getAsInt(), kernels.toString());
        assertFalse(bob.get("wrote_into_alices_folder").getAsBoolean(), bob.toString());
    }
}
