package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtpguard.certs.TestPki.DAY;
import static org.smtpguard.certs.TestPki.NOW;
import static org.smtpguard.certs.TestPki.YEAR;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeafSpecTest {

    @Test
    void ipLiteralsBecomeIpAddressesAndEverythingElseDnsNames() {
        LeafSpec spec = LeafSpec.forNames(NOW, YEAR, "mail.test", "192.0.2.1", "2001:db8::1", "[::1]", "mx.test");

        assertThat(spec.dnsNames()).containsExactly("mail.test", "mx.test");
        assertThat(spec.ipAddresses()).containsExactly("192.0.2.1", "2001:db8::1", "[::1]");
    }

    @Test
    void namesThatOnlyLookNumericStayDnsNamesWithoutAnyLookup() {
        LeafSpec spec = LeafSpec.forNames(NOW, YEAR, "1.2.3", "256.1.1.1", "10.0.0.1.test", "host.invalid", "fe80::1%eth0");

        assertThat(spec.ipAddresses()).isEmpty();
        assertThat(spec.dnsNames()).hasSize(5);
    }

    @Test
    void firstNameIsTheCommonNameAndDefaultsAreAnEcServerCertificate() {
        LeafSpec spec = LeafSpec.forNames(NOW, Duration.ofDays(90), "192.0.2.1", "mail.test");

        assertThat(spec.commonName()).isEqualTo("192.0.2.1");
        assertThat(spec.keyKind()).isEqualTo(KeyKind.EC_P256);
        assertThat(spec.extendedUsages()).containsExactly(ExtendedUsage.SERVER_AUTH);
        assertThat(spec.notBefore()).isEqualTo(NOW);
        assertThat(spec.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    }

    @Test
    void withMethodsChangeOnlyWhatTheyName() {
        LeafSpec spec = LeafSpec.forNames(NOW, YEAR, "mail.test");

        LeafSpec changed = spec.withValidity(NOW.minus(DAY), NOW)
                .withKeyKind(KeyKind.RSA_3072)
                .withExtendedUsages(ExtendedUsage.CLIENT_AUTH)
                .withCommonName("Mail");

        assertThat(changed).isEqualTo(new LeafSpec("Mail", spec.dnsNames(), spec.ipAddresses(), NOW.minus(DAY), NOW,
                KeyKind.RSA_3072, java.util.Set.of(ExtendedUsage.CLIENT_AUTH)));
        assertThat(spec.withoutAlternativeNames().dnsNames()).isEmpty();
        assertThat(spec.withoutAlternativeNames().commonName()).isEqualTo("mail.test");
    }

    @Test
    void specWithoutNamesOrWithBackwardsValidityIsRefused() {
        assertThatThrownBy(() -> LeafSpec.forNames(NOW, YEAR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one name");
        assertThatThrownBy(() -> LeafSpec.forNames(NOW, Duration.ZERO, "mail.test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after");
    }

    @Test
    void ipLiteralAmongDnsNamesOrHostNameAmongIpAddressesIsRefused() {
        LeafSpec spec = LeafSpec.forNames(NOW, YEAR, "mail.test");

        assertThatThrownBy(() -> new LeafSpec("x", java.util.List.of("192.0.2.1"), java.util.List.of(), NOW,
                NOW.plus(DAY), KeyKind.EC_P256, spec.extendedUsages()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a DNS name: '192.0.2.1'");
        assertThatThrownBy(() -> new LeafSpec("x", java.util.List.of(), java.util.List.of("mail.test"), NOW,
                NOW.plus(DAY), KeyKind.EC_P256, spec.extendedUsages()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not an IP address literal: 'mail.test'");
    }
}
