package org.smtpguard.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.smtpguard.certs.TlsaRecord;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.tls.AppliedTls;
import org.smtpguard.policy.tls.TlsRequirement;
import org.smtpguard.policy.tls.UpstreamTlsLevel;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.UpstreamTlsMode;
import org.smtpguard.proxy.dns.DnsAnswer;
import org.smtpguard.proxy.dns.DnsLookups;
import org.smtpguard.proxy.dns.DnsOutcome;
import org.smtpguard.proxy.dns.Dnssec;
import org.smtpguard.proxy.dns.MxHost;

/**
 * A failed TLSA look-up defers delivery under {@code dane} only when the host's addresses are
 * DNSSEC-signed (RFC 7672 §2.2.2): servers of unsigned zones that fail TLSA queries are common, and
 * DANE cannot apply there anyway. The DNS answers are given, as a resolver would return them.
 */
class TlsPlannerTest {

    private static final String MX = "mx.example.org";

    /** Answers every TLSA query with a failure (SERVFAIL) and A queries with {@code address}. */
    private record FailingTlsa(DnsAnswer<InetAddress> address) implements DnsLookups {

        @Override
        public CompletableFuture<DnsAnswer<MxHost>> mx(String domain) {
            throw new AssertionError("no MX look-up here");
        }

        @Override
        public CompletableFuture<DnsAnswer<InetAddress>> ipv4(String host) {
            return CompletableFuture.completedFuture(address);
        }

        @Override
        public CompletableFuture<DnsAnswer<InetAddress>> ipv6(String host) {
            throw new AssertionError("A only");
        }

        @Override
        public CompletableFuture<DnsAnswer<TlsaRecord>> tlsa(String host, int port) {
            return CompletableFuture.completedFuture(DnsAnswer.failure("_25._tcp." + host, Dnssec.INSECURE, "SERVFAIL"));
        }

        @Override
        public CompletableFuture<DnsAnswer<String>> txt(String name) {
            throw new AssertionError("no TXT look-up here");
        }
    }

    private static DnsAnswer<InetAddress> address(Dnssec dnssec) throws Exception {
        return new DnsAnswer<>(MX, DnsOutcome.ANSWER, List.of(InetAddress.getByName("192.0.2.25")),
                Duration.ofMinutes(5), dnssec, "");
    }

    private static PlannedTls plan(DnsLookups dns, UpstreamTlsLevel level) {
        DestinationTls tls = new DestinationTls(level, "example.org", false, List.of(), List.of());
        UpstreamTarget target = new UpstreamTarget(new HostPort("192.0.2.25", 25), UpstreamTlsMode.STARTTLS, MX, tls);
        return new TlsPlanner(dns, MtaStsLookup.NONE).plan(target).join();
    }

    @Test
    void aFailedTlsaLookUpForAHostInAnUnsignedZoneFallsBackToVerify() throws Exception {
        PlannedTls planned = plan(new FailingTlsa(address(Dnssec.INSECURE)), UpstreamTlsLevel.DANE);

        assertThat(planned.plan().applied()).isEqualTo(AppliedTls.VERIFY);
        assertThat(planned.plan().requirement()).isEqualTo(new TlsRequirement.Pkix(java.util.Set.of(MX)));
    }

    @Test
    void aFailedTlsaLookUpForASignedHostDefers() throws Exception {
        PlannedTls planned = plan(new FailingTlsa(address(Dnssec.SECURE)), UpstreamTlsLevel.DANE);

        assertThat(planned.plan().requirement()).isEqualTo(new TlsRequirement.Refused(RefusalReason.DNS_FAILED));
    }

    @Test
    void whenTheAddressLookUpFailedTooItDefers() {
        PlannedTls planned = plan(new FailingTlsa(DnsAnswer.failure(MX, Dnssec.INSECURE, "timed out")),
                UpstreamTlsLevel.DANE);

        assertThat(planned.plan().requirement()).isEqualTo(new TlsRequirement.Refused(RefusalReason.DNS_FAILED));
    }

    @Test
    void daneOnlyStillRefusesAHostWithoutDane() throws Exception {
        PlannedTls planned = plan(new FailingTlsa(address(Dnssec.INSECURE)), UpstreamTlsLevel.DANE_ONLY);

        assertThat(planned.plan().requirement()).isEqualTo(new TlsRequirement.Refused(RefusalReason.DANE_REQUIRED));
    }
}
