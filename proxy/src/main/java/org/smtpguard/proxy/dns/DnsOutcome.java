package org.smtpguard.proxy.dns;

/** What a DNS look-up found, with the three "nothing" cases kept apart. */
public enum DnsOutcome {
    /** The name has records of the type asked for (at least one). */
    ANSWER,
    /** The name exists but has no records of this type (NOERROR, empty answer). */
    NO_DATA,
    /** The name does not exist (NXDOMAIN). */
    NXDOMAIN,
    /**
     * No usable answer: server failure, refusal, time-out, network error, or a DNSSEC validation
     * failure ({@link Dnssec#BOGUS}). Mail delivery treats it as temporary.
     */
    FAILURE
}
