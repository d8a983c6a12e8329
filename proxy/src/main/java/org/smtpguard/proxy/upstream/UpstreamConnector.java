package org.smtpguard.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.tls.TlsRequirement;
import org.smtpguard.proxy.codec.SmtpReplyDecoder;
import org.smtpguard.proxy.config.UpstreamTlsMode;
import org.smtpguard.proxy.log.LogText;
import org.smtpguard.proxy.net.Transport;

/**
 * Opens verified upstream connections: connect, greeting, EHLO, STARTTLS (required, answered 220, no
 * byte after it), TLS with a verified certificate, EHLO again. The only maker of
 * {@link VerifiedUpstream}; failures are {@link UpstreamRefused} with a reason.
 */
public final class UpstreamConnector {

    /** The bounds and deadlines of the upstream leg. */
    public record Settings(String heloName, Duration connectTimeout, Duration replyTimeout,
                           int replyLine, int replyLines, int replyBytes) {
    }

    private final UpstreamTlsContext tls;
    private final Settings settings;
    private final Transport transport;
    private final Executor resolverExecutor;
    private final UpstreamObserver observer;
    private final TlsPlanner planner;

    /**
     * @param resolverExecutor where host names are resolved, so that a slow DNS answer never blocks
     *                         an event loop
     */
    public UpstreamConnector(UpstreamTlsContext tls, Settings settings, Transport transport, Executor resolverExecutor) {
        this(tls, settings, transport, resolverExecutor, UpstreamObserver.NONE);
    }

    /** A connector that reports its connections' latencies and traffic to {@code observer}. */
    public UpstreamConnector(UpstreamTlsContext tls, Settings settings, Transport transport, Executor resolverExecutor,
                             UpstreamObserver observer) {
        this(tls, settings, transport, resolverExecutor, observer, new TlsPlanner(null, MtaStsLookup.NONE));
    }

    /**
     * A connector that plans each connection's TLS with {@code planner} (DANE, MTA-STS, secure,
     * fingerprint) before connecting: a refused plan is an {@link UpstreamRefused} without a connection.
     */
    public UpstreamConnector(UpstreamTlsContext tls, Settings settings, Transport transport, Executor resolverExecutor,
                             UpstreamObserver observer, TlsPlanner planner) {
        this.planner = planner;
        this.tls = tls;
        this.settings = settings;
        this.transport = transport;
        this.resolverExecutor = resolverExecutor;
        this.observer = observer;
    }

    /** Connects on {@code loop} (the client channel's loop: no locks between the two legs). */
    public Future<VerifiedUpstream> connect(UpstreamTarget target, EventLoop loop) {
        Promise<VerifiedUpstream> promise = loop.newPromise();
        planner.plan(target).whenComplete((planned, error) -> loop.execute(() -> {
            if (error != null) {
                promise.tryFailure(new UpstreamRefused(RefusalReason.DNS_FAILED, "TLS policy look-ups failed: "
                        + LogText.oneLine(error), error));
            } else if (planned.plan().requirement() instanceof TlsRequirement.Refused refused) {
                promise.tryFailure(new UpstreamRefused(refused.reason(), "level " + target.tls().level()
                        + ": " + planned.plan().why()));
            } else {
                resolveAndConnect(target.withPlanned(planned), loop, promise);
            }
        }));
        return promise;
    }

    private void resolveAndConnect(UpstreamTarget target, EventLoop loop, Promise<VerifiedUpstream> promise) {
        InetAddress literal = target.address().ipAddress().orElse(null);
        if (literal != null && loop.inEventLoop()) {
            // nothing to resolve: connect now, without a round trip through the resolver's threads
            connect(target, new InetSocketAddress(literal, target.address().port()), loop, promise);
            return;
        }
        CompletableFuture
                .supplyAsync(() -> resolve(target.address().host()), resolverExecutor)
                .whenComplete((address, error) -> loop.execute(() -> {
                    if (error != null) {
                        promise.tryFailure(new UpstreamRefused(RefusalReason.CONNECT_FAILED,
                                "cannot resolve " + target.address().host()));
                    } else {
                        connect(target, new InetSocketAddress(address, target.address().port()), loop, promise);
                    }
                }));
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private void connect(UpstreamTarget target, InetSocketAddress address, EventLoop loop,
                         Promise<VerifiedUpstream> promise) {
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        observer.wireHandler().ifPresent(h -> ch.pipeline().addLast(h));
                        if (target.tlsMode() == UpstreamTlsMode.IMPLICIT) {
                            ch.pipeline().addLast(UpstreamHandshakeHandler.TLS_NAME, tls.newHandler(ch.alloc(), target));
                        }
                        ch.pipeline().addLast(UpstreamHandshakeHandler.DECODER_NAME, new SmtpReplyDecoder(
                                settings.replyLine(), settings.replyLines(), settings.replyBytes()));
                        ch.pipeline().addLast(new UpstreamHandshakeHandler(target, settings, tls, promise, observer));
                    }
                });
        long connecting = System.nanoTime();
        ChannelFuture connected = bootstrap.connect(address);
        connected.addListener(f -> {
            if (f.isSuccess()) {
                observer.connected(Duration.ofNanos(System.nanoTime() - connecting));
            } else {
                RefusalReason reason = f.cause() instanceof ConnectTimeoutException
                        ? RefusalReason.TIMEOUT : RefusalReason.CONNECT_FAILED;
                promise.tryFailure(new UpstreamRefused(reason, "connect to " + address + ": "
                        + LogText.oneLine(f.cause()), f.cause()));
            }
        });
        promise.addListener(f -> {
            if (!f.isSuccess()) {
                connected.channel().close();
            }
        });
    }
}
