package org.smtpguard.proxy.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smtpguard.proxy.codec.CodecTestSupport.bytes;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.codec.CodecTestSupport.TrackingAllocator;
import org.smtpguard.proxy.codec.SmtpCodecException.Kind;

class SmtpReplyDecoderTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void nothingLeaks() {
        alloc.assertAllReleased();
    }

    /** What the handler after the decoder saw. */
    private static final class Seen extends ChannelInboundHandlerAdapter {
        final List<Reply> replies = new ArrayList<>();
        final List<Integer> bufferedAtReply = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        private final SmtpReplyDecoder decoder;

        Seen(SmtpReplyDecoder decoder) {
            this.decoder = decoder;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            replies.add((Reply) msg);
            bufferedAtReply.add(decoder.bufferedBytes());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }

    static Stream<Arguments> validReplies() {
        return Stream.of(
                Arguments.of("220 mx.example ESMTP ready\r\n", List.of(Reply.plain(220, "mx.example ESMTP ready"))),
                Arguments.of("250-mx.example\r\n250-PIPELINING\r\n250 STARTTLS\r\n",
                        List.of(new Reply(250, null, List.of("mx.example", "PIPELINING", "STARTTLS")))),
                Arguments.of("250\r\n", List.of(Reply.plain(250, ""))),
                Arguments.of("250-\r\n250 \r\n", List.of(new Reply(250, null, List.of("", "")))),
                Arguments.of("250-first\r\n250\r\n", List.of(new Reply(250, null, List.of("first", "")))),
                Arguments.of("550 5.1.1 no such user\r\n",
                        List.of(Reply.of(550, new EnhancedStatus(5, 1, 1), "no such user"))),
                Arguments.of("354 go ahead\r\n221 2.0.0 bye\r\n",
                        List.of(Reply.plain(354, "go ahead"), Reply.of(221, EnhancedStatus.CLOSING, "bye"))),
                Arguments.of("599 \t tabs and  spaces \r\n", List.of(Reply.plain(599, "\t tabs and  spaces "))));
    }

    @ParameterizedTest
    @MethodSource("validReplies")
    void decodesRepliesWholeAndSplitAtEveryByte(String wire, List<Reply> expected) {
        for (List<byte[]> pieces : CodecTestSupport.everySplit(bytes(wire))) {
            Seen seen = feed(new SmtpReplyDecoder(2048, 100, 65536), pieces);
            assertThat(seen.errors).isEmpty();
            assertThat(seen.replies).as("fed as %d pieces", pieces.size()).isEqualTo(expected);
        }
    }

    @Test
    void decodesUtf8TextAndReplacesMalformedBytes() {
        byte[] utf8 = "250 grüße ✓\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] malformed = bytes("250 \u00ff\u00fe ok\r\n");
        for (List<byte[]> pieces : CodecTestSupport.everySplit(CodecTestSupport.concat(utf8, malformed))) {
            Seen seen = feed(new SmtpReplyDecoder(2048, 100, 65536), pieces);
            assertThat(seen.replies)
                    .containsExactly(Reply.plain(250, "grüße ✓"), Reply.plain(250, "\uFFFD\uFFFD ok"));
        }
    }

    @Test
    void acceptsALineOfExactlyTheMaximumLength() {
        Seen seen = feed(new SmtpReplyDecoder(10, 100, 65536), List.of(bytes("250 abcdef\r\n")));
        assertThat(seen.errors).isEmpty();
        assertThat(seen.replies).containsExactly(Reply.plain(250, "abcdef"));
    }

    @Test
    void waitsForTheLfOfACrlfThatEndsALineOfMaximumLength() {
        Seen seen = feed(new SmtpReplyDecoder(10, 100, 65536), List.of(bytes("250 abcdef\r"), bytes("\n")));
        assertThat(seen.errors).isEmpty();
        assertThat(seen.replies).containsExactly(Reply.plain(250, "abcdef"));
    }

    @Test
    void refusesALineTooLongAsSoonAsTheLimitIsPassedWithoutWaitingForCrlf() {
        SmtpReplyDecoder decoder = new SmtpReplyDecoder(10, 100, 65536);
        Seen seen = feed(decoder, List.of(bytes("250 abcdefg")));
        assertThat(seen.errors).extracting(SmtpReplyDecoderTest::kindOf).containsExactly(Kind.LINE_TOO_LONG);
        assertThat(decoder.bufferedBytes()).isZero();
    }

    static Stream<Arguments> badReplies() {
        return Stream.of(
                Arguments.of("250 ok\n", Kind.BAD_LINE_ENDING),
                Arguments.of("\n", Kind.BAD_LINE_ENDING),
                Arguments.of("250 o\rk\r\n", Kind.BAD_LINE_ENDING),
                Arguments.of("250 ok\r\r\n", Kind.BAD_LINE_ENDING),
                Arguments.of("250 o\0k\r\n", Kind.BAD_LINE_ENDING),
                Arguments.of("250-a\r\n250 b\n250 c\r\n", Kind.BAD_LINE_ENDING),
                Arguments.of("\r\n", Kind.BAD_REPLY_SYNTAX),
                Arguments.of("25\r\n", Kind.BAD_REPLY_SYNTAX),
                Arguments.of("ok\r\n", Kind.BAD_REPLY_SYNTAX),
                Arguments.of("150 x\r\n", Kind.BAD_REPLY_SYNTAX),
                Arguments.of("600 x\r\n", Kind.BAD_REPLY_SYNTAX),
                Arguments.of("2x0 x\r\n", Kind.BAD_REPLY_SYNTAX),
                Arguments.of("250x\r\n", Kind.BAD_REPLY_SYNTAX),
                Arguments.of("250_x\r\n", Kind.BAD_REPLY_SYNTAX),
                Arguments.of("+OK ready\r\n", Kind.BAD_REPLY_SYNTAX),
                Arguments.of("250-a\r\n251 b\r\n", Kind.CODE_MISMATCH),
                Arguments.of("250-a\r\n250-b\r\n250-c\r\n250 d\r\n", Kind.TOO_MANY_LINES),
                Arguments.of("250-aaaaaaaaaa\r\n250-bbbbbbbbbb\r\n250 cccc\r\n", Kind.REPLY_TOO_LARGE),
                Arguments.of("250 " + "x".repeat(60), Kind.LINE_TOO_LONG),
                Arguments.of("250-ok\r\n250 " + "x".repeat(60) + "\r\n", Kind.LINE_TOO_LONG));
    }

    @ParameterizedTest
    @MethodSource("badReplies")
    void firesOneErrorAndThenIgnoresEverythingTheUpstreamSends(String wire, Kind kind) {
        for (List<byte[]> pieces : CodecTestSupport.everySplit(bytes(wire))) {
            SmtpReplyDecoder decoder = new SmtpReplyDecoder(50, 3, 40);
            List<byte[]> more = new ArrayList<>(pieces);
            more.add(bytes("250 fine\r\n"));
            Seen seen = feed(decoder, more);
            assertThat(seen.errors).extracting(SmtpReplyDecoderTest::kindOf).as("fed as %d pieces", pieces.size())
                    .containsExactly(kind);
            assertThat(seen.replies).isEmpty();
            assertThat(decoder.bufferedBytes()).isZero();
        }
    }

    @Test
    void acceptsExactlyTheMaximumNumberOfLinesAndBytes() {
        Seen lines = feed(new SmtpReplyDecoder(50, 3, 65536), List.of(bytes("250-a\r\n250-b\r\n250 c\r\n")));
        assertThat(lines.replies).containsExactly(new Reply(250, null, List.of("a", "b", "c")));
        Seen size = feed(new SmtpReplyDecoder(50, 3, 20), List.of(bytes("250-abcdef\r\n250 gh\r\n")));
        assertThat(size.replies).containsExactly(new Reply(250, null, List.of("abcdef", "gh")));
    }

    @Test
    void errorMessageIsOneLineWithAtMost100CharsOfEscapedPeerText() {
        String wire = "250-ok\r\n251 \u001b[31m" + "y".repeat(500) + "\r\n";
        Seen seen = feed(new SmtpReplyDecoder(2048, 100, 65536), List.of(bytes(wire)));
        assertThat(seen.errors).extracting(SmtpReplyDecoderTest::kindOf).containsExactly(Kind.CODE_MISMATCH);
        String message = seen.errors.get(0).getMessage();
        assertThat(message).doesNotContain("\r", "\n", "\u001b").contains("\\x1B[31m").contains("…")
                .hasSizeLessThan(250);
        assertThat(message.chars().filter(c -> c == 'y').count()).isLessThanOrEqualTo(100);
    }

    @Test
    void bytesSentAfterAReplyAreStillBufferedWhenTheReplyIsHandled() {
        // The 220 to STARTTLS is fired before the next line is decoded, so the handler that reacts to
        // it sees the injected bytes in bufferedBytes(); the decoder then goes on with the next reply.
        SmtpReplyDecoder decoder = new SmtpReplyDecoder(2048, 100, 65536);
        Seen seen = feed(decoder, List.of(bytes("220 go\r\n250 injected\r\n")));
        assertThat(seen.replies).containsExactly(Reply.plain(220, "go"), Reply.plain(250, "injected"));
        assertThat(seen.bufferedAtReply).containsExactly("250 injected\r\n".length(), 0);
        assertThat(decoder.bufferedBytes()).isZero();
    }

    @Test
    void countsAPartialLineAfterAReplyAsBuffered() {
        SmtpReplyDecoder decoder = new SmtpReplyDecoder(2048, 100, 65536);
        Seen seen = feed(decoder, List.of(bytes("220 go\r\n2")));
        assertThat(seen.bufferedAtReply).containsExactly(1);
    }

    private static Kind kindOf(Throwable error) {
        assertThat(error).isInstanceOf(SmtpCodecException.class);
        return ((SmtpCodecException) error).kind();
    }

    private Seen feed(SmtpReplyDecoder decoder, List<byte[]> pieces) {
        Seen seen = new Seen(decoder);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(decoder, seen);
        for (byte[] piece : pieces) {
            channel.writeInbound(alloc.of(piece));
        }
        assertThat(channel.finish()).as("nothing left in the channel").isFalse();
        return seen;
    }
}
