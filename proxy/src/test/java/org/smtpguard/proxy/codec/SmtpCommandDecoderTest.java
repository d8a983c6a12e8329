package org.smtpguard.proxy.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smtpguard.proxy.codec.CodecTestSupport.bytes;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.Verb;
import org.smtpguard.proxy.codec.CodecTestSupport.TrackingAllocator;

class SmtpCommandDecoderTest {

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final List<Client> clients = new ArrayList<>();

    @AfterEach
    void everyChannelIsDrainedAndNothingLeaks() {
        for (Client client : clients) {
            assertThat(client.channel.finish()).as("messages left unread in the channel").isFalse();
        }
        alloc.assertAllReleased();
    }

    @Test
    void decodesCommandsWholeAndSplitAtEveryByte() {
        String wire = "EHLO client.example\r\nMAIL FROM:<a@b.example> SIZE=100\r\nRCPT TO:<c@d.example>\r\nNOOP\r\n";
        for (List<byte[]> pieces : CodecTestSupport.everySplit(bytes(wire))) {
            Client client = new Client();
            client.send(pieces);
            assertThat(client.transcript()).as("fed as %d pieces", pieces.size()).containsExactly(
                    "EHLO client.example", "MAIL FROM:<a@b.example> SIZE=100", "RCPT TO:<c@d.example>", "NOOP");
        }
    }

    @Test
    void decodesTwoCommandsInOneBuffer() {
        Client client = new Client();
        client.send("HELO a\r\nnoop\r\n");
        assertThat(client.transcript()).containsExactly("HELO a", "noop");
        assertThat(client.decoder.paused()).isFalse();
        assertThat(client.decoder.bufferedBytes()).isZero();
    }

