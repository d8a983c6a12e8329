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
 * verified upstream connection the last session left, reset with RSET, instead of a new TCP and TLS
 * handshake; one that used AUTH, or did not end with QUIT, never hands its connection on.
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
                sendOneMessageAndQuit("message " + i);
                int sent = i;
                // a session's connection is kept once its RSET has been answered
                await().atMost(Duration.ofSeconds(5)).until(() -> rsets() == sent);
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
        List<String> verbs = upstream.commands().stream().filter(l -> l.connection() == 1)
                .map(l -> l.text().split("[ :]")[0].toUpperCase(java.util.Locale.ROOT)).toList();
        assertThat(verbs).as("a later session starts on the reset connection")
                .containsSubsequence("DATA", "RSET", "MAIL", "RCPT", "DATA", "RSET");
        assertThat(upstream.endings()).as("still open, kept for the next session").isEmpty();
    }

    private long rsets() {
        return upstream.commands().stream().filter(l -> l.isCommand("RSET")).count();
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
        assertThat(upstream.commands()).anyMatch(l -> l.isCommand("RSET"));

        sendOneMessageAndQuit("second");
        assertThat(upstream.connectionsAccepted()).isEqualTo(2);
        assertThat(upstream.messages()).extracting(FaultyUpstream.ReceivedMessage::connection).containsExactly(1, 2);
    }
}
