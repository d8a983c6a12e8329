package org.smtpguard.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@code smtpguard certs init} makes: a private CA and a client-side certificate it issued,
 * written to a directory as PEM (keys as PKCS#8, mode 0600). Clients of smtpguard trust the CA
 * file; smtpguard presents the certificate.
 *
 * @param caCertificate the CA's certificate file ({@value #CA_CERT}): what clients trust
 * @param caKey         the CA's key file ({@value #CA_KEY}): keep it offline after issuing
 * @param certificate   smtpguard's certificate chain file ({@value #CERT}): {@code client.tls.cert}
 * @param key           smtpguard's key file ({@value #KEY}): {@code client.tls.key}
 */
public record PrivatePki(Path caCertificate, Path caKey, Path certificate, Path key, X509Certificate ca,
        IssuedCertificate issued) {

    public static final String CA_CERT = "ca.pem";
    public static final String CA_KEY = "ca.key";
    public static final String CERT = "smtpguard.pem";
    public static final String KEY = "smtpguard.key";

    /** How long the CA is valid. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);

    /**
     * Creates the CA and the certificate for {@code names} (DNS names and IP addresses; the first
     * is the common name) in {@code directory}, which is created if missing. Never overwrites: if
     * any of the four files exists, nothing is written.
     *
     * @throws CertificateFileException if a file exists or cannot be written
     * @throws IllegalArgumentException if a name is not a DNS name or an IP address
     */
    public static PrivatePki create(Path directory, List<String> names, KeyKind kind, Instant now,
            Duration validity) {
        Objects.requireNonNull(directory, "directory");
        LeafSpec spec = LeafSpec.forNames(now.minus(Duration.ofMinutes(5)), validity, names.toArray(String[]::new))
                .withKeyKind(kind);
        Path caCert = directory.resolve(CA_CERT);
        Path caKey = directory.resolve(CA_KEY);
        Path cert = directory.resolve(CERT);
        Path key = directory.resolve(KEY);
        for (Path file : List.of(caCert, caKey, cert, key)) {
            if (Files.exists(file)) {
                throw new CertificateFileException(file, "already exists; smtpguard certs init never overwrites"
                        + " (move the old files away, or choose another --dir)");
            }
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new CertificateFileException(directory, "cannot create the directory: " + e.getMessage(), e);
        }
        CertificateAuthority authority = CertificateAuthority.generate("smtpguard private CA " + spec.commonName(),
                now.minus(Duration.ofMinutes(5)), now.plus(CA_VALIDITY), kind);
        IssuedCertificate issued = authority.issue(spec);
        PemFiles.writePrivateKey(caKey, authority.privateKey());
        PemFiles.writeCertificates(caCert, List.of(authority.certificate()));
        issued.writePem(cert, key);
        return new PrivatePki(caCert, caKey, cert, key, authority.certificate(), issued);
    }
}