    @Test
    void pausesAfterDataUntilStartDataThenDecodesTheBodyAlreadyBuffered() {
        Client client = new Client();
        client.send("DATA\r\nSubject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        assertThat(client.transcript()).containsExactly("DATA");
        assertThat(client.decoder.paused()).isTrue();
        assertThat(client.decoder.bufferedBytes()).isEqualTo("Subject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n".length());
        client.decoder.startData();
        assertThat(client.transcript()).containsExactly(
                "DATA", "data<Subject: hi\r\n\r\nbody\r\n>", "end 21 fixed 0", "QUIT");
        assertThat(client.decoder.paused()).as("paused after QUIT").isTrue();
    }

    @Test
    void relaysAWholeTransactionSplitAtEveryByte() {
        String wire = "EHLO x\r\nMAIL FROM:<a>\r\nRCPT TO:<b>\r\nDATA\r\nhello\r\n..dot\n\r\n.\r\nRSET\r\nQUIT\r\n";
        for (List<byte[]> pieces : CodecTestSupport.everySplit(bytes(wire))) {
            Client client = new Client();
            client.reactAfterRead((decoder, command) -> {
                if (command.verb() == Verb.DATA) {
                    decoder.startData(); // the upstream said 354
                }
            });
            client.send(pieces);
            assertThat(client.transcript()).as("fed as %d pieces", pieces.size()).containsExactly(
                    "EHLO x", "MAIL FROM:<a>", "RCPT TO:<b>", "DATA", "data<hello\r\n..dot\r\n\r\n>", "end 16 fixed 1",
                    "RSET", "QUIT");
        }
    }

    @Test
    void dataChunksStayIntactWhileTheReceiverStillHoldsThem() {
        Client client = new Client();
        client.holdChunks = true; // like a session whose write to the upstream has not completed yet
        client.send("DATA\r\n");
        client.decoder.startData();
        client.send("first part\r\n.\r\nNO");
        client.send("OP\r\nRSET\r\n");
        assertThat(client.transcript()).containsExactly("DATA", "end 12 fixed 0", "NOOP", "RSET");
        assertThat(client.held).hasSize(1);
        assertThat(CodecTestSupport.latin1(CodecTestSupport.readAll(client.held.get(0).content())))
                .isEqualTo("first part\r\n");
        client.held.forEach(DataChunk::release);
    }

    @Test
    void resumesCommandsAfterARefusedDataAndDecodesTheBufferedLines() {
        Client client = new Client();
        client.send("DATA\r\nRSET\r\nNOOP\r\n");
        assertThat(client.transcript()).containsExactly("DATA");
        client.decoder.resumeCommands();
        assertThat(client.transcript()).containsExactly("DATA", "RSET", "NOOP");
        assertThat(client.decoder.paused()).isFalse();
    }

    @Test
    void discardsCommandsPipelinedAfterStartTlsWithoutFiringThem() {
        Client client = new Client();
        client.send("STARTTLS\r\nMAIL FROM:<x>\r\n");
        assertThat(client.transcript()).containsExactly("STARTTLS");
        assertThat(client.decoder.discardBuffered()).isEqualTo("MAIL FROM:<x>\r\n".length());
        assertThat(client.transcript()).containsExactly("STARTTLS");
        assertThat(client.decoder.paused()).isTrue();
        assertThat(client.decoder.bufferedBytes()).isZero();
        client.decoder.resumeCommands();
        client.send("EHLO y\r\n");
        assertThat(client.transcript()).containsExactly("STARTTLS", "EHLO y");
    }

    @Test
    void aHandlerMayDiscardOrStartDataFromInsideChannelRead() {
        List<Integer> discarded = new ArrayList<>();
        Client client = new Client();
        client.reactInsideRead((decoder, command) -> {
            if (command.verb() == Verb.STARTTLS) {
                discarded.add(decoder.discardBuffered());
                decoder.resumeCommands();
            } else if (command.verb() == Verb.DATA) {
                decoder.startData();
            }
        });
        client.send("DATA\r\nbody\r\n.\r\nSTARTTLS\r\nRCPT TO:<x>\r\n");
        assertThat(client.transcript()).containsExactly("DATA", "data<body\r\n>", "end 6 fixed 0", "STARTTLS");
        assertThat(discarded).containsExactly("RCPT TO:<x>\r\n".length());
        client.send("NOOP\r\n");
        assertThat(client.transcript()).endsWith("STARTTLS", "NOOP");
    }

    @Test
    void reportsAnOverLongLineOnceAndStillDecodesTheNextLine() {
        byte[] wire = bytes("NOOP " + "x".repeat(3000) + "\r\nNOOP\r\n");
        Client whole = new Client();
        whole.send(wire);
        assertThat(whole.transcript()).containsExactly("error LINE_TOO_LONG", "NOOP");

        Client trickle = new Client();
        for (int at = 0; at < wire.length; at += 100) {
            trickle.send(Arrays.copyOfRange(wire, at, Math.min(wire.length, at + 100)));
            assertThat(trickle.decoder.bufferedBytes()).as("skipped bytes are not kept").isLessThanOrEqualTo(2050);
        }
        assertThat(trickle.transcript()).containsExactly("error LINE_TOO_LONG", "NOOP");
    }

    @Test
    void acceptsALineOfExactlyTheLimitAndRefusesOneByteMore() {
        Client client = new Client();
        String atLimit = "NOOP " + "x".repeat(2048 - 5);
        client.send(atLimit + "\r\n" + atLimit + "y\r\nNOOP\r\n");
        assertThat(client.transcript()).containsExactly(atLimit, "error LINE_TOO_LONG", "NOOP");
    }

    @Test
    void acceptsAnAuthLineLongerThanTheCommandLimitUpToTheAuthLimit() {
        String atLimit = "auth plain " + "A".repeat(12288 - 11);
        Client client = new Client();
        client.send(atLimit + "\r\n");
        assertThat(client.transcript()).containsExactly(atLimit);
        client.decoder.resumeCommands();
        client.send(atLimit + "A\r\nAUTHX" + "A".repeat(2048) + "\r\nNOOP\r\n");
        assertThat(client.transcript()).containsExactly(atLimit, "error LINE_TOO_LONG", "error LINE_TOO_LONG", "NOOP");
    }

    @Test
    void readsAuthContinuationLinesAfterStartAuthLine() {
        Client client = new Client();
        client.send("AUTH LOGIN\r\ndXNlcg==\r\n");
        assertThat(client.transcript()).containsExactly("AUTH LOGIN");
        client.decoder.startAuthLine(); // the upstream said 334
        assertThat(client.transcript()).containsExactly("AUTH LOGIN", "dXNlcg==");
        assertThat(client.commands.get(1).verb()).isEqualTo(Verb.UNKNOWN);
        assertThat(client.decoder.paused()).isTrue();
        client.decoder.startAuthLine();
        String longLine = "B".repeat(10000);
        client.send(longLine + "\r\nMAIL FROM:<x>\r\n");
        assertThat(client.transcript()).endsWith(longLine);
        assertThat(client.decoder.paused()).isTrue();
        client.decoder.resumeCommands(); // the upstream said 235
        assertThat(client.transcript()).endsWith(longLine, "MAIL FROM:<x>");
    }

    @Test
    void endsTheAuthExchangeWhenAContinuationLineIsTooLong() {
        Client client = new Client();
        client.send("AUTH PLAIN\r\n");
        client.decoder.startAuthLine();
        client.send("B".repeat(12289) + "\r\nNOOP\r\n");
        assertThat(client.transcript()).containsExactly("AUTH PLAIN", "error LINE_TOO_LONG", "NOOP");
        assertThat(client.decoder.paused()).isFalse();
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("NOOP\n", List.of("error BAD_LINE_ENDING")),
                Arguments.of("NOOP\nNOOP\n", List.of("error BAD_LINE_ENDING", "error BAD_LINE_ENDING")),
                Arguments.of("\n", List.of("error BAD_LINE_ENDING")),
                Arguments.of("NO\rOP\r\n", List.of("error BAD_LINE_ENDING")),
                Arguments.of("NOOP\r\r\n", List.of("error BAD_LINE_ENDING")),
                Arguments.of("\rNOOP\r\n", List.of("error BAD_LINE_ENDING")),
                Arguments.of("NO\0OP\r\n", List.of("error BAD_LINE_ENDING")),
                Arguments.of("DATA\n", List.of("error BAD_LINE_ENDING")),
                Arguments.of("\r\n", List.of("")));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void refusesBareLfBareCrAndNulAndGoesOnWithTheNextLine(String line, List<String> expected) {
        for (List<byte[]> pieces : CodecTestSupport.everySplit(bytes(line + "NOOP\r\n"))) {
            Client client = new Client();
            client.send(pieces);
            List<String> all = new ArrayList<>(expected);
            all.add("NOOP");
            assertThat(client.transcript()).as("fed as %d pieces", pieces.size()).isEqualTo(all);
        }
    }

    @Test
    void keeps8BitBytesExactlyInToWire() {
        byte[] utf8 = "MAIL FROM:<jörg@bücher.example> SMTPUTF8\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] high = new byte[130];
        for (int i = 0; i < 128; i++) {
            high[i] = (byte) (0x80 + i);
        }
        high[128] = '\r';
        high[129] = '\n';
        Client client = new Client();
        client.send(CodecTestSupport.concat(utf8, bytes("NOOP "), high));
        assertThat(client.transcript()).hasSize(2);
        assertThat(client.commands.get(0).toWire()).isEqualTo(utf8);
        assertThat(client.commands.get(1).toWire()).isEqualTo(CodecTestSupport.concat(bytes("NOOP "), high));
    }

    @Test
    void refusesToChangeModeWhenNotPaused() {
        Client client = new Client();
        assertThatThrownBy(client.decoder::startData).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(client.decoder::discardBuffered).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void releasesBufferedBytesWhenRemovedOrClosed() {
        Client removed = new Client();
        removed.send("DATA\r\nbody not yet wanted");
        removed.channel.pipeline().remove(removed.decoder);
        Client closed = new Client();
        closed.send("STARTTLS\r\nNOOP\r\n");
        closed.channel.close();
        assertThat(removed.transcript()).containsExactly("DATA");
        assertThat(closed.transcript()).containsExactly("STARTTLS");
    }

    @Test
    void randomBytesNeverThrowAndNeverLeak() {
        long seed = 0xBADC0DEL;
        System.out.println("SmtpCommandDecoderTest random seed " + seed);
        Random random = new Random(seed);
        String[] fragments = {"DATA\r\n", "STARTTLS\r\n", "AUTH PLAIN x\r\n", "QUIT\r\n", "BDAT 5\r\n", "NOOP\r\n",
            "\r", "\n", ".", "\r\n.\r\n", "x", "\0", "\u00ff", "a".repeat(3000), "AUTH " + "b".repeat(13000)};
        for (int run = 0; run < 300; run++) {
            StringBuilder wire = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                wire.append(fragments[random.nextInt(fragments.length)]);
            }
            Client client = new Client();
            for (byte[] piece : CodecTestSupport.randomCut(bytes(wire.toString()), random)) {
                client.send(piece);
                while (client.decoder.paused()) {
                    switch (random.nextInt(4)) {
                        case 0 -> client.decoder.resumeCommands();
                        case 1 -> client.decoder.startAuthLine();
                        case 2 -> client.decoder.startData();
                        default -> client.decoder.discardBuffered();
                    }
                    if (client.decoder.paused() && client.decoder.bufferedBytes() == 0) {
                        break;
                    }
                }
            }
            client.transcript();
        }
    }

    /** One client connection: an EmbeddedChannel with the decoder and a recorder after it. */
    private final class Client extends ChannelInboundHandlerAdapter {
        final SmtpCommandDecoder decoder = new SmtpCommandDecoder(2048, 12288);
        final EmbeddedChannel channel = new EmbeddedChannel();
        final List<Command> commands = new ArrayList<>();
        final List<DataChunk> held = new ArrayList<>();
        boolean holdChunks;
        private final List<String> transcript = new ArrayList<>();
        private BiConsumer<SmtpCommandDecoder, Command> insideRead = (d, c) -> { };
        private BiConsumer<SmtpCommandDecoder, Command> afterRead = (d, c) -> { };

        Client() {
            channel.config().setAllocator(alloc);
            channel.pipeline().addLast(decoder, this);
            clients.add(this);
        }

        /** Reacts to a command synchronously, from inside channelRead (re-entering the decoder). */
        void reactInsideRead(BiConsumer<SmtpCommandDecoder, Command> reaction) {
            insideRead = reaction;
        }

        /** Reacts to a command after the write that produced it has returned. */
        void reactAfterRead(BiConsumer<SmtpCommandDecoder, Command> reaction) {
            afterRead = reaction;
        }

        void send(String latin1) {
            send(bytes(latin1));
        }

        void send(byte[] piece) {
            int seen = commands.size();
            channel.writeInbound(alloc.of(piece));
            while (seen < commands.size()) {
                afterRead.accept(decoder, commands.get(seen++));
            }
        }

        void send(List<byte[]> pieces) {
            pieces.forEach(this::send);
        }

        /** Commands by their line, errors, data (consecutive chunks joined) and ends, in order. */
        List<String> transcript() {
            Object unread = channel.readInbound();
            assertThat(unread).as("everything is consumed by the recorder").isNull();
            return List.copyOf(transcript);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Command command) {
                commands.add(command);
                transcript.add(command.line());
                insideRead.accept(decoder, command);
            } else if (msg instanceof CommandLineError error) {
                transcript.add("error " + error);
            } else if (msg instanceof DataChunk chunk && holdChunks) {
                held.add(chunk);
            } else if (msg instanceof DataChunk chunk) {
                String data = CodecTestSupport.latin1(CodecTestSupport.readAll(chunk.content()));
                chunk.release();
                int last = transcript.size() - 1;
                if (last >= 0 && transcript.get(last).startsWith("data<")) {
                    String previous = transcript.remove(last);
                    data = previous.substring(5, previous.length() - 1) + data;
                }
                transcript.add("data<" + data + ">");
            } else if (msg instanceof DataEnd end) {
                transcript.add("end " + end.bytes() + " fixed " + end.bareLineEndingsFixed());
            } else {
                throw new AssertionError("unexpected message " + msg);
            }
        }
    }
}
