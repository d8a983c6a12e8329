package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Streaming message content: one 64 KB read of 76-character lines (as a socket read delivers it),
 * turned into forwarded slices. "crlf": clean CRLF lines (the usual case, no copy); "bare-lf": every
 * line ends in a bare LF and is normalised to CRLF (the smuggling defence's slow path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DataStreamDecoderBenchmark {

    @Param({"crlf", "bare-lf"})
    public String lineEnds;

    private ByteBuf read;
    private final List<Object> out = new ArrayList<>(2);

    @Setup
    public void setUp() {
        String end = lineEnds.equals("crlf") ? "\r\n" : "\n";
        byte[] line = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=+abcdefghijkl" + end)
                .getBytes(StandardCharsets.US_ASCII);
        read = PooledByteBufAllocator.DEFAULT.directBuffer(65536);
        while (read.writableBytes() >= line.length) {
            read.writeBytes(line);
        }
    }

    @TearDown
    public void tearDown() {
        read.release();
    }

    /** One 64 KB read through a decoder in the middle of a message; returns the bytes forwarded. */
    @Benchmark
    public long decode64KbRead() {
        DataStreamDecoder decoder = new DataStreamDecoder();
        ByteBuf in = read.retainedDuplicate();
        decoder.decode(in, out);
        long forwarded = 0;
        for (Object o : out) {
            forwarded += ((DataChunk) o).content().readableBytes();
            ReferenceCountUtil.release(o);
        }
        out.clear();
        in.release();
        return forwarded;
    }
}
