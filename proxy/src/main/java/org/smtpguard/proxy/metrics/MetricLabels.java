package org.smtpguard.proxy.metrics;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Reply;

/** The closed sets of label values of {@link ProxyMetrics}: a label value is always one of these. */
public final class MetricLabels {

    private MetricLabels() {
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The kind of listener a client connected to. */
    public enum Listener {
        /** Plain SMTP, smtpguard's STARTTLS offered. */
        PLAINTEXT,
        /** Implicit TLS (as on port 465). */
        IMPLICIT_TLS;

        public String label() {
            return lower(this);
        }
    }

    /** The two legs of a session. */
    public enum Leg {
        CLIENT, UPSTREAM;

        public String label() {
            return lower(this);
        }
    }

    /** Bytes received from or sent to the peer of a leg. */
    public enum Direction {
        RECEIVED, SENT;

        public String label() {
            return lower(this);
        }
    }

    /** The upstream's answer to the end of a message. */
    public enum MessageResult {
        ACCEPTED, TEMP_FAILED, PERM_FAILED;

        public static MessageResult of(Reply reply) {
            if (reply.isPositive()) {
                return ACCEPTED;
            }
            return reply.isPermanentFailure() ? PERM_FAILED : TEMP_FAILED;
        }

        public String label() {
            return lower(this);
        }
    }

    /** How an upstream connection for a session ended up: verified, or one of {@link #UPSTREAM_REASONS}. */
    public enum UpstreamOutcome {
        VERIFIED;

        /** The refusal reasons an upstream connection can fail with (each is an outcome label too). */
        public static final Set<RefusalReason> UPSTREAM_REASONS = EnumSet.of(
                RefusalReason.STARTTLS_MISSING, RefusalReason.STARTTLS_REJECTED, RefusalReason.BYTES_AFTER_STARTTLS,
                RefusalReason.HANDSHAKE_FAILED, RefusalReason.CERT_UNTRUSTED, RefusalReason.CERT_EXPIRED,
                RefusalReason.CERT_NAME_MISMATCH, RefusalReason.CERT_PIN_MISMATCH, RefusalReason.CONNECT_FAILED, RefusalReason.TIMEOUT,
                RefusalReason.UPSTREAM_REJECTED, RefusalReason.UPSTREAM_PROTOCOL_ERROR, RefusalReason.UPSTREAM_LOST,
                RefusalReason.CERT_TLSA_MISMATCH, RefusalReason.DANE_REQUIRED, RefusalReason.DNSSEC_BOGUS,
                RefusalReason.DNS_FAILED, RefusalReason.MTA_STS_MX_NOT_LISTED);

        public String label() {
            return lower(this);
        }
    }

    /** SASL mechanisms worth a series of their own; everything else is {@code other}. */
    public enum AuthMechanism {
        PLAIN, LOGIN, CRAM_MD5, DIGEST_MD5, XOAUTH2, OAUTHBEARER, SCRAM_SHA_1, SCRAM_SHA_256, NTLM, GSSAPI,
        EXTERNAL, OTHER;

        /** The mechanism for the upper-case SASL name a client sent. */
        public static AuthMechanism of(String saslName) {
            for (AuthMechanism m : values()) {
                if (m != OTHER && m.name().replace('_', '-').equals(saslName)) {
                    return m;
                }
            }
            return OTHER;
        }

        public String label() {
            return lower(this);
        }
    }

    /** How an AUTH exchange ended. */
    public enum AuthResult {
        /** 235. */
        SUCCESS,
        /** A 5xx, e.g. 535 bad credentials. */
        FAILURE,
        /** A 4xx. */
        TEMP_FAILURE,
        /** The client cancelled with {@code *}. */
        CANCELLED;

        public String label() {
            return lower(this);
        }
    }

    /** Where a bare CR or LF was seen. */
    public enum LineEndingPlace {
        /** In a command line: refused with 500 5.5.2. */
        COMMAND,
        /** In message data: normalised to CRLF. */
        DATA;

        public String label() {
            return lower(this);
        }
    }

    /** Whose certificate an expiry is. */
    public enum CertificateRole {
        /** smtpguard's own, shown to clients. */
        CLIENT,
        /** The last upstream certificate smtpguard verified. */
        UPSTREAM;

        public String label() {
            return lower(this);
        }
    }

    /** What abuse protection did to a client (the {@code action} label). */
    public enum AbuseAction {
        /** Refused at connect: over the connection rate. */
        CONNECTION_RATE,
        /** A MAIL refused: over the message rate. */
        MESSAGE_RATE,
        /** Refused at connect: listed in a DNS blocklist. */
        DNSBL_LISTED,
        /** A RCPT reply delayed (directory harvest). */
        TARPIT,
        /** Disconnected with 421 4.7.0 (directory harvest). */
        HARVEST_DISCONNECT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
