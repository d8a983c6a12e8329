package org.smtpguard.certs;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a presented chain against an SMTP server's DNSSEC-validated TLSA records (RFC 7672 §3):
 * <ul>
 *   <li>DANE-EE(3): the leaf matches; its names and validity dates are not checked (§3.1.1);</li>
 *   <li>DANE-TA(2): a certificate the server sent above the leaf matches; the chain from the leaf up
 *       to it is valid now, and the leaf names one of the reference identifiers (the MX host or the
 *       destination domain, §3.2.2), checked by {@link ChainVerifier} with that certificate as the
 *       only trust anchor;</li>
 *   <li>PKIX-TA(0), PKIX-EE(1) and unknown parameters are unusable for SMTP (§3.1.3) and ignored.</li>
 * </ul>
 * Never throws; the result says which record matched, or what to publish for the presented key.
 */
public final class DaneVerifier {

    private DaneVerifier() {
    }

    public static VerificationResult verify(List<X509Certificate> chain, Collection<TlsaRecord> records,
            Collection<String> names, Instant now) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(names, "names");
        if (chain == null || chain.isEmpty() || chain.get(0) == null) {
            return new VerificationResult(VerificationOutcome.EMPTY_CHAIN, "the peer presented no certificate");
        }
        List<TlsaRecord> usable = records.stream().filter(TlsaRecord::isUsableForSmtp).toList();
        if (usable.isEmpty()) {
            return new VerificationResult(VerificationOutcome.TLSA_MISMATCH, "no TLSA record usable for SMTP");
        }
        X509Certificate leaf = chain.get(0);
        for (TlsaRecord record : usable) {
            if (record.usage() == TlsaRecord.USAGE_DANE_EE && TlsaMatcher.matches(record, leaf)) {
                return new VerificationResult(VerificationOutcome.VERIFIED, "DANE-EE TLSA " + brief(record)
                        + " matched the certificate for " + SubjectNames.of(leaf).describe());
            }
        }
        VerificationResult lastTaFailure = null;
        for (TlsaRecord record : usable) {
            if (record.usage() != TlsaRecord.USAGE_DANE_TA) {
                continue;
            }
            for (int i = 1; i < chain.size() && i < ChainVerifier.MAX_CHAIN_LENGTH; i++) {
                X509Certificate anchor = chain.get(i);
                if (anchor == null || !TlsaMatcher.matches(record, anchor)) {
                    continue;
                }
                for (String name : names) {
                    VerificationResult result = ChainVerifier.verify(chain.subList(0, i + 1), name, List.of(anchor), now);
                    if (result.verified()) {
                        return new VerificationResult(VerificationOutcome.VERIFIED, "DANE-TA TLSA " + brief(record)
                                + " matched " + OneLine.peerText(anchor.getSubjectX500Principal().getName())
                                + "; " + result.detail());
                    }
                    lastTaFailure = result;
                }
            }
        }
        if (lastTaFailure != null) {
            return new VerificationResult(lastTaFailure.outcome() == VerificationOutcome.NAME_MISMATCH
                    ? VerificationOutcome.NAME_MISMATCH : VerificationOutcome.TLSA_MISMATCH,
                    "DANE-TA anchor matched but " + lastTaFailure.detail());
        }
        return new VerificationResult(VerificationOutcome.TLSA_MISMATCH, "none of " + usable.size()
                + " TLSA records matches the chain; the certificate's key would be published as "
                + TlsaMatcher.daneEeSpkiSha256(leaf));
    }

    private static String brief(TlsaRecord record) {
        String text = record.toString();
        return text.length() > 24 ? text.substring(0, 24) + "…" : text;
    }
}
