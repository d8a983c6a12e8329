package org.smtpguard.policy.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An SMTP reply: a three-digit code, an optional RFC 3463 enhanced status, and one or more lines of
 * text. {@link #lines()} hold the text after the code and after the enhanced status, so that the
 * status is written on every line when the reply is sent ({@link #toWire()}).
 */
public record Reply(int code, EnhancedStatus status, List<String> lines) {

    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("reply text must not contain CR or LF");
            }
        }
    }

    /** A one-line reply with an enhanced status. */
    public static Reply of(int code, EnhancedStatus status, String text) {
        return new Reply(code, Objects.requireNonNull(status), List.of(text));
    }

    /** A one-line reply without an enhanced status (greeting, EHLO). */
    public static Reply plain(int code, String text) {
        return new Reply(code, null, List.of(text));
    }

    /**
     * Builds a reply from the text after the code on each received line: an enhanced status at the
     * start of the first line is taken out of every line that starts with the same status.
     */
    public static Reply parse(int code, List<String> texts) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        Optional<EnhancedStatus> status = EnhancedStatus.atStartOf(texts.get(0));
        if (status.isEmpty() || status.get().statusClass() != code / 100) {
            return new Reply(code, null, texts);
        }
        List<String> stripped = texts.stream().map(t -> strip(t, status.get())).toList();
        return new Reply(code, status.get(), stripped);
    }

    /** Takes {@code status} and one separator off the start of a text, however the status is spelt. */
    private static String strip(String text, EnhancedStatus status) {
        if (!EnhancedStatus.atStartOf(text).equals(Optional.of(status))) {
            return text;
        }
        int end = 0;
        while (end < text.length() && (text.charAt(end) == '.' || isAsciiDigit(text.charAt(end)))) {
            end++;
        }
        return end < text.length() ? text.substring(end + 1) : "";
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public Optional<EnhancedStatus> enhancedStatus() {
        return Optional.ofNullable(status);
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isIntermediate() {
        return code >= 300 && code < 400;
    }

    public boolean isTransientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean isPermanentFailure() {
        return code >= 500;
    }

    /** The first line's text, as an operator would read it: {@code "4.7.5 certificate not verified"}. */
    public String summary() {
        String first = lines.get(0);
        return status == null ? first : first.isEmpty() ? status.toString() : status + " " + first;
    }

    /** The reply as it goes on the wire: every line {@code code '-'|' ' [status ' '] text CRLF}. */
    public String toWireString() {
        StringBuilder sb = new StringBuilder(32 * lines.size());
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (status != null) {
                sb.append(status);
                if (!lines.get(i).isEmpty()) {
                    sb.append(' ');
                }
            }
            sb.append(lines.get(i)).append("\r\n");
        }
        return sb.toString();
    }

    /** {@link #toWireString()} as bytes; reply text is UTF-8 (RFC 6531 allows it with SMTPUTF8). */
    public byte[] toWire() {
        return toWireString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return code + " " + summary();
    }
}
