package org.smtpguard.proxy.mx;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.mx.MxAttempts;
import org.smtpguard.policy.mx.MxOrdering;
import org.smtpguard.policy.mx.MxPlan;
import org.smtpguard.policy.mx.MxRecord;
import org.smtpguard.proxy.config.DestinationMap;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.UpstreamTlsMode;
import org.smtpguard.proxy.dns.DnsAnswer;
import org.smtpguard.proxy.dns.DnsLookups;
import org.smtpguard.proxy.dns.DnsOutcome;
import org.smtpguard.proxy.dns.MxHost;
import org.smtpguard.proxy.log.LogText;
import org.smtpguard.proxy.upstream.DestinationTls;
import org.smtpguard.proxy.upstream.UpstreamConnector;
import org.smtpguard.proxy.upstream.UpstreamRefused;
import org.smtpguard.proxy.upstream.UpstreamTarget;
import org.smtpguard.proxy.upstream.VerifiedUpstream;

/**
 * mx mode's way to a verified upstream for a recipient domain: its MX records (asynchronous, cached
 * per TTL by {@link DnsLookups}), ordered by {@link MxOrdering}, each host's addresses, then
 * {@link UpstreamConnector} on each {@link MxAttempts attempt} in turn until one is verified. Every
 * failed attempt is reported with its reason; the last reason is the result when all fail.
 * DNS answers arrive on resolver threads; everything else happens on the client's event loop.
 */
public final class MxConnector {

    /** Hears about each attempt that failed (the session log). */
    public interface AttemptLog {
        void attemptFailed(String domain, UpstreamTarget target, UpstreamRefused refused);
    }

    private final DnsLookups dns;
    private final UpstreamConnector connector;
    private final int port;
    private final RandomGenerator random;
    private final DestinationMap destinations;

    /** {@code destinations}: the TLS level (and names, pins) per recipient domain. */
    public MxConnector(DnsLookups dns, UpstreamConnector connector, int port, RandomGenerator random,
                       DestinationMap destinations) {
        this.dns = dns;
        this.connector = connector;
        this.port = port;
        this.random = random;
        this.destinations = destinations;
    }

    /** Connects to the first MX host of {@code domain} that can be verified; fails with {@link UpstreamRefused}. */
    public Future<VerifiedUpstream> connect(String domain, EventLoop loop, AttemptLog log) {
        Promise<VerifiedUpstream> promise = loop.newPromise();
        dns.mx(domain).whenComplete((answer, error) -> loop.execute(() -> {
            if (error != null) {
                promise.tryFailure(refused(RefusalReason.MX_LOOKUP_FAILED, "MX of " + domain + ": " + LogText.oneLine(error)));
            } else {
                onMx(domain, answer, loop, log, promise);
            }
        }));
        return promise;
    }

    private void onMx(String domain, DnsAnswer<MxHost> answer, EventLoop loop, AttemptLog log,
                      Promise<VerifiedUpstream> promise) {
        if (answer.outcome() == DnsOutcome.FAILURE) {
            promise.tryFailure(refused(RefusalReason.MX_LOOKUP_FAILED, "MX of " + domain + ": " + LogText.oneLine(answer.detail())));
            return;
        }
        if (answer.outcome() == DnsOutcome.NXDOMAIN) {
            promise.tryFailure(refused(RefusalReason.NO_SUCH_DOMAIN, domain + " does not exist (NXDOMAIN)"));
            return;
        }
        List<MxRecord> records = answer.records().stream()
                .map(mx -> new MxRecord(mx.preference(), mx.isNullMx() ? "." : mx.host())).toList();
        MxPlan plan = MxOrdering.plan(domain, records, random);
        if (plan instanceof MxPlan.NoMail) {
            promise.tryFailure(refused(RefusalReason.NULL_MX, domain + " publishes a null MX (RFC 7505)"));
            return;
        }
        MxPlan.Hosts hosts = (MxPlan.Hosts) plan;
        resolveAll(hosts.hosts()).whenComplete((addresses, error) -> loop.execute(() -> {
            if (error != null) {
                promise.tryFailure(refused(RefusalReason.MX_LOOKUP_FAILED, "addresses of the MX hosts of " + domain));
                return;
            }
            List<MxAttempts.Attempt> attempts = MxAttempts.of(hosts.hosts(), addresses.found());
            if (attempts.isEmpty()) {
                promise.tryFailure(addresses.failed() ? refused(RefusalReason.MX_LOOKUP_FAILED, "no address of "
                        + hosts.hosts() + " could be looked up") : hosts.implicit()
                        ? refused(RefusalReason.NO_SUCH_DOMAIN, domain + " has no MX and no address")
                        : refused(RefusalReason.CONNECT_FAILED, "no MX host of " + domain + " has an address"));
                return;
            }
            DestinationTls tls = DestinationTls.forMx(domain, answer.isSecure(), destinations);
            attempt(domain, tls, attempts, 0, null, loop, log, promise);
        }));
    }

    private void attempt(String domain, DestinationTls tls, List<MxAttempts.Attempt> attempts, int index,
                         UpstreamRefused last,
                         EventLoop loop, AttemptLog log, Promise<VerifiedUpstream> promise) {
        if (index == attempts.size()) {
            promise.tryFailure(last);
            return;
        }
        MxAttempts.Attempt attempt = attempts.get(index);
        UpstreamTarget target = new UpstreamTarget(new HostPort(attempt.address().getHostAddress(), port),
                UpstreamTlsMode.STARTTLS, attempt.host(), tls);
        connector.connect(target, loop).addListener(f -> {
            if (f.isSuccess()) {
                if (!promise.trySuccess((VerifiedUpstream) f.getNow())) {
                    ((VerifiedUpstream) f.getNow()).channel().close();
                }
                return;
            }
            UpstreamRefused refused = f.cause() instanceof UpstreamRefused r ? r
                    : new UpstreamRefused(RefusalReason.CONNECT_FAILED, LogText.oneLine(f.cause()), f.cause());
            log.attemptFailed(domain, target, refused);
            attempt(domain, tls, attempts, index + 1, refused, loop, log, promise);
        });
    }

    /** The hosts' IPv4 and IPv6 addresses, looked up at once; a lookup that failed is noted, not fatal. */
    private CompletableFuture<Resolved> resolveAll(List<String> hosts) {
        List<CompletableFuture<DnsAnswer<InetAddress>>> lookups = new ArrayList<>();
        for (String host : hosts) {
            lookups.add(dns.ipv4(host));
            lookups.add(dns.ipv6(host));
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, List<InetAddress>> found = new HashMap<>();
            boolean failed = false;
            for (int i = 0; i < lookups.size(); i++) {
                DnsAnswer<InetAddress> answer = lookups.get(i).join();
                failed |= answer.outcome() == DnsOutcome.FAILURE;
                found.computeIfAbsent(hosts.get(i / 2), h -> new ArrayList<>()).addAll(answer.records());
            }
            return new Resolved(found, failed);
        });
    }

    private record Resolved(Map<String, List<InetAddress>> found, boolean failed) {
    }

    private static UpstreamRefused refused(RefusalReason reason, String seen) {
        return new UpstreamRefused(reason, LogText.oneLine(seen));
    }
}
