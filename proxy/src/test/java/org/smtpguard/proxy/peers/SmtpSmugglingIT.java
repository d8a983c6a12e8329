package org.smtpguard.proxy.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpguard.proxy.SmtpguardServer;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.SmtpguardConfig;

/**
 * SMTP smuggling (the 2023 "SMTP smuggling" class of attacks): a client hides a second transaction
 * after a non-standard end of data ({@code \n.\n}, {@code \r.\r}, …) hoping that smtpguard and the
 * upstream disagree on where the message ends. For every known variant, whole and split across two
 * TCP segments at the dot, the real upstream (SubEthaSMTP) must receive exactly what smtpguard
 * decided the client sent: one message (the would-be smuggled commands are lines of its content),
 * byte for byte as the reference below says, and then the client's next, honest message.
 */
@Timeout(120)
class SmtpSmugglingIT {

    private static final Duration ARRIVAL = Duration.ofSeconds(10);
    @TempDir
    static Path dir;
    private static PeerPki pki;
    private static SubethaUpstream upstream;
    private static SmtpguardServer proxy;

    @BeforeAll
    static void startPeers() throws InterruptedException {
        pki = PeerPki.generate();
        upstream = SubethaUpstream.start(pki.upstreamServerContext(), "alice", "s3cret");
        SmtpguardConfig config = SmtpguardConfig.forTests(new HostPort("127.0.0.1", upstream.port()));
        proxy = SmtpguardServer.start(config.withUpstream(config.upstream().withTlsName(PeerPki.UPSTREAM_NAME)
                .withTlsCa(Optional.of(pki.writeUpstreamCa(dir)))));
    }

    @AfterAll
    static void stopPeers() {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** The end-of-data look-alikes: each is put between "first" and the smuggled transaction. */
    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (String[] v : SmugglingVariants.ALL) {
            all.add(Arguments.of(v[0], v[1], -1));
            int dot = v[1].indexOf('.');
            all.add(Arguments.of(v[0] + ", split before the dot", v[1], dot));
            all.add(Arguments.of(v[0] + ", split after the dot", v[1], dot + 1));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theUpstreamReceivesExactlyTheOneMessageTheClientSent(String name, String variant, int splitInVariant)
            throws Exception {
        String head = "Subject: first\r\n\r\nfirst";
        byte[] data = bytes(head + variant + SmugglingVariants.SMUGGLED + ".\r\n"); // ends with the real CRLF "." CRLF
        byte[] content = Arrays.copyOf(data, data.length - 3);
        int split = splitInVariant < 0 ? -1 : head.length() + splitInVariant;

        try (RawClient client = RawClient.connect(proxy.boundAddresses().get(0))) {
            client.expect(220);
            client.command("EHLO client.test", 250);
            client.command("MAIL FROM:<alice@client.test>", 250);
            client.command("RCPT TO:<bob@upstream.test>", 250);
            client.command("DATA", 354);
            if (split < 0) {
                client.send(data);
            } else {
                client.send(Arrays.copyOf(data, split));
                Thread.sleep(100); // two TCP segments, two reads
                client.send(Arrays.copyOfRange(data, split, data.length));
            }
            client.expect(250);
            // the session is still in step: an honest message after it
            client.command("MAIL FROM:<alice@client.test>", 250);
            client.command("RCPT TO:<carol@upstream.test>", 250);
            client.command("DATA", 354);
            client.send(bytes("Subject: second\r\n\r\nsecond\r\n.\r\n"));
            client.expect(250);
            client.command("QUIT", 221);
        }

        SubethaUpstream.Received first = upstream.nextMessage(ARRIVAL);
        assertThat(first.recipients()).containsExactly("bob@upstream.test");
        assertThat(latin1(first.content())).as("the first message, whole").isEqualTo(latin1(SmugglingVariants.expectedAtUpstream(content)));
        assertThat(latin1(first.content())).contains("MAIL FROM:<ceo@victim.test>\r\n");
        SubethaUpstream.Received second = upstream.nextMessage(ARRIVAL);
        assertThat(second.recipients()).as("no smuggled message in between").containsExactly("carol@upstream.test");
        assertThat(latin1(second.content())).isEqualTo("Subject: second\r\n\r\nsecond\r\n");
        Thread.sleep(200);
        assertThat(upstream.receivedNothing()).as("no third message").isTrue();
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** A plain socket client that writes exactly the bytes it is given and reads replies strictly. */
    static final class RawClient implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private RawClient(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static RawClient connect(InetSocketAddress address) throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 5000);
            socket.setSoTimeout(15_000);
            return new RawClient(socket);
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void command(String line, int code) throws IOException {
            send(bytes(line + "\r\n"));
            expect(code);
        }

        /** Reads one (multi-line) reply and checks its code. */
        void expect(int code) throws IOException {
            String line;
            do {
                line = readLine();
                assertThat(line).as("reply line").matches("[2-5][0-9][0-9][ -].*|[2-5][0-9][0-9]");
                assertThat(Integer.parseInt(line.substring(0, 3))).as("reply %s", line).isEqualTo(code);
            } while (line.length() > 3 && line.charAt(3) == '-');
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed; so far: " + line);
                }
                if (line.size() > 4096) {
                    throw new IOException("reply line too long");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
