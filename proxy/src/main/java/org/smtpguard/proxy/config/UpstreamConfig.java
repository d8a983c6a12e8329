package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The upstream leg. TLS is not optional and its verification cannot be turned off: there is
 * only a choice of how TLS starts and whom to trust.
 *
 * @param address  the upstream SMTP server
 * @param tlsMode  STARTTLS or implicit TLS
 * @param tlsName  the name sent as SNI and verified in the upstream's certificate
 * @param tlsCa    PEM trust anchors; empty: the JDK's trust store
 * @param heloName the name smtpguard says in EHLO to the upstream
 * @param trust    CA verification, pins, or both
 * @param xclient  send Postfix's XCLIENT with the client's address when the verified upstream offers it
 * @param reuse    verified connections kept for the next client session ({@code upstream.reuse_connections})
 */
public record UpstreamConfig(HostPort address, UpstreamTlsMode tlsMode, String tlsName, Optional<Path> tlsCa,
        String heloName, UpstreamTrust trust, boolean xclient, UpstreamReuse reuse) {

    /**
     * @param connections idle verified connections kept per event loop; 0: none, each session has its own
     * @param idleTime    how long an idle one is kept
     */
    public record UpstreamReuse(int connections, java.time.Duration idleTime) {

        public static final UpstreamReuse OFF = new UpstreamReuse(0, java.time.Duration.ofSeconds(5));

        public UpstreamReuse {
            Objects.requireNonNull(idleTime, "idleTime");
            if (connections < 0) {
                throw new IllegalArgumentException("upstream.reuse_connections must not be negative: " + connections);
            }
        }
    }

    public UpstreamConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(tlsName, "tlsName");
        Objects.requireNonNull(tlsCa, "tlsCa");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(reuse, "reuse");
        if (address.port() == 0) {
            throw new IllegalArgumentException("upstream.address needs a port: " + address);
        }
        if (!HostNames.isHost(tlsName)) {
            throw new IllegalArgumentException("upstream.tls.name is not a host name: " + LogText.quoted(tlsName));
        }
        if (!HostNames.isSmtpName(heloName)) {
            throw new IllegalArgumentException("upstream.helo_name is not a host name: " + LogText.quoted(heloName));
        }
    }

    /** Without XCLIENT, each session with a connection of its own. */
    public UpstreamConfig(HostPort address, UpstreamTlsMode tlsMode, String tlsName, Optional<Path> tlsCa,
            String heloName, UpstreamTrust trust) {
        this(address, tlsMode, tlsName, tlsCa, heloName, trust, false, UpstreamReuse.OFF);
    }

    /** The upstream at {@code address} with the defaults: mode from the port, TLS name = host, the JDK's CAs. */
    public static UpstreamConfig of(HostPort address, String heloName) {
        return new UpstreamConfig(address, UpstreamTlsMode.defaultFor(address.port()), address.host(),
                Optional.empty(), heloName, UpstreamTrust.CA);
    }

    public UpstreamConfig withTlsMode(UpstreamTlsMode newTlsMode) {
        return new UpstreamConfig(address, newTlsMode, tlsName, tlsCa, heloName, trust, xclient, reuse);
    }

    public UpstreamConfig withTlsName(String newTlsName) {
        return new UpstreamConfig(address, tlsMode, newTlsName, tlsCa, heloName, trust, xclient, reuse);
    }

    public UpstreamConfig withTlsCa(Optional<Path> newTlsCa) {
        return new UpstreamConfig(address, tlsMode, tlsName, newTlsCa, heloName, trust, xclient, reuse);
    }

    public UpstreamConfig withTrust(UpstreamTrust newTrust) {
        return new UpstreamConfig(address, tlsMode, tlsName, tlsCa, heloName, newTrust, xclient, reuse);
    }

    public UpstreamConfig withXclient(boolean newXclient) {
        return new UpstreamConfig(address, tlsMode, tlsName, tlsCa, heloName, trust, newXclient, reuse);
    }

    public UpstreamConfig withReuse(UpstreamReuse newReuse) {
        return new UpstreamConfig(address, tlsMode, tlsName, tlsCa, heloName, trust, xclient, newReuse);
    }
}
