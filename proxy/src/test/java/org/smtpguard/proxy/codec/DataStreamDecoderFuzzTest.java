package org.smtpguard.proxy.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.smtpguard.proxy.codec.CodecTestSupport.TrackingAllocator;

/**
 * Fuzzes {@link DataStreamDecoder} (message content from a hostile client), input cut anywhere.
 * Properties (SMTP smuggling and fidelity):
 * <ol>
 *   <li>data ends exactly where a strict receiver (CRLF "." CRLF only) ends it, and the bytes after
 *       the terminator are left in the input untouched;</li>
 *   <li>the forwarded bytes hold only CRLF line ends (so a lenient upstream that also ends lines at
 *       a bare CR or LF reads the same lines) and no end of data; followed by smtpguard's "." CRLF
 *       they end exactly there;</li>
 *   <li>where the client's content already had only CRLF line ends, it is forwarded byte for byte;
 *       while data goes on, at most the two bytes that may start the terminator are held back;</li>
 *   <li>{@link DataEnd} counts the forwarded bytes; output is bounded by the input plus three bytes
 *       per fixed line end (its LF or CR, a "." for a lone "." line before it and a "." for a line
 *       after it that starts with "."); every buffer is released.</li>
 * </ol>
 */
class DataStreamDecoderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void endsOnlyWhereAStrictReceiverEndsAndForwardsNothingThatEndsEarlier(FuzzedDataProvider data) {
        List<byte[]> pieces = FuzzInput.pieces(data);
        byte[] input = FuzzInput.joined(pieces);
        String what = SmtpCommandDecoderFuzzTest.escape(input);

        TrackingAllocator alloc = new TrackingAllocator();
        DataStreamDecoder decoder = new DataStreamDecoder();
        List<Object> out = new ArrayList<>();
        int offset = 0;
        int endedAt = -1;
        byte[] left = new byte[0];
        for (byte[] piece : pieces) {
            ByteBuf in = alloc.of(piece);
            DataStreamDecoder.Result result = decoder.decode(in, out);
            if (result == DataStreamDecoder.Result.DATA_ENDED) {
                endedAt = offset + in.readerIndex();
                left = CodecTestSupport.readAll(in);
            } else {
                assertThat(in.isReadable()).as("all input consumed while data goes on").isFalse();
            }
            offset += piece.length;
            in.release();
            if (endedAt >= 0) {
                break;
            }
        }
        ByteArrayOutputStream forwardedBytes = new ByteArrayOutputStream();
        DataEnd end = null;
        for (Object msg : out) {
            assertThat(end).as("nothing after the DataEnd").isNull();
            if (msg instanceof DataChunk chunk) {
                assertThat(chunk.content().isReadable()).as("no empty chunk").isTrue();
                forwardedBytes.writeBytes(CodecTestSupport.readAll(chunk.content()));
                chunk.release();
            } else {
                end = (DataEnd) msg;
            }
        }
        byte[] forwarded = forwardedBytes.toByteArray();
        int strictEnd = CodecTestSupport.strictEndOfData(input);

        // 1
        assertThat(endedAt).as("end of data in %s", what).isEqualTo(strictEnd);
        assertThat(end != null).isEqualTo(endedAt >= 0);
        if (endedAt >= 0) {
            int rest = Math.min(input.length, offset) - endedAt;
            assertThat(left).as("left after the terminator").isEqualTo(
                    Arrays.copyOfRange(input, endedAt, endedAt + rest));
        }
        // 2
        assertThat(CodecTestSupport.onlyCrlfLineEndings(forwarded)).as("CRLF only, forwarded from %s", what).isTrue();
        assertThat(CodecTestSupport.strictEndOfData(forwarded)).as("no end of data inside the forwarded bytes").isEqualTo(-1);
        if (endedAt >= 0) {
            byte[] upstreamSees = CodecTestSupport.concat(forwarded, CodecTestSupport.bytes(".\r\n"));
            assertThat(CodecTestSupport.strictEndOfData(upstreamSees)).isEqualTo(upstreamSees.length);
        }
        // 3
        byte[] message = endedAt >= 0 ? Arrays.copyOf(input, endedAt - 3) : input;
        if (CodecTestSupport.onlyCrlfLineEndings(message)) {
            if (endedAt >= 0) {
                assertThat(forwarded).as("forwarded byte for byte from %s", what).isEqualTo(message);
            } else {
                assertThat(Arrays.copyOf(message, forwarded.length)).as("a prefix of %s", what).isEqualTo(forwarded);
                assertThat(message.length - forwarded.length).as("held back").isBetween(0, 2);
            }
        }
        // 4
        if (end != null) {
            assertThat(end.bytes()).isEqualTo(forwarded.length);
            assertThat(forwarded.length).isLessThanOrEqualTo(input.length + 3 * end.bareLineEndingsFixed());
        } else {
            assertThat(forwarded.length).isLessThanOrEqualTo(3 * input.length);
        }
        alloc.assertAllReleased();
    }
}
