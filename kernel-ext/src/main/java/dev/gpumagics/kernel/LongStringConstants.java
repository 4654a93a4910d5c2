package dev.gpumagics.kernel;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds a string constant too long for a class file before JShell sees it. javac refuses one at code generation
 * ("constant string too long", or "UTF8 representation ... is too long" past 65,535 bytes), and in JShell that refusal
 * breaks every later snippet: the reused compiler keeps the constant in its pool, and each later class fails on it
 * (measured on JDK 17.0.15 and 25: {@code LongStringConstantsTest}). So the kernel refuses such a snippet itself.
 *
 * <p>What it reads: string literals and text blocks, with their escapes, and runs of them joined by {@code +} where
 * the run starts an expression (after {@code x +} the sum is not a constant). A constant built from constants of
 * other kinds or from {@code static final} fields is not followed: that one still reaches javac.
 */
final class LongStringConstants {

    /** The most a CONSTANT_Utf8 entry holds; javac also refuses a constant of that many chars. */
    static final int LIMIT = 0xFFFF;

    private final String source;
    private int at;

    private LongStringConstants(String source) {
        this.source = source;
    }

    /** The line saying what is too long, or empty when every string constant fits. */
    static Optional<String> problem(String source) {
        return new LongStringConstants(source).scan();
    }

    /** A constant's length in chars and in the modified UTF-8 a class file stores it in. */
    private record Size(long chars, long bytes) {
        Size plus(Size other) {
            return new Size(chars + other.chars, bytes + other.bytes);
        }

        boolean tooLong() {
            return chars >= LIMIT || bytes > LIMIT;
        }
    }

    private Optional<String> scan() {
        boolean afterPlus = false;
        while (skipSpaceAndComments()) {
            char c = source.charAt(at);
            if (c == '"') {
                boolean startsExpression = !afterPlus;
                Size run = literal();
                while (startsExpression && skipSpaceAndComments() && source.charAt(at) == '+' && !next("++") && !next("+=")) {
                    int plus = at++;
                    if (!skipSpaceAndComments() || source.charAt(at) != '"') {
                        at = plus;
                        break;
                    }
                    run = run.plus(literal());
                }
                if (run.tooLong()) {
                    return Optional.of(String.format(Locale.ROOT, "constant string too long: a string constant here is %,d"
                            + " characters (%,d bytes in a class file), where a class file holds at most %,d. The cell was"
                            + " not run: JShell's compiler would keep it and refuse every later cell. Build the string at"
                            + " run time instead (\"a\".repeat(70_000), StringBuilder, Files.readString)", run.chars(),
                            run.bytes(), LIMIT));
                }
                afterPlus = false;
            } else if (c == '\'') {
                charLiteral();
                afterPlus = false;
            } else {
                afterPlus = c == '+';
                at++;
            }
        }
        return Optional.empty();
    }

    private boolean next(String text) {
        return source.startsWith(text, at);
    }

    /** @return whether there is more after the whitespace and comments from here */
    private boolean skipSpaceAndComments() {
        while (at < source.length()) {
            if (Character.isWhitespace(source.charAt(at))) {
                at++;
            } else if (next("//")) {
                int end = source.indexOf('\n', at);
                at = end < 0 ? source.length() : end;
            } else if (next("/*")) {
                int end = source.indexOf("*/", at + 2);
                at = end < 0 ? source.length() : end + 2;
            } else {
                return true;
            }
        }
        return false;
    }

    private void charLiteral() {
        at++;
        while (at < source.length() && source.charAt(at) != '\'' && source.charAt(at) != '\n') {
            at += source.charAt(at) == '\\' ? 2 : 1;
        }
        at++;
    }

    /** A string literal or a text block from its opening quote; leaves {@code at} past its end. */
    private Size literal() {
        if (next("\"\"\"")) {
            return textBlock();
        }
        at++;
        long chars = 0;
        long bytes = 0;
        while (at < source.length() && source.charAt(at) != '"' && source.charAt(at) != '\n') {
            char value = escaped();
            chars++;
            bytes += utf8(value);
        }
        at++;
        return new Size(chars, bytes);
    }

    /**
     * A text block's value as javac makes it, closely enough: its lines without the indent they share, escapes
     * read. Counting its raw text instead would refuse a deeply indented block that fits.
     */
    private Size textBlock() {
        int start = source.indexOf('\n', at + 3);
        int end = source.indexOf("\"\"\"", Math.max(start, at + 3));
        if (start < 0 || end < 0) {
            at = source.length();
            return new Size(0, 0);
        }
        String body = source.substring(start + 1, end);
        at = end + 3;
        String[] lines = body.split("\n", -1);
        int indent = Integer.MAX_VALUE;
        for (int i = 0; i < lines.length; i++) {
            boolean closing = i == lines.length - 1;
            if (!lines[i].isBlank() || closing) {
                indent = Math.min(indent, lines[i].length() - lines[i].stripLeading().length());
            }
        }
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].isBlank() ? "" : lines[i].substring(Math.min(indent, lines[i].length())).stripTrailing();
            value.append(line);
            if (i < lines.length - 1) {
                value.append('\n');
            }
        }
        LongStringConstants inner = new LongStringConstants(value.toString());
        long chars = 0;
        long bytes = 0;
        while (inner.at < inner.source.length()) {
            char c = inner.escaped();
            chars++;
            bytes += utf8(c);
        }
        return new Size(chars, bytes);
    }

    /** One char of a literal's value, its escape read; leaves {@code at} past it. */
    private char escaped() {
        char c = source.charAt(at++);
        if (c != '\\' || at >= source.length()) {
            return c;
        }
        char e = source.charAt(at++);
        switch (e) {
            case 'u' -> {
                while (at < source.length() && source.charAt(at) == 'u') {
                    at++;
                }
                int end = Math.min(source.length(), at + 4);
                try {
                    char unicode = (char) Integer.parseInt(source.substring(at, end), 16);
                    at = end;
                    return unicode;
                } catch (NumberFormatException ex) {
                    return 'u';
                }
            }
            case 'n' -> {
                return '\n';
            }
            case 't', 's' -> {
                return ' ';
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int digits = 1;
                while (digits < (e <= '3' ? 3 : 2) && at < source.length() && source.charAt(at) >= '0' && source.charAt(at) <= '7') {
                    at++;
                    digits++;
                }
                return e == '0' && digits == 1 ? '\0' : 'o';
            }
            default -> {
                return e;
            }
        }
    }

    /** Bytes of one char in a class file's modified UTF-8: U+0000 takes two. */
    private static int utf8(char c) {
        return c >= 1 && c <= 0x7f ? 1 : c <= 0x7ff ? 2 : 3;
    }
}
