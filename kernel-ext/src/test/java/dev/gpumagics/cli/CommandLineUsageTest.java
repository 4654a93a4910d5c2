package dev.gpumagics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every verb answers bad input in one line that says what is wrong and shows how to call it; VERB --help helps. */
class CommandLineUsageTest {

    private static final String INSTALL = "java -jar gpumagics.jar install [--user|--sys-prefix|--prefix P] [--name N] [--display-name D] [--env KEY=VALUE]... [--ijava-kernelspec DIR|--jjava-kernelspec DIR]";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String... args) {
        out.reset();
        err.reset();
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        return text.strip();
    }

    @Test
    void installAndUninstallShowTheirUsageWithAWrongOption() {
        assertEquals(2, main("install", "--bogus"));
        assertEquals("gpumagics install: unknown option --bogus. Usage: " + INSTALL, errLine());
        assertEquals(2, main("install", "--prefix"));
        assertEquals("gpumagics install: --prefix needs a value. Usage: " + INSTALL, errLine());
        assertEquals(2, main("uninstall", "--user", "--sys-prefix"));
        assertEquals("gpumagics uninstall: --user and --sys-prefix cannot go together. Usage: java -jar gpumagics.jar uninstall"
                + " [--user|--sys-prefix|--prefix P] [--name N] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]", errLine());
    }

    @Test
    void oneAddOnAtATime() {
        assertEquals(2, main("install", "--ijava-kernelspec", "/a", "--jjava-kernelspec", "/b"));
        assertEquals("gpumagics install: --ijava-kernelspec and --jjava-kernelspec cannot go together. Usage: java -jar gpumagics.jar"
                + " install [--user|--sys-prefix|--prefix P] [--name N] [--display-name D] [--env KEY=VALUE]... [--ijava-kernelspec DIR|--jjava-kernelspec DIR]",
                errLine());
    }

    @Test
    void aValueSplitIntoTwoWordsIsSaidToBeJustThat() {
        assertEquals(2, main("install", "--name", "Bad", "Name"));
        assertEquals("gpumagics install: --name got an extra word 'Name': a kernel name cannot contain spaces; use letters, digits,"
                + " '.', '_' and '-', e.g. --name Bad-Name. Usage: " + INSTALL, errLine());
        assertEquals(2, main("install", "--display-name", "My", "Kernel", "--user"));
        assertEquals("gpumagics install: --display-name got an extra word 'Kernel': put a value with spaces in quotes,"
                + " e.g. --display-name \"My Kernel\". Usage: " + INSTALL, errLine());
        assertEquals(2, main("uninstall", "--name", "Bad", "Name"));
        assertEquals("gpumagics uninstall: --name got an extra word 'Name': a kernel name cannot contain spaces; use letters, digits,"
                + " '.', '_' and '-', e.g. --name Bad-Name. Usage: java -jar gpumagics.jar uninstall"
                + " [--user|--sys-prefix|--prefix P] [--name N] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]", errLine());
        assertEquals(2, main("install", "stray"));
        assertEquals("gpumagics install: unexpected word 'stray': every value follows its option. Usage: " + INSTALL, errLine());
    }

    @Test
    void envTakesKeyEqualsValueForOurOwnKernelspecOnly() {
        assertEquals(2, main("install", "--env", "expandable_segments:True"));
        assertEquals("gpumagics install: --env takes KEY=VALUE, e.g. --env PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True,"
                + " not 'expandable_segments:True'. Usage: " + INSTALL, errLine());
        assertEquals(2, main("install", "--env", "1X=2"));
        assertEquals("gpumagics install: --env takes KEY=VALUE, e.g. --env PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True,"
                + " not '1X=2'. Usage: " + INSTALL, errLine());
        assertEquals(2, main("install", "--env"));
        assertEquals("gpumagics install: --env needs a value. Usage: " + INSTALL, errLine());
        assertEquals(2, main("install", "--env", "A=1", "--ijava-kernelspec", "/opt/ijava"));
        assertEquals("gpumagics install: --env sets the environment of GpuMagics' own kernelspec; for another kernel's, add it to the"
                + " \"env\" of /opt/ijava/kernel.json", errLine());
        assertEquals(2, main("uninstall", "--env", "A=1"));
        assertEquals("gpumagics uninstall: --env is for install. Usage: java -jar gpumagics.jar uninstall"
                + " [--user|--sys-prefix|--prefix P] [--name N] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]", errLine());
    }

    @Test
    void theKernelVerbTakesOneConnectionFileOrTrainAndSaysWhichWhenGivenElse() {
        String usage = ". Usage: java -jar gpumagics.jar kernel CONNECTION_FILE | --train";
        assertEquals(2, main("kernel"));
        assertEquals("gpumagics kernel: which connection file?" + usage, errLine());
        assertEquals(2, main("kernel", "a.json", "b.json"));
        assertEquals("gpumagics kernel: one connection file, not 2" + usage, errLine());
        assertEquals(2, main("kernel", "--train", "a.json"));
        assertEquals("gpumagics kernel: --train takes no connection file (not a.json)" + usage, errLine());
        assertEquals(2, main("kernel", "--trian"));
        assertEquals("gpumagics kernel: unknown option --trian" + usage, errLine());
    }

    @Test
    void aMissingConnectionFileIsSaidToBeMissing() {
        assertEquals(2, main("kernel", "/nonexistent.json"));
        assertEquals("gpumagics kernel: the connection file /nonexistent.json does not exist; Jupyter writes it and passes its path"
                + " when it starts a kernel, so start this one from Jupyter (e.g. jupyter console --kernel gpumagics-java)", errLine());
    }

    @Test
    void suspendAndResumeSayWhatIsMissing() {
        assertEquals(2, main("resume"));
        assertEquals("gpumagics resume: which process? Usage: java -jar gpumagics.jar resume --pid N", errLine());
        assertEquals(2, main("suspend", "--pid"));
        assertEquals("gpumagics suspend: --pid needs a value. Usage: java -jar gpumagics.jar suspend --pid N", errLine());
        assertEquals(2, main("suspend", "--pdi", "12"));
        assertEquals("gpumagics suspend: unknown option --pdi. Usage: java -jar gpumagics.jar suspend --pid N", errLine());
        assertEquals(1, main("resume", "--pid=" + Integer.MAX_VALUE), "--pid=N is --pid N, as for every option");
        assertEquals("gpumagics resume: no process " + Integer.MAX_VALUE, errLine());
        assertEquals(2, main("suspend", "--pid", "-5"), "a negative number is bad input, like 'abc'");
        assertEquals("gpumagics suspend: not a process id: -5", errLine());
    }

    @Test
    void helpAfterAVerbIsThatVerbsUsage() {
        for (String verb : List.of("mem", "suspend", "resume", "kernel", "install", "uninstall")) {
            assertEquals(0, main(verb, "--help"), verb);
            String help = out.toString(StandardCharsets.UTF_8);
            assertEquals("usage: java -jar gpumagics.jar " + verb, help.substring(0, ("usage: java -jar gpumagics.jar " + verb).length()), help);
            assertEquals(1, help.lines().count(), help);
            assertEquals("", err.toString(StandardCharsets.UTF_8));
        }
        assertEquals(0, main("install", "-h"));
    }
}
