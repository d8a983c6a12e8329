package org.smtpguard.proxy.log;

/**
 * Text from outside (a peer's reply, a client's line, a value an operator wrote, a library's message)
 * made safe for one log line or one error line: quotes and backslashes escaped, control, format and
 * line-separator characters written as backslash r, n, t or hexadecimal escapes (backslash x HH, backslash u HHHH), and cut to {@value #MAX}
 * characters with a trailing {@code …}. The one place that does this in the proxy.
 */
public final class LogText {

    public static final int MAX = 100;

    private LogText() {
    }

    /** Escaped and cut to {@value #MAX} characters, without quotes. */
    public static String peer(String text) {
        return escape(text, MAX);
    }

    /** {@code "text"}: escaped, cut, in double quotes (for values that may contain spaces). */
    public static String quoted(String text) {
        return "\"" + peer(text) + "\"";
    }

    /** Escaped but not cut: for values the operator asked to see in full ({@code --print-config}). */
    public static String whole(String text) {
        return escape(text, Integer.MAX_VALUE);
    }

    /** Free text (e.g. an exception's message) as one line: line breaks become spaces, then escaped and cut. */
    public static String oneLine(String text) {
        String flat = text == null ? "" : text.replaceAll("[\\r\\n\\u2028\\u2029]+\\s*", " ").strip();
        return escape(flat, 2 * MAX);
    }

    /** The message of a throwable (or its class name when it has none) as one line. */
    public static String oneLine(Throwable t) {
        return oneLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private static String escape(String text, int max) {
        if (text == null) {
            return "-";
        }
        int end = Math.min(text.length(), max);
        StringBuilder out = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (needsEscape(c)) {
                out.append(c <= 0xff ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > max) {
            out.append('…');
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || Character.isSurrogate(c);
    }
}
