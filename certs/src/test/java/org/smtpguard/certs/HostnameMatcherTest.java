package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostnameMatcherTest {

    private static final CertificateAuthority CA = TestPki.ca("Test CA");

    @ParameterizedTest(name = "SAN {0} vs name {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            mail.example.com     | mail.example.com        | true
            mail.example.com     | MAIL.Example.COM        | true
            MAIL.EXAMPLE.COM     | mail.example.com        | true
            mail.example.com     | mail.example.com.       | true
            mail.example.com.    | mail.example.com        | true
            mail.example.com     | other.example.com       | false
            mail.example.com     | mail.example.com.evil   | false
            mail.example.com     | example.com             | false
            mail.example.com     | mail.example.com..      | false
            *.example.com        | a.example.com           | true
            *.example.com        | A.EXAMPLE.COM.          | true
            *.EXAMPLE.com        | mail.example.com        | true
            *.example.com        | example.com             | false
            *.example.com        | a.b.example.com         | false
            *.example.com        | .example.com            | false
            *.example.com        | a.example.org           | false
            *.example.com        | *.example.com           | false
            f*.example.com       | foo.example.com         | false
            *oo.example.com      | foo.example.com         | false
            a.*.example.com      | a.b.example.com         | false
            *.*.example.com      | a.b.example.com         | false
            *.com                | example.com             | false
            *.                   | example                 | false
            *                    | example                 | false
            *.co.uk              | example.co.uk           | true
            xn--caf-dma.example  | XN--CAF-DMA.example     | true
            """)
    void dnsNamesFollowRfc6125(String san, String name, boolean expected) throws Exception {
        X509Certificate certificate = TestPki.withRawDnsNames("ignored.example", san);

        assertThat(HostnameMatcher.matches(certificate, name)).isEqualTo(expected);
    }

    @Test
    void anyOfSeveralDnsNamesMatches() {
        X509Certificate certificate = CA.issue(TestPki.spec("mail.test", "mx1.test", "*.relay.test")).certificate();

        assertThat(HostnameMatcher.matches(certificate, "mx1.test")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "eu.relay.test")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "mx2.test")).isFalse();
    }

    @ParameterizedTest(name = "IP SAN {0} vs name {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.10   | 192.0.2.10               | true
            192.0.2.10   | 192.0.2.11               | false
            2001:db8::1  | 2001:db8::1              | true
            2001:db8::1  | 2001:DB8:0:0:0:0:0:1     | true
            2001:db8::1  | [2001:db8::1]            | true
            2001:db8::1  | 2001:db8::2              | false
            ::1          | 127.0.0.1                | false
            """)
    void ipAddressesAreComparedAsAddresses(String san, String name, boolean expected) {
        X509Certificate certificate = CA.issue(TestPki.spec("host.test", san)).certificate();

        assertThat(HostnameMatcher.matches(certificate, name)).isEqualTo(expected);
    }

    @Test
    void ipAddressNeverMatchesADnsNameSpelledLikeIt() throws Exception {
        X509Certificate certificate = TestPki.withRawDnsNames("192.0.2.10", "192.0.2.10");

        assertThat(HostnameMatcher.matches(certificate, "192.0.2.10")).isFalse();
    }

    @Test
    void ipAddressNeverMatchesTheCommonName() {
        X509Certificate certificate = CA.issue(TestPki.spec("192.0.2.10").withoutAlternativeNames()).certificate();

        assertThat(HostnameMatcher.matches(certificate, "192.0.2.10")).isFalse();
    }

    @Test
    void hostNameNeverMatchesAnIpAddressSan() {
        X509Certificate certificate = CA.issue(TestPki.spec("192.0.2.10", "mail.test")).certificate();

        assertThat(HostnameMatcher.matches(certificate, "mail.test")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "10.2.0.192.in-addr.arpa")).isFalse();
    }

    @Test
    void commonNameCountsWhenTheCertificateHasNoSubjectAlternativeNames() {
        X509Certificate certificate = CA.issue(TestPki.spec("mail.test").withoutAlternativeNames()).certificate();

        assertThat(HostnameMatcher.matches(certificate, "mail.test")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "MAIL.TEST.")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "other.test")).isFalse();
    }

    @Test
    void commonNameIsIgnoredOnceTheCertificateHasADnsName() {
        X509Certificate certificate = CA.issue(TestPki.spec("other.test").withCommonName("mail.test")).certificate();

        assertThat(HostnameMatcher.matches(certificate, "other.test")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "mail.test")).isFalse();
    }

    @Test
    void commonNameStillCountsWhenTheOnlySansAreIpAddresses() {
        X509Certificate certificate = CA.issue(new LeafSpec("mail.test", List.of(), List.of("192.0.2.10"),
                TestPki.NOW, TestPki.NOW.plus(TestPki.DAY), KeyKind.EC_P256, java.util.Set.of())).certificate();

        assertThat(HostnameMatcher.matches(certificate, "mail.test")).isTrue();
    }

    @Test
    void wildcardCommonNameFollowsTheSameRules() {
        X509Certificate certificate = CA.issue(TestPki.spec("*.example.com").withoutAlternativeNames()).certificate();

        assertThat(HostnameMatcher.matches(certificate, "a.example.com")).isTrue();
        assertThat(HostnameMatcher.matches(certificate, "a.b.example.com")).isFalse();
    }

    @Test
    void emptyOrMissingNameMatchesNothing() {
        X509Certificate certificate = CA.issue(TestPki.spec("mail.test")).certificate();

        assertThat(HostnameMatcher.matches(certificate, "")).isFalse();
        assertThat(HostnameMatcher.matches(certificate, null)).isFalse();
        assertThat(HostnameMatcher.matches(null, "mail.test")).isFalse();
    }
}
