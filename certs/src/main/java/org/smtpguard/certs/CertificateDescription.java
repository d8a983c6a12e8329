package org.smtpguard.certs;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator wants to know about one certificate, as plain values: subject, subject
 * alternative names, issuer, validity, SHA-256 fingerprint and SPKI pin. Subject, issuer and names
 * come from the file, so they are cut to one line of at most 100 characters each.
 *
 * @param names DNS names as {@code DNS:name}, IP addresses as {@code IP:address}, in certificate order
 */
public record CertificateDescription(String subject, List<String> names, String issuer, Instant notBefore,
        Instant notAfter, boolean authority, String sha256, String spkiPin) {

    public CertificateDescription {
        names = List.copyOf(names);
    }

    public static CertificateDescription of(X509Certificate certificate) {
        SubjectNames subjectNames = SubjectNames.of(certificate);
        List<String> names = new ArrayList<>();
        if (subjectNames.malformed()) {
            names.add("(unparseable subjectAltName)");
        }
        subjectNames.dnsNames().forEach(n -> names.add("DNS:" + OneLine.peerText(n)));
        subjectNames.ipAddresses().forEach(ip -> names.add("IP:" + IpLiterals.format(ip)));
        return new CertificateDescription(
                OneLine.peerText(certificate.getSubjectX500Principal().getName()),
                names,
                OneLine.peerText(certificate.getIssuerX500Principal().getName()),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                certificate.getBasicConstraints() >= 0,
                Fingerprints.sha256(certificate),
                Fingerprints.spkiSha256(certificate));
    }

    /** {@code valid}, {@code expired} or {@code not yet valid} at {@code now}. */
    public String validityAt(Instant now) {
        if (now.isAfter(notAfter)) {
            return "expired";
        }
        return now.isBefore(notBefore) ? "not yet valid" : "valid";
    }

    public boolean selfIssued() {
        return subject.equals(issuer);
    }
}
