package org.smtpguard.proxy.session;

import java.util.List;
import java.util.Optional;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.AuthExchange;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;
import org.smtpguard.policy.tlsrpt.TlsRptPolicy;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;

/** Several {@link SessionListener}s heard as one, in order (e.g. the session log, then the metrics). */
public final class SessionListeners implements SessionListener {

    private final List<SessionListener> all;

    private SessionListeners(List<SessionListener> all) {
        this.all = all;
    }

    public static SessionListener of(SessionListener... listeners) {
        return new SessionListeners(List.of(listeners));
    }

    @Override
    public void sessionStarted() {
        all.forEach(SessionListener::sessionStarted);
    }

    @Override
    public void tlsPolicyApplied(TlsRptPolicy policy, Optional<TlsRptResultType> policyFailure) {
        all.forEach(l -> l.tlsPolicyApplied(policy, policyFailure));
    }

    @Override
    public void upstreamVerified(UpstreamTls tls) {
        all.forEach(l -> l.upstreamVerified(tls));
    }

    @Override
    public void upstreamReused(UpstreamTls tls) {
        all.forEach(l -> l.upstreamReused(tls));
    }

    @Override
    public void upstreamRefused(RefusalReason reason, String seen) {
        all.forEach(l -> l.upstreamRefused(reason, seen));
    }

    @Override
    public void upstreamLost(String why) {
        all.forEach(l -> l.upstreamLost(why));
    }

    @Override
    public void clientTlsEstablished(ClientLeg.ClientTls how, String protocol, String cipher) {
        all.forEach(l -> l.clientTlsEstablished(how, protocol, cipher));
    }

    @Override
    public void clientCertificate(java.security.cert.X509Certificate certificate) {
        all.forEach(l -> l.clientCertificate(certificate));
    }

    @Override
    public void clientTlsFailed(String error) {
        all.forEach(l -> l.clientTlsFailed(error));
    }

    @Override
    public void startTlsInjectionDiscarded(int bytes) {
        all.forEach(l -> l.startTlsInjectionDiscarded(bytes));
    }

    @Override
    public void clientError(String error) {
        all.forEach(l -> l.clientError(error));
    }

    @Override
    public void sessionEnded(SessionStats stats) {
        all.forEach(l -> l.sessionEnded(stats));
    }

    @Override
    public void authStarted() {
        all.forEach(SessionListener::authStarted);
    }

    @Override
    public void authFinished(AuthExchange exchange, Reply reply) {
        all.forEach(l -> l.authFinished(exchange, reply));
    }

    @Override
    public void commandRefused(Verb verb, RefusalReason reason) {
        all.forEach(l -> l.commandRefused(verb, reason));
    }

    @Override
    public void badLineEnding() {
        all.forEach(SessionListener::badLineEnding);
    }

    @Override
    public void messageSent(long bytes) {
        all.forEach(l -> l.messageSent(bytes));
    }

    @Override
    public void bareLineEndingsFixed(int count) {
        all.forEach(l -> l.bareLineEndingsFixed(count));
    }

    @Override
    public void messageRelayed(long bytes, Reply reply) {
        all.forEach(l -> l.messageRelayed(bytes, reply));
    }

    @Override
    public void limitHit(RefusalReason reason) {
        all.forEach(l -> l.limitHit(reason));
    }

    @Override
    public void sessionRefused(RefusalReason reason) {
        all.forEach(l -> l.sessionRefused(reason));
    }

    @Override
    public void upstreamChosen(String domain, String mxHost, String address) {
        all.forEach(l -> l.upstreamChosen(domain, mxHost, address));
    }

    @Override
    public void mxAttemptFailed(String domain, String mxHost, String address, RefusalReason reason, String seen) {
        all.forEach(l -> l.mxAttemptFailed(domain, mxHost, address, reason, seen));
    }

    @Override
    public void mxRefused(String domain, RefusalReason reason, String seen) {
        all.forEach(l -> l.mxRefused(domain, reason, seen));
    }

    @Override
    public void clientRefused(RefusalReason reason, String detail) {
        all.forEach(l -> l.clientRefused(reason, detail));
    }

    @Override
    public void recipientTarpitted(java.time.Duration delay) {
        all.forEach(l -> l.recipientTarpitted(delay));
    }
}
