package org.smtpguard.proxy.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of one look-up.
 *
 * @param name    the name asked for (lower-case, no trailing dot)
 * @param outcome what was found; {@code records} is non-empty exactly when it is {@link DnsOutcome#ANSWER}
 * @param records the records, in the order given (MX: sorted by preference)
 * @param ttl     how long the answer may be used (the smallest TTL of the RRset; for a negative answer
 *                the zone's negative TTL; zero for a failure)
 * @param dnssec  whether the answer, or the denial of existence, was DNSSEC-validated
 * @param detail  for a failure, a short operator-readable reason (e.g. "timed out",
 *                "SERVFAIL", the validator's reason for BOGUS); empty otherwise. Not peer-controlled
 *                beyond what the validator reports: escape it with LogText before logging.
 */
public record DnsAnswer<T>(String name, DnsOutcome outcome, List<T> records, Duration ttl, Dnssec dnssec,
        String detail) {

    public DnsAnswer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        records = List.copyOf(records);
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(dnssec, "dnssec");
        Objects.requireNonNull(detail, "detail");
        if ((outcome == DnsOutcome.ANSWER) == records.isEmpty()) {
            throw new IllegalArgumentException(outcome + " with " + records.size() + " records");
        }
        if (dnssec == Dnssec.BOGUS && outcome != DnsOutcome.FAILURE) {
            throw new IllegalArgumentException("a bogus answer is a failure");
        }
    }

    /** A failure: no records, not cached. */
    public static <T> DnsAnswer<T> failure(String name, Dnssec dnssec, String detail) {
        return new DnsAnswer<>(name, DnsOutcome.FAILURE, List.of(), Duration.ZERO, dnssec, detail);
    }

    /** True if the answer (or denial) was validated. */
    public boolean isSecure() {
        return dnssec == Dnssec.SECURE;
    }

    /** True if DNS gave an authoritative "nothing" (NXDOMAIN or no data), as opposed to an answer or a failure. */
    public boolean isEmpty() {
        return outcome == DnsOutcome.NO_DATA || outcome == DnsOutcome.NXDOMAIN;
    }

}
