package org.smtpguard.proxy.log;

import java.net.SocketAddress;
import java.time.Duration;
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
import org.smtpguard.proxy.session.UpstreamTls;
import org.smtpguard.proxy.upstream.UpstreamTarget;

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

    @Override
    public void sessionStarted() {
        SESSION.info("session start {}", legs());
    }

    @Override
    public void upstreamVerified(UpstreamTls tls) {
        upstreamTls = tls.summary();
        var cert = tls.certificate();
        UPSTREAM.info("upstream verified {} name={} subject={} sha256={} resumed={}", legs(), target.tlsName(),
                cert.map(c -> LogText.quoted(c.getSubjectX500Principal().getName())).orElse("-"),
                cert.map(Fingerprints::sha256).orElse("-"), tls.resumed() ? "yes" : "no");
    }

    @Override
    public void upstreamRefused(RefusalReason reason, String seen) {
        UPSTREAM.warn("upstream refused {} name={} reason={} reply=\"{}\" seen={}", legs(), target.tlsName(),
                reason.label(), reason.reply().summary(), "\"" + seen + "\"");
    }

    @Override
    public void upstreamLost(String why) {
        UPSTREAM.warn("upstream lost {} seen={}", legs(), LogText.quoted(why));
    }

    @Override
    public void clientTlsEstablished(ClientLeg.ClientTls how, String protocol, String cipher) {
        clientTls = how.label() + ":" + protocol + "/" + cipher;
    }

    @Override
    public void clientTlsFailed(String error) {
        SESSION.info("client tls failed {} error=\"{}\"", legs(), error);
    }

    @Override
    public void startTlsInjectionDiscarded(int bytes) {
        SESSION.warn("client starttls injection discarded {} bytes={}", legs(), bytes);
    }

    @Override
    public void bareLineEndingsFixed(int count) {
        SESSION.info("bare line endings fixed in message {} count={}", legs(), count);
    }

    @Override
    public void badLineEnding() {
        SESSION.info("limit hit {} limit={}", legs(), RefusalReason.BAD_LINE_ENDING.label());
    }

    @Override
    public void clientError(String error) {
        SESSION.debug("client connection error {} error=\"{}\"", legs(), error);
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

    @Override
    public void sessionEnded(SessionStats stats) {
        SESSION.info("session end {} commands={} messages={} refused_messages={} bytes={} refusal={} duration_ms={}",
                legs(), stats.commands(), stats.messagesAccepted(), stats.messagesRefused(), stats.messageBytes(),
                stats.refusal().map(RefusalReason::label).orElse("-"),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
