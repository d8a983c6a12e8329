package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpkiPinsTest {

    private final CertificateAuthority ca = TestPki.ca("Pin CA");
    private final IssuedCertificate leaf = ca.issue(TestPki.spec("mx.test"));
    private final List<X509Certificate> chainWithCa = List.of(leaf.certificate(), ca.certificate());

    @Test
    void pinOfIsSha256SlashBase64OfTheSubjectPublicKeyInfo() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf.certificate().getPublicKey().getEncoded());

        assertThat(SpkiPins.pinOf(leaf.certificate()))
                .isEqualTo("sha256/" + Base64.getEncoder().encodeToString(digest));
    }

    @Test
    void leafWhosePublicKeyIsPinnedIsVerified() {
        SpkiPins pins = SpkiPins.of(List.of(SpkiPins.pinOf(leaf.certificate())));

        VerificationResult result = pins.verifyLeaf(List.of(leaf.certificate()));

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.VERIFIED);
        assertThat(result.detail()).contains(SpkiPins.pinOf(leaf.certificate()));
    }

    @Test
    void pinSurvivesARenewalThatKeepsTheKey() {
        KeyPair keys = KeyPairs.generate(KeyKind.EC_P256);
        X500Name self = CertificateSigning.subject("mx.test");
        X509Certificate first = LeafCertificates.create(TestPki.spec("mx.test"), keys, self, keys.getPublic(), keys.getPrivate());
        X509Certificate renewed = LeafCertificates.create(TestPki.spec("mx.test").withValidity(TestPki.NOW,
                TestPki.NOW.plus(TestPki.YEAR.multipliedBy(2))), keys, self, keys.getPublic(), keys.getPrivate());
        SpkiPins pins = SpkiPins.of(List.of(SpkiPins.pinOf(first)));

        assertThat(renewed).isNotEqualTo(first);
        assertThat(pins.verifyLeaf(List.of(renewed)).verified()).isTrue();
    }

    @Test
    void otherKeyIsRefusedAndTheDetailListsWhatWasPresentedReadyToPaste() {
        String wrongPin = SpkiPins.pinOf(IssuedCertificate.selfSigned(TestPki.spec("mx.test")).certificate());
        SpkiPins pins = SpkiPins.of(List.of(wrongPin));

        VerificationResult result = pins.verifyLeaf(chainWithCa);

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.PIN_MISMATCH);
        assertThat(result.detail())
                .contains("presented: " + SpkiPins.pinOf(leaf.certificate()) + " CN=mx.test")
                .contains("pinned: " + wrongPin)
                .doesNotContain("\n");
    }

    @Test
    void aPinnedCaCountsOnlyForAChainVerifiedBefore() {
        SpkiPins caPin = SpkiPins.of(List.of(SpkiPins.pinOf(ca.certificate())));

        assertThat(caPin.verifyAnyInChain(chainWithCa).outcome()).isEqualTo(VerificationOutcome.VERIFIED);
        // Alone, a pin must match the leaf: anyone can send the real CA's certificate after their own leaf.
        assertThat(caPin.verifyLeaf(chainWithCa).outcome()).isEqualTo(VerificationOutcome.PIN_MISMATCH);
    }

    @Test
    void unpinnedChainListsEveryPresentedPinInChainOrder() {
        SpkiPins pins = SpkiPins.of(List.of("sha256/" + Base64.getEncoder().encodeToString(new byte[32])));

        VerificationResult result = pins.verifyAnyInChain(chainWithCa);

        assertThat(result.outcome()).isEqualTo(VerificationOutcome.PIN_MISMATCH);
        assertThat(result.detail()).contains("presented: " + SpkiPins.pinOf(leaf.certificate()) + " CN=mx.test, "
                + SpkiPins.pinOf(ca.certificate()) + " CN=Pin CA");
    }

    @Test
    void noCertificateIsAnEmptyChainNotAMatch() {
        SpkiPins pins = SpkiPins.of(List.of(SpkiPins.pinOf(leaf.certificate())));

        assertThat(pins.verifyLeaf(List.of()).outcome()).isEqualTo(VerificationOutcome.EMPTY_CHAIN);
        assertThat(pins.verifyAnyInChain(null).outcome()).isEqualTo(VerificationOutcome.EMPTY_CHAIN);
    }

    @Test
    void noPinsMatchNothing() {
        assertThat(SpkiPins.of(List.of()).verifyLeaf(List.of(leaf.certificate())).verified()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha1/AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "sha256/not base64!",
            "sha256/AAAA", "SHA256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="})
    void malformedPinsAreRefusedWithOneLineNamingThem(String pin) {
        assertThat(SpkiPins.isPin(pin)).isFalse();
        assertThatThrownBy(() -> SpkiPins.of(List.of(SpkiPins.pinOf(leaf.certificate()), pin)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pin '" + pin + "'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void wellFormedPinIsAccepted() {
        assertThat(SpkiPins.isPin("sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")).isTrue();
        assertThat(SpkiPins.of(List.of("sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")).pins()).hasSize(1);
    }
}
