package org.smtpguard.proxy.upstream;

import java.util.Objects;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.UpstreamTlsMode;

/**
 * Where to connect, which name goes in SNI, the TLS policy asked for ({@link DestinationTls}) and,
 * once {@link UpstreamConnector} has planned it, what the certificate must satisfy
 * ({@link PlannedTls}; level verify against {@code tlsName} until then).
 */
public record UpstreamTarget(HostPort address, UpstreamTlsMode tlsMode, String tlsName, DestinationTls tls,
        PlannedTls planned) {

    public UpstreamTarget {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(tlsName, "tlsName");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(planned, "planned");
    }

    /** A fixed upstream at level verify: PKIX and {@code tlsName}. */
    public UpstreamTarget(HostPort address, UpstreamTlsMode tlsMode, String tlsName) {
        this(address, tlsMode, tlsName, DestinationTls.verify(tlsName));
    }

    /** An upstream with a TLS policy, not yet planned. */
    public UpstreamTarget(HostPort address, UpstreamTlsMode tlsMode, String tlsName, DestinationTls tls) {
        this(address, tlsMode, tlsName, tls, PlannedTls.verify(tlsName));
    }

    UpstreamTarget withPlanned(PlannedTls newPlanned) {
        return new UpstreamTarget(address, tlsMode, tlsName, tls, newPlanned);
    }

    @Override
    public String toString() {
        return address + " (" + tlsMode.name().toLowerCase(java.util.Locale.ROOT) + ", name " + tlsName
                + ", level " + tls.level() + ")";
    }
}
