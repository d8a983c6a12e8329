package org.smtpguard.proxy.session;

import java.util.Optional;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.AuthExchange;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;
import org.smtpguard.policy.tlsrpt.TlsRptPolicy;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;

/**
 * What a session reports as it goes: the session log and the metrics listen here (combined with
 * {@link SessionListeners#of}). A listener observes; it cannot change what is relayed. The session
 * calls the AUTH, command, message and limit events; the handler that runs it on the network calls
 * the connection events (start, TLS, upstream, end). Plain Java: no Netty, no metrics library.
 */
public interface SessionListener {

    // ---- connection events

    /** A client connected; the upstream connection is being opened. */
    default void sessionStarted() {
    }

    /**
     * The TLS policy the upstream connection is held to, as TLS-RPT names it, decided before
     * connecting; {@code policyFailure} when discovering the policy failed (e.g. the MTA-STS policy
     * could not be fetched) and delivery goes on without it. Without this event a session counts under
     * "no policy found" for its upstream's name.
     */
    default void tlsPolicyApplied(TlsRptPolicy policy, Optional<TlsRptResultType> policyFailure) {
    }

    /** The upstream is verified (chain, expiry, name) and answered EHLO over TLS. */
    default void upstreamVerified(UpstreamTls tls) {
    }

    /**
     * A verified upstream connection kept from an earlier session ({@code upstream.reuse_connections})
     * serves this one, reset with RSET; its certificate was verified when it was opened.
     */
    default void upstreamReused(UpstreamTls tls) {
    }

    /** No verified upstream could be had; {@code seen} is one line, already escaped and cut. */
    default void upstreamRefused(RefusalReason reason, String seen) {
    }

    /** The verified upstream connection was lost during the session; {@code why} is raw text (to be escaped). */
    default void upstreamLost(String why) {
    }

    /** The client leg's TLS is up: after STARTTLS, or on an implicit-TLS listener. */
    default void clientTlsEstablished(ClientLeg.ClientTls how, String protocol, String cipher) {
    }

    /** The client showed a certificate in the client leg's TLS handshake, and it was verified. */
    default void clientCertificate(java.security.cert.X509Certificate certificate) {
    }

    /** The client leg's TLS handshake failed; {@code error} is one line, already safe to log. */
    default void clientTlsFailed(String error) {
    }

    /** Bytes the client pipelined after STARTTLS were discarded, never executed. */
    default void startTlsInjectionDiscarded(int bytes) {
    }

    /** The client connection failed; {@code error} is one line, already safe to log. */
    default void clientError(String error) {
    }

    /** The client connection closed; the session is over. */
    default void sessionEnded(SessionStats stats) {
    }

    // ---- session events

    /** The client sent AUTH; the exchange is relayed to the upstream. */
    default void authStarted() {
    }

    /** An AUTH exchange ended with the upstream's final reply. */
    default void authFinished(AuthExchange exchange, Reply reply) {
    }

    /** A client command was answered locally instead of being relayed (VRFY, EXPN, AUTH without TLS…). */
    default void commandRefused(Verb verb, RefusalReason reason) {
    }

    /** A client command line had a bare CR, bare LF or NUL and was refused. */
    default void badLineEnding() {
    }

    /** The end of a message's data went to the upstream; its reply is awaited. */
    default void messageSent(long bytes) {
    }

    /** Bare CR or LF in the message's data were normalised to CRLF (with dot-stuffing). */
    default void bareLineEndingsFixed(int count) {
    }

    /** The upstream answered the end of a message. */
    default void messageRelayed(long bytes, Reply reply) {
    }

    /** A bound was reached (message size…). */
    default void limitHit(RefusalReason reason) {
    }

    /** mx mode: an MX host (and address) of {@code domain} is being used, before it is verified. */
    default void upstreamChosen(String domain, String mxHost, String address) {
    }

    /** mx mode: one attempt (an MX host's address) failed for {@code reason}; the next is tried. */
    default void mxAttemptFailed(String domain, String mxHost, String address, RefusalReason reason, String seen) {
    }

    /** mx mode: no MX of {@code domain} could be used (DNS, null MX, or every attempt failed). */
    default void mxRefused(String domain, RefusalReason reason, String seen) {
    }

    /** The client was refused at connect (rate, DNS blocklist); {@code detail} names the limit or zone. */
    default void clientRefused(RefusalReason reason, String detail) {
    }

    /** A RCPT reply is held back for {@code delay}: the client is past the harvest tarpit threshold. */
    default void recipientTarpitted(java.time.Duration delay) {
    }

    /** The session ends with this reason's reply to the client. */
    default void sessionRefused(RefusalReason reason) {
    }
}
