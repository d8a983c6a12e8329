package org.smtpguard.proxy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.config.HostPort;

/** The demo a first-time user runs: a plaintext client's message arrives at the upstream over TLS. */
@Timeout(30)
class DemoIT {

    @Test
    void aPlaintextClientsMessageReachesTheEmbeddedUpstreamOverVerifiedTls() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (DemoCommand.Demo demo = DemoCommand.Demo.start(new HostPort("127.0.0.1", 0), out::println);
             Socket socket = new Socket("127.0.0.1", demo.proxyAddress().port())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream os = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            send(os, "EHLO legacy.app");
            String line;
            StringBuilder ehlo = new StringBuilder();
            do {
                line = in.readLine();
                ehlo.append(line).append('\n');
            } while (line.startsWith("250-"));
            assertThat(ehlo.toString()).contains("STARTTLS").doesNotContain("VRFY");
            send(os, "MAIL FROM:<alice@example.org>");
            assertThat(in.readLine()).startsWith("250");
            send(os, "RCPT TO:<bob@example.org>");
            assertThat(in.readLine()).startsWith("250");
            send(os, "DATA");
            assertThat(in.readLine()).startsWith("354");
            send(os, "Subject: demo\r\n\r\nhello\r\n.");
            assertThat(in.readLine()).startsWith("250 2.0.0");
            send(os, "QUIT");
            assertThat(in.readLine()).startsWith("221");
            await().atMost(Duration.ofSeconds(5)).until(() -> printed.toString(StandardCharsets.UTF_8)
                    .contains("upstream received: from=<alice@example.org> to=[bob@example.org]"));
            assertThat(printed.toString(StandardCharsets.UTF_8)).containsPattern("upstream_tls=TLSv1\\.[23]");
        }
    }

    @Test
    void demoOnABusyPortSaysSoInOneLineAndExitsWith2() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = org.smtpguard.proxy.Main.execute(
                    new String[] {"demo", "--listen", "127.0.0.1:" + busy.getLocalPort()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    java.util.Map.of());
            assertThat(status).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                    .startsWith("smtpguard: demo: cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
    }

    private static void send(OutputStream os, String line) throws java.io.IOException {
        os.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        os.flush();
    }
}
