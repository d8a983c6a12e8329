package org.smtpguard.proxy.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.codec.SmtpCodecException;

/**
 * One SMTP session of the load generator, as a legacy client runs it: greeting, EHLO, [STARTTLS,
 * TLS, EHLO], [AUTH PLAIN], then MAIL, RCPT, DATA, content one step at a time for each message the
 * run lets it send, then QUIT. Every reply has a deadline. Reports each message to the {@link LoadRun}.
 */
final class SmtpClientSession extends ChannelInboundHandlerAdapter {

    private enum Step { GREETING, EHLO, STARTTLS, TLS, EHLO_AFTER_TLS, AUTH, MAIL, RCPT, DATA, CONTENT, QUIT, DONE }

    private static final ByteBuf EHLO = command("EHLO bench.client.test");
    private static final ByteBuf STARTTLS = command("STARTTLS");
    private static final ByteBuf MAIL = command("MAIL FROM:<" + MessageContent.FROM + ">");
    private static final ByteBuf RCPT = command("RCPT TO:<" + MessageContent.TO + ">");
    private static final ByteBuf DATA = command("DATA");
    private static final ByteBuf END_OF_DATA = command(".");
    private static final ByteBuf QUIT = command("QUIT");

    private final LoadRun run;
    private final long connectStarted;
    private Step step = Step.GREETING;
    private volatile ChannelHandlerContext ctx;
    private long messageStarted;
    private int sentHere;
    private ScheduledFuture<?> deadline;

    SmtpClientSession(LoadRun run, long connectStarted) {
        this.run = run;
        this.connectStarted = connectStarted;
        this.messageStarted = connectStarted;
    }

    static ByteBuf command(String line) {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes).asReadOnly());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (run.plan().mode() == BenchPlan.Mode.IMPLICIT) {
            step = Step.TLS;
            watchHandshake(Step.GREETING);
        } else {
            armDeadline();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Reply reply)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        cancelDeadline();
        switch (step) {
            case GREETING -> expect(reply, 220, Failure.GREETING, () -> send(Step.EHLO, EHLO));
            case EHLO -> expect(reply, 250, Failure.EHLO, () -> afterEhlo(reply));
            case STARTTLS -> expect(reply, 220, Failure.STARTTLS, this::startTls);
            case EHLO_AFTER_TLS -> expect(reply, 250, Failure.EHLO, this::afterSecureEhlo);
            case AUTH -> expect(reply, 235, Failure.AUTH, this::mail);
            case MAIL -> expect(reply, 250, Failure.MAIL, () -> send(Step.RCPT, RCPT));
            case RCPT -> expect(reply, 250, Failure.RCPT, () -> send(Step.DATA, DATA));
            case DATA -> expect(reply, 354, Failure.DATA, this::content);
            case CONTENT -> expect(reply, 250, Failure.MESSAGE, this::messageAccepted);
            case QUIT -> finish();
            default -> fail(Failure.PROTOCOL);
        }
    }

    private void expect(Reply reply, int code, Failure failure, Runnable next) {
        if (reply.code() == code) {
            next.run();
        } else {
            fail(failure);
        }
    }

    private void afterEhlo(Reply reply) {
        if (run.plan().mode() == BenchPlan.Mode.STARTTLS) {
            if (!Capabilities.fromEhloReply(reply).has("STARTTLS")) {
                fail(Failure.EHLO);
                return;
            }
            send(Step.STARTTLS, STARTTLS);
        } else {
            afterSecureEhlo();
        }
    }

    private void afterSecureEhlo() {
        ByteBuf auth = run.authLine();
        if (auth != null) {
            send(Step.AUTH, auth);
        } else {
            mail();
        }
    }

    private void startTls() {
        step = Step.TLS;
        ctx.pipeline().addFirst(run.newTlsHandler(ctx.alloc()));
        watchHandshake(Step.EHLO_AFTER_TLS);
    }

    private void watchHandshake(Step next) {
        armDeadline();
        ctx.pipeline().get(SslHandler.class).handshakeFuture().addListener(f -> {
            if (step != Step.TLS) {
                return;
            }
            cancelDeadline();
            if (!f.isSuccess()) {
                fail(Failure.TLS);
            } else if (next == Step.EHLO_AFTER_TLS) {
                send(Step.EHLO_AFTER_TLS, EHLO);
            } else {
                step = next;
                armDeadline();
            }
        });
    }

    private void mail() {
        send(Step.MAIL, MAIL);
    }

    private void content() {
        step = Step.CONTENT;
        ctx.write(run.content());
        ctx.writeAndFlush(END_OF_DATA.duplicate());
        armDeadline();
    }

    private void messageAccepted() {
        run.messageSent(System.nanoTime() - messageStarted);
        if (++sentHere < run.plan().perConnection() && run.claim()) {
            messageStarted = System.nanoTime();
            mail();
        } else {
            send(Step.QUIT, QUIT);
        }
    }

    private void send(Step next, ByteBuf command) {
        step = next;
        ctx.writeAndFlush(command.duplicate());
        armDeadline();
    }

    private void finish() {
        step = Step.DONE;
        ctx.close();
    }

    /** The message in flight (one is always claimed until QUIT) failed; the session ends. */
    private void fail(Failure failure) {
        if (step == Step.DONE) {
            return;
        }
        boolean messageInFlight = step != Step.QUIT;
        step = Step.DONE;
        cancelDeadline();
        if (messageInFlight) {
            run.messageFailed(failure);
        }
        ctx.close();
    }

    /** The run's time is up: the message in flight is counted as stopped by the deadline. */
    void stopSoon() {
        if (ctx != null) {
            ctx.executor().execute(() -> fail(Failure.DEADLINE));
        }
    }

    private void armDeadline() {
        long timeout = run.plan().replyTimeout().toNanos();
        deadline = ctx.executor().schedule(() -> fail(Failure.TIMEOUT), timeout, TimeUnit.NANOSECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(Failure.CLOSED);
        run.sessionEnded(ctx.channel().eventLoop(), connectStarted);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (step == Step.TLS || cause.getCause() instanceof javax.net.ssl.SSLException) {
            fail(Failure.TLS);
        } else {
            fail(cause instanceof SmtpCodecException ? Failure.PROTOCOL : Failure.CLOSED);
        }
    }
}
