package org.smtpguard.proxy.session;

import java.nio.charset.StandardCharsets;

/** The content of the message being relayed: its size against the limit, and how its end is marked. */
final class MessageTransfer {

    private static final byte[] END_OF_DATA = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    private final long limit;
    private long size;

    MessageTransfer(long limit) {
        this.limit = limit;
    }

    void start() {
        size = 0;
    }

    /** Counts {@code bytes} more; false once the message is over the limit. */
    boolean add(int bytes) {
        size += bytes;
        return size <= limit;
    }

    long size() {
        return size;
    }

    /**
     * What ends the message for the upstream: "." CRLF. The content forwarded is everything before
     * the "." of the client's CRLF "." CRLF, so it already ends with the CRLF of its last line (or
     * is empty), and an empty line stays an empty line (DataStreamDecoder).
     */
    byte[] endMark() {
        return END_OF_DATA.clone();
    }
}
