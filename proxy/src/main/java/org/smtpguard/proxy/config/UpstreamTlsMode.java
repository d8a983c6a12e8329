package org.smtpguard.proxy.config;

import java.util.Locale;

/** How TLS starts on the upstream leg. There is no mode without TLS, and none may be added. */
public enum UpstreamTlsMode {
    /** Plain SMTP, then STARTTLS (RFC 3207), which the upstream must offer and accept. */
    STARTTLS,
    /** TLS from the first byte ("submissions", RFC 8314), usually port 465. */
    IMPLICIT;

    /** The port that implies {@link #IMPLICIT} when {@code upstream.tls.mode} is not set. */
    public static final int IMPLICIT_TLS_PORT = 465;

    /** The mode used when none is configured: implicit on port 465, STARTTLS elsewhere. */
    public static UpstreamTlsMode defaultFor(int port) {
        return port == IMPLICIT_TLS_PORT ? IMPLICIT : STARTTLS;
    }

    /** As the configuration writes it: {@code starttls}, {@code implicit}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
