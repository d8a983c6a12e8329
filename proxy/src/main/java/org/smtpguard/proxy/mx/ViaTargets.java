package org.smtpguard.proxy.mx;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.smtpguard.policy.mx.MxAttempts;
import org.smtpguard.proxy.config.DestinationRule;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.UpstreamTlsMode;
import org.smtpguard.proxy.dns.DnsLookups;
import org.smtpguard.proxy.upstream.DestinationTls;
import org.smtpguard.proxy.upstream.UpstreamTarget;

/**
 * The connections for a destination map entry's {@code via=} upstreams, in the order written: each
 * upstream's addresses (an IP literal as it is; a name looked up) chosen like an MX host's by
 * {@link MxAttempts} (IPv4 first, at most {@link MxAttempts#PER_HOST} each,
 * {@link MxAttempts#MAX_ATTEMPTS} in all), each on its own port. The name verified is the
 * upstream's host name; for an address, the entry's first {@code match=} name, else the destination domain.
 */
final class ViaTargets {

    private ViaTargets() {
    }

    static CompletableFuture<List<UpstreamTarget>> of(DestinationRule rule, String domain, DestinationTls tls,
                                                      DnsLookups dns) {
        List<CompletableFuture<List<UpstreamTarget>>> perUpstream = new ArrayList<>();
        for (HostPort via : rule.via()) {
            Optional<InetAddress> literal = via.ipAddress();
            if (literal.isPresent()) {
                String name = rule.match().isEmpty() ? domain : rule.match().get(0);
                perUpstream.add(CompletableFuture.completedFuture(List.of(target(via, literal.get(), name, tls))));
            } else {
                perUpstream.add(dns.ipv4(via.host()).thenCombine(dns.ipv6(via.host()), (v4, v6) -> {
                    List<InetAddress> addresses = new ArrayList<>(v4.records());
                    addresses.addAll(v6.records());
                    return MxAttempts.of(List.of(via.host()), Map.of(via.host(), addresses)).stream()
                            .map(a -> target(via, a.address(), a.host(), tls)).toList();
                }));
            }
        }
        return CompletableFuture.allOf(perUpstream.toArray(CompletableFuture[]::new)).thenApply(done ->
                perUpstream.stream().flatMap(f -> f.join().stream()).limit(MxAttempts.MAX_ATTEMPTS).toList());
    }

    private static UpstreamTarget target(HostPort via, InetAddress address, String name, DestinationTls tls) {
        return new UpstreamTarget(new HostPort(address.getHostAddress(), via.port()), UpstreamTlsMode.STARTTLS,
                name, tls);
    }
}
