package org.smtpguard.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Deadlines, all greater than zero.
 *
 * @param connect       to open the TCP connection to the upstream
 * @param tlsHandshake  for a TLS handshake on either leg
 * @param upstreamReply for the upstream's greeting and each reply to a command
 * @param upstreamData  for the upstream's reply after the end of the message
 * @param command       a client may stay idle between commands
 * @param dataIdle      a client may send nothing while sending a message
 */
public record TimeoutsConfig(Duration connect, Duration tlsHandshake, Duration upstreamReply, Duration upstreamData,
        Duration command, Duration dataIdle) {

    public TimeoutsConfig {
        positive("connect", connect);
        positive("tlsHandshake", tlsHandshake);
        positive("upstreamReply", upstreamReply);
        positive("upstreamData", upstreamData);
        positive("command", command);
        positive("dataIdle", dataIdle);
    }

    /** The defaults of the {@code timeouts.*} keys. */
    public static TimeoutsConfig defaults() {
        return new TimeoutsConfig(
                ConfigKeys.TIMEOUTS_CONNECT.parsedDefault(),
                ConfigKeys.TIMEOUTS_TLS_HANDSHAKE.parsedDefault(),
                ConfigKeys.TIMEOUTS_UPSTREAM_REPLY.parsedDefault(),
                ConfigKeys.TIMEOUTS_UPSTREAM_DATA.parsedDefault(),
                ConfigKeys.TIMEOUTS_COMMAND.parsedDefault(),
                ConfigKeys.TIMEOUTS_DATA_IDLE.parsedDefault());
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be greater than 0: " + value);
        }
    }
}
