package org.smtpguard.proxy.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.codec.CommandLineError;
import org.smtpguard.proxy.codec.DataChunk;
import org.smtpguard.proxy.codec.DataEnd;
import org.smtpguard.proxy.codec.SmtpCommandDecoder;
import org.smtpguard.proxy.log.FailureText;
import org.smtpguard.proxy.session.ClientLeg;
import org.smtpguard.proxy.session.ClientSession;
import org.smtpguard.proxy.session.SessionAction;
import org.smtpguard.proxy.session.SessionListener;
import org.smtpguard.proxy.session.SessionState;
import org.smtpguard.proxy.session.UpstreamTls;
import org.smtpguard.proxy.upstream.UpstreamRefused;
import org.smtpguard.proxy.upstream.VerifiedUpstream;

/**
 * Carries out one {@link ClientSession} on Netty: opens the verified upstream on the client's event
 * loop, feeds the session with client input and upstream replies, and performs its actions. Reads
 * from the client only when the session wants input and the upstream can take more (AUTO_READ off).
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final byte[] QUIT = "QUIT\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ProxyContext proxy;
    private final ClientLeg.ClientTls listenerTls;
    private final SmtpCommandDecoder decoder;
    private final SessionWatchdog watchdog;
    private ChannelHandlerContext ctx;
    private ClientSession session;
    private SessionListener events;
    private VerifiedUpstream upstream;
    private SessionAction.InputMode pendingInput;
    private boolean upstreamWritten;
    private boolean upstreamClosing;

    /** {@code decoder} is the one just before this handler: the session tells it how to read on. */
    SessionHandler(ProxyContext proxy, ClientLeg.ClientTls listenerTls, SmtpCommandDecoder decoder) {
        this.proxy = proxy;
        this.listenerTls = listenerTls;
        this.decoder = decoder;
        this.watchdog = new SessionWatchdog(proxy.config().timeouts(), proxy.config().limits());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        boolean trusted = proxy.config().client().trustedNetworks().contains(client.getAddress());
        ClientLeg leg = new ClientLeg(listenerTls, trusted, listenerTls == ClientLeg.ClientTls.NONE);
        events = proxy.sessionListener(ctx.channel(), leg);
        session = proxy.newSession(leg, events);
        events.sessionStarted();
        watchdog.start(ctx.executor(), session, this::onLate);
        if (listenerTls == ClientLeg.ClientTls.IMPLICIT) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            tls.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    var established = tls.engine().getSession();
                    events.clientTlsEstablished(ClientLeg.ClientTls.IMPLICIT, established.getProtocol(),
                            established.getCipherSuite());
                } else {
                    clientTlsFailed(f.cause());
                }
            });
        }
        proxy.connector().connect(proxy.target(), ctx.channel().eventLoop()).addListener(f -> {
            if (f.isSuccess()) {
                onUpstreamVerified((VerifiedUpstream) f.getNow());
            } else if (f.cause() instanceof UpstreamRefused refused) {
                events.upstreamRefused(refused.reason(), refused.seen());
                perform(session.end(refused.reason()));
            } else {
                events.upstreamRefused(RefusalReason.CONNECT_FAILED, FailureText.of(f.cause()));
                perform(session.end(RefusalReason.CONNECT_FAILED));
            }
        });
        ctx.fireChannelActive();
    }

    private void onUpstreamVerified(VerifiedUpstream verified) {
        if (!ctx.channel().isActive()) {
            verified.channel().close();
            return;
        }
        upstream = verified;
        events.upstreamVerified(new UpstreamTls(verified.tlsProtocol(), verified.tlsCipher(),
                java.util.Optional.ofNullable(verified.peerCertificate()), verified.resumed()));
        verified.channel().pipeline().addLast("session", new UpstreamReplyRelay(this));
        perform(session.onUpstreamReady(verified.capabilities()));
    }

    // ---- client input ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        watchdog.clientRead();
        if (msg instanceof Command command) {
            perform(session.onCommand(command));
        } else if (msg instanceof CommandLineError error) {
            RefusalReason reason = error == CommandLineError.LINE_TOO_LONG
                    ? RefusalReason.LINE_TOO_LONG : RefusalReason.BAD_LINE_ENDING;
            perform(session.onLineRefused(reason));
        } else if (msg instanceof DataChunk chunk) {
            relayData(chunk);
        } else if (msg instanceof DataEnd end) {
            watchdog.dataEnded();
            if (end.bareLineEndingsFixed() > 0) {
                events.bareLineEndingsFixed(end.bareLineEndingsFixed());
            }
            perform(session.onDataEnd());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void relayData(DataChunk chunk) {
        int size = chunk.content().readableBytes();
        watchdog.dataBytes(size);
        if (session.onDataChunk(size) && upstream != null) {
            upstream.channel().write(chunk.content()); // the write owns the buffer now
            upstreamWritten = true;
        } else {
            chunk.release();
        }
        List<SessionAction> abort = session.pendingActions();
        if (!abort.isEmpty()) {
            perform(abort); // content itself is flushed once per read, in channelReadComplete
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushUpstream();
        maybeRead();
        ctx.fireChannelReadComplete();
    }

    /**
     * Flow control: read on only while the session wants input, the decoder is not paused (after
     * DATA, AUTH or STARTTLS what comes next is not known yet, so nothing more is buffered) and the
     * upstream keeps up.
     */
    private void maybeRead() {
        if (session == null || !ctx.channel().isActive() || !session.wantsClientInput()
                || decoder.paused()) {
            return;
        }
        if (session.state() == SessionState.DATA && upstream != null && !upstream.channel().isWritable()) {
            return; // back-pressure while forwarding content; resumed by upstreamWritabilityChanged
        }
        ctx.read();
    }

    void upstreamWritabilityChanged() {
        maybeRead();
    }

    // ---- upstream events ----

    void onUpstreamReply(Reply reply) {
        watchdog.upstreamReplied();
        perform(session.onUpstreamReply(reply));
    }

    void onUpstreamLost(String why) {
        if (session.state() != SessionState.CLOSED) {
            events.upstreamLost(why);
        }
        perform(session.onUpstreamLost());
    }

    /** The upstream sent a reply over the reply limits (lines, line length, bytes). */
    void onUpstreamReplyTooLarge(String why) {
        if (session.state() != SessionState.CLOSED) {
            events.upstreamLost(why);
        }
        perform(session.end(RefusalReason.UPSTREAM_REPLY_TOO_LARGE));
    }

    /** TLS is not up, so no reply can be sent; a handshake that took too long is a limit hit. */
    private void clientTlsFailed(Throwable cause) {
        if (cause instanceof io.netty.handler.ssl.SslHandshakeTimeoutException) {
            events.limitHit(RefusalReason.CLIENT_TLS_TIMEOUT);
        }
        events.clientTlsFailed(FailureText.of(cause));
    }

    private void onLate(SessionWatchdog.Late late) {
        perform(session.end(switch (late) {
            case CLIENT_IDLE -> RefusalReason.CLIENT_TIMEOUT;
            case DATA_TOO_SLOW -> RefusalReason.DATA_TOO_SLOW;
            case UPSTREAM_REPLY -> RefusalReason.TIMEOUT;
        }));
    }

    // ---- carrying out the session's actions ----

    private void perform(List<SessionAction> actions) {
        boolean clientWritten = false;
        for (SessionAction action : actions) {
            if (action instanceof SessionAction.ToClient toClient) {
                ctx.write(Unpooled.wrappedBuffer(toClient.reply().toWire()));
                clientWritten = true;
            } else if (action instanceof SessionAction.ToUpstream toUpstream) {
                writeUpstream(toUpstream);
            } else if (action instanceof SessionAction.ClientInput input) {
                pendingInput = input.mode();
            } else if (action instanceof SessionAction.StartClientTls start) {
                startClientTls(start.ready());
                clientWritten = false;
            } else if (action instanceof SessionAction.CloseUpstream close) {
                closeUpstream(close.sendQuit());
            } else if (action instanceof SessionAction.CloseClient) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                clientWritten = false;
            }
        }
        if (clientWritten) {
            ctx.flush();
        }
        applyPendingInput(); // may decode buffered content and write it upstream
        flushUpstream();
        maybeRead();
    }

    private void writeUpstream(SessionAction.ToUpstream toUpstream) {
        if (upstream == null) {
            return;
        }
        upstream.channel().write(Unpooled.wrappedBuffer(toUpstream.bytes()));
        upstreamWritten = true;
        watchdog.upstreamWrite(toUpstream.endOfData());
    }

    private void flushUpstream() {
        if (upstreamWritten && upstream != null) {
            upstreamWritten = false;
            upstream.channel().flush();
        }
    }

    /** Decoder instructions run last: they may decode buffered input and call back into this handler. */
    private void applyPendingInput() {
        SessionAction.InputMode mode = pendingInput;
        pendingInput = null;
        if (mode == null || !ctx.channel().isActive()) {
            return;
        }
        switch (mode) {
            case COMMANDS -> decoder.resumeCommands();
            case AUTH_LINE -> decoder.startAuthLine();
            case DATA -> decoder.startData();
        }
    }

    private void startClientTls(Reply ready) {
        int discarded = decoder.discardBuffered();
        if (discarded > 0) {
            events.startTlsInjectionDiscarded(discarded);
        }
        // The TLS handler goes in before the 220 is written; it lets that one write through in plaintext.
        SslHandler tls = proxy.clientTls().newStartTlsHandler(ctx.alloc());
        ctx.pipeline().addFirst(ClientInitializer.TLS_NAME, tls);
        tls.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                var established = tls.engine().getSession();
                events.clientTlsEstablished(ClientLeg.ClientTls.STARTTLS, established.getProtocol(),
                        established.getCipherSuite());
            } else {
                clientTlsFailed(f.cause());
                ctx.close();
            }
        });
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ready.toWire()));
    }

    private void closeUpstream(boolean sendQuit) {
        if (upstream == null || upstreamClosing) {
            return;
        }
        upstreamClosing = true;
        Channel channel = upstream.channel();
        if (sendQuit && channel.isActive()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(QUIT)).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    // ---- end ----

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        watchdog.stop();
        if (session != null) {
            boolean midMessage = session.state() == SessionState.DATA;
            session.onClientClosed();
            // A client gone mid-DATA: the upstream is closed without the final "." (no message).
            closeUpstream(!midMessage);
            events.sessionEnded(session.stats());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.clientError(FailureText.of(cause));
        ctx.close();
    }
}
