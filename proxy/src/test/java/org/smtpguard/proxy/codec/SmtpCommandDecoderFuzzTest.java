package org.smtpguard.proxy.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.proxy.codec.CodecTestSupport.TrackingAllocator;

/**
 * Fuzzes {@link SmtpCommandDecoder} in command mode against a reference framer written for this test
 * from the rules (CRLF is the only line end; a line, without its CRLF, is at most the limit), with
 * the input cut anywhere. Properties: the decoder fires exactly the reference's commands, in order,
 * each re-encoding ({@code toWire}) to the bytes it was read from; errors where the reference has
 * bad lines; no command longer than its limit or holding CR, LF or NUL; every buffer released.
 *
 * <p>Small limits (24 bytes, 48 for AUTH) so that the fuzzer reaches the bounds quickly. The inputs
 * directory next to this class in src/test/resources holds the corpus, replayed by every build.
 */
class SmtpCommandDecoderFuzzTest {

    static final int LINE = 24;
    static final int AUTH_LINE = 48;

    @FuzzTest(maxDuration = "2m")
    void firesExactlyTheCommandsAStrictFramerFinds(FuzzedDataProvider data) {
        List<byte[]> pieces = FuzzInput.pieces(data);
        byte[] input = FuzzInput.joined(pieces);
        List<Object> expected = reference(input);

        TrackingAllocator alloc = new TrackingAllocator();
        List<Object> fired = new ArrayList<>();
        SmtpCommandDecoder decoder = new SmtpCommandDecoder(LINE, AUTH_LINE);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                fired.add(msg);
                if (decoder.paused()) {
                    decoder.resumeCommands(); // DATA, AUTH, STARTTLS, QUIT: here every line stays a command
                }
            }
        });
        List<ByteBuf> inputs = new ArrayList<>();
        for (byte[] piece : pieces) {
            ByteBuf buf = alloc.of(piece);
            inputs.add(buf);
            channel.writeInbound(buf);
        }
        assertThat((Object) channel.readInbound()).isNull();
        channel.finishAndReleaseAll();

        assertThat(fired).as("what was fired for %s", escape(input)).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            Object want = expected.get(i);
            Object got = fired.get(i);
            if (want instanceof byte[] line) {
                assertThat(got).as("item %d of %s", i, escape(input)).isInstanceOf(Command.class);
                Command command = (Command) got;
                assertThat(command.toWire()).as("re-encoded").isEqualTo(line);
                assertThat(command.line()).doesNotContain("\r", "\n", "\0");
                assertThat(command.line().length()).isLessThanOrEqualTo(AUTH_LINE);
            } else {
                assertThat(got).as("item %d of %s", i, escape(input)).isInstanceOf(CommandLineError.class);
                if (want == CommandLineError.LINE_TOO_LONG) {
                    assertThat(got).isEqualTo(CommandLineError.LINE_TOO_LONG);
                }
            }
        }
        inputs.forEach(b -> assertThat(b.refCnt()).as("input buffer released").isZero());
        alloc.assertAllReleased();
    }

    /**
     * The reference framer: byte[] (a good line with its CRLF) or a {@link CommandLineError} per line.
     * A line of exactly limit + 1 bytes before a bare LF may be reported either way (the decoder
     * decides as soon as it has more bytes than the limit, before it sees the LF): BAD_LINE_ENDING here.
     */
    static List<Object> reference(byte[] input) {
        List<Object> out = new ArrayList<>();
        int start = 0;
        while (start < input.length) {
            int lf = indexOf(input, (byte) '\n', start);
            int end = lf < 0 ? input.length : lf;
            byte[] raw = Arrays.copyOfRange(input, start, end); // without the LF
            int limit = startsWithAuth(raw) ? AUTH_LINE : LINE;
            boolean crLast = raw.length > 0 && raw[raw.length - 1] == '\r';
            if (lf < 0) {
                if (raw.length - (crLast ? 1 : 0) > limit) {
                    out.add(CommandLineError.LINE_TOO_LONG); // reported before the line ends
                }
                break;
            }
            if (raw.length >= limit + 2) {
                out.add(CommandLineError.LINE_TOO_LONG);
            } else if (!crLast || contains(raw, 0, raw.length - 1, (byte) '\r') || contains(raw, 0, raw.length, (byte) 0)) {
                out.add(CommandLineError.BAD_LINE_ENDING);
            } else {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                line.writeBytes(raw);
                line.write('\n');
                out.add(line.toByteArray());
            }
            start = lf + 1;
        }
        return out;
    }

    private static boolean startsWithAuth(byte[] raw) {
        return raw.length >= 5 && (raw[0] | 0x20) == 'a' && (raw[1] | 0x20) == 'u' && (raw[2] | 0x20) == 't'
                && (raw[3] | 0x20) == 'h' && raw[4] == ' ';
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return true;
            }
        }
        return false;
    }

    static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xff;
            sb.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }
}
