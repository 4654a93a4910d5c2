package dev.gpumagics.report;

import java.util.Locale;

/**
 * Markup that an untrusted notebook's sanitizer keeps and its stylesheet does not undo: no style
 * attributes (stripped there); a text cell's content in {@code <div align="left">}, since the notebook
 * right-aligns every table cell; non-breaking spaces inside a figure, since it lets cells wrap. Built with
 * StringBuilder rather than string concatenation, whose first use in a JVM links a method handle per call site:
 * the report's first showing pays for that.
 */
final class Html {

    private Html() {}

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A figure such as "13.2 GiB" that must not break across lines. */
    static String figure(String text) {
        return escape(text).replace(" ", "&nbsp;");
    }

    static String textCell(String html) {
        return new StringBuilder("<td><div align=\"left\">").append(html).append("</div></td>").toString();
    }

    static String figureCell(String text) {
        return new StringBuilder("<td align=\"right\">").append(figure(text)).append("</td>").toString();
    }

    static String textHeader(String text) {
        return new StringBuilder("<th><div align=\"left\">").append(escape(text)).append("</div></th>").toString();
    }

    static String figureHeader(String text) {
        return new StringBuilder("<th align=\"right\">").append(figure(text)).append("</th>").toString();
    }

    /** A share of the device, as "15%", "0.7%", or "<0.1%" for what is there but rounds to nothing. */
    static String percent(long part, long whole) {
        if (whole <= 0) {
            return "";
        }
        double percent = 100.0 * part / whole;
        if (part <= 0) {
            return "0%";
        }
        if (percent < 0.1) {
            return "<0.1%";
        }
        return String.format(Locale.ROOT, percent < 10 ? "%.1f%%" : "%.0f%%", percent);
    }
}
