package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    private final X509Certificate certificate = TestPki.ca("Test CA").issue(TestPki.spec("mail.test")).certificate();

    @Test
    void sha256FingerprintIsUpperCaseHexPairsSeparatedByColonsLikeOpenssl() throws Exception {
        StringJoiner expected = new StringJoiner(":");
        for (byte b : MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())) {
            expected.add(String.format("%02X", b & 0xff));
        }

        assertThat(Fingerprints.sha256(certificate))
                .isEqualTo(expected.toString())
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void spkiPinIsSha256SlashAndTheBase64DigestOfThePublicKeyInfo() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());

        assertThat(Fingerprints.spkiSha256(certificate))
                .isEqualTo("sha256/" + Base64.getEncoder().encodeToString(digest))
                .hasSize("sha256/".length() + 44);
    }

    @Test
    void tlsaDigestIsLowerCaseHexOfThePublicKeyInfoDigest() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
        StringBuilder expected = new StringBuilder();
        for (byte b : digest) {
            expected.append(String.format("%02x", b & 0xff));
        }

        assertThat(Fingerprints.spkiSha256Hex(certificate)).isEqualTo(expected.toString());
    }

    @Test
    void differentCertificatesHaveDifferentFingerprints() {
        X509Certificate other = IssuedCertificate.selfSigned(TestPki.spec("mail.test")).certificate();

        assertThat(Fingerprints.sha256(other)).isNotEqualTo(Fingerprints.sha256(certificate));
        assertThat(Fingerprints.spkiSha256(other)).isNotEqualTo(Fingerprints.spkiSha256(certificate));
    }
}
