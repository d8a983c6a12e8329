package org.smtpguard.policy.decision;

import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;

/**
 * Every reason smtpguard refuses something, with the reply a client sees and a label that is safe for
 * logs and metrics (never peer text). The upstream reasons end the session; the client reasons
 * answer one command.
 */
public enum RefusalReason {
    // upstream leg: the session cannot start or cannot go on (421, then close)
    STARTTLS_MISSING(421, EnhancedStatus.SECURITY_NOT_SUPPORTED,
            "upstream does not offer STARTTLS; refusing to send mail in plaintext, try again later"),
    STARTTLS_REJECTED(421, EnhancedStatus.SECURITY_TEMPORARY,
            "upstream refused STARTTLS; refusing to send mail in plaintext, try again later"),
    BYTES_AFTER_STARTTLS(421, EnhancedStatus.SECURITY_TEMPORARY,
            "upstream sent data after its STARTTLS reply (possible injection); try again later"),
    HANDSHAKE_FAILED(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
            "TLS handshake with upstream failed; try again later"),
    CERT_UNTRUSTED(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
            "upstream certificate not trusted; try again later"),
    CERT_EXPIRED(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
            "upstream certificate expired or not yet valid; try again later"),
    CERT_NAME_MISMATCH(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
            "upstream certificate does not match its name; try again later"),
    CERT_PIN_MISMATCH(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
            "upstream certificate key is not one of the pinned keys; try again later"),
    MTA_STS_MX_NOT_LISTED(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
            "the recipient domain's MTA-STS policy does not list this MX host; try again later"),
    CERT_TLSA_MISMATCH(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
            "upstream certificate matches none of its DANE TLSA records; try again later"),
    DANE_REQUIRED(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
            "upstream has no DNSSEC-validated TLSA records and the policy requires DANE; try again later"),
    DNSSEC_BOGUS(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
            "DNSSEC validation of the upstream's TLSA records failed; try again later"),
    DNS_FAILED(421, EnhancedStatus.DIRECTORY_FAILURE,
            "DNS look-up for the upstream failed; try again later"),
    CONNECT_FAILED(421, EnhancedStatus.NO_ANSWER,
            "cannot connect to upstream; try again later"),
    TIMEOUT(421, EnhancedStatus.CONNECTION_TIMEOUT,
            "upstream timed out; try again later"),
    UPSTREAM_REJECTED(421, EnhancedStatus.SYSTEM_TEMPORARY,
            "upstream refused the session; try again later"),
    UPSTREAM_PROTOCOL_ERROR(421, EnhancedStatus.BAD_CONNECTION,
            "upstream sent an invalid reply; try again later"),
    UPSTREAM_LOST(421, EnhancedStatus.BAD_CONNECTION,
            "connection to upstream lost; try again later"),
    SHUTTING_DOWN(421, EnhancedStatus.SYSTEM_NOT_ACCEPTING,
            "smtpguard is shutting down; try again later"),

    // client leg: one command is answered locally
    COMMAND_BLOCKED(502, EnhancedStatus.INVALID_COMMAND,
            "command not available through smtpguard"),
    AUTH_REQUIRES_TLS(538, EnhancedStatus.ENCRYPTION_REQUIRED,
            "encryption required for authentication: use STARTTLS first"),
    LINE_TOO_LONG(500, EnhancedStatus.SYNTAX_ERROR, "line too long"),
    BAD_LINE_ENDING(500, EnhancedStatus.SYNTAX_ERROR,
            "bare CR, bare LF or NUL in a command; lines must end with CRLF"),
    MESSAGE_TOO_BIG(552, EnhancedStatus.MESSAGE_TOO_BIG, "message exceeds the size limit"),
    TOO_MANY_ERRORS(421, EnhancedStatus.SECURITY_TEMPORARY, "too many errors; closing connection"),
    PIPELINE_TOO_DEEP(421, EnhancedStatus.TOO_MANY, "too many pipelined commands; closing connection"),
    CLIENT_TIMEOUT(421, EnhancedStatus.CONNECTION_TIMEOUT, "timeout waiting for client; closing connection"),
    DATA_TOO_SLOW(421, EnhancedStatus.CONNECTION_TIMEOUT, "message data arrives too slowly; closing connection"),

    // client leg: abuse protection
    HARVEST(421, EnhancedStatus.SECURITY_TEMPORARY, "too many invalid recipients; closing connection"),
    CONNECTION_RATE(421, EnhancedStatus.SECURITY_TEMPORARY,
            "too many connections from your address; try again later"),
    MESSAGE_RATE(450, new EnhancedStatus(4, 7, 1), "too many messages from your address; try again later"),
    DNSBL_LISTED(554, new EnhancedStatus(5, 7, 1), "your address is listed in a DNS blocklist; mail refused"),

    // mx mode: routing a recipient
    OTHER_DOMAIN(452, EnhancedStatus.TOO_MANY,
            "recipients of another domain must be sent in a separate transaction"),
    NULL_MX(556, new EnhancedStatus(5, 1, 10), "recipient domain does not accept mail (null MX)"),
    NO_SUCH_DOMAIN(550, new EnhancedStatus(5, 1, 2), "recipient domain does not exist"),
    MX_LOOKUP_FAILED(451, new EnhancedStatus(4, 4, 3), "cannot look up the recipient domain; try again later"),
    NO_RECIPIENTS(554, new EnhancedStatus(5, 5, 1), "no valid recipients"),

    // resource bounds: concurrent connections, client TLS, upstream replies
    TOO_MANY_CONNECTIONS(421, EnhancedStatus.SYSTEM_NOT_ACCEPTING, "too many connections; try again later"),
    TOO_MANY_CONNECTIONS_FROM_CLIENT(421, EnhancedStatus.SECURITY_TEMPORARY,
            "too many connections from your address; try again later"),
    /** The client's TLS handshake took too long; TLS is not up, so the connection closes without a reply. */
    CLIENT_TLS_TIMEOUT(421, EnhancedStatus.CONNECTION_TIMEOUT, "TLS handshake timed out; closing connection"),
    UPSTREAM_REPLY_TOO_LARGE(421, EnhancedStatus.BAD_CONNECTION,
            "upstream sent a reply over smtpguard's size limits; try again later");

    private final int code;
    private final EnhancedStatus status;
    private final String text;

    RefusalReason(int code, EnhancedStatus status, String text) {
        this.code = code;
        this.status = status;
        this.text = text;
    }

    /** The reply a client sees for this reason. */
    public Reply reply() {
        return Reply.of(code, status, text);
    }

    /** Whether the client connection closes after the reply. */
    public boolean closesSession() {
        return code == 421;
    }

    /** Lower-case name for logs and metric labels, e.g. {@code cert_name_mismatch}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
