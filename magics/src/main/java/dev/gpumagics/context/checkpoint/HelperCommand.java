package dev.gpumagics.context.checkpoint;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.Loader;

/** The command line of the helper JVM: this JVM's own java, its JavaCPP settings, and the jars the helper needs. */
final class HelperCommand {

    private HelperCommand() {}

    /** {@code java -cp <jars> CheckpointHelper}, reusing this JVM's JavaCPP settings; the request is added as its argument. */
    static List<String> forThisJvm() {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a small, quick JVM: it makes six driver calls and a few NVML queries
        java.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("org.bytedeco."))
                .sorted()
                .forEach(name -> java.add("-D" + name + "=" + System.getProperty(name)));
        java.add("-cp");
        java.add(String.join(File.pathSeparator, classPath()));
        java.add(CheckpointHelper.class.getName());
        return java;
    }

    /**
     * Where GpuMagics, Gson, JavaCPP and the cuda preset (classes and this platform's natives) come from. In IJava those
     * jars sit on the notebook's classpath, not on java.class.path, so they are looked up by what they hold.
     */
    static Set<String> classPath() {
        Set<String> entries = new LinkedHashSet<>();
        ClassLoader loader = HelperCommand.class.getClassLoader();
        String platform = Loader.getPlatform();
        for (String resource : List.of(
                "dev/gpumagics/context/checkpoint/CheckpointHelper.class",
                "org/jspecify/annotations/NullMarked.class",
                "com/google/gson/Gson.class",
                "org/bytedeco/javacpp/Loader.class",
                "org/bytedeco/cuda/global/cudart.class",
                "org/bytedeco/javacpp/" + platform + "/libjnijavacpp.so",
                "org/bytedeco/cuda/" + platform + "/libjnicudart.so",
                "org/bytedeco/cuda/" + platform + "/libjninvml.so")) {
            URL url = loader == null ? null : loader.getResource(resource);
            if (url != null) {
                root(url, resource).ifPresent(entries::add);
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static Optional<String> root(URL url, String resource) {
        try {
            if (url.getProtocol().equals("jar")) {
                String path = url.getPath(); // file:/x/y.jar!/org/...
                return Optional.of(Path.of(new URL(path.substring(0, path.indexOf("!/"))).toURI()).toString());
            }
            if (url.getProtocol().equals("file")) {
                Path file = Path.of(url.toURI());
                for (int i = 0; i < resource.split("/").length && file != null; i++) {
                    file = file.getParent();
                }
                return Optional.ofNullable(file).map(Path::toString);
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            // an entry we cannot name is left out; java.class.path may still carry it
        }
        return Optional.empty();
    }
}
