package org.smtpguard.proxy.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-at-a-time searches find exactly what byte-by-byte searches find, at every offset and length. */
class LineEndsTest {

    /** Bytes next to CR (0x0D) and LF (0x0A) in value, where a borrow could fake a match. */
    private static final byte[] TRICKY = {'\r', '\n', 0x0C, 0x0B, 0x0E, 0x09, 0x00, 0x01, (byte) 0x8D, (byte) 0x8A,
            (byte) 0xFF, (byte) 0x80, 'a', '.'};

    private static int naive(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\r' || bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheFirstCrOrLfLikeAByteByByteScan() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            int density = 1 + random.nextInt(20); // how rare the tricky bytes are
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(density) == 0 ? TRICKY[random.nextInt(TRICKY.length)]
                        : (byte) random.nextInt(256);
            }
            int from = random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            ByteBuf heap = Unpooled.wrappedBuffer(bytes);
            ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
            try {
                assertThat(LineEnds.indexOfCrOrLf(heap, from, to)).isEqualTo(naive(bytes, from, to));
                assertThat(LineEnds.indexOfCrOrLf(direct, from, to)).isEqualTo(naive(bytes, from, to));
            } finally {
                heap.release();
                direct.release();
            }
        }
    }

    /** Where a byte-by-byte reading stops: at a CR or LF that is not CRLF followed by a plain line start. */
    private static int naivePlainLinesEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != '\r' && bytes[i] != '\n') {
                continue;
            }
            boolean crlf = bytes[i] == '\r' && i + 2 < to && bytes[i + 1] == '\n';
            if (!crlf || bytes[i + 2] == '.' || bytes[i + 2] == '\r' || bytes[i + 2] == '\n') {
                return i;
            }
            i += 2;
        }
        return to;
    }

    @Test
    void plainLinesEndWhereAByteByByteReadingMeetsSomethingToDecide() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[1 + random.nextInt(200)];
            int density = 1 + random.nextInt(30);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(density) == 0 ? TRICKY[random.nextInt(TRICKY.length)]
                        : random.nextInt(12) == 0 ? (byte) '\r' : (byte) ('a' + random.nextInt(26));
            }
            for (int i = 0; i + 1 < bytes.length; i++) { // mostly CRLF line ends, as in real mail
                if (bytes[i] == '\r' && random.nextInt(4) != 0) {
                    bytes[i + 1] = '\n';
                }
            }
            int from = random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
            try {
                assertThat(LineEnds.endOfPlainLines(direct, from, to)).isEqualTo(naivePlainLinesEnd(bytes, from, to));
            } finally {
                direct.release();
            }
        }
    }

    @Test
    void plainLinesRunOverManyLinesAndStopAtADotAnEmptyLineOrABareLineEnd() {
        String lines = "abc\r\ndef\r\nghi";
        ByteBuf in = Unpooled.copiedBuffer(lines + "\r\n.x", java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(LineEnds.endOfPlainLines(in, 0, in.writerIndex())).isEqualTo(lines.length());
        in.release();
        in = Unpooled.copiedBuffer(lines + "\r\n\r\n", java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(LineEnds.endOfPlainLines(in, 0, in.writerIndex())).isEqualTo(lines.length());
        in.release();
        in = Unpooled.copiedBuffer("abc\ndef", java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(LineEnds.endOfPlainLines(in, 0, in.writerIndex())).isEqualTo(3);
        in.release();
        in = Unpooled.copiedBuffer(lines, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(LineEnds.endOfPlainLines(in, 0, in.writerIndex())).isEqualTo(lines.length());
        in.release();
    }

    @Test
    void aMatchInTheLastWordAndInTheTailIsFound() {
        byte[] bytes = "0123456789abcdef\r".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        assertThat(LineEnds.indexOfCrOrLf(in, 0, bytes.length)).isEqualTo(16);
        assertThat(LineEnds.indexOfCrOrLf(in, 0, 16)).isEqualTo(-1);
        bytes[15] = '\n';
        assertThat(LineEnds.indexOfCrOrLf(in, 9, bytes.length)).isEqualTo(15);
        in.release();
    }
}
