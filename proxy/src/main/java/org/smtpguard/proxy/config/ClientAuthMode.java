package org.smtpguard.proxy.config;

import java.util.Locale;

/** Whether clients must show a certificate on the client leg ({@code client.tls.client_auth}). */
public enum ClientAuthMode {
    /** No certificate is asked for. */
    OFF,
    /** A certificate is asked for; a client without one is served, one with an unverifiable one is not. */
    OPTIONAL,
    /** The TLS handshake fails without a certificate from {@code client.tls.client_ca}. */
    REQUIRED;

    /** As the configuration writes it: {@code off}, {@code optional}, {@code required}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ClientAuthMode parse(String text) {
        for (ClientAuthMode mode : values()) {
            if (mode.configName().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected off, optional or required");
    }
}
