package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtpguard.certs.TestPki.DAY;
import static org.smtpguard.certs.TestPki.NOW;
import static org.smtpguard.certs.TestPki.YEAR;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final boolean[] CERT_SIGN_AND_CRL_SIGN = {false, false, false, false, false, true, true, false, false};

    private final CertificateAuthority ca = TestPki.ca("Test CA");

    @Test
    void generatedAuthorityIsASelfSignedEcCaThatMaySignCertificates() throws Exception {
        X509Certificate root = ca.certificate();

        root.verify(root.getPublicKey());
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Test CA");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(root.getKeyUsage()).containsExactly(CERT_SIGN_AND_CRL_SIGN);
        assertThat(TestPki.subjectKeyId(root)).isNotEmpty();
        assertThat(root.getNotBefore().toInstant()).isEqualTo(NOW.minus(YEAR));
        assertThat(KeyMatch.matches(ca.privateKey(), root)).isTrue();
        assertThat(ca.chain()).isEmpty();
    }

    @Test
    void issuedLeafIsSignedByTheCaAndIsNotItselfACa() throws Exception {
        IssuedCertificate issued = ca.issue(TestPki.spec("mail.test", "192.0.2.25"));
        X509Certificate leaf = issued.certificate();

        leaf.verify(ca.certificate().getPublicKey());
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=mail.test");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getCriticalExtensionOIDs()).contains(BASIC_CONSTRAINTS, KEY_USAGE);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment, for RSA only").isFalse();
        assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(TestPki.authorityKeyId(leaf)).isEqualTo(TestPki.subjectKeyId(ca.certificate()));
        assertThat(leaf.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "mail.test"), List.of(7, "192.0.2.25"));
        assertThat(KeyMatch.matches(issued.privateKey(), leaf)).isTrue();
    }

    @Test
    void rsaLeafGetsAnRsaKeyOfTheAskedSizeAndMayAlsoEncipherKeys() {
        X509Certificate leaf = ca.issue(TestPki.spec("mail.test").withKeyKind(KeyKind.RSA_2048)).certificate();

        assertThat(((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(leaf.getSigAlgName()).as("the CA's signature").isEqualTo("SHA256withECDSA");
    }

    @Test
    void leafCarriesTheExtendedUsagesOfTheSpecOrNoneAtAll() throws Exception {
        X509Certificate client = ca.issue(TestPki.spec("c.test")
                .withExtendedUsages(ExtendedUsage.CLIENT_AUTH, ExtendedUsage.EMAIL_PROTECTION)).certificate();
        X509Certificate any = ca.issue(TestPki.spec("c.test").withExtendedUsages()).certificate();

        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4");
        assertThat(any.getExtendedKeyUsage()).isNull();
    }

    @Test
    void serialNumbersArePositiveRandom128BitNumbers() {
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            BigInteger serial = ca.issue(TestPki.spec("mail.test")).certificate().getSerialNumber();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isEqualTo(128);
            serials.add(serial);
        }
        assertThat(serials).hasSize(20);
    }

    @Test
    void leafValidityIsExactlyWhatTheSpecSays() {
        X509Certificate leaf = ca.issue(TestPki.spec("mail.test").withValidity(NOW, NOW.plus(DAY))).certificate();

        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(DAY));
    }

    @Test
    void leafOfTheRootCarriesOnlyItselfAsChain() {
        IssuedCertificate issued = ca.issue(TestPki.spec("mail.test"));

        assertThat(issued.chain()).containsExactly(issued.certificate());
    }

    @Test
    void leafOfAnIntermediateCarriesTheIntermediateButNotTheRoot() throws Exception {
        CertificateAuthority intermediate = ca.intermediate("Test Intermediate", NOW.minus(DAY), NOW.plus(YEAR));
        IssuedCertificate issued = intermediate.issue(TestPki.spec("mail.test"));

        intermediate.certificate().verify(ca.certificate().getPublicKey());
        issued.certificate().verify(intermediate.certificate().getPublicKey());
        assertThat(intermediate.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(TestPki.authorityKeyId(intermediate.certificate())).isEqualTo(TestPki.subjectKeyId(ca.certificate()));
        assertThat(issued.chain()).containsExactly(issued.certificate(), intermediate.certificate());
    }

    @Test
    void authorityThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> CertificateAuthority.generate("Test CA", NOW, NOW.minus(DAY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be after");
    }

    @Test
    void authorityDescriptionNamesItsSubjectOnly() {
        assertThat(ca.toString()).isEqualTo("CertificateAuthority[CN=Test CA]");
    }
}
