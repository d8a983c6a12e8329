package org.smtpguard.proxy.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smtpguard.proxy.codec.CodecTestSupport.bytes;
import static org.smtpguard.proxy.codec.CodecTestSupport.concat;
import static org.smtpguard.proxy.codec.CodecTestSupport.latin1;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpguard.proxy.codec.CodecTestSupport.TrackingAllocator;

class DataStreamDecoderTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void nothingLeaks() {
        alloc.assertAllReleased();
    }

    /** What one feeding produced: the forwarded bytes, where data ended in the input, the DataEnd. */
    record Outcome(String forwarded, int endedAt, DataEnd end) {
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                // input, forwarded to the upstream (up to the CRLF before the terminator's "."), input index after
                // the terminator (-1: none), bare line endings fixed
                Arguments.of("Subject: x\r\n\r\nbody\r\n.\r\n", "Subject: x\r\n\r\nbody\r\n", 23, 0),
                Arguments.of(".\r\n", "", 3, 0),
                Arguments.of("\r\n.\r\n", "\r\n", 5, 0), // one empty line, not an empty message,
                Arguments.of("a\r\n.\r\nMAIL FROM:<x>\r\n", "a\r\n", 6, 0),
                Arguments.of("x\r\n.\r\n.\r\n", "x\r\n", 6, 0),
                Arguments.of("..\r\n.\r\n", "..\r\n", 7, 0),
                Arguments.of("a\r\n..\r\n.\r\n", "a\r\n..\r\n", 10, 0),
                Arguments.of("a\r\n..b\r\n.\r\n", "a\r\n..b\r\n", 11, 0),
                Arguments.of("a\r\n.b\r\n.\r\n", "a\r\n.b\r\n", 10, 0),
                // bare line endings around a dot: never an end of data, neither here nor upstream
                Arguments.of("a\n.\nb\r\n.\r\n", "a\r\n..\r\nb\r\n", 10, 2),
                Arguments.of("a\r\n.\nb\r\n.\r\n", "a\r\n..\r\nb\r\n", 11, 1),
                Arguments.of("a\n.\r\nb\r\n.\r\n", "a\r\n..\r\nb\r\n", 11, 1),
                Arguments.of("a\r.\rb\r\n.\r\n", "a\r\n..\r\nb\r\n", 10, 2),
                Arguments.of("a\r\n.\rb\r\n.\r\n", "a\r\n..\r\nb\r\n", 11, 1),
                Arguments.of("a\r\n.\r\rb\r\n.\r\n", "a\r\n..\r\n\r\nb\r\n", 12, 2),
                // one fixed line end costs three bytes: the "." line before it and the "." line after it are stuffed
                Arguments.of("a\r\n.\n.b\r\n.\r\n", "a\r\n..\r\n..b\r\n", 12, 1),
                Arguments.of("a\r\n.\r.b\r\n.\r\n", "a\r\n..\r\n..b\r\n", 12, 1),
                Arguments.of("a\n..\n.\r\n", "a\r\n...\r\n..\r\n", -1, 2),
                Arguments.of("\n.\n", "\r\n..\r\n", -1, 2),
                Arguments.of(".\n", "..\r\n", -1, 1),
                Arguments.of(".\rx", "..\r\nx", -1, 1),
                Arguments.of("\r\r\n.\r\n", "\r\n\r\n", 6, 1),
                Arguments.of("a\n\n.\r\n", "a\r\n\r\n..\r\n", -1, 2),
                Arguments.of("a\r\n.\r", "a\r\n", -1, 0),
                Arguments.of("a\r\n.", "a\r\n", -1, 0),
                Arguments.of("a\r\n", "a\r\n", -1, 0),
                Arguments.of("a\r", "a", -1, 0),
                Arguments.of("a\r\n\r\n", "a\r\n\r\n", -1, 0),
                Arguments.of("", "", -1, 0),
                // 8-bit and NUL bytes pass unchanged
                Arguments.of("\0\u00ff\u0080x\r\n\u00e9.\r\n.\r\n", "\0\u00ff\u0080x\r\n\u00e9.\r\n", 13, 0));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void forwardsTheMessageAndEndsOnlyAtCrlfDotCrlf(String input, String forwarded, int endedAt, int fixed) {
        byte[] in = bytes(input);
        for (List<byte[]> pieces : CodecTestSupport.everySplit(in)) {
            Outcome outcome = feed(pieces);
            assertThat(outcome.forwarded()).as("forwarded, fed as %d pieces", pieces.size()).isEqualTo(forwarded);
            assertThat(outcome.endedAt()).as("end of data").isEqualTo(endedAt);
            if (endedAt >= 0) {
                assertThat(outcome.end()).isEqualTo(new DataEnd(forwarded.length(), fixed));
            }
            assertNothingSmuggled(in, outcome);
        }
    }

    @Test
    void fedTwoMessagesInOneBufferEndsAfterTheFirstAndLeavesTheRest() {
        ByteBuf in = alloc.of(bytes("one\r\n.\r\ntwo\r\n.\r\n"));
        List<Object> out = new ArrayList<>();
        DataStreamDecoder decoder = new DataStreamDecoder();
        assertThat(decoder.decode(in, out)).isEqualTo(DataStreamDecoder.Result.DATA_ENDED);
        assertThat(latin1(CodecTestSupport.readAll(in))).isEqualTo("two\r\n.\r\n");
        assertThat(decoder.decode(in, out)).as("a decoder serves one message")
                .isEqualTo(DataStreamDecoder.Result.DATA_ENDED);
        assertThat(in.readableBytes()).isEqualTo(8);
        assertThat(forwarded(out)).isEqualTo("one\r\n");
        assertThat(out.get(out.size() - 1)).isEqualTo(new DataEnd(5, 0));
        in.release();
    }

    @Test
    void forwardsUnchangedBytesAsSlicesOfTheInputWithoutCopying() {
        ByteBuf in = alloc.of(bytes("Subject: hello\r\n\r\nworld\r\n.\r\n"));
        List<Object> out = new ArrayList<>();
        new DataStreamDecoder().decode(in, out);
        DataChunk chunk = (DataChunk) out.get(0);
        assertThat(chunk.content().array()).isSameAs(in.array());
        assertThat(out).hasSize(2);
        chunk.release();
        in.release();
    }

    @Test
    void streamsEachInputAsItArrivesWithoutHoldingTheMessage() {
        DataStreamDecoder decoder = new DataStreamDecoder();
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ByteBuf in = alloc.of(bytes("line " + i + " of a long message\r\n"));
            assertThat(decoder.decode(in, out)).isEqualTo(DataStreamDecoder.Result.NEEDS_MORE_INPUT);
            assertThat(in.isReadable()).isFalse();
            assertThat(out).as("one chunk per input, fired at once").hasSize(1);
            ((DataChunk) out.remove(0)).release();
            in.release();
        }
    }

    @Test
    void randomStreamsNeverSmuggleAnEndOfData() {
        long seed = 0x5D47A5EEDL;
        System.out.println("DataStreamDecoderTest random seed " + seed);
        Random random = new Random(seed);
        byte[] alphabet = bytes("\r\n.\r\n.a\0\u00ff");
        for (int run = 0; run < 3000; run++) {
            byte[] in = new byte[random.nextInt(40)];
            for (int i = 0; i < in.length; i++) {
                in[i] = alphabet[random.nextInt(alphabet.length)];
            }
            Outcome whole = feed(List.of(in));
            assertNothingSmuggled(in, whole);
            for (int split = 0; split < 4; split++) {
                assertThat(feed(CodecTestSupport.randomCut(in, random)))
                        .as("seed %d run %d input %s", seed, run, escape(in)).isEqualTo(whole);
            }
        }
    }

    @Test
    void randomWellFormedStreamsPassThroughByteForByte() {
        long seed = 0xC0FFEEL;
        System.out.println("DataStreamDecoderTest well-formed seed " + seed);
        Random random = new Random(seed);
        String[] lines = {"", ".", "..", ".x", "x.", "a b", "\u00ff\0", "..."};
        for (int run = 0; run < 2000; run++) {
            StringBuilder body = new StringBuilder();
            int count = random.nextInt(6);
            for (int i = 0; i < count; i++) {
                String line = lines[random.nextInt(lines.length)];
                body.append(line.equals(".") ? ".." : line).append("\r\n");
            }
            String input = body + ".\r\nQUIT\r\n";
            Outcome outcome = feed(CodecTestSupport.randomCut(bytes(input), random));
            String expected = body.toString();
            assertThat(outcome.forwarded()).as("seed %d run %d", seed, run).isEqualTo(expected);
            assertThat(outcome.endedAt()).isEqualTo(body.length() + 3);
            assertThat(outcome.end()).isEqualTo(new DataEnd(expected.length(), 0));
        }
    }

    /**
     * (a) the decoder ends where a strict receiver ends; (b) the forwarded bytes hold no end of data,
     * and with smtpguard's "." CRLF after them (or, while the message goes on, any later CRLF "."
     * CRLF) they end exactly there; (c) CRLF is their only line end.
     */
    private static void assertNothingSmuggled(byte[] in, Outcome outcome) {
        assertThat(outcome.endedAt()).as("end of data of %s", escape(in))
                .isEqualTo(CodecTestSupport.strictEndOfData(in));
        byte[] forwarded = bytes(outcome.forwarded());
        assertThat(CodecTestSupport.strictEndOfData(forwarded)).as("end of data inside %s", escape(forwarded))
                .isEqualTo(-1);
        byte[] upstreamSees = concat(forwarded, bytes(outcome.endedAt() >= 0 ? ".\r\n" : "\r\n.\r\n"));
        assertThat(CodecTestSupport.strictEndOfData(upstreamSees))
                .as("upstream end of data for %s", escape(in)).isEqualTo(upstreamSees.length);
        assertThat(CodecTestSupport.onlyCrlfLineEndings(forwarded)).as("CRLF only in %s", escape(forwarded)).isTrue();
    }

    /** Feeds the pieces until data ends; releases every chunk and input. */
    private Outcome feed(List<byte[]> pieces) {
        DataStreamDecoder decoder = new DataStreamDecoder();
        List<Object> out = new ArrayList<>();
        int offset = 0;
        int endedAt = -1;
        for (byte[] piece : pieces) {
            ByteBuf in = alloc.of(piece);
            DataStreamDecoder.Result result = decoder.decode(in, out);
            if (result == DataStreamDecoder.Result.DATA_ENDED) {
                endedAt = offset + in.readerIndex();
            } else {
                assertThat(in.isReadable()).as("all input consumed while data goes on").isFalse();
            }
            offset += piece.length;
            in.release();
            if (endedAt >= 0) {
                break;
            }
        }
        DataEnd end = out.isEmpty() || !(out.get(out.size() - 1) instanceof DataEnd)
                ? null : (DataEnd) out.get(out.size() - 1);
        assertThat(out.stream().filter(DataEnd.class::isInstance).count()).isEqualTo(endedAt >= 0 ? 1 : 0);
        return new Outcome(forwarded(out), endedAt, end);
    }

    /** The chunks' bytes, released. */
    private static String forwarded(List<Object> out) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object msg : out) {
            if (msg instanceof DataChunk) {
                DataChunk chunk = (DataChunk) msg;
                assertThat(chunk.content().isReadable()).as("no empty chunks").isTrue();
                bytes.writeBytes(CodecTestSupport.readAll(chunk.content()));
                chunk.release();
            }
        }
        return latin1(bytes.toByteArray());
    }

    private static String escape(byte[] bytes) {
        return latin1(bytes).replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }
}
