package org.smtpguard.proxy.config;

import java.util.Objects;

/**
 * How the upstream of a session is chosen ({@code upstream.mode}, {@code upstream.mx_port}).
 *
 * @param mode   a fixed smarthost, or the MX hosts of each recipient domain
 * @param mxPort the port MX hosts are connected on in mx mode
 */
public record RoutingConfig(UpstreamMode mode, int mxPort) {

    public RoutingConfig {
        Objects.requireNonNull(mode, "mode");
        if (mxPort < 1 || mxPort > 65535) {
            throw new IllegalArgumentException("mxPort out of range 1-65535: " + mxPort);
        }
    }

    /** The defaults: relay to the smarthost. */
    public static RoutingConfig defaults() {
        return new RoutingConfig(ConfigKeys.UPSTREAM_MODE.parsedDefault(), ConfigKeys.UPSTREAM_MX_PORT.parsedDefault());
    }

    public boolean mx() {
        return mode == UpstreamMode.MX;
    }
}
