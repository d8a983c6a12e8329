package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.config.UpstreamConfig.UpstreamReuse;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;

/**
 * {@code upstream.reuse_connections}: a legacy client that opens a connection per message gets the
 * verified upstream connection the last session left instead of a new TCP and TLS handshake: as it is
 * after a finished message, reset with RSET if the session left a transaction open; one that used
 * AUTH, or did not end with QUIT, never hands its connection on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionReuseIT extends AgainstFaultyUpstream {

    private void start(Duration idleTime) throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        proxy = ProxyUnderTest.start(config.withUpstream(config.upstream().withReuse(new UpstreamReuse(4, idleTime))));
    }

    private void sendOneMessageAndQuit(String body) throws Exception {
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO app.test").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<app@client.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@upstream.test>").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            client.sendRaw("Subject: reuse\r\n\r\n" + body + "\r\n.\r\n");
            assertThat(client.readReply().code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
    }

    @Test
    void sessionsOneAfterAnotherShareTheVerifiedUpstreamConnectionsOfTheirEventLoops() throws Exception {
        start(Duration.ofSeconds(30));
        // connections are kept per event loop (one per core) and sessions are spread over the loops
        int loops = Runtime.getRuntime().availableProcessors();
        int sessions = 2 * loops + 1;
        try (LogCapture log = LogCapture.start()) {
            for (int i = 1; i <= sessions; i++) {
                sendOneMessageAndQuit("message " + i); // kept before the 221 is written
            }
            int connections = upstream.connectionsAccepted();
            assertThat(log.lines().stream().filter(l -> l.contains("upstream verified"))).hasSize(connections);
            assertThat(log.lines().stream().filter(l -> l.contains("upstream reused") && l.contains("name=")
                    && l.contains("tls_level=verify"))).hasSize(sessions - connections);
        }
        assertThat(proxy.counter("smtpguard_upstream_connections_reused"))
                .isEqualTo(sessions - upstream.connectionsAccepted());
        assertThat(proxy.counter("smtpguard_upstream_connections", "outcome", "verified"))
                .isEqualTo(upstream.connectionsAccepted());

        int connections = upstream.connectionsAccepted();
        assertThat(connections).as("at most one connection per event loop").isBetween(1, loops);
        assertThat(upstream.messages()).hasSize(sessions).allSatisfy(m -> assertThat(m.tls()).isTrue());
        assertThat(upstream.messages()).extracting(m -> m.text().trim())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, sessions)
                        .mapToObj(i -> "Subject: reuse\r\n\r\nmessage " + i).toList());
        assertThat(upstream.plaintextLines()).noneMatch(l -> l.isCommand("MAIL") || l.isCommand("RSET"));
        assertThat(verbsOn(1)).as("after a finished message the next session's MAIL follows at once")
                .containsSubsequence("DATA", "MAIL", "RCPT", "DATA", "MAIL").doesNotContain("RSET");
        assertThat(upstream.endings()).as("still open, kept for the next session").isEmpty();
    }

    @Test
    void aSessionThatLeftATransactionOpenHandsItsConnectionOnResetWithRset() throws Exception {
        start(Duration.ofSeconds(30));
        // sessions alternate over the event loops: first each loop gets one that leaves a MAIL open,
        // then one that sends a whole message, on the connection the first left if it is kept by then
        int loops = Runtime.getRuntime().availableProcessors();
        for (int i = 1; i <= loops; i++) {
            try (SmtpTestClient client = proxy.connect()) {
                client.readReply();
                client.command("EHLO app.test");
                assertThat(client.command("MAIL FROM:<app@client.test>").code()).isEqualTo(250);
                assertThat(client.command("RCPT TO:<nobody@nowhere.invalid>").code()).isEqualTo(250);
                assertThat(client.command("QUIT").code()).isEqualTo(221);
            }
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> upstream.commands().stream().filter(l -> l.isCommand("RSET")).count() == loops);
        Thread.sleep(200); // the RSET's 250 on its way back: kept once it is read
        for (int i = 1; i <= loops; i++) {
            sendOneMessageAndQuit("after an open transaction " + i);
        }

        assertThat(upstream.messages()).hasSize(loops).as("the open transaction's recipient never joins a message")
                .allSatisfy(m -> assertThat(m.recipients()).containsExactly("<bob@upstream.test>"));
        int connections = upstream.connectionsAccepted();
        assertThat(connections).as("some session reused a reset connection").isLessThan(2 * loops);
        for (int c = 1; c <= connections; c++) {
            assertThat(String.join(" ", verbsOn(c))).as("connection %d: a MAIL after an open transaction only after RSET", c)
                    .doesNotContain("RCPT MAIL");
        }
    }

    private List<String> verbsOn(int connection) {
        return upstream.commands().stream().filter(l -> l.connection() == connection)
                .map(l -> l.text().split("[ :]")[0].toUpperCase(java.util.Locale.ROOT)).toList();
    }

    @Test
    void aSessionThatUsedAuthOrVanishedMidMessageDoesNotHandItsConnectionOn() throws Exception {
        start(Duration.ofSeconds(30));
        try (SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO app.test");
            String plain = Base64.getEncoder().encodeToString("\0alice\0s3cret".getBytes(StandardCharsets.UTF_8));
            assertThat(client.command("AUTH PLAIN " + plain).code()).isEqualTo(235);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.endings().size() == 1);
        assertThat(upstream.endings()).containsValue(FaultyUpstream.Ending.QUIT);

        try (SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO app.test");
            client.command("MAIL FROM:<app@client.test>");
            client.command("RCPT TO:<bob@upstream.test>");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            client.sendRaw("Subject: cut\r\n\r\nhalf a mess");
        } // gone without the final "." nor QUIT
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.endings().size() == 2);
        assertThat(upstream.endings().get(2)).isEqualTo(FaultyUpstream.Ending.PEER_CLOSED_IN_DATA);

        sendOneMessageAndQuit("whole");
        assertThat(upstream.connectionsAccepted()).as("a new connection for each of the three sessions").isEqualTo(3);
        assertThat(upstream.messages()).singleElement().satisfies(m -> assertThat(m.text()).contains("whole"));
        assertThat(upstream.commands()).filteredOn(l -> l.isCommand("RSET"))
                .as("only the last session's connection was kept").allMatch(l -> l.connection() == 3);
    }

    @Test
    void aKeptConnectionUnusedForItsIdleTimeIsClosedWithQuit() throws Exception {
        start(Duration.ofMillis(300));
        sendOneMessageAndQuit("first");
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.endings().size() == 1);
        assertThat(upstream.endings()).containsEntry(1, FaultyUpstream.Ending.QUIT);
        assertThat(upstream.commands()).noneMatch(l -> l.isCommand("RSET"));

        sendOneMessageAndQuit("second");
        assertThat(upstream.connectionsAccepted()).isEqualTo(2);
        assertThat(upstream.messages()).extracting(FaultyUpstream.ReceivedMessage::connection).containsExactly(1, 2);
    }
}
