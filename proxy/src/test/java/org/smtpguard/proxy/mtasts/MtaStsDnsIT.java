package org.smtpguard.proxy.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.policy.mtasts.StsMxVerdict;
import org.smtpguard.proxy.dns.DnsAnswer;
import org.smtpguard.proxy.dns.DnsResolvers;
import org.smtpguard.proxy.dns.DnsjavaLookups;
import org.smtpguard.proxy.dns.MxHost;
import org.smtpguard.proxy.testdns.AuthoritativeDns;
import org.smtpguard.proxy.testdns.TestZones;

/**
 * MTA-STS as delivery meets it: the {@code _mta-sts} TXT record and the MX records from a real
 * authoritative server (NSD, the signed dane.test zone), the policy file over HTTPS on 127.0.0.1.
 * Enforce refuses the MX the policy does not list and allows the one it lists; testing allows both.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MtaStsDnsIT {

    @TempDir
    static Path dir;
    static AuthoritativeDns dns;
    static DnsjavaLookups lookups;
    static PolicyServer server;
    static ExecutorService executor;
    static MtaStsPolicySource source;

    @BeforeAll
    static void start() throws Exception {
        dns = AuthoritativeDns.start(dir, TestZones.standard());
        lookups = DnsResolvers.lookups(dns.dnsConfig(), Clock.systemUTC());
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.generate("smtpguard IT web CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        server = PolicyServer.start(ca.issue(LeafSpec.forNames(now.minus(Duration.ofHours(1)), Duration.ofDays(7),
                PolicyServer.policyHosts(List.of("sts-enforce.dane.test", "sts-testing.dane.test")))));
        server.answer("sts-enforce.dane.test", PolicyServer.Answer.policy(
                "version: STSv1\r\nmode: enforce\r\nmx: mx-good.dane.test\r\nmax_age: 86400\r\n"));
        server.answer("sts-testing.dane.test", PolicyServer.Answer.policy(
                "version: STSv1\r\nmode: testing\r\nmx: mx-good.dane.test\r\nmax_age: 86400\r\n"));
        executor = Executors.newFixedThreadPool(2);
        source = new MtaStsPolicySource(StsTxtLookup.over(lookups),
                new StsPolicyFetcher(Optional.of(List.of(ca.certificate())), Duration.ofSeconds(10), executor,
                        server.port()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static List<String> mxHosts(String domain) throws Exception {
        DnsAnswer<MxHost> answer = lookups.mx(domain).get(30, TimeUnit.SECONDS);
        assertThat(answer.records()).as(answer.detail()).isNotEmpty();
        return answer.records().stream().map(MxHost::host).toList();
    }

    @Test
    void enforceAllowsTheListedMxAndRefusesTheOther() throws Exception {
        StsLookup lookup = source.policyFor("sts-enforce.dane.test").get(60, TimeUnit.SECONDS);

        assertThat(lookup.source()).isEqualTo(StsLookup.Source.FETCHED);
        assertThat(lookup.applied().orElseThrow().id()).isEqualTo("enforce1");
        assertThat(mxHosts("sts-enforce.dane.test")).containsExactly("mx-good.dane.test", "mx-rogue.dane.test");
        assertThat(StsMxGate.check(lookup, "mx-good.dane.test")).isEqualTo(StsMxVerdict.MX_ALLOWED);
        assertThat(StsMxGate.check(lookup, "mx-rogue.dane.test")).isEqualTo(StsMxVerdict.MX_NOT_LISTED_REFUSED);
    }

    @Test
    void testingAllowsTheUnlistedMx() throws Exception {
        StsLookup lookup = source.policyFor("sts-testing.dane.test").get(60, TimeUnit.SECONDS);

        assertThat(mxHosts("sts-testing.dane.test")).containsExactly("mx-rogue.dane.test");
        StsMxVerdict verdict = StsMxGate.check(lookup, "mx-rogue.dane.test");
        assertThat(verdict).isEqualTo(StsMxVerdict.MX_NOT_LISTED_TESTING);
        assertThat(verdict.allowsDelivery()).isTrue();
    }

    @Test
    void aDomainWithoutTheTxtRecordHasNoPolicyAndNothingIsFetched() throws Exception {
        StsLookup lookup = source.policyFor("good.dane.test").get(60, TimeUnit.SECONDS);

        assertThat(lookup.source()).isEqualTo(StsLookup.Source.NONE);
        assertThat(server.requests("good.dane.test")).isZero();
    }
}
