package org.smtpguard.proxy.log;

import java.net.SocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.certs.Fingerprints;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.AuthExchange;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;
import org.smtpguard.proxy.session.ClientLeg;
import org.smtpguard.proxy.session.SessionListener;
import org.smtpguard.proxy.session.SessionStats;
import org.smtpguard.proxy.upstream.UpstreamRefused;
import org.smtpguard.proxy.upstream.UpstreamTarget;
import org.smtpguard.proxy.upstream.VerifiedUpstream;

/**
 * The log lines of one session, one line per event, {@code key=value} fields. Never a password, a
 * token or their base64: AUTH is logged from {@link AuthExchange}, which keeps none.
 */
public final class SessionLog implements SessionListener {

    private static final Logger SESSION = LoggerFactory.getLogger("smtpguard.session");
    private static final Logger AUTH = LoggerFactory.getLogger("smtpguard.audit");
    private static final Logger UPSTREAM = LoggerFactory.getLogger("smtpguard.upstream");

    private final String client;
    private final String listener;
    private final UpstreamTarget target;
    private final long started = System.nanoTime();
    private String clientTls;
    private String upstreamTls = "none";
    private long authStarted;

    public SessionLog(SocketAddress client, SocketAddress listener, ClientLeg leg, UpstreamTarget target) {
        this.client = address(client);
        this.listener = address(listener);
        this.target = target;
        this.clientTls = leg.tls() == ClientLeg.ClientTls.NONE ? "none" : leg.tls().label();
    }

    private static String address(SocketAddress address) {
        String text = String.valueOf(address);
        return text.startsWith("/") ? text.substring(1) : text;
    }

    private String legs() {
        return "client=" + client + " listener=" + listener + " client_tls=" + clientTls
                + " upstream=" + target.address() + " upstream_tls=" + upstreamTls;
    }

    public void upstreamVerified(VerifiedUpstream upstream) {
        upstreamTls = upstream.tlsSummary();
        var cert = upstream.peerCertificate();
        UPSTREAM.info("upstream verified {} name={} subject={} sha256={}", legs(), target.tlsName(),
                cert == null ? "-" : LogText.quoted(cert.getSubjectX500Principal().getName()),
                cert == null ? "-" : Fingerprints.sha256(cert));
    }

    public void upstreamRefused(UpstreamTarget target, UpstreamRefused refused) {
        UPSTREAM.warn("upstream refused {} name={} reason={} reply=\"{}\" seen={}", legs(), target.tlsName(),
                refused.reason().label(), refused.reason().reply().summary(), "\"" + refused.seen() + "\"");
    }

    public void upstreamLost(String why) {
        UPSTREAM.warn("upstream lost {} seen={}", legs(), LogText.quoted(why));
    }

    public void clientTlsEstablished(SSLSession session) {
        clientTls = "starttls:" + session.getProtocol() + "/" + session.getCipherSuite();
    }

    public void implicitTlsEstablished(SSLSession session) {
        clientTls = "implicit:" + session.getProtocol() + "/" + session.getCipherSuite();
    }

    public void clientTlsFailed(Throwable cause) {
        SESSION.info("client tls failed {} error=\"{}\"", legs(), FailureText.of(cause));
    }

    public void startTlsInjectionDiscarded(int bytes) {
        SESSION.warn("client starttls injection discarded {} bytes={}", legs(), bytes);
    }

    public void bareLineEndingsFixed(int count) {
        SESSION.info("bare line endings fixed in message {} count={}", legs(), count);
    }

    public void clientError(Throwable cause) {
        SESSION.debug("client connection error {} error=\"{}\"", legs(), FailureText.of(cause));
    }

    @Override
    public void authStarted() {
        authStarted = System.nanoTime();
    }

    @Override
    public void authFinished(AuthExchange exchange, Reply reply) {
        AUTH.info("auth {} mechanism={} user={} authzid={} result={} status={} duration_ms={}", legs(),
                exchange.mechanism(), exchange.userName().map(LogText::quoted).orElse("-"),
                exchange.authorizationIdentity().map(LogText::quoted).orElse("-"), reply.code(),
                reply.enhancedStatus().map(Object::toString).orElse("-"),
                Duration.ofNanos(System.nanoTime() - authStarted).toMillis());
    }

    @Override
    public void commandRefused(Verb verb, RefusalReason reason) {
        SESSION.info("command blocked {} verb={} reason={}", legs(), verb, reason.label());
    }

    @Override
    public void limitHit(RefusalReason reason) {
        SESSION.info("limit hit {} limit={}", legs(), reason.label());
    }

    @Override
    public void sessionRefused(RefusalReason reason) {
        SESSION.debug("session refused {} reason={}", legs(), reason.label());
    }

    public void sessionEnded(SessionStats stats, VerifiedUpstream upstream) {
        SESSION.info("session end {} commands={} messages={} refused_messages={} bytes={} refusal={} duration_ms={}",
                legs(), stats.commands(), stats.messagesAccepted(), stats.messagesRefused(), stats.messageBytes(),
                stats.refusal().map(RefusalReason::label).orElse("-"),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
