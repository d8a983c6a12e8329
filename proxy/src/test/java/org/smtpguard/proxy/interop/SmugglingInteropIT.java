package org.smtpguard.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smtpguard.proxy.peers.SmugglingVariants;

/**
 * SMTP smuggling against a real Postfix behind the smtpguard jar: for every end-of-data look-alike
 * (whole, and split across two TCP segments before the dot), Postfix delivers exactly the client's
 * one message, with the would-be smuggled commands as lines of its content, then the client's next
 * message, and nothing else. The Maildir holds LF line ends: the reference is compared that way.
 */
@Timeout(300)
class SmugglingInteropIT extends ThroughSmtpguardToPostfix {

    static Stream<Arguments> variants() {
        // NUL is left out here: what a Maildir does with it is Postfix's business, not smuggling.
        return SmugglingVariants.ALL.stream().filter(v -> !v[1].contains("\0")).flatMap(v -> Stream.of(
                Arguments.of(v[0], v[1], false), Arguments.of(v[0] + ", split before the dot", v[1], true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void postfixDeliversExactlyTheClientsMessages(String name, String variant, boolean split) throws Exception {
        String id = UUID.randomUUID().toString();
        String headers = "From: <alice@client.test>\r\nTo: <bob@example.org>\r\nDate: Mon, 23 Nov 2026 20:00:00 +0000\r\n"
                + "Message-ID: <" + id + "@client.test>\r\nSubject: smuggling " + name + "\r\n\r\n";
        String head = headers + "first";
        byte[] data = (head + variant + SmugglingVariants.SMUGGLED + ".\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = Arrays.copyOf(data, data.length - 3);
        String secondId = UUID.randomUUID().toString();
        int before = peers.postfix().deliveredCount();

        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", proxy.port), 10_000);
            socket.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            expect(in, 220);
            command(out, in, "EHLO client.test", 250);
            command(out, in, "MAIL FROM:<alice@client.test>", 250);
            command(out, in, "RCPT TO:<bob@example.org>", 250);
            command(out, in, "DATA", 354);
            if (split) {
                int at = head.length() + variant.indexOf('.');
                out.write(Arrays.copyOf(data, at));
                out.flush();
                Thread.sleep(100);
                out.write(Arrays.copyOfRange(data, at, data.length));
            } else {
                out.write(data);
            }
            out.flush();
            expect(in, 250);
            command(out, in, "MAIL FROM:<alice@client.test>", 250);
            command(out, in, "RCPT TO:<bob@example.org>", 250);
            command(out, in, "DATA", 354);
            out.write(("From: <alice@client.test>\r\nTo: <bob@example.org>\r\nDate: Mon, 23 Nov 2026 20:00:00 +0000\r\n"
                    + "Message-ID: <" + secondId + "@client.test>\r\nSubject: second\r\n\r\nsecond\r\n.\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            expect(in, 250);
            command(out, in, "QUIT", 221);
        }

        Optional<String> first = peers.postfix().awaitDelivered(id + "@client.test", Duration.ofSeconds(30));
        Optional<String> second = peers.postfix().awaitDelivered(secondId + "@client.test", Duration.ofSeconds(30));
        assertThat(first).as("the first message").isPresent();
        assertThat(second).as("the second message").isPresent();
        String expected = new String(SmugglingVariants.expectedAtUpstream(content), StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n");
        assertThat(first.get()).as("delivered byte for byte (LF line ends in the Maildir)").endsWith(expected);
        Thread.sleep(1000);
        assertThat(peers.postfix().deliveredCount()).as("exactly two messages, none smuggled").isEqualTo(before + 2);
    }

    private static void command(OutputStream out, InputStream in, String line, int code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        expect(in, code);
    }

    private static void expect(InputStream in, int code) throws IOException {
        String line;
        do {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0 || bytes.size() > 4096) {
                    throw new IOException("no complete reply; so far: " + bytes);
                }
                bytes.write(b);
            }
            line = bytes.toString(StandardCharsets.ISO_8859_1).trim();
            assertThat(line).as("reply").startsWith(String.valueOf(code));
        } while (line.length() > 3 && line.charAt(3) == '-');
    }
}
