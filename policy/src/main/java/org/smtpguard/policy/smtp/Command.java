package org.smtpguard.policy.smtp;

import java.nio.charset.StandardCharsets;

/**
 * One command line from a client, without its CRLF. {@link #line()} keeps every received byte as one
 * char (ISO-8859-1), so {@link #toWire()} forwards the command byte for byte.
 */
public record Command(Verb verb, String line) {

    public Command {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a command line has no CR or LF");
        }
    }

    /** Parses a line (no CRLF) whose bytes are given one char per byte. */
    public static Command parse(String line) {
        int space = line.indexOf(' ');
        String word = space < 0 ? line : line.substring(0, space);
        return new Command(Verb.of(word), line);
    }

    /** Parses the bytes of a line without its CRLF. */
    public static Command parse(byte[] lineBytes) {
        return parse(new String(lineBytes, StandardCharsets.ISO_8859_1));
    }

    /** The command word as the client wrote it (used in replies, cut by the caller). */
    public String word() {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    /** Everything after the first space, or "" when there is none. */
    public String argument() {
        int space = line.indexOf(' ');
        return space < 0 ? "" : line.substring(space + 1);
    }

    /** The line with CRLF, exactly as received. */
    public byte[] toWire() {
        return (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        // AUTH arguments and unrecognised lines (AUTH continuations) may carry credentials.
        return switch (verb) {
            case AUTH -> "AUTH " + SaslMechanism.nameOrInvalid(firstWordOf(argument())) + " …";
            case UNKNOWN -> "(unrecognised line of " + line.length() + " bytes)";
            default -> line;
        };
    }

    private static String firstWordOf(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }
}
