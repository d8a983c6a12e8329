package org.smtpguard.proxy.codec;

import io.netty.handler.codec.DecoderException;
import java.util.Objects;

/**
 * A peer broke the SMTP framing rules. The message is one line; any peer text in it is cut to
 * {@value PeerText#MAX_CHARS} chars with control characters escaped ({@link PeerText}), so it can
 * be logged as is. {@link #kind()} is what callers switch on and what metrics count.
 */
public final class SmtpCodecException extends DecoderException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the peer's input. */
    public enum Kind {
        /** A line had more bytes than allowed before its CRLF. */
        LINE_TOO_LONG,
        /** A bare CR, a bare LF or a NUL byte inside a line. */
        BAD_LINE_ENDING,
        /** A reply line did not start with {@code [2-5][0-9][0-9]} followed by SP, '-' or CRLF. */
        BAD_REPLY_SYNTAX,
        /** A line of a multi-line reply had a different code from the first line. */
        CODE_MISMATCH,
        /** A multi-line reply had more lines than allowed. */
        TOO_MANY_LINES,
        /** A multi-line reply had more bytes than allowed. */
        REPLY_TOO_LARGE
    }

    private final Kind kind;

    public SmtpCodecException(Kind kind, String message) {
        super(Objects.requireNonNull(kind) + ": " + message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
