package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Decoding upstream replies strictly: a one-line 250 and a ten-line EHLO reply, through the handler. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplyDecoderBenchmark {

    @Param({"queued", "ehlo"})
    public String reply;

    private ByteBuf wire;
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        String text = reply.equals("queued") ? "250 2.0.0 Ok: queued as 4XyZ1234\r\n"
                : "250-mail.example.org Hello\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250-VRFY\r\n250-ETRN\r\n"
                + "250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250 SMTPUTF8\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        wire = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        channel = new EmbeddedChannel(new SmtpReplyDecoder(2048, 100, 65536));
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        wire.release();
    }

    @Benchmark
    public Object decodeOneReply() {
        channel.writeInbound(wire.retainedDuplicate());
        return channel.readInbound();
    }
}
