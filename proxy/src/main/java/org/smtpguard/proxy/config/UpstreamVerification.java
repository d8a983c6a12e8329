package org.smtpguard.proxy.config;

import java.util.Locale;

/**
 * How the upstream's certificate is verified ({@code upstream.tls.verify}). Every choice verifies:
 * there is no "none" and none may be added.
 */
public enum UpstreamVerification {
    /** PKIX chain to a trust anchor, validity dates, serverAuth usage and the name ({@code upstream.tls.name}). */
    CA("ca"),
    /** The leaf's public key must be one of {@code upstream.tls.pins}; dates and names are not looked at. */
    PIN("pin"),
    /** Both: the chain verified as for {@link #CA}, and a pinned key anywhere in it. */
    CA_AND_PIN("ca+pin");

    private final String configName;

    UpstreamVerification(String configName) {
        this.configName = configName;
    }

    /** As the configuration writes it: {@code ca}, {@code pin}, {@code ca+pin}. */
    public String configName() {
        return configName;
    }

    public boolean checksChain() {
        return this != PIN;
    }

    public boolean checksPins() {
        return this != CA;
    }

    /** The choice written as {@code text}. */
    public static UpstreamVerification parse(String text) {
        for (UpstreamVerification v : values()) {
            if (v.configName.equals(text.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("expected ca, pin or ca+pin");
    }
}
