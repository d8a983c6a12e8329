package org.smtpguard.certs;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The checks a certificate of smtpguard's own must pass before it is used, each failing with one
 * line naming the file: the chain is in order (each certificate signed by the next), every
 * certificate is valid now, and the leaf carries the name it is configured for. (That the key
 * matches the leaf is checked by {@link KeyMaterial#load}.)
 */
public final class KeyMaterialChecks {

    private KeyMaterialChecks() {
    }

    /**
     * @param file         the certificate file, for the message
     * @param requiredName a name the leaf must carry (DNS or IP SAN, by {@link HostnameMatcher}), if any
     * @throws CertificateFileException on the first problem
     */
    public static void check(Path file, KeyMaterial material, Instant now, Optional<String> requiredName) {
        checkOrder(file, material.chain());
        checkDates(file, material.chain(), now);
        requiredName.ifPresent(name -> {
            if (!HostnameMatcher.matches(material.leaf(), name)) {
                throw new CertificateFileException(file, "the certificate for "
                        + SubjectNames.of(material.leaf()).describe() + " has no subject alternative name for "
                        + OneLine.peerText(name));
            }
        });
    }

    /** Each certificate must be issued (name and signature) by the one after it. */
    static void checkOrder(Path file, List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate child = chain.get(i);
            X509Certificate next = chain.get(i + 1);
            if (!child.getIssuerX500Principal().equals(next.getSubjectX500Principal()) || !signs(next, child)) {
                String where = chain.stream().skip(i + 2L).anyMatch(c -> signs(c, child))
                        ? "; its issuer comes later in the file" : "";
                throw new CertificateFileException(file, "certificate chain out of order: certificate " + (i + 2)
                        + " (" + subject(next) + ") is not the issuer of certificate " + (i + 1) + " ("
                        + subject(child) + ")" + where + "; put the leaf first, then each issuer in turn");
            }
        }
    }

    private static void checkDates(Path file, List<X509Certificate> chain, Instant now) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String which = "certificate " + (i + 1) + " (" + subject(c) + ")";
            if (now.isAfter(c.getNotAfter().toInstant())) {
                throw new CertificateFileException(file, which + " expired at " + c.getNotAfter().toInstant());
            }
            if (now.isBefore(c.getNotBefore().toInstant())) {
                throw new CertificateFileException(file, which + " is not valid before " + c.getNotBefore().toInstant());
            }
        }
    }

    private static boolean signs(X509Certificate issuer, X509Certificate child) {
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String subject(X509Certificate certificate) {
        return OneLine.peerText(certificate.getSubjectX500Principal().getName());
    }
}
