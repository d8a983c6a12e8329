package org.smtpguard.proxy.upstream;

import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.Optional;

/** What {@link UpstreamConnector} reports of the connections it opens (for the metrics); observes only. */
public interface UpstreamObserver {

    /** Reports nothing. */
    UpstreamObserver NONE = new UpstreamObserver() {
    };

    /** The TCP connection to the upstream is open. */
    default void connected(Duration took) {
    }

    /** The TLS handshake with the upstream succeeded, its certificate verified. */
    default void tlsHandshakeFinished(Duration took) {
    }

    /** A handler put first in every upstream pipeline, e.g. to count bytes on the wire. */
    default Optional<ChannelHandler> wireHandler() {
        return Optional.empty();
    }
}
