package org.smtpguard.proxy.upstream;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.smtpguard.policy.tls.UpstreamTlsLevel;
import org.smtpguard.proxy.config.DestinationMap;
import org.smtpguard.proxy.config.DestinationRule;
import org.smtpguard.proxy.config.UpstreamConfig;

/**
 * The TLS policy asked for one upstream connection, before any DNS: the level, the destination
 * domain the mail is for, whether the host came from a DNSSEC-validated MX answer, the names the
 * configuration accepts (level {@code secure}: besides the domain) and the pins (level
 * {@code fingerprint}). {@link TlsPlanner} turns it into a {@link PlannedTls}.
 */
public record DestinationTls(UpstreamTlsLevel level, String destination, boolean mxSecure, List<String> names,
        List<String> pins) {

    public DestinationTls {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(destination, "destination");
        names = List.copyOf(names);
        pins = List.copyOf(pins);
        if (level == UpstreamTlsLevel.FINGERPRINT && pins.isEmpty()) {
            throw new IllegalArgumentException("level fingerprint needs at least one pin");
        }
    }

    /** Level {@code verify} with the name to verify: what a fixed upstream has always had. */
    public static DestinationTls verify(String tlsName) {
        return new DestinationTls(UpstreamTlsLevel.VERIFY, tlsName, false, List.of(), List.of());
    }

    /**
     * The policy of the fixed upstream ({@code upstream.address}): the destination map's rule for
     * its host or its TLS name if there is one, else {@code upstream.tls.level}; the destination is
     * the TLS name.
     */
    public static DestinationTls forFixedUpstream(UpstreamConfig upstream, DestinationMap map) {
        Optional<DestinationRule> rule = map.find(upstream.address().host()).or(() -> map.find(upstream.tlsName()));
        return of(rule, map, upstream.tlsName(), false);
    }

    /**
     * The policy for one MX of a recipient domain (mx mode): the destination map's rule for the
     * domain, else {@code upstream.tls.level}; {@code mxSecure} when the MX answer was DNSSEC-validated
     * (level {@code secure} then also accepts the MX host name, RFC 7672 §3.2.2).
     */
    public static DestinationTls forMx(String domain, boolean mxSecure, DestinationMap map) {
        return of(map.find(domain), map, domain, mxSecure);
    }

    /** The rule's level, names and pins if a rule was found, else the map's default level alone. */
    private static DestinationTls of(Optional<DestinationRule> rule, DestinationMap map, String destination,
                                     boolean mxSecure) {
        UpstreamTlsLevel level = rule.flatMap(DestinationRule::level).orElse(map.defaultLevel());
        return new DestinationTls(level, destination, mxSecure, rule.map(DestinationRule::match).orElse(List.of()),
                rule.map(DestinationRule::pins).orElse(List.of()));
    }
}
