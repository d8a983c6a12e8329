package org.smtpguard.proxy.metrics;

import io.netty.channel.ChannelHandler;
import java.time.Duration;
import java.util.Optional;
import org.smtpguard.proxy.metrics.MetricLabels.Leg;
import org.smtpguard.proxy.upstream.UpstreamObserver;

/** The upstream connector's reports as metrics: connect and handshake latency, bytes on the upstream leg. */
public final class UpstreamMetrics implements UpstreamObserver {

    private final ProxyMetrics metrics;
    private final WireBytes wireBytes;

    public UpstreamMetrics(ProxyMetrics metrics) {
        this.metrics = metrics;
        this.wireBytes = new WireBytes(metrics, Leg.UPSTREAM);
    }

    @Override
    public void connected(Duration took) {
        metrics.upstreamConnected(took);
    }

    @Override
    public void tlsHandshakeFinished(Duration took) {
        metrics.upstreamHandshakeFinished(took);
    }

    @Override
    public Optional<ChannelHandler> wireHandler() {
        return Optional.of(wireBytes);
    }
}
