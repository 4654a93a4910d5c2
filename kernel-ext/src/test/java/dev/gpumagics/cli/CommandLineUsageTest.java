package dev.gpumagics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every verb answers bad input in one line that says what is wrong and shows how to call it; VERB --help helps. */
class CommandLineUsageTest {

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
        String install = "java -jar gpumagics.jar install [--user|--sys-prefix|--prefix P] [--name N] [--display-name D] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]";
        assertEquals(2, main("install", "--bogus"));
        assertEquals("gpumagics install: unknown option --bogus. Usage: " + install, errLine());
        assertEquals(2, main("install", "--prefix"));
        assertEquals("gpumagics install: --prefix needs a value. Usage: " + install, errLine());
        assertEquals(2, main("uninstall", "--user", "--sys-prefix"));
        assertEquals("gpumagics uninstall: --user and --sys-prefix cannot go together. Usage: java -jar gpumagics.jar uninstall"
                + " [--user|--sys-prefix|--prefix P] [--name N] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]", errLine());
    }

    @Test
    void oneAddOnAtATime() {
        assertEquals(2, main("install", "--ijava-kernelspec", "/a", "--jjava-kernelspec", "/b"));
        assertEquals("gpumagics install: --ijava-kernelspec and --jjava-kernelspec cannot go together. Usage: java -jar gpumagics.jar"
                + " install [--user|--sys-prefix|--prefix P] [--name N] [--display-name D] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]",
                errLine());
    }

    @Test
    void aValueSplitIntoTwoWordsIsSaidToBeJustThat() {
        String install = "java -jar gpumagics.jar install [--user|--sys-prefix|--prefix P] [--name N] [--display-name D] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]";
        assertEquals(2, main("install", "--name", "Bad", "Name"));
        assertEquals("gpumagics install: --name got an extra word 'Name': a kernel name cannot contain spaces; use letters, digits,"
                + " '.', '_' and '-', e.g. --name Bad-Name. Usage: " + install, errLine());
        assertEquals(2, main("install", "--display-name", "My", "Kernel", "--user"));
        assertEquals("gpumagics install: --display-name got an extra word 'Kernel': put a value with spaces in quotes,"
                + " e.g. --display-name \"My Kernel\". Usage: " + install, errLine());
        assertEquals(2, main("uninstall", "--name", "Bad", "Name"));
        assertEquals("gpumagics uninstall: --name got an extra word 'Name': a kernel name cannot contain spaces; use letters, digits,"
                + " '.', '_' and '-', e.g. --name Bad-Name. Usage: java -jar gpumagics.jar uninstall"
                + " [--user|--sys-prefix|--prefix P] [--name N] [--ijava-kernelspec DIR|--jjava-kernelspec DIR]", errLine());
        assertEquals(2, main("install", "stray"));
        assertEquals("gpumagics install: unexpected word 'stray': every value follows its option. Usage: " + install, errLine());
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
        assertEquals(2, main("suspend", "--pid=12"));
        assertEquals("gpumagics suspend: which process? Usage: java -jar gpumagics.jar suspend --pid N", errLine());
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
