package org.smtpguard.proxy.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.smtpguard.certs.VerificationOutcome;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.codec.SmtpCodecException;
import org.smtpguard.proxy.codec.SmtpReplyDecoder;
import org.smtpguard.proxy.config.UpstreamTlsMode;
import org.smtpguard.proxy.log.FailureText;
import org.smtpguard.proxy.log.LogText;

/**
 * The phase handler of a new upstream connection, from the greeting to the EHLO after TLS. It
 * completes the promise with a {@link VerifiedUpstream} and removes itself, or fails it with the
 * first reason the upstream cannot be trusted. Every step has a deadline.
 */
final class UpstreamHandshakeHandler extends ChannelInboundHandlerAdapter {

    static final String TLS_NAME = "upstream-tls";
    static final String DECODER_NAME = "upstream-replies";

    private enum Phase { GREETING, EHLO, STARTTLS, TLS, EHLO_AFTER_TLS, DONE }

    private final UpstreamTarget target;
    private final UpstreamConnector.Settings settings;
    private final UpstreamTlsContext tls;
    private final Promise<VerifiedUpstream> promise;
    private final UpstreamObserver observer;
    private Phase phase;
    private ScheduledFuture<?> deadline;

    UpstreamHandshakeHandler(UpstreamTarget target, UpstreamConnector.Settings settings, UpstreamTlsContext tls,
                             Promise<VerifiedUpstream> promise, UpstreamObserver observer) {
        this.target = target;
        this.settings = settings;
        this.tls = tls;
        this.promise = promise;
        this.observer = observer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (target.tlsMode() == UpstreamTlsMode.IMPLICIT) {
            phase = Phase.TLS;
            watchHandshake(ctx, ctx.pipeline().get(SslHandler.class), Phase.GREETING);
        } else {
            phase = Phase.GREETING;
            armDeadline(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Reply reply)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        switch (phase) {
            case GREETING -> onGreeting(ctx, reply);
            case EHLO -> onPlaintextEhlo(ctx, reply);
            case STARTTLS -> onStartTlsReply(ctx, reply);
            case EHLO_AFTER_TLS -> onEhloAfterTls(ctx, reply);
            case TLS -> fail(ctx, RefusalReason.BYTES_AFTER_STARTTLS,
                    "reply before the TLS handshake finished: " + reply.code());
            case DONE -> ctx.fireChannelRead(reply);
        }
    }

    private void onGreeting(ChannelHandlerContext ctx, Reply reply) {
        if (reply.code() != 220) {
            fail(ctx, RefusalReason.UPSTREAM_REJECTED, "greeting " + seen(reply));
            return;
        }
        phase = target.tlsMode() == UpstreamTlsMode.IMPLICIT ? Phase.EHLO_AFTER_TLS : Phase.EHLO;
        sendEhlo(ctx);
    }

    private void onPlaintextEhlo(ChannelHandlerContext ctx, Reply reply) {
        if (reply.code() != 250) {
            fail(ctx, RefusalReason.STARTTLS_MISSING, "EHLO refused: " + seen(reply));
            return;
        }
        if (!Capabilities.fromEhloReply(reply).has("STARTTLS")) {
            fail(ctx, RefusalReason.STARTTLS_MISSING, "STARTTLS not in the EHLO reply");
            return;
        }
        phase = Phase.STARTTLS;
        send(ctx, "STARTTLS");
    }

    private void onStartTlsReply(ChannelHandlerContext ctx, Reply reply) {
        if (reply.code() != 220) {
            fail(ctx, RefusalReason.STARTTLS_REJECTED, "STARTTLS answered " + seen(reply));
            return;
        }
        int injected = ctx.pipeline().get(SmtpReplyDecoder.class).bufferedBytes();
        if (injected > 0) {
            fail(ctx, RefusalReason.BYTES_AFTER_STARTTLS, injected + " bytes followed the 220 to STARTTLS");
            return;
        }
        phase = Phase.TLS;
        SslHandler ssl = tls.newHandler(ctx.alloc(), target);
        ctx.pipeline().addFirst(TLS_NAME, ssl);
        watchHandshake(ctx, ssl, Phase.EHLO_AFTER_TLS);
    }

    private void watchHandshake(ChannelHandlerContext ctx, SslHandler ssl, Phase next) {
        cancelDeadline(); // the TLS handler has its own handshake timeout
        long started = System.nanoTime();
        ssl.handshakeFuture().addListener(f -> {
            if (phase != Phase.TLS) {
                return;
            }
            if (!f.isSuccess()) {
                failHandshake(ctx, f.cause());
                return;
            }
            observer.tlsHandshakeFinished(java.time.Duration.ofNanos(System.nanoTime() - started));
            phase = next;
            if (next == Phase.EHLO_AFTER_TLS) {
                sendEhlo(ctx); // RFC 3207 §4.2: learn the capabilities again, over TLS
            } else {
                armDeadline(ctx);
            }
        });
    }

    private void failHandshake(ChannelHandlerContext ctx, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateRejectedException rejected) {
                VerificationOutcome outcome = rejected.result().outcome();
                RefusalReason reason = switch (outcome) {
                    case EXPIRED, NOT_YET_VALID -> RefusalReason.CERT_EXPIRED;
                    case NAME_MISMATCH -> RefusalReason.CERT_NAME_MISMATCH;
                    case PIN_MISMATCH -> RefusalReason.CERT_PIN_MISMATCH;
                    case TLSA_MISMATCH -> RefusalReason.CERT_TLSA_MISMATCH;
                    default -> RefusalReason.CERT_UNTRUSTED;
                };
                fail(ctx, reason, reason == RefusalReason.CERT_PIN_MISMATCH
                        ? pinMismatch(rejected.presentedPins()) : LogText.peer(rejected.result().detail()));
                return;
            }
            if (t instanceof SslHandshakeTimeoutException) {
                fail(ctx, RefusalReason.TIMEOUT, "TLS handshake timed out");
                return;
            }
        }
        fail(ctx, RefusalReason.HANDSHAKE_FAILED, "TLS handshake failed: " + FailureText.of(cause));
    }

    /**
     * Like OkHttp's pinning failure: the pins the upstream presented, whole (smtpguard computed them,
     * so they are not peer text and are not cut), comma-separated as {@code --upstream-pin} takes them.
     */
    private static String pinMismatch(java.util.List<String> presentedPins) {
        return "public key not pinned; the upstream presented " + String.join(",", presentedPins);
    }

    private void onEhloAfterTls(ChannelHandlerContext ctx, Reply reply) {
        if (reply.code() != 250) {
            fail(ctx, RefusalReason.UPSTREAM_REJECTED, "EHLO after TLS refused: " + seen(reply));
            return;
        }
        phase = Phase.DONE;
        cancelDeadline();
        SSLEngine engine = ctx.pipeline().get(SslHandler.class).engine();
        SSLSession session = engine.getSession();
        boolean resumed = TlsResumption.wasResumed(engine);
        tls.handshakeDone(resumed);
        VerifiedUpstream upstream = new VerifiedUpstream(ctx.channel(), target, Capabilities.fromEhloReply(reply),
                session.getProtocol(), session.getCipherSuite(), leaf(session), resumed);
        ctx.pipeline().remove(this);
        if (!promise.trySuccess(upstream)) {
            ctx.close();
        }
    }

    private static X509Certificate leaf(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private void sendEhlo(ChannelHandlerContext ctx) {
        send(ctx, "EHLO " + settings.heloName());
    }

    private void send(ChannelHandlerContext ctx, String line) {
        armDeadline(ctx);
        ctx.writeAndFlush(ctx.alloc().buffer().writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    private void armDeadline(ChannelHandlerContext ctx) {
        cancelDeadline();
        Phase waitingFor = phase;
        deadline = ctx.executor().schedule(() -> fail(ctx, RefusalReason.TIMEOUT,
                        "no reply in " + settings.replyTimeout().toSeconds() + "s while waiting for "
                                + waitingFor.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')),
                settings.replyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (phase == Phase.TLS) {
            fail(ctx, RefusalReason.HANDSHAKE_FAILED, "connection closed during the TLS handshake");
        } else {
            fail(ctx, RefusalReason.UPSTREAM_LOST, "connection closed while waiting for "
                    + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof SmtpCodecException codec) {
            fail(ctx, phase == Phase.TLS ? RefusalReason.BYTES_AFTER_STARTTLS : RefusalReason.UPSTREAM_PROTOCOL_ERROR,
                    codec.getMessage());
        } else if (phase == Phase.TLS) {
            failHandshake(ctx, cause);
        } else {
            fail(ctx, RefusalReason.UPSTREAM_LOST, FailureText.of(cause));
        }
    }

    private void fail(ChannelHandlerContext ctx, RefusalReason reason, String seen) {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        cancelDeadline();
        promise.tryFailure(new UpstreamRefused(reason, seen));
        ctx.close();
    }

    private static String seen(Reply reply) {
        return LogText.peer(reply.toString());
    }
}
