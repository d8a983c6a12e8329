package org.smtpguard.proxy.log;

/** Peer text made safe for one log line: control characters escaped, quotes escaped, cut to 100 chars. */
public final class LogText {

    public static final int MAX = 100;

    private LogText() {
    }

    public static String peer(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX) + 8);
        for (int i = 0; i < text.length() && sb.length() < MAX; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX && text.length() > MAX) {
            sb.setLength(MAX);
            sb.append('…');
        }
        return sb.toString();
    }

    /** Quoted peer text, for values that may contain spaces. */
    public static String quoted(String text) {
        return "\"" + peer(text) + "\"";
    }
}
