package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAnchorsTest {

    @TempDir
    Path dir;

    @Test
    void pemBundleGivesAllItsCertificates() {
        CertificateAuthority first = TestPki.ca("First CA");
        CertificateAuthority second = TestPki.ca("Second CA");
        Path bundle = dir.resolve("bundle.pem");
        PemFiles.writeCertificates(bundle, List.of(first.certificate(), second.certificate()));

        assertThat(TrustAnchors.fromPem(bundle)).containsExactly(first.certificate(), second.certificate());
    }

    @Test
    void bundleWithoutCertificatesIsRefusedWithOneLine() throws Exception {
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "\n");

        assertThatThrownBy(() -> TrustAnchors.fromPem(bundle))
                .isInstanceOf(CertificateFileException.class)
                .hasMessage(bundle + ": no certificate found (expected a PEM \"BEGIN CERTIFICATE\" block)");
    }

    @Test
    void jdkDefaultTrustStoreHoldsPublicRootCertificates() {
        List<X509Certificate> roots = TrustAnchors.jdkDefault();

        assertThat(roots).isNotEmpty();
        assertThat(roots).anySatisfy(root ->
                assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal()));
    }

    @Test
    void issuerOfFindsTheAnchorWhoseKeySignedNotJustOneOfTheSameName() {
        CertificateAuthority real = TestPki.ca("Same Name CA");
        CertificateAuthority impostor = TestPki.ca("Same Name CA");
        X509Certificate leaf = real.issue(TestPki.spec("mx.test")).certificate();

        assertThat(TrustAnchors.issuerOf(leaf, List.of(impostor.certificate(), real.certificate())))
                .contains(real.certificate());
        assertThat(TrustAnchors.issuerOf(leaf, List.of(impostor.certificate()))).isEmpty();
    }
}
