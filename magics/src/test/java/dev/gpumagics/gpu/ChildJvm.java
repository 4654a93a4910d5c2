package dev.gpumagics.gpu;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of a child JVM that runs a test's {@code main} class with the classes this test
 * sees. Under surefire they are on {@code java.class.path}; under the JUnit console launcher that the
 * GPU bundle uses, {@code java.class.path} is the launcher's jar alone and the classes sit in a
 * URLClassLoader, so both are read.
 */
public final class ChildJvm {

    private ChildJvm() {}

    public static List<String> command(Class<?> main, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath(main.getClassLoader())));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    static Set<String> classPath(ClassLoader loader) {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    if (url.getProtocol().equals("file")) {
                        try {
                            entries.add(Path.of(url.toURI()).toString());
                        } catch (URISyntaxException | IllegalArgumentException e) {
                            throw new IllegalStateException("cannot turn " + url + " into a path", e);
                        }
                    }
                }
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }
}
