package org.smtpguard.policy.tlsrpt;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One day's TLS-RPT report for one policy domain (RFC 8460 §4): for each policy its sessions were
 * held to, the successful and failed sessions, and the failures by kind. Days are UTC days.
 */
public record TlsRptReport(String policyDomain, LocalDate day, List<PolicyResult> policies) {

    /** The sessions under one policy. */
    public record PolicyResult(TlsRptPolicy policy, long successfulSessions, Map<TlsRptFailure, Long> failures) {

        public PolicyResult {
            Objects.requireNonNull(policy, "policy");
            failures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failures));
        }

        /** {@code total-failure-session-count}. */
        public long failedSessions() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public TlsRptReport {
        Objects.requireNonNull(policyDomain, "policyDomain");
        Objects.requireNonNull(day, "day");
        policies = List.copyOf(policies);
    }

    /** {@code start-datetime}: the day's first second. */
    public Instant start() {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** {@code end-datetime}: the day's last second, as in RFC 8460's example. */
    public Instant end() {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
    }

    /**
     * The file name RFC 8460 §5.3 gives a report:
     * {@code sender!policy-domain!begin!end!unique-id.json}, times in seconds since the epoch.
     *
     * @param sender   the reporting host's name
     * @param uniqueId letters, digits and '-' that tell reports of the same day apart
     */
    public String fileName(String sender, String uniqueId) {
        if (!sender.matches("[A-Za-z0-9_.-]+") || !uniqueId.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("sender and unique id must be safe in a file name");
        }
        return sender + "!" + policyDomain + "!" + start().getEpochSecond() + "!" + end().getEpochSecond()
                + "!" + uniqueId + ".json";
    }
}
