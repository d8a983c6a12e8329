package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smtpguard.certs.TestPki.DAY;
import static org.smtpguard.certs.TestPki.NOW;
import static org.smtpguard.certs.TestPki.YEAR;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    private static final CertificateAuthority CA = TestPki.ca("Test CA");
    private static final List<X509Certificate> ANCHORS = List.of(CA.certificate());

    private static VerificationResult verify(IssuedCertificate presented, String name) {
        return ChainVerifier.verify(presented.chain(), name, ANCHORS, NOW);
    }

    @Test
    void goodLeafIsVerified() {
        VerificationResult result = verify(CA.issue(TestPki.spec("mail.test")), "mail.test");

        assertThat(result.verified()).isTrue();
        assertThat(result.outcome()).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(result.detail()).isEqualTo("certificate for [mail.test] verified (trust anchor: CN=Test CA)");
    }

    @Test
    void leafBehindAnIntermediateIsVerifiedWithOrWithoutTheRootInTheChain() {
        CertificateAuthority intermediate = CA.intermediate("Test Intermediate", NOW.minus(DAY), NOW.plus(YEAR));
        IssuedCertificate issued = intermediate.issue(TestPki.spec("mail.test"));
        List<X509Certificate> withRoot = new ArrayList<>(issued.chain());
        withRoot.add(CA.certificate());

        assertThat(verify(issued, "mail.test").outcome()).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(ChainVerifier.verify(withRoot, "mail.test", ANCHORS, NOW).outcome())
                .isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    void leafWithoutItsIntermediateIsRefusedAsUntrusted() {
        CertificateAuthority intermediate = CA.intermediate("Test Intermediate", NOW.minus(DAY), NOW.plus(YEAR));
        IssuedCertificate issued = intermediate.issue(TestPki.spec("mail.test"));

        VerificationResult result = ChainVerifier.verify(List.of(issued.certificate()), "mail.test", ANCHORS, NOW);

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.UNTRUSTED);
        assertThat(result.detail()).isEqualTo("no trusted path to a trust anchor (issuer: CN=Test Intermediate)");
    }

    @Test
    void expiredCertificateIsRefusedAsExpired() {
        Instant notAfter = Instant.parse("2020-01-02T00:00:00Z");
        IssuedCertificate expired = CA.issue(TestPki.spec("mail.test").withValidity(notAfter.minus(DAY), notAfter));

        VerificationResult result = verify(expired, "mail.test");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.EXPIRED);
        assertThat(result.detail()).isEqualTo("certificate expired at 2020-01-02T00:00:00Z");
    }

    @Test
    void notYetValidCertificateIsRefusedAsNotYetValid() {
        IssuedCertificate future = CA.issue(TestPki.spec("mail.test").withValidity(NOW.plus(DAY), NOW.plus(YEAR)));

        VerificationResult result = verify(future, "mail.test");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.NOT_YET_VALID);
        assertThat(result.detail()).isEqualTo("certificate is not valid before " + NOW.plus(DAY));
    }

    @Test
    void certificateIsValidOnTheLastSecondOfItsValidity() {
        IssuedCertificate lastDay = CA.issue(TestPki.spec("mail.test").withValidity(NOW.minus(DAY), NOW));

        assertThat(verify(lastDay, "mail.test").outcome()).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(ChainVerifier.verify(lastDay.chain(), "mail.test", ANCHORS, NOW.plusSeconds(1)).outcome())
                .isEqualTo(VerificationOutcome.EXPIRED);
    }

    @Test
    void expiredIntermediateIsRefusedAsExpired() {
        Instant notAfter = NOW.minus(DAY);
        CertificateAuthority intermediate = CA.intermediate("Old Intermediate", NOW.minus(YEAR), notAfter);

        VerificationResult result = verify(intermediate.issue(TestPki.spec("mail.test")), "mail.test");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.EXPIRED);
        assertThat(result.detail()).isEqualTo("intermediate certificate CN=Old Intermediate expired at " + notAfter);
    }

    @Test
    void notYetValidIntermediateIsRefusedAsNotYetValid() {
        CertificateAuthority intermediate = CA.intermediate("New Intermediate", NOW.plus(DAY), NOW.plus(YEAR));

        VerificationResult result = verify(intermediate.issue(TestPki.spec("mail.test")), "mail.test");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.NOT_YET_VALID);
        assertThat(result.detail()).startsWith("intermediate certificate CN=New Intermediate is not valid before ");
    }

    @Test
    void wrongNameIsRefusedAsNameMismatch() {
        VerificationResult result = verify(CA.issue(TestPki.spec("mail.test")), "wrong.example");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.NAME_MISMATCH);
        assertThat(result.detail()).isEqualTo("certificate for [mail.test] does not match name wrong.example");
    }

    @Test
    void ipAddressIsVerifiedAgainstTheIpSan() {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test", "192.0.2.25"));

        assertThat(verify(issued, "192.0.2.25").outcome()).isEqualTo(VerificationOutcome.VERIFIED);
        VerificationResult other = verify(issued, "192.0.2.26");
        assertThat(other.outcome()).isEqualTo(VerificationOutcome.NAME_MISMATCH);
        assertThat(other.detail()).isEqualTo("certificate for [mail.test, 192.0.2.25] does not match name 192.0.2.26");
    }

    @Test
    void selfSignedCertificateIsRefusedAsUntrusted() {
        IssuedCertificate selfSigned = IssuedCertificate.selfSigned(TestPki.spec("mail.test"));

        VerificationResult result = verify(selfSigned, "mail.test");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.UNTRUSTED);
        assertThat(result.detail()).isEqualTo("self-signed certificate CN=mail.test is not a trust anchor");
    }

    @Test
    void selfSignedCertificateThatIsItselfATrustAnchorIsVerified() {
        IssuedCertificate pinned = IssuedCertificate.selfSigned(TestPki.spec("mail.test"));

        VerificationResult result = ChainVerifier.verify(pinned.chain(), "mail.test",
                List.of(CA.certificate(), pinned.certificate()), NOW);

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(result.detail()).isEqualTo("certificate for [mail.test] verified (trust anchor: the certificate itself)");
    }

    @Test
    void pinnedCertificateStillHasToBeInDateAndNamed() {
        IssuedCertificate pinned = IssuedCertificate.selfSigned(TestPki.spec("mail.test")
                .withValidity(NOW.minus(YEAR), NOW.minus(DAY)));
        List<X509Certificate> anchors = List.of(pinned.certificate());

        assertThat(ChainVerifier.verify(pinned.chain(), "mail.test", anchors, NOW).outcome())
                .isEqualTo(VerificationOutcome.EXPIRED);
        assertThat(ChainVerifier.verify(pinned.chain(), "other.test", anchors, NOW.minus(YEAR)).outcome())
                .isEqualTo(VerificationOutcome.NAME_MISMATCH);
    }

    @Test
    void certificateFromAnotherCaIsRefusedAsUntrusted() {
        IssuedCertificate foreign = TestPki.ca("Other CA").issue(TestPki.spec("mail.test"));

        VerificationResult result = verify(foreign, "mail.test");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.UNTRUSTED);
        assertThat(result.detail()).isEqualTo("no trusted path to a trust anchor (issuer: CN=Other CA)");
    }

    @Test
    void certificateFromAnImpostorCaWithTheTrustedNameIsRefusedAsUntrusted() {
        IssuedCertificate forged = TestPki.ca("Test CA").issue(TestPki.spec("mail.test"));

        VerificationResult result = verify(forged, "mail.test");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.UNTRUSTED);
        assertThat(result.detail()).isEqualTo("not signed by the trusted CN=Test CA but by another key of the same name");
    }

    @Test
    void certificateSignedByALeafThatIsNoCaIsRefusedAsUntrusted() {
        IssuedCertificate notACa = CA.issue(TestPki.spec("relay.test"));
        IssuedCertificate issued = TestPki.signedByLeaf(notACa, TestPki.spec("mail.test"));

        VerificationResult result = verify(issued, "mail.test");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.UNTRUSTED);
        assertThat(result.detail()).startsWith("certificate chain refused: ");
    }

    @Test
    void clientOnlyCertificateIsRefusedAsWrongKeyUsage() {
        IssuedCertificate client = CA.issue(TestPki.spec("mail.test").withExtendedUsages(ExtendedUsage.CLIENT_AUTH));

        VerificationResult result = verify(client, "mail.test");

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.WRONG_KEY_USAGE);
        assertThat(result.detail()).isEqualTo("certificate is not for TLS servers (extendedKeyUsage: clientAuth)");
    }

    @Test
    void certificateWithoutExtendedKeyUsageOrWithServerAuthAmongOthersIsVerified() {
        IssuedCertificate any = CA.issue(TestPki.spec("mail.test").withExtendedUsages());
        IssuedCertificate both = CA.issue(TestPki.spec("mail.test")
                .withExtendedUsages(ExtendedUsage.CLIENT_AUTH, ExtendedUsage.SERVER_AUTH));

        assertThat(verify(any, "mail.test").outcome()).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(verify(both, "mail.test").outcome()).isEqualTo(VerificationOutcome.VERIFIED);
    }

    @Test
    void noCertificateIsRefusedAsEmptyChain() {
        assertThat(ChainVerifier.verify(List.of(), "mail.test", ANCHORS, NOW).outcome())
                .isEqualTo(VerificationOutcome.EMPTY_CHAIN);
        assertThat(ChainVerifier.verify(null, "mail.test", ANCHORS, NOW))
                .isEqualTo(new VerificationResult(VerificationOutcome.EMPTY_CHAIN, "the peer presented no certificate"));
    }

    @Test
    void withoutTrustAnchorsNothingIsTrusted() {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test"));

        assertThat(ChainVerifier.verify(issued.chain(), "mail.test", List.of(), NOW))
                .isEqualTo(new VerificationResult(VerificationOutcome.UNTRUSTED, "no trust anchors configured"));
        assertThat(ChainVerifier.verify(issued.chain(), "mail.test", null, NOW).outcome())
                .isEqualTo(VerificationOutcome.UNTRUSTED);
    }

    @Test
    void datesAreCheckedBeforeTrust() {
        IssuedCertificate expiredAndUntrusted = IssuedCertificate.selfSigned(TestPki.spec("mail.test")
                .withValidity(NOW.minus(YEAR), NOW.minus(DAY)));

        assertThat(verify(expiredAndUntrusted, "mail.test").outcome()).isEqualTo(VerificationOutcome.EXPIRED);
    }

    @Test
    void trustIsCheckedBeforeKeyUsageAndKeyUsageBeforeTheName() {
        IssuedCertificate foreignClient = TestPki.ca("Other CA").issue(TestPki.spec("mail.test")
                .withExtendedUsages(ExtendedUsage.CLIENT_AUTH));
        IssuedCertificate client = CA.issue(TestPki.spec("mail.test").withExtendedUsages(ExtendedUsage.CLIENT_AUTH));

        assertThat(verify(foreignClient, "wrong.example").outcome()).isEqualTo(VerificationOutcome.UNTRUSTED);
        assertThat(verify(client, "wrong.example").outcome()).isEqualTo(VerificationOutcome.WRONG_KEY_USAGE);
    }

    @Test
    void peerSuppliedTextInTheDetailIsOneLineOfBoundedLength() throws Exception {
        String[] manyLongNames = new String[20];
        for (int i = 0; i < manyLongNames.length; i++) {
            manyLongNames[i] = "host" + i + "." + "x".repeat(50) + ".test";
        }
        X509Certificate noisy = TestPki.withRawDnsNames("x".repeat(50) + "\r\n250 OK", manyLongNames);

        VerificationResult untrusted = ChainVerifier.verify(List.of(noisy), manyLongNames[0], ANCHORS, NOW);
        VerificationResult mismatch = ChainVerifier.verify(List.of(noisy), "y".repeat(500), List.of(noisy), NOW);

        assertThat(untrusted.outcome()).isEqualTo(VerificationOutcome.UNTRUSTED);
        assertThat(mismatch.outcome()).isEqualTo(VerificationOutcome.NAME_MISMATCH);
        for (VerificationResult result : List.of(untrusted, mismatch)) {
            assertThat(result.detail()).doesNotContain("\r", "\n").hasSizeLessThan(260);
        }
    }

    @Test
    void badInputIsARefusalNotAnException() {
        IssuedCertificate issued = CA.issue(TestPki.spec("mail.test"));

        assertThat(ChainVerifier.verify(Collections.singletonList(null), "mail.test", ANCHORS, NOW).outcome())
                .isEqualTo(VerificationOutcome.UNTRUSTED);
        assertThat(ChainVerifier.verify(issued.chain(), null, ANCHORS, NOW).outcome())
                .isEqualTo(VerificationOutcome.NAME_MISMATCH);
        assertThat(ChainVerifier.verify(issued.chain(), "mail.test", ANCHORS, null).outcome())
                .isEqualTo(VerificationOutcome.UNTRUSTED);
        assertThat(ChainVerifier.verify(Collections.nCopies(11, issued.certificate()), "mail.test", ANCHORS, NOW)
                .detail()).isEqualTo("certificate chain of 11 is longer than 10");
    }
}
