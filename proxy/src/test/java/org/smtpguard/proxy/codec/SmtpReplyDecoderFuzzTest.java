package org.smtpguard.proxy.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.codec.CodecTestSupport.TrackingAllocator;

/**
 * Fuzzes {@link SmtpReplyDecoder} (what a hostile upstream sends) against a reference reply parser
 * written for this test from RFC 5321 §4.2 and smtpguard's bounds, with the input cut anywhere.
 * Properties: exactly the reference's replies, in order; at the first violation exactly one
 * {@link SmtpCodecException} and nothing after it; no reply beyond the bounds (lines, bytes); every
 * buffer released. Small bounds (line 32, 4 lines, 80 bytes) so that the fuzzer reaches them.
 */
class SmtpReplyDecoderFuzzTest {

    static final int LINE = 32;
    static final int LINES = 4;
    static final int BYTES = 80;

    @FuzzTest(maxDuration = "2m")
    void decodesExactlyTheRepliesAStrictParserFindsAndStopsAtTheFirstViolation(FuzzedDataProvider data) {
        List<byte[]> pieces = FuzzInput.pieces(data);
        byte[] input = FuzzInput.joined(pieces);
        Expected expected = reference(input);

        TrackingAllocator alloc = new TrackingAllocator();
        List<Reply> replies = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new SmtpReplyDecoder(LINE, LINES, BYTES), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                assertThat(errors).as("nothing after an error").isEmpty();
                replies.add((Reply) msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
        List<ByteBuf> inputs = new ArrayList<>();
        for (byte[] piece : pieces) {
            ByteBuf buf = alloc.of(piece);
            inputs.add(buf);
            channel.writeInbound(buf);
        }
        channel.finishAndReleaseAll();

        String what = SmtpCommandDecoderFuzzTest.escape(input);
        assertThat(replies).as("replies of %s", what).isEqualTo(expected.replies());
        assertThat(errors).as("errors of %s", what).hasSize(expected.violation() ? 1 : 0);
        errors.forEach(e -> assertThat(e).isInstanceOf(SmtpCodecException.class));
        for (Reply reply : replies) {
            assertThat(reply.lines()).hasSizeLessThanOrEqualTo(LINES);
            assertThat(reply.lines()).allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(LINE * 3)); // UTF-8 replacement chars may grow invalid bytes
        }
        inputs.forEach(b -> assertThat(b.refCnt()).isZero());
        alloc.assertAllReleased();
    }

    record Expected(List<Reply> replies, boolean violation) {
    }

    /** The reference: complete replies until the first violation; a trailing partial line is no violation unless too long. */
    static Expected reference(byte[] input) {
        List<Reply> replies = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int code = -1;
        int replyBytes = 0;
        int start = 0;
        while (start < input.length) {
            int lf = indexOf(input, start);
            byte[] raw = Arrays.copyOfRange(input, start, lf < 0 ? input.length : lf);
            boolean crLast = raw.length > 0 && raw[raw.length - 1] == '\r';
            if (lf < 0) {
                return new Expected(replies, raw.length - (crLast ? 1 : 0) > LINE);
            }
            if (raw.length >= LINE + 2 || !crLast) {
                return new Expected(replies, true);
            }
            byte[] line = Arrays.copyOf(raw, raw.length - 1);
            for (byte b : line) {
                if (b == '\r' || b == 0) {
                    return new Expected(replies, true);
                }
            }
            if (line.length < 3 || !digit(line[0], '2', '5') || !digit(line[1], '0', '9') || !digit(line[2], '0', '9')
                    || line.length > 3 && line[3] != ' ' && line[3] != '-') {
                return new Expected(replies, true);
            }
            int lineCode = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
            if (!texts.isEmpty() && lineCode != code) {
                return new Expected(replies, true);
            }
            code = lineCode;
            replyBytes += line.length + 2;
            if (texts.size() + 1 > LINES || replyBytes > BYTES) {
                return new Expected(replies, true);
            }
            texts.add(line.length <= 4 ? "" : new String(line, 4, line.length - 4, StandardCharsets.UTF_8));
            if (line.length == 3 || line[3] == ' ') {
                replies.add(Reply.parse(code, texts));
                texts = new ArrayList<>();
                replyBytes = 0;
            }
            start = lf + 1;
        }
        return new Expected(replies, false);
    }

    private static boolean digit(byte b, char from, char to) {
        return b >= from && b <= to;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
