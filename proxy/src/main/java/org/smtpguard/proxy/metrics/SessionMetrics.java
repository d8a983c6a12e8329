package org.smtpguard.proxy.metrics;

import java.time.Duration;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.AuthExchange;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;
import org.smtpguard.proxy.metrics.MetricLabels.AuthMechanism;
import org.smtpguard.proxy.metrics.MetricLabels.AuthResult;
import org.smtpguard.proxy.metrics.MetricLabels.LineEndingPlace;
import org.smtpguard.proxy.metrics.MetricLabels.Listener;
import org.smtpguard.proxy.session.ClientLeg.ClientTls;
import org.smtpguard.proxy.session.SessionListener;
import org.smtpguard.proxy.session.SessionStats;
import org.smtpguard.proxy.session.UpstreamTls;

/**
 * The metrics of one session: turns its events into {@link ProxyMetrics} updates, with enum labels
 * only. Runs on the session's event loop, so its own fields need no locking.
 */
public final class SessionMetrics implements SessionListener {

    private final ProxyMetrics metrics;
    private final Listener listener;
    private ClientTls clientTls;
    private final long started = System.nanoTime();
    private long messageSent;
    private boolean ended;

    /** A new session on a listener of this kind ({@code NONE}: plaintext, {@code IMPLICIT}: implicit TLS). */
    public SessionMetrics(ProxyMetrics metrics, ClientTls listenerTls) {
        this.metrics = metrics;
        this.listener = listenerTls == ClientTls.IMPLICIT ? Listener.IMPLICIT_TLS : Listener.PLAINTEXT;
        this.clientTls = listenerTls;
    }

    @Override
    public void sessionStarted() {
        metrics.sessionOpened(listener, clientTls);
    }

    @Override
    public void upstreamVerified(UpstreamTls tls) {
        metrics.upstreamVerified(tls.protocol(), tls.cipher(), tls.certificate().orElse(null));
        metrics.upstreamTlsLevel(tls.applied());
    }

    @Override
    public void upstreamReused(UpstreamTls tls) {
        metrics.upstreamReused();
    }

    @Override
    public void upstreamRefused(RefusalReason reason, String seen) {
        metrics.upstreamRefused(reason);
    }

    @Override
    public void clientTlsEstablished(ClientTls how, String protocol, String cipher) {
        clientTls = how;
    }

    @Override
    public void startTlsInjectionDiscarded(int bytes) {
        metrics.startTlsInjectionDiscarded();
    }

    @Override
    public void sessionEnded(SessionStats stats) {
        if (!ended) {
            ended = true;
            metrics.sessionClosed(listener, clientTls, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    @Override
    public void authFinished(AuthExchange exchange, Reply reply) {
        AuthResult result;
        if (exchange.cancelled()) {
            result = AuthResult.CANCELLED;
        } else if (reply.code() == 235) {
            result = AuthResult.SUCCESS;
        } else if (reply.isTransientFailure()) {
            result = AuthResult.TEMP_FAILURE;
        } else {
            result = AuthResult.FAILURE;
        }
        metrics.authAttempt(AuthMechanism.of(exchange.mechanism()), result);
    }

    @Override
    public void commandRefused(Verb verb, RefusalReason reason) {
        metrics.commandBlocked(verb);
        if (reason == RefusalReason.MESSAGE_RATE) {
            metrics.clientAbuse(MetricLabels.AbuseAction.MESSAGE_RATE);
        }
    }

    @Override
    public void badLineEnding() {
        metrics.bareLineEndings(LineEndingPlace.COMMAND, 1);
    }

    @Override
    public void messageSent(long bytes) {
        messageSent = System.nanoTime();
    }

    @Override
    public void bareLineEndingsFixed(int count) {
        metrics.bareLineEndings(LineEndingPlace.DATA, count);
    }

    @Override
    public void messageRelayed(long bytes, Reply reply) {
        metrics.messageRelayed(reply, Duration.ofNanos(System.nanoTime() - messageSent));
    }

    @Override
    public void limitHit(RefusalReason reason) {
        metrics.limitHit(reason);
        if (reason == RefusalReason.HARVEST) {
            metrics.clientAbuse(MetricLabels.AbuseAction.HARVEST_DISCONNECT);
        }
    }

    @Override
    public void recipientTarpitted(java.time.Duration delay) {
        metrics.clientAbuse(MetricLabels.AbuseAction.TARPIT);
    }

    @Override
    public void clientRefused(RefusalReason reason, String detail) {
        metrics.clientAbuse(reason == RefusalReason.DNSBL_LISTED ? MetricLabels.AbuseAction.DNSBL_LISTED
                : MetricLabels.AbuseAction.CONNECTION_RATE);
    }

    @Override
    public void mxAttemptFailed(String domain, String mxHost, String address, RefusalReason reason, String seen) {
        metrics.upstreamRefused(reason);
    }

    @Override
    public void mxRefused(String domain, RefusalReason reason, String seen) {
        metrics.mxRefused(reason);
    }
}
