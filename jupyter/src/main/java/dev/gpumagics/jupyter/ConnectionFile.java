package dev.gpumagics.jupyter;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What Jupyter writes for a kernel to start on: where to bind each socket and how to sign messages.
 *
 * @param key the HMAC key; empty means messages are not signed
 * @param signatureScheme {@code hmac-sha256} as Jupyter writes it
 */
public record ConnectionFile(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
        int controlPort, int hbPort, String key, String signatureScheme) {

    public static ConnectionFile read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** @throws IllegalArgumentException naming what is missing or wrong */
    public static ConnectionFile parse(String json) {
        JsonObject object;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            object = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return new ConnectionFile(
                text(object, "transport", "tcp"),
                text(object, "ip", "127.0.0.1"),
                port(object, "shell_port"),
                port(object, "iopub_port"),
                port(object, "stdin_port"),
                port(object, "control_port"),
                port(object, "hb_port"),
                text(object, "key", ""),
                text(object, "signature_scheme", "hmac-sha256"));
    }

    /**
     * The ZeroMQ endpoint of one port: {@code tcp://127.0.0.1:5555}; port 0 is any free port, which the
     * system picks as it binds ({@code tcp://127.0.0.1:*}); ipc endpoints are {@code ipc://IP-PORT}.
     */
    public String endpoint(int port) {
        if (transport.equals("ipc")) {
            return "ipc://" + ip + "-" + port;
        }
        return transport + "://" + ip + ":" + (port == 0 ? "*" : Integer.toString(port));
    }

    /** Loopback, every port picked by the system as it binds, and this key: for a kernel with no client. */
    public static ConnectionFile loopbackAnyPorts(String key) {
        return new ConnectionFile("tcp", "127.0.0.1", 0, 0, 0, 0, 0, key, "hmac-sha256");
    }

    private static String text(JsonObject object, String name, String absent) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            return absent;
        }
        if (!value.isJsonPrimitive()) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return value.getAsString();
    }

    private static int port(JsonObject object, String name) {
        JsonElement value = object.get(name);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("no " + name + " number");
        }
        int port = value.getAsInt();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d is not a port", name, port));
        }
        return port;
    }
}
