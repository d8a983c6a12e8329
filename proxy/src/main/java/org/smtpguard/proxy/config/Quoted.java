package org.smtpguard.proxy.config;

/**
 * Puts a value an operator wrote into an error message: in double quotes, escaped so that it
 * cannot break the one-line message (control characters, quotes, backslashes), and cut.
 */
final class Quoted {

    static final int MAX_CHARS = 100;

    private Quoted() {
    }

    /** {@code "text"}, escaped and cut to {@value #MAX_CHARS} characters. */
    static String of(String text) {
        return "\"" + escaped(text) + "\"";
    }

    /** The text escaped and cut, without quotes. */
    static String escaped(String text) {
        return escape(text, MAX_CHARS);
    }

    /** The whole text escaped, not cut: for values the operator asked to see ({@code --print-config}). */
    static String escapedWhole(String text) {
        return escape(text, Integer.MAX_VALUE);
    }

    private static String escape(String text, int maxChars) {
        StringBuilder out = new StringBuilder();
        int end = Math.min(text.length(), maxChars);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                            || Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > maxChars) {
            out.append("...");
        }
        return out.toString();
    }

    /** Free text (e.g. a library's message) made into one line: line breaks become spaces; cut. */
    static String oneLine(String text) {
        String flat = text == null ? "" : text.replaceAll("[\\r\\n\\u2028\\u2029]+\\s*", " ").strip();
        return flat.length() > 2 * MAX_CHARS ? flat.substring(0, 2 * MAX_CHARS) + "..." : flat;
    }
}
