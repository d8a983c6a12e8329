package org.smtpguard.proxy.session;

/** Where a client session is; the only state the session has besides its queue and flags. */
public enum SessionState {
    /** Waiting for the verified upstream; the client has not been greeted. */
    CONNECTING,
    /** Reading commands. */
    COMMANDS,
    /** Relaying an AUTH exchange: client lines are AUTH responses, not commands. */
    AUTH,
    /** Streaming message content to the upstream. */
    DATA,
    /** The message is over the size limit: content is read and dropped, the upstream was closed. */
    DATA_DISCARD,
    /** The upstream is gone (aborted message); the next command ends the session. */
    UPSTREAM_GONE,
    /** Closing: nothing more is read or relayed. */
    CLOSED
}
