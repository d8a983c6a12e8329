package org.smtpguard.proxy.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.TlsaRecord;
import org.smtpguard.proxy.testdns.AuthoritativeDns;
import org.smtpguard.proxy.testdns.TestZones;

/**
 * The validating look-ups against a real authoritative server (NSD) with a signed, a forged and an
 * unsigned zone: secure, bogus and insecure answers, NXDOMAIN and no data as DNS really sends them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsLookupsIT {

    @TempDir
    static Path dir;
    static AuthoritativeDns dns;
    static DnsjavaLookups lookups;

    @BeforeAll
    static void startDns() throws IOException {
        dns = AuthoritativeDns.start(dir, TestZones.standard());
        lookups = DnsResolvers.lookups(dns.dnsConfig(), Clock.systemUTC());
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void mxOfASignedZoneIsSecureAndSortedByPreference() throws Exception {
        DnsAnswer<MxHost> answer = lookups.mx("dane.test").get(30, TimeUnit.SECONDS);

        assertThat(answer.outcome()).as(answer.detail()).isEqualTo(DnsOutcome.ANSWER);
        assertThat(answer.dnssec()).isEqualTo(Dnssec.SECURE);
        assertThat(answer.records()).containsExactly(new MxHost(10, "mx-good.dane.test"), new MxHost(20, "mx-none.dane.test"));
    }

    @Test
    void tlsaOfASignedZoneIsSecureWithItsData() throws Exception {
        DnsAnswer<TlsaRecord> answer = lookups.tlsa("mx-good.dane.test", 25).get(30, TimeUnit.SECONDS);

        assertThat(answer.dnssec()).as(answer.detail()).isEqualTo(Dnssec.SECURE);
        assertThat(answer.records()).containsExactly(new TlsaRecord(3, 1, 1,
                HexFormat.of().parseHex("0d6fce3b7e1dfd2ab4d3e9e4e6f0a33b2d1bb9ae3c3ad0c4e1a4d7e5c8b9f0a1")));
    }

    @Test
    void aMissingTlsaInASignedZoneIsASecureNxdomain() throws Exception {
        DnsAnswer<TlsaRecord> answer = lookups.tlsa("mx-none.dane.test", 25).get(30, TimeUnit.SECONDS);

        assertThat(answer.outcome()).as(answer.detail()).isEqualTo(DnsOutcome.NXDOMAIN);
        assertThat(answer.dnssec()).isEqualTo(Dnssec.SECURE);
    }

    @Test
    void aNameWithoutTheTypeIsASecureNoData() throws Exception {
        DnsAnswer<InetAddress> answer = lookups.ipv6("mx-good.dane.test").get(30, TimeUnit.SECONDS);

        assertThat(answer.outcome()).as(answer.detail()).isEqualTo(DnsOutcome.NO_DATA);
        assertThat(answer.dnssec()).isEqualTo(Dnssec.SECURE);
    }

    @Test
    void addressesAndTxtComeBackSecure() throws Exception {
        assertThat(lookups.ipv4("mx-good.dane.test").get(30, TimeUnit.SECONDS).records())
                .containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(lookups.ipv6("mx-none.dane.test").get(30, TimeUnit.SECONDS).records())
                .containsExactly(InetAddress.getByName("::1"));
        DnsAnswer<String> sts = lookups.txt("_mta-sts.dane.test").get(30, TimeUnit.SECONDS);
        assertThat(sts.records()).containsExactly("v=STSv1; id=20261123T000000;");
        assertThat(sts.dnssec()).isEqualTo(Dnssec.SECURE);
    }

    @Test
    void aForgedTlsaIsBogusAndCarriesNoRecords() throws Exception {
        DnsAnswer<TlsaRecord> answer = lookups.tlsa("mx.bogus.test", 25).get(30, TimeUnit.SECONDS);

        assertThat(answer.outcome()).isEqualTo(DnsOutcome.FAILURE);
        assertThat(answer.dnssec()).isEqualTo(Dnssec.BOGUS);
        assertThat(answer.records()).isEmpty();
    }

    @Test
    void theUnforgedRecordsOfTheForgedZoneStillValidate() throws Exception {
        DnsAnswer<MxHost> answer = lookups.mx("bogus.test").get(30, TimeUnit.SECONDS);

        assertThat(answer.dnssec()).as(answer.detail()).isEqualTo(Dnssec.SECURE);
        assertThat(answer.records()).containsExactly(new MxHost(10, "mx.bogus.test"));
    }

    @Test
    void anUnsignedZoneIsInsecure() throws Exception {
        DnsAnswer<TlsaRecord> answer = lookups.tlsa("mx.plain.test", 25).get(30, TimeUnit.SECONDS);

        assertThat(answer.outcome()).as(answer.detail()).isEqualTo(DnsOutcome.ANSWER);
        assertThat(answer.dnssec()).isEqualTo(Dnssec.INSECURE);
    }

    @Test
    void aNameNoServerIsAuthoritativeForIsAFailure() throws Exception {
        DnsAnswer<MxHost> answer = lookups.mx("example.invalid").get(30, TimeUnit.SECONDS);

        assertThat(answer.outcome()).isEqualTo(DnsOutcome.FAILURE);
    }

    @Test
    void aNullMxIsReportedAsSuch() throws Exception {
        DnsAnswer<MxHost> answer = lookups.mx("nullmx.dane.test").get(30, TimeUnit.SECONDS);

        assertThat(answer.records()).singleElement().matches(MxHost::isNullMx);
    }
}
