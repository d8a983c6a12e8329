package org.smtpguard.proxy.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Framing and parsing one client transaction's command lines (EHLO, MAIL, RCPT, DATA, QUIT). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandDecoderBenchmark {

    private ByteBuf transaction;
    private CommandLineReader reader;

    @Setup
    public void setUp() {
        byte[] lines = ("EHLO legacy-app.example.org\r\n"
                + "MAIL FROM:<alice@example.org> SIZE=2048 BODY=8BITMIME\r\n"
                + "RCPT TO:<bob@example.org>\r\n"
                + "DATA\r\n"
                + "QUIT\r\n").getBytes(StandardCharsets.US_ASCII);
        transaction = Unpooled.directBuffer(lines.length).writeBytes(lines);
        reader = new CommandLineReader(2048, 12288);
    }

    /** All five lines of the transaction, framed and parsed into commands. */
    @Benchmark
    public void fiveCommandLines(Blackhole bh) {
        ByteBuf in = transaction.duplicate();
        Object line;
        while ((line = reader.read(in, false)) != null) {
            bh.consume(line);
        }
    }
}
