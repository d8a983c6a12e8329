package org.smtpguard.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * HAProxy's PROXY protocol (v1 or v2) on the client listeners: a load balancer in front of smtpguard
 * sends the real client address first. Only for listeners that nothing but the load balancer can
 * reach: whoever can connect can claim any address, trusted networks included.
 *
 * @param onListen      the {@code client.listen} listeners expect the header
 * @param onListenTls   the {@code client.listen_tls} listeners expect the header (before TLS)
 * @param headerTimeout how long a connection may take to send the header before it is closed
 */
public record ProxyProtocolConfig(boolean onListen, boolean onListenTls, Duration headerTimeout) {

    /** No PROXY protocol anywhere (the default). */
    public static final ProxyProtocolConfig OFF = new ProxyProtocolConfig(false, false, Duration.ofSeconds(5));

    public ProxyProtocolConfig {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("client.proxy_protocol_timeout must be greater than 0");
        }
    }
}
