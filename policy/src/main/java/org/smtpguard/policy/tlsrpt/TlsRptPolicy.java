package org.smtpguard.policy.tlsrpt;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.smtpguard.policy.mtasts.MxPattern;
import org.smtpguard.policy.mtasts.StsPolicy;

/**
 * The policy a session was held to, as a TLS-RPT report names it (RFC 8460 §4.4 {@code policy}):
 * its type, its text, the policy domain and the MX hosts or patterns it covers. Sessions are counted
 * per distinct policy.
 */
public record TlsRptPolicy(Type type, List<String> policyStrings, String policyDomain, List<String> mxHosts) {

    /** Letters, digits, '-', '_' and dots, not at either end: safe in a file name. */
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?");

    /** {@code policy-type}. */
    public enum Type {
        TLSA("tlsa"), STS("sts"), NO_POLICY_FOUND("no-policy-found");

        private final String reportName;

        Type(String reportName) {
            this.reportName = reportName;
        }

        public String reportName() {
            return reportName;
        }
    }

    public TlsRptPolicy {
        Objects.requireNonNull(type, "type");
        policyStrings = List.copyOf(policyStrings);
        policyDomain = Objects.requireNonNull(policyDomain, "policyDomain").toLowerCase(Locale.ROOT);
        mxHosts = List.copyOf(mxHosts);
        if (policyDomain.length() > 253 || !DOMAIN.matcher(policyDomain).matches()) {
            throw new IllegalArgumentException("a TLS-RPT policy domain is a host name");
        }
    }

    /** An MTA-STS policy: its lines and its mx patterns. */
    public static TlsRptPolicy sts(String policyDomain, StsPolicy policy) {
        return new TlsRptPolicy(Type.STS, policy.lines(), policyDomain,
                policy.mx().stream().map(MxPattern::pattern).toList());
    }

    /** DANE: the TLSA records in presentation form and the MX host they were published for. */
    public static TlsRptPolicy tlsa(String policyDomain, List<String> tlsaRecords, String mxHost) {
        return new TlsRptPolicy(Type.TLSA, tlsaRecords, policyDomain, List.of(mxHost));
    }

    /** Neither DANE nor MTA-STS applied. */
    public static TlsRptPolicy noPolicyFound(String policyDomain) {
        return new TlsRptPolicy(Type.NO_POLICY_FOUND, List.of(), policyDomain, List.of());
    }
}
