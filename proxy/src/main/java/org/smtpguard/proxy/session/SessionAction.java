package org.smtpguard.proxy.session;

import org.smtpguard.policy.smtp.Reply;

/**
 * What {@link ClientSession} asks the Netty side to do, in order. The session decides; the handler
 * only carries out.
 */
public sealed interface SessionAction {

    /** Write a reply to the client. */
    record ToClient(Reply reply) implements SessionAction {
    }

    /**
     * Write bytes (a command line with its CRLF, or the end-of-data mark) to the verified upstream.
     * {@code endOfData}: the reply may take the longer end-of-data timeout.
     */
    record ToUpstream(byte[] bytes, boolean endOfData) implements SessionAction {
    }

    /** Tell the client input decoder how to read what comes next. */
    record ClientInput(InputMode mode) implements SessionAction {
    }

    /**
     * Begin TLS on the client leg: drop whatever the client pipelined after STARTTLS, put the TLS
     * handler in place (it lets the next write, the 220, through in plaintext), then write the 220.
     */
    record StartClientTls(Reply ready) implements SessionAction {
    }

    /**
     * Close the upstream connection. {@code sendQuit} says goodbye first; without it nothing more is
     * sent, so an unfinished message is never completed (its CRLF "." CRLF is never written).
     * {@code reuse}: whether the connection may be kept for another session
     * ({@code upstream.reuse_connections}).
     */
    record CloseUpstream(boolean sendQuit, Reuse reuse) implements SessionAction {

        /** Closed, not kept for another session. */
        public CloseUpstream(boolean sendQuit) {
            this(sendQuit, Reuse.NEVER);
        }
    }

    /** Whether a session's upstream connection may serve another session, and how it is made clean. */
    enum Reuse {
        /** AUTH was used, the client did not end with QUIT, or more came after it: closed. */
        NEVER,
        /** QUIT while the upstream had a transaction open (a MAIL not ended by data or RSET): reset first. */
        AFTER_RSET,
        /** QUIT with no transaction open upstream: kept as it is, the upstream is ready for MAIL. */
        AS_IS
    }

    /** Flush what was written and close the client connection; the upstream is closed with it. */
    record CloseClient() implements SessionAction {
    }

    /**
     * mx mode: open a verified connection to an MX host of {@code domain}, then report it with
     * {@code onUpstreamReady} or {@code onUpstreamFailed}. Client input is paused meanwhile.
     */
    record ConnectUpstream(String domain) implements SessionAction {
    }

    /** Hold back every later action (replies included) for {@code delay}: a tarpit. */
    record Delay(java.time.Duration delay) implements SessionAction {
    }

    /** How the client input decoder reads the next bytes. */
    enum InputMode {
        /** Command lines. */
        COMMANDS,
        /** One AUTH continuation line, then pause. */
        AUTH_LINE,
        /** Message content until CRLF "." CRLF. */
        DATA,
        /** Nothing for now (an upstream is being connected); COMMANDS resumes. */
        PAUSE
    }
}
