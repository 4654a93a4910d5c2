package dev.gpumagics.exporter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a scrape in the text format, read back for the tests' questions: which series, with which labels and value. */
record Scrape(List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    static Scrape of(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new Scrape(samples);
    }

    /** The samples of that name whose labels include all of {@code with}. */
    List<Sample> find(String name, Map<String, String> with) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(with.entrySet())).toList();
    }

    Optional<Double> value(String name, Map<String, String> with) {
        List<Sample> found = find(name, with);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples of " + name + " with " + with + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }
}
