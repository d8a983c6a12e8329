package org.smtpguard.proxy.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.abuse.ClientAdmission;
import org.smtpguard.proxy.codec.CommandLineError;
import org.smtpguard.proxy.codec.DataChunk;
import org.smtpguard.proxy.codec.DataEnd;
import org.smtpguard.proxy.codec.SmtpCommandDecoder;
import org.smtpguard.proxy.log.FailureText;
import org.smtpguard.proxy.mx.MxConnector;
import org.smtpguard.proxy.session.ClientLeg;
import org.smtpguard.proxy.session.ClientSession;
import org.smtpguard.proxy.session.SessionAction;
import org.smtpguard.proxy.session.SessionListener;
import org.smtpguard.proxy.session.SessionState;
import org.smtpguard.proxy.session.Xclient;
import org.smtpguard.proxy.upstream.UpstreamRefused;
import org.smtpguard.proxy.upstream.VerifiedUpstream;

/**
 * Carries out one {@link ClientSession} on Netty: admits the client (rates, DNS blocklists), opens the
 * verified upstream on the client's event loop (in mx mode: greets at once and connects an MX when
 * the session asks), feeds the session with client input and upstream replies, and performs its
 * actions. Reads from the client only when the session wants input and the upstream can take more
 * (AUTO_READ off).
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private final ProxyContext proxy;
    private final ClientLeg.ClientTls listenerTls;
    private final SmtpCommandDecoder decoder;
    private final SessionWatchdog watchdog;
    private final UpstreamLink upstream = new UpstreamLink();
    private ChannelHandlerContext ctx;
    private ClientSession session;
    private SessionListener events;
    private TarpitGate tarpit;
    private SessionAction.InputMode pendingInput;
    /** The client asked for STARTTLS: a TLS handshake now is that, not implicit TLS. */
    private boolean startTlsRequested;

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
        this.tarpit = new TarpitGate(ctx.executor(), this::perform);
        InetSocketAddress client = ProxyProtocolHandler.clientAddress(ctx.channel());
        boolean trusted = proxy.config().client().trustedNetworks().contains(client.getAddress());
        ClientLeg leg = new ClientLeg(listenerTls, trusted, listenerTls == ClientLeg.ClientTls.NONE);
        events = proxy.sessionListener(ctx.channel(), leg);
        session = proxy.newSession(leg, events, proxy.admission().abuse().guardFor(client.getAddress()));
        events.sessionStarted();
        watchdog.start(ctx.executor(), session, this::onLate);
        proxy.admission().admit(client.getAddress())
                .whenComplete((verdict, error) -> ctx.executor().execute(() -> onAdmission(verdict)));
        ctx.fireChannelActive();
    }

    private void onAdmission(ClientAdmission.Verdict verdict) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (verdict != null && verdict.refusal().isPresent()) {
            events.clientRefused(verdict.refusal().get(), verdict.detail());
            perform(session.end(verdict.refusal().get()));
            return;
        }
        if (proxy.mx() != null) {
            perform(session.greetLocally());
            return;
        }
        VerifiedUpstream kept = proxy.idleUpstreams().take(ctx.channel().eventLoop());
        if (kept != null) {
            onUpstreamVerified(kept, true);
            return;
        }
        proxy.connector().connect(proxy.target(), ctx.channel().eventLoop()).addListener(f -> {
            if (f.isSuccess()) {
                onUpstreamVerified((VerifiedUpstream) f.getNow(), false);
            } else {
                UpstreamRefused refused = refusal(f.cause());
                events.upstreamRefused(refused.reason(), refused.seen());
                perform(session.end(refused.reason()));
            }
        });
    }

    /** {@code reused}: kept from an earlier session (verified when it was opened), not just connected. */
    private void onUpstreamVerified(VerifiedUpstream verified, boolean reused) {
        if (!ctx.channel().isActive() || session.state() == SessionState.CLOSED) {
            verified.channel().close();
            return;
        }
        upstream.attach(verified, this);
        if (reused) {
            events.upstreamReused(verified.tls());
        } else {
            events.upstreamVerified(verified.tls());
        }
        if (proxy.config().upstream().xclient() && Xclient.offered(verified.capabilities())) {
            sendXclient(verified);
        } else {
            perform(session.onUpstreamReady(verified.capabilities()));
        }
    }

    /**
     * {@code upstream.xclient}: the upstream learns the client's address before the client is greeted;
     * the XCLIENT phase sits before the reply relay and keeps the replies it is waiting for.
     */
    private void sendXclient(VerifiedUpstream verified) {
        byte[] command = Xclient.command(verified.capabilities(), ProxyProtocolHandler.clientAddress(ctx.channel()));
        verified.channel().pipeline().addBefore("session", "xclient", new XclientHandler(command,
                proxy.config().upstream().heloName(), proxy.config().timeouts().upstreamReply(),
                new XclientHandler.Outcome() {
                    @Override
                    public void xclientAccepted(Capabilities capabilities) {
                        perform(session.onUpstreamReady(capabilities));
                    }

                    @Override
                    public void xclientRefused(Reply reply) {
                        // nothing changed upstream: its EHLO stands
                        perform(session.onUpstreamReady(verified.capabilities()));
                    }

                    @Override
                    public void xclientFailed(RefusalReason reason, String why) {
                        perform(session.end(reason));
                    }
                }));
    }

    /** mx mode: the session asks for an MX of {@code domain}. */
    private void connectMx(String domain) {
        MxConnector.AttemptLog attempts = (d, target, refused) -> events.mxAttemptFailed(d, target.tlsName(),
                target.address().toString(), refused.reason(), refused.seen());
        proxy.mx().connect(domain, ctx.channel().eventLoop(), attempts).addListener(f -> {
            if (f.isSuccess()) {
                var target = ((VerifiedUpstream) f.getNow()).target();
                events.upstreamChosen(domain, target.tlsName(), target.address().toString());
                onUpstreamVerified((VerifiedUpstream) f.getNow(), false);
            } else if (ctx.channel().isActive()) {
                UpstreamRefused refused = refusal(f.cause());
                events.mxRefused(domain, refused.reason(), refused.seen());
                perform(session.onUpstreamFailed(refused.reason()));
            }
        });
    }

    private static UpstreamRefused refusal(Throwable cause) {
        return cause instanceof UpstreamRefused refused ? refused
                : new UpstreamRefused(RefusalReason.CONNECT_FAILED, FailureText.of(cause));
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
        if (session.onDataChunk(size) && upstream.present()) {
            upstream.write(chunk.content()); // the write owns the buffer now
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
        upstream.flush();
        maybeRead();
        ctx.fireChannelReadComplete();
    }

    /**
     * Flow control: read on only while the session wants input, the decoder is not paused (after
     * DATA, AUTH or STARTTLS what comes next is not known yet, so nothing more is buffered), no
     * tarpit delay runs and the upstream keeps up.
     */
    private void maybeRead() {
        if (session == null || !ctx.channel().isActive() || !session.wantsClientInput()
                || decoder.paused() || tarpit.closed()) {
            return;
        }
        if (session.state() == SessionState.DATA && !upstream.writable()) {
            return; // back-pressure while forwarding content; resumed by upstreamWritabilityChanged
        }
        ctx.read();
    }

    void upstreamWritabilityChanged(VerifiedUpstream from) {
        if (upstream.isCurrent(from)) {
            maybeRead();
        }
    }

    // ---- upstream events ----

    void onUpstreamReply(VerifiedUpstream from, Reply reply) {
        if (!upstream.isCurrent(from)) {
            return; // e.g. the 221 of an MX closed after QUIT
        }
        watchdog.upstreamReplied();
        perform(session.onUpstreamReply(reply));
    }

    void onUpstreamLost(VerifiedUpstream from, String why) {
        if (!upstream.isCurrent(from)) {
            return;
        }
        if (session.state() != SessionState.CLOSED) {
            events.upstreamLost(why);
        }
        upstream.close(false);
        perform(session.onUpstreamLost());
    }

    /** The upstream sent a reply over the reply limits (lines, line length, bytes). */
    void onUpstreamReplyTooLarge(VerifiedUpstream from, String why) {
        if (!upstream.isCurrent(from)) {
            return;
        }
        if (session.state() != SessionState.CLOSED) {
            events.upstreamLost(why);
        }
        upstream.close(false);
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
        if (tarpit.closed()) {
            tarpit.hold(actions);
            return;
        }
        boolean clientWritten = false;
        for (int i = 0; i < actions.size(); i++) {
            SessionAction action = actions.get(i);
            if (action instanceof SessionAction.Delay delay) {
                startTarpit(delay, actions.subList(i + 1, actions.size()));
                break;
            } else if (action instanceof SessionAction.ToClient toClient) {
                ctx.write(Unpooled.wrappedBuffer(toClient.reply().toWire()));
                clientWritten = true;
            } else if (action instanceof SessionAction.ToUpstream toUpstream) {
                upstream.write(Unpooled.wrappedBuffer(toUpstream.bytes()));
                watchdog.upstreamWrite(toUpstream.endOfData());
            } else if (action instanceof SessionAction.ClientInput input) {
                pendingInput = input.mode();
            } else if (action instanceof SessionAction.StartClientTls start) {
                startClientTls(start.ready());
                clientWritten = false;
            } else if (action instanceof SessionAction.ConnectUpstream connect) {
                connectMx(connect.domain());
            } else if (action instanceof SessionAction.CloseUpstream close) {
                if (close.reuse() != SessionAction.Reuse.NEVER && proxy.idleUpstreams().enabled()) {
                    upstream.release(proxy.idleUpstreams(), close.reuse() == SessionAction.Reuse.AFTER_RSET);
                } else {
                    upstream.close(close.sendQuit());
                }
            } else if (action instanceof SessionAction.CloseClient) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                clientWritten = false;
            }
        }
        if (clientWritten) {
            ctx.flush();
        }
        applyPendingInput(); // may decode buffered content and write it upstream
        upstream.flush();
        maybeRead();
    }

    /** Holds the rest back for the delay; the decoder fires nothing meanwhile. */
    private void startTarpit(SessionAction.Delay delay, List<SessionAction> rest) {
        List<SessionAction> later = new ArrayList<>(rest.size() + 1);
        if (pendingInput != null) { // an earlier decoder instruction keeps its place in the order
            later.add(new SessionAction.ClientInput(pendingInput));
            pendingInput = null;
        }
        later.addAll(rest);
        boolean paused = decoder.pause();
        tarpit.close(delay.delay(), later, () -> {
            if (paused) {
                pendingInput = SessionAction.InputMode.COMMANDS; // a later instruction in the list wins
            }
        });
    }

    /** Decoder instructions run last: they may decode buffered input and call back into this handler. */
    private void applyPendingInput() {
        SessionAction.InputMode mode = pendingInput;
        pendingInput = null;
        if (mode == null || !ctx.channel().isActive()) {
            return;
        }
        switch (mode) {
            case COMMANDS -> {
                if (decoder.paused()) {
                    decoder.resumeCommands();
                }
            }
            case AUTH_LINE -> decoder.startAuthLine();
            case DATA -> decoder.startData();
            case PAUSE -> decoder.pause();
        }
    }

    private void startClientTls(Reply ready) {
        int discarded = decoder.discardBuffered();
        if (discarded > 0) {
            events.startTlsInjectionDiscarded(discarded);
        }
        // The TLS handler goes in before the 220 is written; it lets that one write through in plaintext.
        startTlsRequested = true;
        ctx.pipeline().addFirst(ClientInitializer.TLS_NAME, proxy.clientTls().newStartTlsHandler(ctx.alloc()));
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ready.toWire()));
    }

    /**
     * The client leg's TLS handshake ended (implicit TLS or after STARTTLS). Heard as an event, not on
     * the handler's future, because with SNI certificates the TLS handler is only made once the
     * client's hello has named the host.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof ClientConnections.Notice notice) { // a shutdown (SIGTERM)
            if (session == null) {
                ctx.close();
            } else if (notice == ClientConnections.Notice.SHUTDOWN) {
                perform(session.onShutdown());
            } else {
                perform(session.end(RefusalReason.SHUTTING_DOWN));
            }
            return;
        }
        if (event instanceof SslHandshakeCompletionEvent done && events != null) {
            ClientLeg.ClientTls how = startTlsRequested ? ClientLeg.ClientTls.STARTTLS : ClientLeg.ClientTls.IMPLICIT;
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (done.isSuccess() && tls != null) {
                SSLSession established = tls.engine().getSession();
                events.clientTlsEstablished(how, established.getProtocol(), established.getCipherSuite());
                clientCertificate(established).ifPresent(events::clientCertificate);
            } else {
                clientTlsFailed(done.cause());
                if (how == ClientLeg.ClientTls.STARTTLS) {
                    ctx.close();
                }
            }
        }
        super.userEventTriggered(ctx, event);
    }

    /** The certificate a client showed (only asked for with client.tls.client_auth), verified by the handshake. */
    private static java.util.Optional<java.security.cert.X509Certificate> clientCertificate(SSLSession session) {
        try {
            java.security.cert.Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate x
                    ? java.util.Optional.of(x) : java.util.Optional.empty();
        } catch (SSLPeerUnverifiedException none) {
            return java.util.Optional.empty();
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
            upstream.close(!midMessage);
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
