package dev.gpumagics.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellChannel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.lang.reflect.Field;
import java.security.GeneralSecurityException;
import org.zeromq.ZMQ;

/**
 * basekernel's connection with {@link PromptShellChannel} in place of its shell and control channels.
 * JupyterConnection builds its channels in its constructor and offers no way to choose them, so they
 * are swapped (before anything is bound) through its fields.
 */
final class KernelConnection {

    private KernelConnection() {}

    /**
     * @param beforeFirstRequest runs once, before the first shell request is handled: the client is
     *     surely subscribed to IOPub by then, which it may not be when the sockets are first bound
     */
    static JupyterConnection open(KernelConnectionProperties properties, Runnable beforeFirstRequest)
            throws GeneralSecurityException {
        JupyterConnection connection = new JupyterConnection(properties);
        try {
            Field ctxField = JupyterConnection.class.getDeclaredField("ctx");
            ctxField.setAccessible(true);
            ZMQ.Context ctx = (ZMQ.Context) ctxField.get(connection);
            replace(connection, "shell", new PromptShellChannel(ctx, properties.createHMACGenerator(), false, connection, beforeFirstRequest));
            replace(connection, "control", new PromptShellChannel(ctx, properties.createHMACGenerator(), true, connection, () -> {}));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jupyter-jvm-basekernel changed: JupyterConnection's channels", e);
        }
        return connection;
    }

    private static void replace(JupyterConnection connection, String name, ShellChannel channel)
            throws ReflectiveOperationException {
        Field field = JupyterConnection.class.getDeclaredField(name);
        field.setAccessible(true);
        ShellChannel unused = (ShellChannel) field.get(connection);
        field.set(connection, channel);
        unused.close(); // never bound: this only releases its socket
    }
}
