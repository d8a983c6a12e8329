package org.smtpguard.proxy.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.policy.mtasts.StsMode;
import org.smtpguard.policy.mtasts.StsPolicy;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;

/**
 * The policy fetch over real HTTPS on 127.0.0.1: a JDK HttpsServer with a certificate from the
 * test CA, the names {@code mta-sts.*.test} resolved through the hosts file of the {@code mtasts-it}
 * failsafe execution. Each RFC 8461 §3.3 rule is a refusal with the TLS-RPT result type it counts as.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StsPolicyFetcherIT {

    static final String POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx1.enforce.test\r\nmax_age: 86400\r\n";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static CertificateAuthority ca;
    private static PolicyServer server;
    private static ExecutorService executor;

    @BeforeAll
    static void start() throws Exception {
        Instant now = Instant.now();
        ca = CertificateAuthority.generate("smtpguard IT web CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        server = PolicyServer.start(ca.issue(LeafSpec.forNames(now.minus(Duration.ofHours(1)), Duration.ofDays(7),
                PolicyServer.policyHosts(List.of("enforce.test", "redirect.test", "notfound.test", "html.test",
                        "big.test", "slow.test", "invalid.test")))));
        executor = Executors.newFixedThreadPool(2);
        server.answer("enforce.test", PolicyServer.Answer.policy(POLICY));
        server.answer("unlisted.test", PolicyServer.Answer.policy(POLICY));
        server.answer("redirect.test", PolicyServer.Answer.policy("").withStatus(302)
                .withHeader("Location", "https://mta-sts.testing.test/.well-known/mta-sts.txt"));
        server.answer("html.test", PolicyServer.Answer.policy(POLICY).withContentType("text/html"));
        server.answer("big.test", PolicyServer.Answer.policy(POLICY + "x: " + "y".repeat(StsPolicyFetcher.MAX_BODY)));
        server.answer("slow.test", PolicyServer.Answer.policy(POLICY).withDelay(TIMEOUT.multipliedBy(3)));
        server.answer("invalid.test", PolicyServer.Answer.policy("version: STSv1\nmode: enforce\nmax_age: 1\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
        executor.shutdownNow();
    }

    private static StsPolicyFetcher fetcher(CertificateAuthority trusted, int port) {
        return new StsPolicyFetcher(Optional.of(List.of(trusted.certificate())), TIMEOUT, executor, port);
    }

    private static StsPolicy fetch(String domain) throws Exception {
        return fetcher(ca, server.port()).fetch(domain).get(30, TimeUnit.SECONDS);
    }

    @Test
    void fetchesAndParsesAPolicyOverVerifiedHttps() throws Exception {
        StsPolicy policy = fetch("Enforce.Test");

        assertThat(policy.mode()).isEqualTo(StsMode.ENFORCE);
        assertThat(policy.allowsMx("mx1.enforce.test")).isTrue();
        assertThat(fetcher(ca, 443).policyUri("enforce.test").toString())
                .isEqualTo("https://mta-sts.enforce.test/.well-known/mta-sts.txt");
    }

    @Test
    void aCertificateFromAnUntrustedCaIsStsWebpkiInvalid() {
        CertificateAuthority other = CertificateAuthority.generate("another CA", Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        assertFailure(fetcher(other, server.port()), "enforce.test", TlsRptResultType.STS_WEBPKI_INVALID);
    }

    @Test
    void aCertificateForAnotherNameIsStsWebpkiInvalid() {
        assertFailure(fetcher(ca, server.port()), "unlisted.test", TlsRptResultType.STS_WEBPKI_INVALID);
    }

    @Test
    void aRedirectIsNotFollowed() {
        assertFailure(fetcher(ca, server.port()), "redirect.test", TlsRptResultType.STS_POLICY_FETCH_ERROR);
        assertThat(server.requests("testing.test")).as("the redirect target was never asked").isZero();
    }

    @Test
    void onlyA200Counts() {
        assertFailure(fetcher(ca, server.port()), "notfound.test", TlsRptResultType.STS_POLICY_FETCH_ERROR);
    }

    @Test
    void onlyTextPlainCounts() {
        assertFailure(fetcher(ca, server.port()), "html.test", TlsRptResultType.STS_POLICY_FETCH_ERROR);
    }

    @Test
    void aPolicyOver64KibIsRefused() {
        assertFailure(fetcher(ca, server.port()), "big.test", TlsRptResultType.STS_POLICY_FETCH_ERROR);
    }

    @Test
    void aSlowPolicyHostTimesOut() {
        long start = System.nanoTime();
        assertFailure(fetcher(ca, server.port()), "slow.test", TlsRptResultType.STS_POLICY_FETCH_ERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
    }

    @Test
    void anInvalidPolicyIsStsPolicyInvalid() {
        assertFailure(fetcher(ca, server.port()), "invalid.test", TlsRptResultType.STS_POLICY_INVALID);
    }

    @Test
    void anUnreachablePolicyHostIsAFetchError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        assertFailure(fetcher(ca, closedPort), "down.test", TlsRptResultType.STS_POLICY_FETCH_ERROR);
    }

    @Test
    void aNameThatIsNoDomainIsNotFetched() {
        assertFailure(fetcher(ca, server.port()), "../etc", TlsRptResultType.STS_POLICY_FETCH_ERROR);
        assertFailure(fetcher(ca, server.port()), "localhost", TlsRptResultType.STS_POLICY_FETCH_ERROR);
    }

    private static void assertFailure(StsPolicyFetcher fetcher, String domain, TlsRptResultType expected) {
        assertThatThrownBy(() -> fetcher.fetch(domain).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StsFetchException.class)
                .satisfies(e -> assertThat(((StsFetchException) e).resultType()).as(e.getMessage()).isEqualTo(expected));
    }
}
