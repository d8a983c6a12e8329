package org.smtpguard.proxy.log;

import java.net.SocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;
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
 * The log lines of one session: one event per line, its name as the message and its fields as
 * key-value pairs, the same in both formats (text: {@code name key=value…}, see {@link KeyValueText};
 * json: Logback's JsonEncoder). Every event starts with the fields of both legs. Outside text is a
 * {@link QuotedValue}, escaped and cut by {@link LogText}. Never a password, a token or their base64:
 * AUTH is logged from {@link AuthExchange}, which keeps none.
 */
public final class SessionLog implements SessionListener {

    private static final Logger SESSION = LoggerFactory.getLogger("smtpguard.session");
    private static final Logger AUTH = LoggerFactory.getLogger("smtpguard.audit");
    private static final Logger UPSTREAM = LoggerFactory.getLogger("smtpguard.upstream");

    private final String client;
    private final String listener;
    /** The upstream as logs name it: the configured one, or in mx mode the MX chosen last. */
    private String targetAddress;
    private String targetName;
    private final long started = System.nanoTime();
    private String clientTls;
    private String upstreamTls = "none";
    /** The client's certificate, when it showed one and it was verified (client.tls.client_auth). */
    private java.security.cert.X509Certificate clientCertificate;
    private long authStarted;

    public SessionLog(SocketAddress client, SocketAddress listener, ClientLeg leg, UpstreamTarget target) {
        this.client = address(client);
        this.listener = address(listener);
        this.targetAddress = target.address().toString();
        this.targetName = target.tlsName();
        this.clientTls = leg.tls().label();
    }

    private static String address(SocketAddress address) {
        String text = String.valueOf(address);
        return text.startsWith("/") ? text.substring(1) : text;
    }

    /** An event of this session: its name and the fields of both legs; the caller adds its own fields and logs. */
    private LoggingEventBuilder event(Logger logger, Level level, String name) {
        LoggingEventBuilder builder = logger.atLevel(level).setMessage(name)
                .addKeyValue("client", client)
                .addKeyValue("listener", listener)
                .addKeyValue("client_tls", clientTls);
        if (clientCertificate != null) {
            builder = builder.addKeyValue("client_cert", QuotedValue.of(clientCertificate.getSubjectX500Principal()
                    .getName())).addKeyValue("client_cert_sha256", Fingerprints.sha256(clientCertificate));
        }
        return builder.addKeyValue("upstream", targetAddress)
                .addKeyValue("upstream_tls", upstreamTls);
    }

    @Override
    public void sessionStarted() {
        event(SESSION, Level.INFO, "session start").log();
    }

    @Override
    public void upstreamVerified(UpstreamTls tls) {
        upstreamTls = tls.summary();
        var cert = tls.certificate();
        event(UPSTREAM, Level.INFO, "upstream verified")
                .addKeyValue("name", targetName)
                .addKeyValue("tls_level", tls.applied().label())
                .addKeyValue("tls_why", QuotedValue.of(tls.why()))
                .addKeyValue("protocol", tls.protocol())
                .addKeyValue("cipher", tls.cipher())
                .addKeyValue("subject", cert.map(c -> (Object) QuotedValue.of(c.getSubjectX500Principal().getName()))
                        .orElse("-"))
                .addKeyValue("sha256", cert.map(Fingerprints::sha256).orElse("-"))
                .addKeyValue("resumed", tls.resumed() ? "yes" : "no")
                .log();
    }

    @Override
    public void upstreamReused(UpstreamTls tls) {
        upstreamTls = tls.summary();
        event(UPSTREAM, Level.INFO, "upstream reused")
                .addKeyValue("name", targetName)
                .addKeyValue("tls_level", tls.applied().label())
                .addKeyValue("protocol", tls.protocol())
                .addKeyValue("cipher", tls.cipher())
                .addKeyValue("sha256", tls.certificate().map(Fingerprints::sha256).orElse("-"))
                .log();
    }

    @Override
    public void upstreamRefused(RefusalReason reason, String seen) {
        event(UPSTREAM, Level.WARN, "upstream refused")
                .addKeyValue("name", targetName)
                .addKeyValue("reason", reason.label())
                .addKeyValue("reply", QuotedValue.escaped(reason.reply().summary()))
                .addKeyValue("seen", QuotedValue.escaped(seen))
                .log();
    }

    @Override
    public void upstreamLost(String why) {
        event(UPSTREAM, Level.WARN, "upstream lost").addKeyValue("seen", QuotedValue.of(why)).log();
    }

    @Override
    public void clientTlsEstablished(ClientLeg.ClientTls how, String protocol, String cipher) {
        clientTls = how.label() + ":" + protocol + "/" + cipher;
    }

    @Override
    public void clientCertificate(java.security.cert.X509Certificate certificate) {
        clientCertificate = certificate;
    }

    @Override
    public void clientTlsFailed(String error) {
        event(SESSION, Level.INFO, "client tls failed").addKeyValue("error", QuotedValue.escaped(error)).log();
    }

    @Override
    public void startTlsInjectionDiscarded(int bytes) {
        event(SESSION, Level.WARN, "client starttls injection discarded").addKeyValue("bytes", bytes).log();
    }

    @Override
    public void bareLineEndingsFixed(int count) {
        event(SESSION, Level.INFO, "bare line endings fixed in message").addKeyValue("count", count).log();
    }

    @Override
    public void badLineEnding() {
        limitHit(RefusalReason.BAD_LINE_ENDING);
    }

    @Override
    public void clientError(String error) {
        event(SESSION, Level.DEBUG, "client connection error").addKeyValue("error", QuotedValue.escaped(error)).log();
    }

    @Override
    public void authStarted() {
        authStarted = System.nanoTime();
    }

    @Override
    public void authFinished(AuthExchange exchange, Reply reply) {
        event(AUTH, Level.INFO, "auth")
                .addKeyValue("mechanism", exchange.mechanism())
                .addKeyValue("user", exchange.userName().map(u -> (Object) QuotedValue.of(u)).orElse("-"))
                .addKeyValue("authzid", exchange.authorizationIdentity().map(a -> (Object) QuotedValue.of(a)).orElse("-"))
                .addKeyValue("result", reply.code())
                .addKeyValue("status", reply.enhancedStatus().map(Object::toString).orElse("-"))
                .addKeyValue("duration_ms", Duration.ofNanos(System.nanoTime() - authStarted).toMillis())
                .log();
    }

    @Override
    public void commandRefused(Verb verb, RefusalReason reason) {
        event(SESSION, Level.INFO, "command blocked").addKeyValue("verb", verb).addKeyValue("reason", reason.label())
                .log();
    }

    @Override
    public void limitHit(RefusalReason reason) {
        event(SESSION, Level.INFO, "limit hit").addKeyValue("limit", reason.label()).log();
    }

    @Override
    public void upstreamChosen(String domain, String mxHost, String address) {
        targetAddress = address;
        targetName = mxHost;
    }

    @Override
    public void mxAttemptFailed(String domain, String mxHost, String address, RefusalReason reason, String seen) {
        event(UPSTREAM, Level.WARN, "mx attempt failed")
                .addKeyValue("domain", domain)
                .addKeyValue("mx", mxHost)
                .addKeyValue("address", address)
                .addKeyValue("reason", reason.label())
                .addKeyValue("seen", QuotedValue.escaped(seen))
                .log();
    }

    @Override
    public void mxRefused(String domain, RefusalReason reason, String seen) {
        event(UPSTREAM, Level.WARN, "mx refused")
                .addKeyValue("domain", domain)
                .addKeyValue("reason", reason.label())
                .addKeyValue("seen", QuotedValue.escaped(seen))
                .log();
    }

    /** {@code detail} is one {@code key=value} (the limit, or the blocklist zone). */
    @Override
    public void clientRefused(RefusalReason reason, String detail) {
        int eq = detail.indexOf('=');
        var line = event(SESSION, Level.WARN, "client refused").addKeyValue("reason", reason.label());
        if (eq > 0) {
            line = line.addKeyValue(detail.substring(0, eq), detail.substring(eq + 1));
        }
        line.log();
    }

    @Override
    public void recipientTarpitted(Duration delay) {
        event(SESSION, Level.INFO, "recipient reply tarpitted").addKeyValue("delay_ms", delay.toMillis()).log();
    }

    @Override
    public void sessionRefused(RefusalReason reason) {
        event(SESSION, Level.DEBUG, "session refused").addKeyValue("reason", reason.label()).log();
    }

    @Override
    public void sessionEnded(SessionStats stats) {
        event(SESSION, Level.INFO, "session end")
                .addKeyValue("commands", stats.commands())
                .addKeyValue("messages", stats.messagesAccepted())
                .addKeyValue("refused_messages", stats.messagesRefused())
                .addKeyValue("bytes", stats.messageBytes())
                .addKeyValue("refusal", stats.refusal().map(RefusalReason::label).orElse("-"))
                .addKeyValue("duration_ms", Duration.ofNanos(System.nanoTime() - started).toMillis())
                .log();
    }
}
