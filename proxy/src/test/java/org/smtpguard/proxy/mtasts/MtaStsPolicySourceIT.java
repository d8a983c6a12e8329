package org.smtpguard.proxy.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.policy.mtasts.StsMode;
import org.smtpguard.policy.mtasts.StsMxVerdict;
import org.smtpguard.policy.tlsrpt.TlsRptPolicy;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;

/**
 * A domain's policy as the proxy gets it: the TXT record from a lookup the test scripts, the policy
 * file over HTTPS from {@link PolicyServer}, a clock the test moves. Enforce refuses an unlisted MX,
 * testing logs and allows it, the cache is used until max_age and refreshed when the id changes,
 * a failed fetch keeps a cached policy.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MtaStsPolicySourceIT {

    private static final String ENFORCE = "version: STSv1\nmode: enforce\nmx: mx1.enforce.test\nmx: *.mx.enforce.test\n"
            + "max_age: 604800\n";
    private static final String TESTING = "version: STSv1\nmode: testing\nmx: mx1.testing.test\nmax_age: 86400\n";

    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private PolicyServer server;
    private ExecutorService executor;
    private MtaStsPolicySource source;
    private ListAppender<ILoggingEvent> log;

    private static CertificateAuthority ca;
    private static IssuedCertificate policyHosts;

    @BeforeAll
    static void makeCertificates() {
        Instant now = Instant.now();
        ca = CertificateAuthority.generate("smtpguard IT web CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        policyHosts = ca.issue(LeafSpec.forNames(now.minus(Duration.ofHours(1)), Duration.ofDays(7),
                PolicyServer.policyHosts(List.of("enforce.test", "testing.test", "changing.test", "none.test"))));
    }

    @BeforeEach
    void start() throws Exception {
        server = PolicyServer.start(policyHosts);
        executor = Executors.newFixedThreadPool(2);
        StsPolicyFetcher fetcher = new StsPolicyFetcher(Optional.of(List.of(ca.certificate())), Duration.ofSeconds(5),
                executor, server.port());
        StsTxtLookup lookup = name -> CompletableFuture.completedFuture(txt.getOrDefault(name, List.of()));
        source = new MtaStsPolicySource(lookup, fetcher, clock);
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger("smtpguard.mtasts")).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("smtpguard.mtasts")).detachAppender(log);
        server.close();
        executor.shutdownNow();
    }

    private StsLookup lookup(String domain) throws Exception {
        return source.policyFor(domain).get(30, TimeUnit.SECONDS);
    }

    private List<String> logLines() {
        synchronized (log) {
            return log.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    @Test
    void enforceRefusesAnMxThePolicyDoesNotList() throws Exception {
        txt.put("_mta-sts.enforce.test", List.of("v=spf1 -all", "v=STSv1; id=e1"));
        server.answer("enforce.test", PolicyServer.Answer.policy(ENFORCE));

        StsLookup lookup = lookup("Enforce.Test.");

        assertThat(lookup.source()).isEqualTo(StsLookup.Source.FETCHED);
        assertThat(lookup.policy().orElseThrow().mode()).isEqualTo(StsMode.ENFORCE);
        assertThat(StsMxGate.check(lookup, "mx1.enforce.test")).isEqualTo(StsMxVerdict.MX_ALLOWED);
        assertThat(StsMxGate.check(lookup, "b.mx.enforce.test.")).isEqualTo(StsMxVerdict.MX_ALLOWED);
        StsMxVerdict evil = StsMxGate.check(lookup, "mx.attacker.example");
        assertThat(evil).isEqualTo(StsMxVerdict.MX_NOT_LISTED_REFUSED);
        assertThat(evil.allowsDelivery()).isFalse();
        assertThat(logLines()).anyMatch(l -> l.startsWith("WARN mta-sts mx not listed domain=enforce.test")
                && l.contains("mx=\"mx.attacker.example\"") && l.endsWith("action=refuse"));
        assertThat(lookup.tlsRptPolicy().type()).isEqualTo(TlsRptPolicy.Type.STS);
    }

    @Test
    void testingLogsAnUnlistedMxAndAllowsIt() throws Exception {
        txt.put("_mta-sts.testing.test", List.of("v=STSv1; id=t1;"));
        server.answer("testing.test", PolicyServer.Answer.policy(TESTING));

        StsLookup lookup = lookup("testing.test");
        StsMxVerdict verdict = StsMxGate.check(lookup, "mx9.elsewhere.test");

        assertThat(verdict).isEqualTo(StsMxVerdict.MX_NOT_LISTED_TESTING);
        assertThat(verdict.allowsDelivery()).isTrue();
        assertThat(logLines()).anyMatch(l -> l.startsWith("WARN mta-sts mx not listed domain=testing.test")
                && l.contains("policy=testing/fetched") && l.endsWith("action=deliver"));
    }

    @Test
    void theCachedPolicyIsUsedWhileTheIdStaysAndRefetchedWhenItChanges() throws Exception {
        txt.put("_mta-sts.changing.test", List.of("v=STSv1; id=v1"));
        server.answer("changing.test", PolicyServer.Answer.policy(ENFORCE.replace("enforce.test", "changing.test")));

        assertThat(lookup("changing.test").source()).isEqualTo(StsLookup.Source.FETCHED);
        clock.advance(Duration.ofHours(3));
        StsLookup second = lookup("changing.test");
        assertThat(second.source()).isEqualTo(StsLookup.Source.CACHED);
        assertThat(second.verdictFor("mx1.changing.test")).isEqualTo(StsMxVerdict.MX_ALLOWED);
        assertThat(server.requests("changing.test")).isEqualTo(1);

        txt.put("_mta-sts.changing.test", List.of("v=STSv1; id=v2"));
        server.answer("changing.test", PolicyServer.Answer.policy(TESTING.replace("testing.test", "changing.test")));
        StsLookup third = lookup("changing.test");
        assertThat(third.source()).isEqualTo(StsLookup.Source.FETCHED);
        assertThat(third.policy().orElseThrow().mode()).isEqualTo(StsMode.TESTING);
        assertThat(server.requests("changing.test")).isEqualTo(2);
    }

    @Test
    void withoutTheTxtRecordTheCachedPolicyAppliesUntilMaxAge() throws Exception {
        txt.put("_mta-sts.enforce.test", List.of("v=STSv1; id=e1"));
        server.answer("enforce.test", PolicyServer.Answer.policy(ENFORCE));
        lookup("enforce.test");
        txt.remove("_mta-sts.enforce.test");

        clock.advance(Duration.ofDays(6));
        StsLookup cached = lookup("enforce.test");
        assertThat(cached.source()).isEqualTo(StsLookup.Source.CACHED);
        assertThat(cached.verdictFor("mx.attacker.example")).isEqualTo(StsMxVerdict.MX_NOT_LISTED_REFUSED);

        clock.advance(Duration.ofDays(1));
        StsLookup expired = lookup("enforce.test");
        assertThat(expired.source()).isEqualTo(StsLookup.Source.NONE);
        assertThat(expired.verdictFor("mx.attacker.example")).isEqualTo(StsMxVerdict.NO_POLICY);
        assertThat(server.requests("enforce.test")).isEqualTo(1);
    }

    @Test
    void aCachedPolicyOlderThanADayIsRefreshedThoughItsIdIsUnchanged() throws Exception {
        txt.put("_mta-sts.enforce.test", List.of("v=STSv1; id=e1"));
        server.answer("enforce.test", PolicyServer.Answer.policy(ENFORCE));
        lookup("enforce.test");
        clock.advance(Duration.ofHours(25));

        assertThat(lookup("enforce.test").source()).isEqualTo(StsLookup.Source.FETCHED);
        assertThat(server.requests("enforce.test")).isEqualTo(2);
    }

    @Test
    void aFailedFetchKeepsTheCachedPolicy() throws Exception {
        txt.put("_mta-sts.enforce.test", List.of("v=STSv1; id=e1"));
        server.answer("enforce.test", PolicyServer.Answer.policy(ENFORCE));
        lookup("enforce.test");
        txt.put("_mta-sts.enforce.test", List.of("v=STSv1; id=e2"));
        server.answer("enforce.test", PolicyServer.Answer.policy(ENFORCE).withStatus(503));

        StsLookup lookup = lookup("enforce.test");

        assertThat(lookup.source()).isEqualTo(StsLookup.Source.CACHED_AFTER_FAILED_FETCH);
        assertThat(lookup.verdictFor("mx.attacker.example")).isEqualTo(StsMxVerdict.MX_NOT_LISTED_REFUSED);
        assertThat(lookup.fetchFailure()).isEmpty();
        assertThat(logLines()).anyMatch(l -> l.startsWith("WARN mta-sts policy fetch failed domain=enforce.test id=e2"
                + " result=sts-policy-fetch-error") && l.endsWith("applied=cached"));
    }

    @Test
    void aFailedFetchWithNothingCachedMeansNoPolicyAndIsReported() throws Exception {
        txt.put("_mta-sts.none.test", List.of("v=STSv1; id=n1"));
        server.answer("none.test", PolicyServer.Answer.policy("version: STSv1\nmode: enforce\nmax_age: 1\n"));

        StsLookup lookup = lookup("none.test");

        assertThat(lookup.source()).isEqualTo(StsLookup.Source.FETCH_FAILED);
        assertThat(lookup.fetchFailure()).contains(TlsRptResultType.STS_POLICY_INVALID);
        assertThat(lookup.verdictFor("anything.test")).isEqualTo(StsMxVerdict.NO_POLICY);
        assertThat(lookup.tlsRptPolicy()).isEqualTo(TlsRptPolicy.noPolicyFound("none.test"));
    }

    @Test
    void withoutATxtRecordNoPolicyIsFetched() throws Exception {
        server.answer("enforce.test", PolicyServer.Answer.policy(ENFORCE));

        assertThat(lookup("enforce.test").source()).isEqualTo(StsLookup.Source.NONE);
        txt.put("_mta-sts.enforce.test", List.of("v=STSv1; id=a", "v=STSv1; id=b"));
        assertThat(lookup("enforce.test").source()).as("two records: no policy").isEqualTo(StsLookup.Source.NONE);
        assertThat(server.requests("enforce.test")).isZero();
    }

    @Test
    void modeNoneIsCachedButEnforcesNothing() throws Exception {
        txt.put("_mta-sts.none.test", List.of("v=STSv1; id=n2"));
        server.answer("none.test", PolicyServer.Answer.policy("version: STSv1\nmode: none\nmax_age: 86400\n"));

        StsLookup lookup = lookup("none.test");

        assertThat(lookup.source()).isEqualTo(StsLookup.Source.FETCHED);
        assertThat(lookup.hasActivePolicy()).isFalse();
        assertThat(StsMxGate.check(lookup, "anything.test")).isEqualTo(StsMxVerdict.NO_POLICY);
        assertThat(lookup("none.test").source()).isEqualTo(StsLookup.Source.CACHED);
    }
}
