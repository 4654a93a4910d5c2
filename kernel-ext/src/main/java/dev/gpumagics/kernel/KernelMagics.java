package dev.gpumagics.kernel;

import dev.gpumagics.maven.Coordinates;
import dev.gpumagics.maven.MavenResolver;
import dev.gpumagics.jupyter.kernel.MimeBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The kernel's own magics, as IJava has them: {@code %maven}, {@code %jars}, {@code %classpath} and
 * {@code %load}; and {@code %clear_output}, as IPython's. The GPU magics are bound in {@link GpuMagicLines}.
 */
final class KernelMagics {

    private final NotebookShell shell;
    private final CellRunner runner;
    private final Consumer<MimeBundle> display;
    private final Consumer<Boolean> clear;
    private @Nullable MavenResolver resolver;
    /** The files {@code %load} is running now, innermost first. */
    private final Deque<Path> loading = new ArrayDeque<>();

    /** @param clear clears what the running cell has shown: at once, or (true) when its next output comes */
    KernelMagics(NotebookShell shell, CellRunner runner, Consumer<MimeBundle> display, Consumer<Boolean> clear) {
        this.shell = shell;
        this.runner = runner;
        this.display = display;
        this.clear = clear;
    }

    void addTo(MagicTable magics) {
        magics.addLine("maven", this::maven);
        magics.addLine("jars", this::jars);
        magics.addLine("classpath", this::jars);
        magics.addLine("load", this::load);
        magics.addLine("clear_output", this::clearOutput);
    }

    /** {@code %clear_output [--wait]}: as IPython's clear_output, for a cell that redraws what it shows. */
    private @Nullable Object clearOutput(List<String> args) {
        if (!args.isEmpty() && !args.equals(List.of("--wait"))) {
            throw new IllegalArgumentException("usage: %clear_output [--wait] (not " + String.join(" ", args) + ")");
        }
        clear.accept(!args.isEmpty());
        return null;
    }

    /** {@code %maven g:a:v[:classifier] ...}: resolves with Maven and adds the jars to the notebook. */
    private @Nullable Object maven(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: %maven group:artifact:version[:classifier] ...");
        }
        List<Coordinates> wanted = args.stream().map(Coordinates::parse).toList();
        if (resolver == null) {
            resolver = MavenResolver.fromUserSettings(); // built on first use: start-up never pays for it
        }
        int before = shell.classLoader().addedPaths().size();
        List<Path> resolved = new ArrayList<>();
        for (Coordinates coordinates : wanted) {
            for (Path jar : resolver.resolve(coordinates)) {
                ClasspathEntryCheck.problem(jar).ifPresent(problem -> {
                    throw new IllegalArgumentException("%maven: " + jar + " (for " + coordinates + ") " + problem
                            + "; nothing was added (delete it from the local repository to download it again)");
                });
                resolved.add(jar);
            }
        }
        resolved.forEach(shell::addToClasspath);
        int added = shell.classLoader().addedPaths().size() - before;
        display.accept(MimeBundle.text("%maven: " + added + " jar" + (added == 1 ? "" : "s") + " added for "
                + wanted.stream().map(Coordinates::toString).collect(Collectors.joining(", "))));
        return null;
    }

    /** {@code %jars PATH_OR_GLOB ...} adds jars; {@code %jars} alone and {@code %classpath} list them. */
    private @Nullable Object jars(List<String> args) throws IOException {
        List<Path> adding = new ArrayList<>();
        for (String arg : args) {
            List<Path> found = expand(arg);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("%jars: nothing matches " + arg);
            }
            for (Path path : found) {
                ClasspathEntryCheck.problem(path).ifPresent(problem -> {
                    throw new IllegalArgumentException("%jars: " + path + " " + problem + "; nothing was added");
                });
            }
            adding.addAll(found);
        }
        adding.forEach(shell::addToClasspath);
        List<Path> all = shell.classLoader().addedPaths();
        display.accept(MimeBundle.text(all.isEmpty() ? "(no jars added to the notebook)"
                : all.stream().map(Path::toString).collect(Collectors.joining("\n"))));
        return null;
    }

    /** A jar, a class folder, a folder of jars, or a glob in the last path element ({@code lib/*.jar}). */
    private static List<Path> expand(String arg) throws IOException {
        Path path = userPath(arg);
        Path name = path.getFileName();
        if (name != null && (name.toString().contains("*") || name.toString().contains("?"))) {
            Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
            List<Path> matches = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (var stream = Files.newDirectoryStream(dir, name.toString())) {
                    stream.forEach(matches::add);
                }
            }
            return matches.stream().sorted().toList();
        }
        if (Files.isDirectory(path) && Files.isReadable(path)) {
            try (Stream<Path> children = Files.list(path)) {
                List<Path> jars = children.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
                return jars.isEmpty() ? List.of(path) : jars;
            }
        }
        return Files.exists(path) ? List.of(path) : List.of();
    }

    /**
     * {@code %load FILE}: runs a file of Java (magics allowed) as if it were a cell. A magic's failure in it
     * names the file and line; a file that loads itself, through others or directly, is not loaded again.
     */
    private @Nullable Object load(List<String> args) throws IOException {
        if (args.size() != 1) {
            throw new IllegalArgumentException("usage: %load FILE");
        }
        Path file = userPath(args.get(0));
        String text = LoadedFile.read(file);
        Path real = file.toRealPath();
        if (loading.contains(real)) {
            throw new IllegalArgumentException("%load: " + file + " loads itself"
                    + (loading.size() > 1 ? " (through " + loading.size() + " files)" : "") + "; it was not loaded again");
        }
        if (loading.size() >= LoadedFile.DEEPEST) {
            throw new IllegalArgumentException("%load: files load one another more than " + LoadedFile.DEEPEST
                    + " deep; " + file + " was not loaded");
        }
        loading.push(real);
        try {
            NotebookShell.Result result = runner.run(text);
            return result.hasValue() ? result.value() : null;
        } catch (ErrorReport.MagicFailure failure) {
            throw new ErrorReport.InFile(failure.line > 0 ? file + ", line " + failure.line : file.toString(), failure);
        } finally {
            loading.pop();
        }
    }

    private static Path userPath(String arg) {
        return Path.of(arg.replaceFirst("^~(?=/|$)", System.getProperty("user.home")));
    }
}
