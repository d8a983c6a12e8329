package org.smtpguard.proxy.it;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.ExtendedUsage;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.PemFiles;

/**
 * The certificates of the in-test upstreams, all made with the certs toolkit: a private test CA that
 * smtpguard trusts, and four upstream certificates — a good one for {@value #UPSTREAM_NAME}, an expired
 * one, one for another name, and a self-signed one (right name, unknown issuer).
 */
final class TestCertificates {

    /** The name smtpguard is told to verify ({@code upstream.tls.name}). */
    static final String UPSTREAM_NAME = "mail.test";

    final CertificateAuthority ca;
    final IssuedCertificate good;
    final IssuedCertificate expired;
    final IssuedCertificate wrongName;
    final IssuedCertificate selfSigned;
    /** From the test CA for the right name, valid only from tomorrow. */
    final IssuedCertificate notYetValid;
    /** From the test CA for the right name, but its extendedKeyUsage allows only TLS clients. */
    final IssuedCertificate clientUsageOnly;
    /** For the right name from an intermediate of another CA (same name as the test CA): untrusted chain. */
    final IssuedCertificate untrustedChain;
    /** The CA certificate as PEM: what smtpguard trusts ({@code upstream.tls.ca}). */
    final Path caPem;

    private TestCertificates(Path directory) {
        Instant now = Instant.now();
        Instant hourAgo = now.minus(Duration.ofHours(1));
        Duration month = Duration.ofDays(30);
        ca = CertificateAuthority.generate("smtpguard IT upstream CA", now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(365)));
        good = ca.issue(LeafSpec.forNames(hourAgo, month, UPSTREAM_NAME, "127.0.0.1"));
        expired = ca.issue(LeafSpec.forNames(hourAgo, month, UPSTREAM_NAME, "127.0.0.1")
                .withValidity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));
        wrongName = ca.issue(LeafSpec.forNames(hourAgo, month, "wrong.test"));
        selfSigned = IssuedCertificate.selfSigned(LeafSpec.forNames(hourAgo, month, UPSTREAM_NAME, "127.0.0.1"));
        notYetValid = ca.issue(LeafSpec.forNames(hourAgo, month, UPSTREAM_NAME, "127.0.0.1")
                .withValidity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))));
        clientUsageOnly = ca.issue(LeafSpec.forNames(hourAgo, month, UPSTREAM_NAME, "127.0.0.1")
                .withExtendedUsages(ExtendedUsage.CLIENT_AUTH));
        untrustedChain = CertificateAuthority.generate("smtpguard IT upstream CA", now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(365)))
                .intermediate("rogue intermediate", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)))
                .issue(LeafSpec.forNames(hourAgo, month, UPSTREAM_NAME, "127.0.0.1"));
        caPem = directory.resolve("upstream-ca.pem");
        PemFiles.writeCertificates(caPem, List.of(ca.certificate()));
    }

    /** Makes the CA and the certificates, writing the CA's PEM into {@code directory}. */
    static TestCertificates createIn(Path directory) {
        return new TestCertificates(directory);
    }
}
