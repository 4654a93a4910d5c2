package dev.gpumagics.kernel;

import java.io.File;
import java.nio.file.Path;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;

/** Hands JShell's compiled snippet classes and classpath additions to the notebook's class loader. */
final class NotebookLoaderDelegate implements LoaderDelegate {

    private final NotebookClassLoader loader;
    private volatile boolean compilerOnly;

    NotebookLoaderDelegate(NotebookClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] installed = new boolean[classes.length];
        for (ClassBytecodes c : classes) {
            loader.declare(c.name(), c.bytecodes());
        }
        for (int i = 0; i < classes.length; i++) {
            try {
                Class.forName(classes[i].name(), false, loader);
                installed[i] = true;
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ClassInstallException("could not load " + classes[i].name() + ": " + e, installed);
            }
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        // only reached after a successful redefine, which this in-process engine never does
        for (ClassBytecodes c : classes) {
            loader.declare(c.name(), c.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) {
        if (compilerOnly) {
            return; // the kernel's own jars: the compiler needs them, the parent loader has them already
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                loader.add(Path.of(entry));
            }
        }
    }

    /** Runs {@code addition}, whose classpath entries go to JShell's compiler only. */
    void forCompilerOnly(Runnable addition) {
        compilerOnly = true;
        try {
            addition.run();
        } finally {
            compilerOnly = false;
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }
}
