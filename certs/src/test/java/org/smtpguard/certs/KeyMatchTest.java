package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyMatchTest {

    private static final CertificateAuthority CA = TestPki.ca("Test CA");

    @Test
    void ecKeyMatchesItsOwnCertificate() {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test"));

        assertThat(KeyMatch.matches(issued.privateKey(), issued.certificate())).isTrue();
    }

    @Test
    void rsaKeyMatchesItsOwnCertificate() {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test").withKeyKind(KeyKind.RSA_2048));

        assertThat(KeyMatch.matches(issued.privateKey(), issued.certificate())).isTrue();
    }

    @Test
    void anotherKeyOfTheSameKindDoesNotMatch() {
        IssuedCertificate ec = CA.issue(TestPki.spec("mail.test"));
        IssuedCertificate rsa = CA.issue(TestPki.spec("mail.test").withKeyKind(KeyKind.RSA_2048));

        assertThat(KeyMatch.matches(TestPki.otherEcKey(), ec.certificate())).isFalse();
        assertThat(KeyMatch.matches(KeyPairs.generate(KeyKind.RSA_2048).getPrivate(), rsa.certificate())).isFalse();
    }

    @Test
    void keyOfAnotherKindDoesNotMatch() {
        IssuedCertificate ec = CA.issue(TestPki.spec("mail.test"));
        IssuedCertificate rsa = CA.issue(TestPki.spec("mail.test").withKeyKind(KeyKind.RSA_2048));

        assertThat(KeyMatch.matches(rsa.privateKey(), ec.certificate())).isFalse();
        assertThat(KeyMatch.matches(ec.privateKey(), rsa.certificate())).isFalse();
    }

    @Test
    void missingKeyOrCertificateDoesNotMatch() {
        IssuedCertificate ec = CA.issue(TestPki.spec("mail.test"));

        assertThat(KeyMatch.matches(null, ec.certificate())).isFalse();
        assertThat(KeyMatch.matches(ec.privateKey(), null)).isFalse();
    }
}
