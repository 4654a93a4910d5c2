package dev.gpumagics.adapter.ijava;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.adapter.jshell.HostScript;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * IJava started from a kernelspec GpuMagics' install edited, in a JVM with IJava's classpath only
 * (basekernel 2.3.0, Gson 2.8.5): JShell gets {@code IJAVA_CLASSPATH}, the files on
 * {@code IJAVA_STARTUP_SCRIPTS_PATH} run as cells, then libtorch's jars are added as IJava's
 * {@code %maven} and {@code %loadFromPOM} add them, and {@link HostScript} runs. Arguments: the
 * kernelspec folder, then libtorch's jars.
 */
public final class IJavaHostMain {

    private IJavaHostMain() {}

    @SuppressWarnings("deprecation") // Gson 2.8.5, IJava's, has no static JsonParser.parseString
    public static void main(String[] args) throws Exception {
        Path kernelspec = Path.of(args[0]);
        JsonObject env = new JsonParser().parse(Files.readString(kernelspec.resolve("kernel.json"))).getAsJsonObject().getAsJsonObject("env");
        try (StandInIJava ijava = new StandInIJava(System.getProperty("java.class.path") + File.pathSeparator
                + env.get("IJAVA_CLASSPATH").getAsString())) {
            for (String script : env.get("IJAVA_STARTUP_SCRIPTS_PATH").getAsString().split(File.pathSeparator)) {
                // IJava's own class is what this stands in for
                ijava.run(Files.readString(Path.of(script)).replace("io.github.spencerpark.ijava.IJava.getKernelInstance()",
                        StandInIJava.class.getName() + ".getKernelInstance()"));
            }
            for (int i = 1; i < args.length; i++) {
                ijava.jshell().addToClasspath(args[i]);
            }
            HostScript.run(ijava::run, () -> {
                List<String> texts = new ArrayList<>();
                for (DisplayData data : ijava.shown) {
                    texts.add((String) data.getData(MIMEType.TEXT_PLAIN));
                }
                ijava.shown.clear();
                return texts;
            }, System.out);
        }
    }
}
