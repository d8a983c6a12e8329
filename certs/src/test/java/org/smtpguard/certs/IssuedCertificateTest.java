package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssuedCertificateTest {

    @Test
    void selfSignedCertificateIsItsOwnIssuerAndItsWholeChain() throws Exception {
        IssuedCertificate issued = IssuedCertificate.selfSigned(TestPki.spec("mail.test"));
        X509Certificate leaf = issued.certificate();

        leaf.verify(leaf.getPublicKey());
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(leaf.getSubjectX500Principal());
        assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(issued.chain()).containsExactly(leaf);
        assertThat(KeyMatch.matches(issued.privateKey(), leaf)).isTrue();
    }

    @Test
    void selfSignedRsaCertificateIsSignedWithRsa() throws Exception {
        IssuedCertificate issued = IssuedCertificate.selfSigned(TestPki.spec("mail.test").withKeyKind(KeyKind.RSA_2048));

        issued.certificate().verify(issued.certificate().getPublicKey());
        assertThat(issued.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
    }

    @Test
    void descriptionNeverShowsThePrivateKey() {
        IssuedCertificate issued = IssuedCertificate.selfSigned(TestPki.spec("mail.test").withKeyKind(KeyKind.RSA_2048));
        String secret = ((RSAPrivateCrtKey) issued.privateKey()).getPrivateExponent().toString();

        assertThat(issued.toString())
                .isEqualTo("IssuedCertificate[CN=mail.test, chain of 1, RSA private key]")
                .doesNotContain(secret);
    }

    @Test
    void chainThatDoesNotStartWithTheLeafIsRefused() {
        IssuedCertificate issued = IssuedCertificate.selfSigned(TestPki.spec("mail.test"));
        X509Certificate other = IssuedCertificate.selfSigned(TestPki.spec("other.test")).certificate();

        assertThatThrownBy(() -> new IssuedCertificate(issued.certificate(), issued.privateKey(), List.of(other)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IssuedCertificate(issued.certificate(), issued.privateKey(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
