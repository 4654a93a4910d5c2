package dev.gpumagics.kernel;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cells run before the first one: {@code GPUMAGICS_STARTUP_SCRIPTS_PATH} (files or globs such as
 * {@code ~/.jupyter/java/*.jshell}) then {@code GPUMAGICS_STARTUP_SCRIPT}. A failing script is reported
 * in one line on stderr and the kernel starts anyway.
 */
final class StartupScripts {

    private final PrintStream err;
    private final Map<String, String> env;

    StartupScripts(PrintStream err) {
        this(err, System.getenv());
    }

    StartupScripts(PrintStream err, Map<String, String> env) {
        this.err = err;
        this.env = env;
    }

    /** Each script's name and text, in the order they run. */
    List<Map.Entry<String, String>> scripts() {
        List<Map.Entry<String, String>> scripts = new ArrayList<>();
        for (String entry : env.getOrDefault(KernelSettings.STARTUP_SCRIPTS_PATH, "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            for (Path file : files(entry.strip())) {
                try {
                    scripts.add(Map.entry(file.toString(), Files.readString(file)));
                } catch (IOException e) {
                    err.println("gpumagics: cannot read startup script " + file + ": " + e.getMessage());
                }
            }
        }
        String inline = env.get(KernelSettings.STARTUP_SCRIPT);
        if (inline != null && !inline.isBlank()) {
            scripts.add(Map.entry(KernelSettings.STARTUP_SCRIPT, inline));
        }
        return scripts;
    }

    void runIn(GpuMagicsKernel kernel) {
        for (Map.Entry<String, String> script : scripts()) {
            try {
                kernel.run(script.getValue());
            } catch (RuntimeException | LinkageError e) {
                ErrorReport report = ErrorReport.of(e);
                err.println("gpumagics: startup script " + script.getKey() + " failed: " + report.ename()
                        + (report.evalue().isEmpty() ? "" : ": " + report.evalue().lines().findFirst().orElse("")));
            }
        }
    }

    private List<Path> files(String entry) {
        Path path = Path.of(entry.replaceFirst("^~(?=/|$)", System.getProperty("user.home")));
        Path name = path.getFileName();
        if (name == null || !(name.toString().contains("*") || name.toString().contains("?"))) {
            if (!Files.isRegularFile(path)) {
                err.println("gpumagics: no startup script at " + path);
                return List.of();
            }
            return List.of(path);
        }
        Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, name.toString())) {
                stream.forEach(files::add);
            } catch (IOException e) {
                err.println("gpumagics: cannot list " + dir + ": " + e.getMessage());
            }
        }
        return files.stream().sorted().toList();
    }
}
