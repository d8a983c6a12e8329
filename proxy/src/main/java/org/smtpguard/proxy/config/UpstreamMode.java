package org.smtpguard.proxy.config;

import java.util.Locale;

/** Where mail goes: one configured upstream, or the MX hosts of each recipient domain. */
public enum UpstreamMode {
    /** Every session is relayed to {@code upstream.address} (a smarthost). */
    SMARTHOST,
    /**
     * Each transaction is relayed to an MX host of its recipients' domain (RFC 5321 §5), on
     * {@code upstream.mx_port}; smtpguard greets the client itself and connects at the first RCPT.
     */
    MX;

    /** As the configuration writes it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static UpstreamMode parse(String text) {
        for (UpstreamMode mode : values()) {
            if (mode.configName().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected smarthost or mx");
    }
}
