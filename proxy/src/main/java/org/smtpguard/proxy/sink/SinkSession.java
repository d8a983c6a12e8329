package org.smtpguard.proxy.sink;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.codec.DataChunk;
import org.smtpguard.proxy.codec.DataEnd;
import org.smtpguard.proxy.codec.SmtpCommandDecoder;

/** One connection to the {@link SinkServer}: the server side of SMTP, just enough to accept mail. */
final class SinkSession extends ChannelInboundHandlerAdapter {

    private static final List<String> LOGIN_PROMPTS = List.of("VXNlcm5hbWU6", "UGFzc3dvcmQ6");

    private final String name;
    private final SslContext tls;
    private final SinkServer.MessageListener listener;
    private SslHandler sslHandler;
    private String from;
    private final List<String> to = new ArrayList<>();
    private int authLinesExpected;
    private int loginPrompt;

    SinkSession(String name, SslContext tls, SinkServer.MessageListener listener) {
        this.name = name;
        this.tls = tls;
        this.listener = listener;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sslHandler = ctx.pipeline().get(SslHandler.class); // implicit TLS
        reply(ctx, Reply.plain(220, name + " ESMTP smtpguard demo sink"));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Command command) {
                onCommand(ctx, command);
            } else if (msg instanceof DataEnd end) {
                listener.accepted(new SinkServer.ReceivedMessage(from, List.copyOf(to), end.bytes(),
                        sslHandler == null ? "none" : sslHandler.engine().getSession().getProtocol()));
                reset();
                reply(ctx, Reply.of(250, EnhancedStatus.OK, "Ok: message accepted and discarded"));
            } else if (!(msg instanceof DataChunk)) {
                reply(ctx, Reply.of(500, EnhancedStatus.SYNTAX_ERROR, "Bad command line"));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onCommand(ChannelHandlerContext ctx, Command command) {
        SmtpCommandDecoder decoder = ctx.pipeline().get(SmtpCommandDecoder.class);
        if (authLinesExpected > 0) {
            authLine(ctx, decoder);
            return;
        }
        switch (command.verb()) {
            case EHLO -> reply(ctx, new Reply(250, null, ehloLines()));
            case HELO -> reply(ctx, Reply.plain(250, name));
            case STARTTLS -> {
                if (sslHandler != null || tls == null) {
                    reply(ctx, Reply.of(503, EnhancedStatus.INVALID_COMMAND, "TLS already active"));
                    decoder.resumeCommands();
                    return;
                }
                decoder.discardBuffered();
                sslHandler = new SslHandler(tls.newEngine(ctx.alloc()), true);
                ctx.pipeline().addFirst(sslHandler);
                reply(ctx, Reply.of(220, EnhancedStatus.OK, "Ready to start TLS"));
                decoder.resumeCommands();
            }
            case AUTH -> auth(ctx, command, decoder);
            case MAIL -> {
                if (sslHandler == null && tls != null) {
                    reply(ctx, Reply.of(530, new EnhancedStatus(5, 7, 0), "Must issue a STARTTLS command first"));
                    return;
                }
                reset();
                from = address(command.argument());
                reply(ctx, Reply.of(250, new EnhancedStatus(2, 1, 0), "Ok"));
            }
            case RCPT -> {
                to.add(address(command.argument()));
                reply(ctx, Reply.of(250, new EnhancedStatus(2, 1, 5), "Ok"));
            }
            case DATA -> {
                if (from == null || to.isEmpty()) {
                    reply(ctx, Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Need MAIL and RCPT first"));
                    decoder.resumeCommands();
                    return;
                }
                reply(ctx, Reply.plain(354, "End data with <CR><LF>.<CR><LF>"));
                decoder.startData();
            }
            case RSET, NOOP -> {
                reset();
                reply(ctx, Reply.of(250, EnhancedStatus.OK, "Ok"));
            }
            case QUIT -> ctx.writeAndFlush(Unpooled.wrappedBuffer(Reply.of(221, EnhancedStatus.CLOSING, "Bye").toWire()))
                    .addListener(ChannelFutureListener.CLOSE);
            default -> {
                reply(ctx, Reply.of(502, EnhancedStatus.INVALID_COMMAND, "Command not implemented"));
                decoder.resumeCommands();
            }
        }
    }

    private void auth(ChannelHandlerContext ctx, Command command, SmtpCommandDecoder decoder) {
        String[] words = command.argument().split(" ");
        String mechanism = words[0].toUpperCase(java.util.Locale.ROOT);
        boolean initial = words.length > 1;
        if (mechanism.equals("PLAIN")) {
            authLinesExpected = initial ? 0 : 1;
            loginPrompt = -1;
        } else if (mechanism.equals("LOGIN")) {
            authLinesExpected = initial ? 1 : 2;
            loginPrompt = initial ? 1 : 0;
        } else {
            reply(ctx, Reply.of(504, EnhancedStatus.INVALID_ARGUMENTS, "Unrecognized authentication type"));
            decoder.resumeCommands();
            return;
        }
        promptOrAccept(ctx, decoder);
    }

    private void authLine(ChannelHandlerContext ctx, SmtpCommandDecoder decoder) {
        authLinesExpected--;
        promptOrAccept(ctx, decoder);
    }

    private void promptOrAccept(ChannelHandlerContext ctx, SmtpCommandDecoder decoder) {
        if (authLinesExpected == 0) {
            reply(ctx, Reply.of(235, new EnhancedStatus(2, 7, 0), "Authentication successful (any credentials)"));
            decoder.resumeCommands();
            return;
        }
        String prompt = loginPrompt >= 0 ? LOGIN_PROMPTS.get(loginPrompt++) : "";
        reply(ctx, Reply.plain(334, prompt));
        decoder.startAuthLine();
    }

    private List<String> ehloLines() {
        List<String> lines = new ArrayList<>(List.of(name, "PIPELINING", "SIZE 104857600", "8BITMIME",
                "ENHANCEDSTATUSCODES", "SMTPUTF8"));
        lines.add(sslHandler == null && tls != null ? "STARTTLS" : "AUTH PLAIN LOGIN");
        return lines;
    }

    private void reset() {
        from = null;
        to.clear();
    }

    private static String address(String argument) {
        int open = argument.indexOf('<');
        int close = argument.indexOf('>', open + 1);
        String address = open >= 0 && close > open ? argument.substring(open + 1, close) : argument;
        return address.length() > 100 ? address.substring(0, 100) : address;
    }

    private static void reply(ChannelHandlerContext ctx, Reply reply) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(reply.toWire()));
    }
}
