package org.smtpguard.certs;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies the certificate chain a TLS server (an SMTP upstream) presented, in this order:
 * <ol>
 *   <li>a chain at all ({@link VerificationOutcome#EMPTY_CHAIN});</li>
 *   <li>the validity period of the leaf and of every intermediate at {@code now}
 *       ({@link VerificationOutcome#EXPIRED}, {@link VerificationOutcome#NOT_YET_VALID});</li>
 *   <li>PKIX path validation to one of the trust anchors ({@link VerificationOutcome#UNTRUSTED});</li>
 *   <li>if the leaf has an extendedKeyUsage, it allows serverAuth ({@link VerificationOutcome#WRONG_KEY_USAGE});</li>
 *   <li>the expected name, by {@link HostnameMatcher} ({@link VerificationOutcome#NAME_MISMATCH}).</li>
 * </ol>
 * A presented certificate that is itself a trust anchor (a pinned self-signed certificate) is
 * trusted as it is; anchors that the peer sends at the end of its chain are dropped before PKIX.
 *
 * <p>Revocation (CRL, OCSP) is not checked: the proxy has no business fetching from the network
 * on behalf of a TLS handshake, a failed fetch would either fail closed on every outage or be
 * ignored, and Postfix does not check revocation by default either.
 *
 * <p>Never throws: every failure, a malformed certificate included, is a {@link VerificationResult}
 * that is not {@link VerificationResult#verified() verified}.
 */
public final class ChainVerifier {

    /** Longer chains are refused before any work is done: real ones have two to four certificates. */
    static final int MAX_CHAIN_LENGTH = 10;

    private ChainVerifier() {
    }

    public static VerificationResult verify(List<X509Certificate> presentedChain, String expectedName,
            List<X509Certificate> trustAnchors, Instant now) {
        try {
            return check(presentedChain, expectedName, trustAnchors, now);
        } catch (RuntimeException e) {
            return result(VerificationOutcome.UNTRUSTED, "certificate chain could not be checked: " + OneLine.peerText(e));
        }
    }

    private static VerificationResult check(List<X509Certificate> chain, String expectedName,
            List<X509Certificate> trustAnchors, Instant now) {
        if (chain == null || chain.isEmpty()) {
            return result(VerificationOutcome.EMPTY_CHAIN, "the peer presented no certificate");
        }
        if (chain.size() > MAX_CHAIN_LENGTH) {
            return result(VerificationOutcome.UNTRUSTED, "certificate chain of " + chain.size()
                    + " is longer than " + MAX_CHAIN_LENGTH);
        }
        if (chain.stream().anyMatch(Objects::isNull) || now == null) {
            return result(VerificationOutcome.UNTRUSTED, "certificate chain could not be checked: missing input");
        }
        List<X509Certificate> anchors = trustAnchors == null ? List.of()
                : trustAnchors.stream().filter(Objects::nonNull).toList();
        X509Certificate leaf = chain.get(0);
        List<X509Certificate> path = pathBelowAnchors(chain, anchors);

        Optional<VerificationResult> dates = checkDates(path.isEmpty() ? List.of(leaf) : path, now);
        if (dates.isPresent()) {
            return dates.get();
        }
        String anchorName;
        if (path.isEmpty()) {
            anchorName = "the certificate itself";
        } else if (anchors.isEmpty()) {
            return result(VerificationOutcome.UNTRUSTED, "no trust anchors configured");
        } else {
            try {
                anchorName = OneLine.peerText(validatePath(path, anchors, now).getSubjectX500Principal().getName());
            } catch (CertPathValidatorException e) {
                return result(VerificationOutcome.UNTRUSTED, untrustedDetail(path, anchors, e));
            } catch (GeneralSecurityException e) {
                return result(VerificationOutcome.UNTRUSTED, "certificate chain could not be checked: "
                        + OneLine.peerText(e.getMessage()));
            }
        }
        Optional<VerificationResult> usage = checkServerUsage(leaf);
        if (usage.isPresent()) {
            return usage.get();
        }
        SubjectNames names = SubjectNames.of(leaf);
        if (expectedName == null || !HostnameMatcher.matches(leaf, expectedName)) {
            return result(VerificationOutcome.NAME_MISMATCH, "certificate for " + names.describe()
                    + " does not match name " + OneLine.peerText(expectedName));
        }
        return result(VerificationOutcome.VERIFIED, "certificate for " + names.describe()
                + " verified (trust anchor: " + anchorName + ")");
    }

    /** The chain to validate: empty if the leaf is an anchor, else without anchors at its end. */
    private static List<X509Certificate> pathBelowAnchors(List<X509Certificate> chain, List<X509Certificate> anchors) {
        if (anchors.contains(chain.get(0))) {
            return List.of();
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && anchors.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        return path;
    }

    private static Optional<VerificationResult> checkDates(List<X509Certificate> certificates, Instant now) {
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate certificate = certificates.get(i);
            String which = i == 0 ? "certificate" : "intermediate certificate "
                    + OneLine.peerText(certificate.getSubjectX500Principal().getName());
            Instant notAfter = certificate.getNotAfter().toInstant();
            Instant notBefore = certificate.getNotBefore().toInstant();
            if (now.isAfter(notAfter)) {
                return Optional.of(result(VerificationOutcome.EXPIRED, which + " expired at " + notAfter));
            }
            if (now.isBefore(notBefore)) {
                return Optional.of(result(VerificationOutcome.NOT_YET_VALID, which + " is not valid before " + notBefore));
            }
        }
        return Optional.empty();
    }

    /** PKIX validation at {@code now} without revocation checks; returns the anchor certificate. */
    private static X509Certificate validatePath(List<X509Certificate> path, List<X509Certificate> anchors,
            Instant now) throws GeneralSecurityException {
        Set<TrustAnchor> trusted = anchors.stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toSet());
        PKIXParameters parameters = new PKIXParameters(trusted);
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(now));
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXCertPathValidatorResult result =
                (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        return result.getTrustAnchor().getTrustedCert();
    }

    private static String untrustedDetail(List<X509Certificate> path, List<X509Certificate> anchors,
            CertPathValidatorException e) {
        X509Certificate top = path.get(path.size() - 1);
        String issuer = OneLine.peerText(top.getIssuerX500Principal().getName());
        boolean anchorOfThatName = anchors.stream()
                .anyMatch(a -> a.getSubjectX500Principal().equals(top.getIssuerX500Principal()));
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR && anchorOfThatName) {
            return "not signed by the trusted " + issuer + " but by another key of the same name";
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            boolean selfSigned = top.getIssuerX500Principal().equals(top.getSubjectX500Principal());
            return selfSigned && path.size() == 1
                    ? "self-signed certificate " + issuer + " is not a trust anchor"
                    : "no trusted path to a trust anchor (issuer: " + issuer + ")";
        }
        if (e.getReason() == BasicReason.INVALID_SIGNATURE) {
            return "bad signature in the certificate chain (issuer: " + issuer + ")";
        }
        return "certificate chain refused: " + OneLine.peerText(e.getMessage());
    }

    private static Optional<VerificationResult> checkServerUsage(X509Certificate leaf) {
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.of(result(VerificationOutcome.WRONG_KEY_USAGE, "certificate has an unparseable extendedKeyUsage"));
        }
        if (usages == null || usages.contains(KeyUsageNames.SERVER_AUTH) || usages.contains(KeyUsageNames.ANY)) {
            return Optional.empty();
        }
        return Optional.of(result(VerificationOutcome.WRONG_KEY_USAGE, "certificate is not for TLS servers"
                + " (extendedKeyUsage: " + OneLine.peerText(KeyUsageNames.describe(usages)) + ")"));
    }

    private static VerificationResult result(VerificationOutcome outcome, String detail) {
        return new VerificationResult(outcome, detail);
    }
}
