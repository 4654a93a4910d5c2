package dev.gpumagics.install;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A kernelspec's {@code kernel.json}, read and written with Gson: what it says, not how it is laid out, is what counts. */
final class KernelJson {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private KernelJson() {}

    /** @throws IllegalArgumentException in one line where the file is not a JSON object */
    static JsonObject parse(Path file, String text) {
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException(file + " is not a JSON object");
            }
            return parsed.getAsJsonObject();
        } catch (JsonSyntaxException e) {
            // Gson's message names its exception class and adds a troubleshooting link on a second line
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException(file + " is not valid JSON" + (why.isBlank() ? "" : " (" + why.strip() + ")")
                    + ": fix or reinstall that kernelspec first");
        }
    }

    /** Indented, as Jupyter's own tools write it, with a final newline. */
    static String text(JsonObject spec) {
        return GSON.toJson(spec) + "\n";
    }

    static void write(Path file, JsonObject spec) throws IOException {
        Files.writeString(file, text(spec));
    }

    /** {@code metadata.installed_by}, where the file is a JSON object that has it as a string. */
    static Optional<String> installedBy(Path file) throws IOException {
        JsonObject spec;
        try {
            spec = parse(file, Files.readString(file));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        JsonElement metadata = spec.get("metadata");
        if (metadata == null || !metadata.isJsonObject()) {
            return Optional.empty();
        }
        JsonElement by = metadata.getAsJsonObject().get("installed_by");
        return by != null && by.isJsonPrimitive() && by.getAsJsonPrimitive().isString() ? Optional.of(by.getAsString()) : Optional.empty();
    }
}
