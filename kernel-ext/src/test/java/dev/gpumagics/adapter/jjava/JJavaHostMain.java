package dev.gpumagics.adapter.jjava;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.gpumagics.adapter.jshell.HostScript;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * JJava started from a kernelspec GpuMagics' install edited, in a JVM with jjava-jupyter's classpath
 * only: JShell gets {@code JJAVA_CLASSPATH}, the extensions there are installed at start-up, then
 * libtorch's jars are added as {@code %maven} adds them (which looks for extensions again), and
 * {@link HostScript} runs. Arguments: the kernelspec folder, then libtorch's jars.
 */
public final class JJavaHostMain {

    private JJavaHostMain() {}

    public static void main(String[] args) throws Exception {
        Path kernelspec = Path.of(args[0]);
        JsonObject env = JsonParser.parseString(Files.readString(kernelspec.resolve("kernel.json"))).getAsJsonObject().getAsJsonObject("env");
        try (TestJJavaKernel jjava = TestJJavaKernel.start(env.get("JJAVA_CLASSPATH").getAsString())) {
            System.out.println("EXTENSIONS " + jjava.installedExtensions());
            jjava.addToClasspath(String.join(File.pathSeparator, Arrays.asList(args).subList(1, args.length)));
            HostScript.run(jjava::run, () -> {
                List<String> texts = new ArrayList<>();
                for (DisplayData data : jjava.shown) {
                    texts.add((String) data.getData(MIMEType.TEXT_PLAIN));
                }
                jjava.shown.clear();
                return texts;
            }, System.out);
        }
    }
}
