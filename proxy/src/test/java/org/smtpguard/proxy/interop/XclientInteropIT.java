package org.smtpguard.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upstream.xclient} against Debian's Postfix ({@code smtpd_authorized_xclient_hosts = 127.0.0.1}
 * in {@code .ci/interop-setup.sh}): a client behind a load balancer (a PROXY header for 192.0.2.55)
 * sends through smtpguard, and Postfix logs that address, not smtpguard's, for the message it
 * received over TLS.
 */
@Timeout(180)
class XclientInteropIT {

    private static final String CLIENT_ADDRESS = "192.0.2.55";

    private static InteropPeers peers;

    @TempDir
    Path directory;

    @BeforeAll
    static void loadPeers() {
        peers = InteropPeers.load();
    }

    @Test
    void postfixLogsTheClientAddressThatSmtpguardPassesWithXclient() throws Exception {
        Path config = directory.resolve("xclient.yaml");
        Files.writeString(config, "upstream.xclient: true\nclient.listen_proxy_protocol: true\n");
        try (SmtpguardProcess proxy = SmtpguardProcess.start(peers, peers.starttlsPort(), "--config", config.toString())) {
            InteropMessage message = InteropMessage.create("a raw socket", "XCLIENT behind a PROXY header");
            StringBuilder transcript = new StringBuilder();
            try (Socket socket = new Socket("127.0.0.1", proxy.port)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                out.write(("PROXY TCP4 " + CLIENT_ADDRESS + " 127.0.0.1 40555 25\r\n").getBytes(StandardCharsets.US_ASCII));
                expect(in, transcript, "220");
                command(out, in, transcript, "EHLO app.test", "250");
                command(out, in, transcript, "MAIL FROM:<" + InteropMessage.FROM + ">", "250");
                command(out, in, transcript, "RCPT TO:<" + InteropMessage.TO + ">", "250");
                command(out, in, transcript, "DATA", "354");
                String content = new String(message.wire(), StandardCharsets.UTF_8).replace("\r\n.", "\r\n..");
                out.write(content.getBytes(StandardCharsets.UTF_8)); // ends with CRLF, starts with "From:"
                command(out, in, transcript, ".", "250");
                command(out, in, transcript, "QUIT", "221");
            }
            Postfix.Reception reception = message.assertDeliveredIntact(peers.postfix(), Optional.empty(), transcript);
            assertThat(reception.clientLine()).as("Postfix's client= line").contains("[" + CLIENT_ADDRESS + "]");
            assertThat(proxy.logLines()).anySatisfy(line -> assertThat(line).contains("upstream xclient accepted")
                    .contains("ADDR=" + CLIENT_ADDRESS));
        }
    }

    private static void command(OutputStream out, BufferedReader in, StringBuilder transcript, String line,
            String expected) throws IOException {
        transcript.append("C: ").append(line).append('\n');
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, transcript, expected);
    }

    /** Reads one (possibly multi-line) reply and checks its code. */
    private static void expect(BufferedReader in, StringBuilder transcript, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            transcript.append("S: ").append(line).append('\n');
            assertThat(line).as("%s", transcript).isNotNull().startsWith(code);
        } while (line.charAt(3) == '-');
    }
}
