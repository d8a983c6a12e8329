package org.smtpguard.proxy.mtasts;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.certs.TrustAnchors;
import org.smtpguard.policy.mtasts.CachedStsPolicy;
import org.smtpguard.policy.mtasts.StsPolicy;
import org.smtpguard.policy.mtasts.StsRefresh;
import org.smtpguard.policy.mtasts.StsTxtRecord;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;
import org.smtpguard.proxy.config.MtaStsConfig;
import org.smtpguard.proxy.dns.DnsLookups;

/**
 * The MTA-STS policy of a domain, as RFC 8461 §5 has a sender find it: the {@code _mta-sts} TXT
 * record before every delivery, the policy file when the id changed, nothing was cached, the cached
 * policy expired or is a day old; a cached, unexpired policy when the TXT record or the fetch fails.
 * Policies are kept in memory (at most {@value #CAPACITY} domains, the least recently used go first).
 * Never blocks; thread-safe.
 */
public final class MtaStsPolicySource {

    /** Most domains whose policy is kept. */
    public static final int CAPACITY = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger("smtpguard.mtasts");

    private final StsTxtLookup txt;
    private final StsPolicyFetcher fetcher;
    private final Clock clock;
    private final Map<String, CachedStsPolicy> cache = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, StsLookup> latest = new LinkedHashMap<>(16, 0.75f, true);

    public MtaStsPolicySource(StsTxtLookup txt, StsPolicyFetcher fetcher, Clock clock) {
        this.txt = txt;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /**
     * The source smtpguard runs with: TXT records through {@code dns}, policy files fetched as
     * {@code config} says ({@code mtasts.*}), the HTTP client's work on {@code executor}.
     */
    public static MtaStsPolicySource create(MtaStsConfig config, DnsLookups dns, Executor executor, Clock clock) {
        Optional<List<X509Certificate>> anchors = config.ca().map(TrustAnchors::fromPem);
        return new MtaStsPolicySource(StsTxtLookup.over(dns),
                new StsPolicyFetcher(anchors, config.fetchTimeout(), executor, config.policyPort()), clock);
    }

    /**
     * What the last look-up for {@code domain} found (for TLS-RPT: the policy a session to it was
     * held to, or why none could be had); empty if it was not looked up or was forgotten since.
     */
    public Optional<StsLookup> latest(String domain) {
        synchronized (latest) {
            return Optional.ofNullable(latest.get(normalise(domain)));
        }
    }

    /** The policy that applies to mail for {@code domain} now. The future always completes normally. */
    public CompletableFuture<StsLookup> policyFor(String domain) {
        String name = normalise(domain);
        if (!StsPolicyFetcher.isPolicyDomain(name)) {
            return CompletableFuture.completedFuture(
                    new StsLookup(name, Optional.empty(), StsLookup.Source.NONE, Optional.empty()));
        }
        return txt.txt("_mta-sts." + name)
                .exceptionally(error -> List.of())
                .thenCompose(records -> decide(name, StsTxtRecord.select(records)))
                .thenApply(this::remember);
    }

    private CompletableFuture<StsLookup> decide(String domain, Optional<StsTxtRecord> record) {
        Optional<CachedStsPolicy> cached = cached(domain);
        Instant now = clock.instant();
        switch (StsRefresh.decide(record, cached, now)) {
            case USE_CACHED:
                return CompletableFuture.completedFuture(
                        new StsLookup(domain, cached, StsLookup.Source.CACHED, Optional.empty()));
            case NO_POLICY:
                return CompletableFuture.completedFuture(
                        new StsLookup(domain, Optional.empty(), StsLookup.Source.NONE, Optional.empty()));
            default:
                String id = record.orElseThrow().id();
                return fetcher.fetch(domain).handle((policy, error) -> error == null
                        ? fetched(domain, id, policy)
                        : failed(domain, id, cached, unwrap(error)));
        }
    }

    private StsLookup fetched(String domain, String id, StsPolicy policy) {
        CachedStsPolicy entry = new CachedStsPolicy(id, policy, clock.instant());
        synchronized (cache) {
            cache.put(domain, entry);
            if (cache.size() > CAPACITY) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        LOG.info("mta-sts policy fetched domain={} id={} mode={} mx={} max_age={}", domain, id,
                policy.mode().label(), policy.mx().size(), policy.maxAge().toSeconds());
        return new StsLookup(domain, Optional.of(entry), StsLookup.Source.FETCHED, Optional.empty());
    }

    private StsLookup failed(String domain, String id, Optional<CachedStsPolicy> cached, StsFetchException error) {
        boolean useCached = StsRefresh.afterFailedFetch(cached, clock.instant()) == StsRefresh.Action.USE_CACHED;
        LOG.warn("mta-sts policy fetch failed domain={} id={} result={} reason=\"{}\" applied={}", domain, id,
                error.resultType().reportName(), error.getMessage(), useCached ? "cached" : "none");
        return useCached
                ? new StsLookup(domain, cached, StsLookup.Source.CACHED_AFTER_FAILED_FETCH, Optional.empty())
                : new StsLookup(domain, Optional.empty(), StsLookup.Source.FETCH_FAILED,
                        Optional.of(error.resultType()));
    }

    private StsLookup remember(StsLookup lookup) {
        synchronized (latest) {
            latest.put(lookup.domain(), lookup);
            if (latest.size() > CAPACITY) {
                latest.remove(latest.keySet().iterator().next());
            }
        }
        return lookup;
    }

    private Optional<CachedStsPolicy> cached(String domain) {
        synchronized (cache) {
            return Optional.ofNullable(cache.get(domain));
        }
    }

    private static StsFetchException unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof StsFetchException fetch ? fetch
                : new StsFetchException(TlsRptResultType.STS_POLICY_FETCH_ERROR, "policy fetch failed", cause);
    }

    private static String normalise(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
