package org.smtpguard.proxy.sink;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import org.smtpguard.proxy.codec.SmtpCommandDecoder;
import org.smtpguard.proxy.net.Transport;

/**
 * A small SMTP server that accepts every message and discards it, with STARTTLS (required before
 * MAIL) and AUTH PLAIN/LOGIN that accept any credentials. The demo's embedded upstream, and the
 * bench's test server: without a TLS context it is a plaintext sink, and it can also speak TLS from
 * the first byte ({@link #startImplicitTls}).
 */
public final class SinkServer implements AutoCloseable {

    /** Told about every message the sink accepted. */
    public interface MessageListener {
        void accepted(ReceivedMessage message);
    }

    /** What the sink saw of one accepted message (never its content). */
    public record ReceivedMessage(String from, java.util.List<String> to, long size, String tlsProtocol) {
    }

    private final EventLoopGroup group;
    private final Channel channel;

    private SinkServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** A sink with STARTTLS ({@code tls}), or a plaintext one ({@code tls} null). */
    public static SinkServer start(String host, int port, String name, SslContext tls, MessageListener listener)
            throws InterruptedException {
        return start(host, port, name, tls, false, listener);
    }

    /** A sink that speaks TLS from the first byte, as on port 465. */
    public static SinkServer startImplicitTls(String host, int port, String name, SslContext tls,
                                              MessageListener listener) throws InterruptedException {
        return start(host, port, name, java.util.Objects.requireNonNull(tls, "tls"), true, listener);
    }

    private static SinkServer start(String host, int port, String name, SslContext tls, boolean implicitTls,
                                    MessageListener listener) throws InterruptedException {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(1, "smtpguard-sink");
        var future = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (implicitTls) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new SmtpCommandDecoder(2048, 12288));
                        ch.pipeline().addLast(new SinkSession(name, tls, listener));
                    }
                })
                .bind(host, port).await();
        if (!future.isSuccess()) {
            group.shutdownGracefully();
            throw new IllegalStateException("sink cannot listen on " + host + ":" + port + ": "
                    + future.cause().getMessage());
        }
        return new SinkServer(group, future.channel());
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
