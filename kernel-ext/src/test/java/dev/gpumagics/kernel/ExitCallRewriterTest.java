package dev.gpumagics.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** The rewriting on its own, on classes compiled by javac; the notebook's side is in CellSafetyTest. */
class ExitCallRewriterTest {

    /** Never run unrewritten: it would end the test JVM. */
    static final class Quits {
        static void direct() {
            System.exit(1);
        }

        static void halts() {
            Runtime.getRuntime().halt(2);
        }

        static IntConsumer reference() {
            return System::exit;
        }

        static IntConsumer boundReference() {
            return Runtime.getRuntime()::exit;
        }
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Loads the rewritten class alone, with everything else from this test's loader. */
    private static Class<?> rewritten(Class<?> type) throws Exception {
        byte[] bytes = ExitCallRewriter.refuseExits(bytesOf(type));
        ClassLoader loader = new ClassLoader(ExitCallRewriterTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(type.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> done = findLoadedClass(name);
                        return done != null ? done : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return Class.forName(type.getName(), true, loader);
    }

    /** In another loader, the rewritten class is in another runtime package: reflection must open it. */
    private static Object call(Class<?> type, String method) throws Exception {
        java.lang.reflect.Method m = type.getDeclaredMethod(method);
        m.setAccessible(true);
        return m.invoke(null);
    }

    private static Throwable thrownBy(Class<?> type, String method) {
        return assertThrows(InvocationTargetException.class, () -> call(type, method)).getCause();
    }

    @Test
    void callsAndMethodReferencesOfExitsAreRefused() throws Exception {
        Class<?> quits = rewritten(Quits.class);
        assertEquals("System.exit(1) was not run: it would end the kernel and lose every variable."
                + " To start afresh on purpose, restart the kernel from Jupyter (Kernel > Restart).",
                assertInstanceOf(ExitRefusedException.class, thrownBy(quits, "direct")).getMessage());
        assertInstanceOf(ExitRefusedException.class, thrownBy(quits, "halts"));
        IntConsumer exit = (IntConsumer) call(quits, "reference");
        assertThrows(ExitRefusedException.class, () -> exit.accept(3));
        IntConsumer boundExit = (IntConsumer) call(quits, "boundReference");
        assertEquals("Runtime.exit(4)", assertThrows(ExitRefusedException.class, () -> boundExit.accept(4))
                .getMessage().split(" ")[0]);
    }

    @Test
    void aClassThatCallsNoExitIsLeftByteForByte() throws Exception {
        byte[] plain = bytesOf(RepeatedFrames.class);
        assertSame(plain, ExitCallRewriter.refuseExits(plain));
        assertNotSame(bytesOf(Quits.class), ExitCallRewriter.refuseExits(bytesOf(Quits.class)));
    }

    @Test
    void aClassFileNewerThanAsmReadsIsLoadedAsCompiled() throws Exception {
        byte[] future = bytesOf(Quits.class);
        future[6] = 0;
        future[7] = 99; // major version 99: no JDK so far
        assertSame(future, ExitCallRewriter.refuseExits(future));
    }
}
