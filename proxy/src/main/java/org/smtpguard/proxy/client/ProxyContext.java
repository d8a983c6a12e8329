package org.smtpguard.proxy.client;

import io.netty.channel.Channel;
import java.util.function.Supplier;
import org.smtpguard.policy.command.CommandFilters;
import org.smtpguard.policy.ehlo.CapabilityPolicy;
import org.smtpguard.proxy.abuse.ClientAdmission;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.mx.MxConnector;
import org.smtpguard.proxy.session.ClientGuard;
import org.smtpguard.proxy.log.SessionLog;
import org.smtpguard.proxy.metrics.ProxyMetrics;
import org.smtpguard.proxy.metrics.SessionMetrics;
import org.smtpguard.proxy.session.ClientLeg;
import org.smtpguard.proxy.session.ClientSession;
import org.smtpguard.proxy.session.SessionLimits;
import org.smtpguard.proxy.session.SessionListener;
import org.smtpguard.proxy.session.SessionListeners;
import org.smtpguard.proxy.tlsrpt.TlsRptRecorder;
import org.smtpguard.proxy.tlsrpt.TlsRptSessionListener;
import org.smtpguard.proxy.mtasts.StsLookup;
import java.util.Optional;
import java.util.function.Function;
import org.smtpguard.proxy.upstream.IdleUpstreams;
import org.smtpguard.proxy.upstream.UpstreamConnector;
import org.smtpguard.proxy.upstream.UpstreamTarget;

/**
 * What every client session of one running proxy shares; built once at start. The TLS material comes
 * from suppliers: certificate files that change are reloaded, and each new session takes the current
 * material ({@link #clientTls()}, {@link #connector()}).
 */
public record ProxyContext(SmtpguardConfig config, Supplier<UpstreamConnector> connectorSource, UpstreamTarget target,
                           Supplier<ClientTlsContext> clientTlsSource, CommandFilters filters,
                           CapabilityPolicy capabilityPolicy, ProxyMetrics metrics, TlsRptRecorder tlsRpt,
                           ClientAdmission admission, MxConnector mx,
                           Function<String, Optional<StsLookup>> mtaStsLatest, ClientConnections connections,
                           ConnectionCaps connectionCaps, IdleUpstreams idleUpstreams) {

    /** The upstream connector with the current trust anchors. */
    public UpstreamConnector connector() {
        return connectorSource.get();
    }

    /** smtpguard's TLS towards clients with the current certificate. */
    public ClientTlsContext clientTls() {
        return clientTlsSource.get();
    }

    /**
     * @param admission rates and DNS blocklists at connect, and each session's abuse guard
     * @param mx        mx mode's MX connector; null when relaying to {@code target}
     * @param mtaStsLatest the MTA-STS policy last seen for a domain, for the TLS-RPT counts
     * @param connections the open client connections, which a shutdown reaches
     * @param connectionCaps the caps on concurrent client connections, in total and per address
     * @param idleUpstreams verified connections to the fixed upstream kept for the next session
     */
    public ProxyContext {
    }

    ClientSession newSession(ClientLeg leg, SessionListener log, ClientGuard guard) {
        var limits = config.limits();
        return new ClientSession(config.client().greetingName(), leg,
                new SessionLimits(limits.messageSize(), limits.pipelineDepth(), limits.errors()),
                filters, capabilityPolicy, log, guard, mx != null);
    }

    /**
     * What hears a new session's events: its log lines, its metrics, its TLS-RPT counts (in mx mode
     * {@link MxConnector} counts each MX connection under its recipient domain instead).
     */
    SessionListener sessionListener(Channel client, ClientLeg leg) {
        var log = new SessionLog(ProxyProtocolHandler.clientAddress(client), client.localAddress(), leg, target);
        SessionListener tlsRptCounts = mx != null ? new SessionListener() { }
                : TlsRptSessionListener.forTarget(tlsRpt, target, mtaStsLatest);
        return SessionListeners.of(log, new SessionMetrics(metrics, leg.tls()), tlsRptCounts);
    }

    /** The first handler of every client pipeline: counts the client leg's bytes on the wire. */
    io.netty.channel.ChannelHandler clientWireBytes() {
        return metrics.clientWireBytes();
    }

    /** The pipeline initializer for a listener: plaintext with STARTTLS ({@code NONE}), or {@code IMPLICIT}. */
    public io.netty.channel.ChannelHandler newInitializer(ClientLeg.ClientTls listenerTls) {
        return new ClientInitializer(this, listenerTls);
    }
}
