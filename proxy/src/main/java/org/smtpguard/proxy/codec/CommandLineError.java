package org.smtpguard.proxy.codec;

/**
 * A client command line that was not decoded; fired instead of a {@code Command}. The session
 * answers {@code 500 5.5.2} and counts it; the line's bytes are never forwarded.
 */
public enum CommandLineError {
    /** More bytes than the line limit before a line end; the rest of the line was skipped. */
    LINE_TOO_LONG,
    /** A bare CR, a bare LF or a NUL byte in the line; CRLF is the only line end. */
    BAD_LINE_ENDING
}
