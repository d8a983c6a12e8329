package org.smtpguard.proxy.mx;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.mx.MxAttempts;
import org.smtpguard.policy.mx.MxOrdering;
import org.smtpguard.policy.mx.MxPlan;
import org.smtpguard.policy.mx.MxRecord;
import org.smtpguard.proxy.config.DestinationMap;
import org.smtpguard.proxy.config.DestinationRule;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.UpstreamTlsMode;
import org.smtpguard.proxy.dns.DnsAnswer;
import org.smtpguard.proxy.dns.DnsLookups;
import org.smtpguard.proxy.dns.DnsOutcome;
import org.smtpguard.proxy.dns.MxHost;
import org.smtpguard.proxy.log.LogText;
import org.smtpguard.proxy.mtasts.StsLookup;
import org.smtpguard.proxy.session.SessionListener;
import org.smtpguard.proxy.tlsrpt.TlsRptRecorder;
import org.smtpguard.proxy.tlsrpt.TlsRptSessionListener;
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
    private final Supplier<UpstreamConnector> connector;
    private final int port;
    private final RandomGenerator random;
    private final DestinationMap destinations;
    private final TlsRptRecorder tlsRpt;
    private final Function<String, Optional<StsLookup>> stsPolicies;

    /**
     * {@code connector}: the current connector, asked again for each attempt (a reloaded
     * {@code upstream.tls.ca} reaches the next attempt); {@code destinations}: the TLS level (and
     * names, pins, {@code via=} upstreams) per recipient domain; every connection is counted for
     * TLS-RPT under the recipient domain's policy ({@code stsPolicies}: the MTA-STS policy last found
     * for a domain).
     */
    public MxConnector(DnsLookups dns, Supplier<UpstreamConnector> connector, int port, RandomGenerator random,
                       DestinationMap destinations, TlsRptRecorder tlsRpt,
                       Function<String, Optional<StsLookup>> stsPolicies) {
        this.dns = dns;
        this.connector = connector;
        this.port = port;
        this.random = random;
        this.destinations = destinations;
        this.tlsRpt = tlsRpt;
        this.stsPolicies = stsPolicies;
    }

    /**
     * Connects to the first MX host of {@code domain} that can be verified, or, when the destination
     * map gives the domain {@code via=} upstreams, to the first of those; fails with {@link UpstreamRefused}.
     */
    public Future<VerifiedUpstream> connect(String domain, EventLoop loop, AttemptLog log) {
        Promise<VerifiedUpstream> promise = loop.newPromise();
        Optional<DestinationRule> rule = destinations.find(domain);
        if (rule.isPresent() && !rule.get().via().isEmpty()) {
            connectVia(domain, rule.get(), loop, log, promise);
            return promise;
        }
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
            List<UpstreamTarget> targets = attempts.stream().map(a -> new UpstreamTarget(
                    new HostPort(a.address().getHostAddress(), port), UpstreamTlsMode.STARTTLS, a.host(), tls)).toList();
            attempt(domain, targets, 0, null, loop, log, promise);
        }));
    }

    /** The destination map's {@code via=} upstreams of {@code domain}, in order, instead of its MX hosts. */
    private void connectVia(String domain, DestinationRule rule, EventLoop loop, AttemptLog log,
                            Promise<VerifiedUpstream> promise) {
        DestinationTls tls = DestinationTls.forMx(domain, false, destinations);
        ViaTargets.of(rule, domain, tls, dns).whenComplete((targets, error) -> loop.execute(() -> {
            if (error != null || targets.isEmpty()) {
                promise.tryFailure(refused(RefusalReason.MX_LOOKUP_FAILED, "no address of the upstreams "
                        + rule.via() + " of " + domain + (error == null ? "" : ": " + LogText.oneLine(error))));
            } else {
                attempt(domain, targets, 0, null, loop, log, promise);
            }
        }));
    }

    private void attempt(String domain, List<UpstreamTarget> targets, int index, UpstreamRefused last,
                         EventLoop loop, AttemptLog log, Promise<VerifiedUpstream> promise) {
        if (index == targets.size()) {
            promise.tryFailure(last);
            return;
        }
        UpstreamTarget target = targets.get(index);
        SessionListener report = TlsRptSessionListener.forMxAttempt(tlsRpt, domain, target, stsPolicies);
        connector.get().connect(target, loop).addListener(f -> {
            if (f.isSuccess()) {
                VerifiedUpstream verified = (VerifiedUpstream) f.getNow();
                report.upstreamVerified(verified.tls());
                if (!promise.trySuccess(verified)) {
                    verified.channel().close();
                }
                return;
            }
            UpstreamRefused refused = f.cause() instanceof UpstreamRefused r ? r
                    : new UpstreamRefused(RefusalReason.CONNECT_FAILED, LogText.oneLine(f.cause()), f.cause());
            report.upstreamRefused(refused.reason(), refused.seen());
            log.attemptFailed(domain, target, refused);
            attempt(domain, targets, index + 1, refused, loop, log, promise);
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
