package org.smtpguard.proxy.mx;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.smtpguard.policy.mx.MxAttempts;
import org.smtpguard.proxy.config.DestinationRule;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.UpstreamTlsMode;
import org.smtpguard.proxy.dns.DnsAnswer;
import org.smtpguard.proxy.dns.DnsLookups;
import org.smtpguard.proxy.upstream.DestinationTls;
import org.smtpguard.proxy.upstream.UpstreamTarget;

/**
 * The connections for a destination map entry's {@code via=} upstreams, in the order written: each
 * host's addresses (an IP literal as it is; a name looked up, IPv4 first), at most
 * {@link MxAttempts#PER_HOST} per upstream and {@link MxAttempts#MAX_ATTEMPTS} in all, each on its own
 * port. The name verified is the upstream's host name; for an address, the entry's first
 * {@code match=} name, else the destination domain.
 */
final class ViaTargets {

    private ViaTargets() {
    }

    static CompletableFuture<List<UpstreamTarget>> of(DestinationRule rule, String domain, DestinationTls tls,
                                                      DnsLookups dns) {
        List<CompletableFuture<List<UpstreamTarget>>> perUpstream = new ArrayList<>();
        for (HostPort via : rule.via()) {
            InetAddress literal = literal(via.host());
            if (literal != null) {
                String name = rule.match().isEmpty() ? domain : rule.match().get(0);
                perUpstream.add(CompletableFuture.completedFuture(List.of(target(via, literal, name, tls))));
            } else {
                perUpstream.add(dns.ipv4(via.host()).thenCombine(dns.ipv6(via.host()), (v4, v6) -> {
                    List<InetAddress> addresses = new ArrayList<>(records(v4));
                    addresses.addAll(records(v6));
                    addresses.sort(Comparator.comparingInt(a -> a instanceof Inet4Address ? 0 : 1));
                    return addresses.stream().limit(MxAttempts.PER_HOST)
                            .map(a -> target(via, a, via.host(), tls)).toList();
                }));
            }
        }
        return CompletableFuture.allOf(perUpstream.toArray(CompletableFuture[]::new)).thenApply(done ->
                perUpstream.stream().flatMap(f -> f.join().stream()).limit(MxAttempts.MAX_ATTEMPTS).toList());
    }

    private static List<InetAddress> records(DnsAnswer<InetAddress> answer) {
        return answer == null ? List.of() : answer.records();
    }

    private static UpstreamTarget target(HostPort via, InetAddress address, String name, DestinationTls tls) {
        return new UpstreamTarget(new HostPort(address.getHostAddress(), via.port()), UpstreamTlsMode.STARTTLS,
                name, tls);
    }

    private static InetAddress literal(String host) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
