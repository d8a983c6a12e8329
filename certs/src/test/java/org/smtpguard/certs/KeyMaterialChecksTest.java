package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One line for each way smtpguard's own certificate can be unusable. */
class KeyMaterialChecksTest {

    private static final Path FILE = Path.of("/etc/smtpguard/cert.pem");

    private final CertificateAuthority root = TestPki.ca("Checks Root");
    private final CertificateAuthority sub = root.intermediate("Checks Sub", TestPki.NOW.minus(TestPki.YEAR),
            TestPki.NOW.plus(TestPki.YEAR));
    private final IssuedCertificate issued = sub.issue(TestPki.spec("smtp.test", "192.0.2.1"));

    @Test
    void goodChainForTheNamePasses() {
        assertThatCode(() -> check(issued.chain(), TestPki.NOW, "smtp.test")).doesNotThrowAnyException();
        assertThatCode(() -> check(issued.chain(), TestPki.NOW, "192.0.2.1")).doesNotThrowAnyException();
    }

    @Test
    void chainOutOfOrderNamesTheCertificates() {
        List<java.security.cert.X509Certificate> swapped = List.of(issued.certificate(), root.certificate(),
                sub.certificate());

        assertThatThrownBy(() -> check(swapped, TestPki.NOW, null))
                .hasMessage(FILE + ": certificate chain out of order: certificate 2 (CN=Checks Root) is not the issuer"
                        + " of certificate 1 (CN=smtp.test); its issuer comes later in the file; put the leaf first,"
                        + " then each issuer in turn");
    }

    @Test
    void expiredAndNotYetValidSayWhen() {
        Instant later = issued.certificate().getNotAfter().toInstant().plusSeconds(1);
        Instant earlier = issued.certificate().getNotBefore().toInstant().minusSeconds(1);

        assertThatThrownBy(() -> check(issued.chain(), later, null))
                .hasMessageStartingWith(FILE + ": certificate 1 (CN=smtp.test) expired at ");
        assertThatThrownBy(() -> check(issued.chain(), earlier, null))
                .hasMessageStartingWith(FILE + ": certificate 1 (CN=smtp.test) is not valid before ");
    }

    @Test
    void missingNameIsOneLineWithTheNamesItHas() {
        assertThatThrownBy(() -> check(issued.chain(), TestPki.NOW, "mail.example.com"))
                .hasMessage(FILE + ": the certificate for [smtp.test, 192.0.2.1] has no subject alternative name"
                        + " for mail.example.com");
    }

    private void check(List<java.security.cert.X509Certificate> chain, Instant now, String name) {
        KeyMaterialChecks.check(FILE, new KeyMaterial(issued.privateKey(), chain), now, Optional.ofNullable(name));
    }
}
