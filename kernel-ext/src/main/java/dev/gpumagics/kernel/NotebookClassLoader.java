package dev.gpumagics.kernel;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The notebook's class loader: JShell's snippet classes and every jar added with {@code %maven} or
 * {@code %jars}. Parent-first with the kernel's loader as parent (as in IJava), so a GpuMagics class a
 * snippet names is the kernel's own; the kernel jar carries no torch classes, so torch comes from here.
 * A snippet class's exits are refused as it is defined ({@link ExitCallRewriter}).
 */
public final class NotebookClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
    private final List<Path> added = new ArrayList<>();

    NotebookClassLoader(ClassLoader parent) {
        super("gpumagics-notebook", new URL[0], parent);
    }

    /** Remembers a snippet class's bytes; it is defined on first load. */
    void declare(String binaryName, byte[] bytes) {
        declared.put(binaryName, bytes);
    }

    /** Adds a jar or class folder; classes already loaded stay as they are. */
    synchronized void add(Path entry) {
        Path absolute = entry.toAbsolutePath().normalize();
        if (added.contains(absolute)) {
            return;
        }
        try {
            addURL(absolute.toUri().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a path to a jar or folder: " + entry, e);
        }
        added.add(absolute);
    }

    /** The jars and folders added so far, in the order they were added. */
    public synchronized List<Path> addedPaths() {
        return List.copyOf(added);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(name);
        if (bytes != null) {
            // the notebook's own code only: jars keep their classes as built (see docs/KERNEL.md)
            byte[] guarded = ExitCallRewriter.refuseExits(bytes);
            Class<?> defined = defineClass(name, guarded, 0, guarded.length);
            // once defined, the bytes are dead weight: a thousand cells would keep a thousand of them
            declared.remove(name, bytes);
            return defined;
        }
        return super.findClass(name);
    }
}
