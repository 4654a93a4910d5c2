package dev.gpumagics.jupyter.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The code of this kernel's cells, for history_request: a console's up-arrow and {@code %history} ask for the
 * tail, a search or a range. One session, the kernel's life, numbered {@link #SESSION}; a range request may also
 * name it 0, as the spec's "the current session" (negative numbers count back through earlier sessions, which
 * this kernel does not keep). Outputs are not kept, as ipykernel keeps none unless told to: an entry asked for with
 * its output has null there.
 */
final class History {

    static final int SESSION = 1;

    private record Entry(int line, String input) {}

    private final List<Entry> entries = new ArrayList<>();

    /** A cell stored in history (store_history), under the number it is shown with. */
    synchronized void add(int line, String input) {
        entries.add(new Entry(line, input));
    }

    /** The last {@code n} cells. */
    synchronized JsonArray tail(int n, boolean output) {
        return json(entries.subList(Math.max(0, entries.size() - Math.max(0, n)), entries.size()), output);
    }

    /** The cells numbered {@code start} up to, not including, {@code stop} (to the end when stop is empty). */
    synchronized JsonArray range(int session, int start, OptionalInt stop, boolean output) {
        if (session != SESSION && session != 0) {
            return new JsonArray();
        }
        return json(entries.stream().filter(e -> e.line() >= start && (stop.isEmpty() || e.line() < stop.getAsInt())).toList(),
                output);
    }

    /**
     * The cells whose whole code matches {@code pattern}, a glob ({@code *} any text, {@code ?} one character), as
     * IPython's history search matches; the last {@code n} of them when n is given, each code once when unique (its
     * latest run).
     */
    synchronized JsonArray search(String pattern, OptionalInt n, boolean unique, boolean output) {
        Pattern glob = glob(pattern);
        List<Entry> found = entries.stream().filter(e -> glob.matcher(e.input()).matches()).toList();
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry entry : found) {
                latest.remove(entry.input());
                latest.put(entry.input(), entry);
            }
            found = List.copyOf(latest.values());
        }
        if (n.isPresent()) {
            found = found.subList(Math.max(0, found.size() - Math.max(0, n.getAsInt())), found.size());
        }
        return json(found, output);
    }

    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** {@code [session, line, input]}, or {@code [session, line, [input, output]]}. */
    private static JsonArray json(List<Entry> chosen, boolean output) {
        JsonArray history = new JsonArray();
        for (Entry entry : chosen) {
            JsonArray item = new JsonArray();
            item.add(SESSION);
            item.add(entry.line());
            if (output) {
                JsonArray pair = new JsonArray();
                pair.add(entry.input());
                pair.add(JsonNull.INSTANCE);
                item.add(pair);
            } else {
                item.add(entry.input());
            }
            history.add(item);
        }
        return history;
    }
}
