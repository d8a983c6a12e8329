package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smtpguard.certs.TestPki.NOW;
import static org.smtpguard.certs.TestPki.YEAR;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLSA matching (selectors, matching types) and the DANE-EE / DANE-TA rules of RFC 7672 §3. */
class DaneVerifierTest {

    private static final CertificateAuthority ROOT = TestPki.ca("DANE test root");
    private static final CertificateAuthority INTERMEDIATE = ROOT.intermediate("DANE test intermediate",
            NOW.minus(YEAR), NOW.plus(YEAR));
    private static final IssuedCertificate MX = INTERMEDIATE.issue(TestPki.spec("mx1.example.org"));
    private static final Set<String> NAMES = Set.of("mx1.example.org", "example.org");

    @ParameterizedTest(name = "selector {0} matching {1}")
    @CsvSource({"0,0", "0,1", "0,2", "1,0", "1,1", "1,2"})
    void everySelectorAndMatchingTypeMatchesTheRightDataOnly(int selector, int matching) throws Exception {
        X509Certificate leaf = MX.certificate();
        byte[] selected = selector == 0 ? leaf.getEncoded() : leaf.getPublicKey().getEncoded();
        byte[] data = switch (matching) {
            case 0 -> selected;
            case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
            default -> MessageDigest.getInstance("SHA-512").digest(selected);
        };
        assertThat(TlsaMatcher.matches(new TlsaRecord(3, selector, matching, data), leaf)).isTrue();
        data[data.length - 1] ^= 1;
        assertThat(TlsaMatcher.matches(new TlsaRecord(3, selector, matching, data), leaf)).isFalse();
    }

    @Test
    void daneEeMatchesTheLeafIgnoringItsNameAndItsDates() {
        IssuedCertificate selfSignedExpired = IssuedCertificate.selfSigned(TestPki.spec("other.example")
                .withValidity(NOW.minus(YEAR), NOW.minus(TestPki.DAY)));

        VerificationResult result = DaneVerifier.verify(selfSignedExpired.chain(),
                List.of(TlsaMatcher.daneEeSpkiSha256(selfSignedExpired.certificate())), NAMES, NOW);

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(result.detail()).startsWith("DANE-EE TLSA 3 1 1");
    }

    @Test
    void aWrongDigestIsATlsaMismatchThatSaysWhatToPublish() {
        VerificationResult result = DaneVerifier.verify(MX.chain(), List.of(new TlsaRecord(3, 1, 1, new byte[32])),
                NAMES, NOW);

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.TLSA_MISMATCH);
        assertThat(result.detail()).contains("3 1 1 " + Fingerprints.spkiSha256Hex(MX.certificate()).toUpperCase());
    }

    @Test
    void daneTaMatchesACertificateAboveTheLeafAndChecksTheChainAndTheName() {
        List<X509Certificate> chain = new ArrayList<>(MX.chain());
        TlsaRecord intermediateKey = new TlsaRecord(2, 1, 1,
                HexFormat.of().parseHex(Fingerprints.spkiSha256Hex(INTERMEDIATE.certificate())));

        assertThat(DaneVerifier.verify(chain, List.of(intermediateKey), NAMES, NOW).outcome())
                .isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(DaneVerifier.verify(chain, List.of(intermediateKey), Set.of("other.example"), NOW).outcome())
                .isEqualTo(VerificationOutcome.NAME_MISMATCH);
        assertThat(DaneVerifier.verify(chain, List.of(intermediateKey), NAMES, NOW.plus(YEAR.multipliedBy(3))).outcome())
                .isEqualTo(VerificationOutcome.TLSA_MISMATCH);
    }

    @Test
    void daneTaNeverMatchesTheLeafItself() {
        TlsaRecord leafAsAnchor = new TlsaRecord(2, 1, 1, HexFormat.of().parseHex(Fingerprints.spkiSha256Hex(MX.certificate())));

        assertThat(DaneVerifier.verify(MX.chain(), List.of(leafAsAnchor), NAMES, NOW).outcome())
                .isEqualTo(VerificationOutcome.TLSA_MISMATCH);
    }

    @Test
    void pkixUsagesAreUnusableForSmtpEvenWhenTheyMatch() {
        byte[] spki = HexFormat.of().parseHex(Fingerprints.spkiSha256Hex(MX.certificate()));

        VerificationResult result = DaneVerifier.verify(MX.chain(), List.of(new TlsaRecord(1, 1, 1, spki),
                new TlsaRecord(0, 1, 1, spki)), NAMES, NOW);

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.TLSA_MISMATCH);
        assertThat(result.detail()).isEqualTo("no TLSA record usable for SMTP");
    }

    @Test
    void anEmptyChainIsRefused() {
        assertThat(DaneVerifier.verify(List.of(), List.of(TlsaMatcher.daneEeSpkiSha256(MX.certificate())), NAMES, NOW)
                .outcome()).isEqualTo(VerificationOutcome.EMPTY_CHAIN);
    }
}
