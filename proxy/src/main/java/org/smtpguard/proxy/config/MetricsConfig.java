package org.smtpguard.proxy.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP endpoint for Prometheus and probes.
 *
 * @param listen              where {@code /metrics}, {@code /healthz} and {@code /readyz} are served; empty: off
 * @param readyChecksUpstream whether {@code /readyz} also needs a verified upstream connection now
 */
public record MetricsConfig(Optional<HostPort> listen, boolean readyChecksUpstream) {

    /** No endpoint. */
    public static final MetricsConfig OFF = new MetricsConfig(Optional.empty(), false);

    public MetricsConfig {
        Objects.requireNonNull(listen, "listen");
    }

    /** Served on {@code address} (port 0: an ephemeral port), readiness without the upstream check. */
    public static MetricsConfig on(HostPort address) {
        return new MetricsConfig(Optional.of(address), false);
    }

    public MetricsConfig withReadyChecksUpstream(boolean checks) {
        return new MetricsConfig(listen, checks);
    }
}
