package dev.gpumagics.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** GpuMagics' version as the build stamped it: {@code build.properties}, filtered from the pom's version. */
final class BuildVersion {

    private static final String RESOURCE = "build.properties";

    private BuildVersion() {}

    /**
     * @throws IllegalStateException where the resource is missing or was not filtered: a jar that Maven did not build
     */
    static String ofThisBuild() {
        Properties properties = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        String version = properties.getProperty("version", "");
        if (version.isBlank() || version.contains("${")) {
            throw new IllegalStateException(RESOURCE + " carries no version: this jar was not built by Maven from the project");
        }
        return version;
    }
}
