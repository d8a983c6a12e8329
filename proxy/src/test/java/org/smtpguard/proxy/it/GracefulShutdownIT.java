package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.it.FaultyUpstream.Ending;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * SIGTERM to the packaged jar in its own process (what Kubernetes and {@code docker stop} do): the
 * listeners close, a session between transactions gets {@code 421 4.3.2} at once, a transaction in
 * progress may finish within {@code shutdown.grace} and gets the upstream's own 250, a message still
 * arriving when the grace period ends gets 421 and is never completed upstream; the process exits 0.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GracefulShutdownIT extends AgainstFaultyUpstream {

    private static final Duration EXIT_WITHIN = Duration.ofSeconds(20);

    private JarProcess smtpguard;
    private int port;
    private InetSocketAddress metrics;

    @AfterEach
    void stopProcess() {
        if (smtpguard != null) {
            smtpguard.close();
        }
    }

    private void startSmtpguard(String grace) throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        int[] ports = JarProcess.freePorts(2);
        port = ports[0];
        metrics = new InetSocketAddress("127.0.0.1", ports[1]);
        smtpguard = JarProcess.start(List.of("run", "--listen", "127.0.0.1:" + port, "--metrics", "127.0.0.1:" + ports[1],
                "--upstream", "127.0.0.1:" + upstream.port(), "--upstream-name", TestCertificates.UPSTREAM_NAME,
                "--upstream-ca", certificates.caPem.toString()), Map.of("SMTPGUARD_SHUTDOWN_GRACE", grace));
        smtpguard.awaitStarted();
    }

    private SmtpTestClient greetedClient() throws IOException {
        SmtpTestClient client = SmtpTestClient.connect(new InetSocketAddress("127.0.0.1", port));
        assertThat(client.readReply().code()).isEqualTo(220);
        assertThat(client.command("EHLO app.test").code()).isEqualTo(250);
        return client;
    }

    private static void startMessage(SmtpTestClient client) throws IOException {
        assertThat(client.command("MAIL FROM:<app@client.test>").code()).isEqualTo(250);
        assertThat(client.command("RCPT TO:<ops@mail.test>").code()).isEqualTo(250);
        assertThat(client.command("DATA").code()).isEqualTo(354);
        // no line end at the end: smtpguard holds a CRLF back until it knows no "." follows
        client.sendRaw("Subject: during shutdown\r\n\r\nfirst part\r\nsecond part");
    }

    private static void assertShuttingDown(Reply reply) {
        assertThat(reply.code()).as(reply.toString()).isEqualTo(421);
        assertThat(reply.enhancedStatus()).contains("4.3.2");
    }

    @Test
    void anIdleSessionGets421AndTheProcessExitsWith0() throws Exception {
        startSmtpguard("30s");
        try (SmtpTestClient idle = greetedClient()) {
            smtpguard.terminate();
            assertShuttingDown(idle.readReply());
            assertThat(idle.readUntilClosed()).isEmpty();
        }
        assertThat(smtpguard.awaitExit(EXIT_WITHIN)).as("exit status after SIGTERM").isZero();
        assertThat(smtpguard.output()).contains("shutting down", "smtpguard stopped");
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.endings()).containsValue(Ending.QUIT);
    }

    @Test
    void aTransactionInProgressFinishesWithTheUpstreams250WhileNewClientsAreRefused() throws Exception {
        startSmtpguard("30s");
        try (SmtpTestClient sending = greetedClient()) {
            startMessage(sending);
            smtpguard.terminate();
            smtpguard.awaitLine("the shutdown notice", l -> l.contains("shutting down"));

            assertThatThrownBy(() -> SmtpTestClient.connect(new InetSocketAddress("127.0.0.1", port)))
                    .as("the listener is closed").isInstanceOf(ConnectException.class);
            assertThat(smtpguard.isAlive()).as("waits for the transaction in progress").isTrue();
            var ready = MetricsScrape.get(metrics, "/readyz");
            assertThat(ready.statusCode()).as("a load balancer stops sending clients").isEqualTo(503);
            assertThat(ready.body()).contains("shutting down");
            assertThat(MetricsScrape.get(metrics, "/healthz").statusCode()).as("but the process is alive").isEqualTo(200);

            sending.sendRaw("\r\nlast part\r\n.\r\n");
            Reply accepted = sending.readReply();
            assertThat(accepted.code()).isEqualTo(250);
            assertThat(accepted.text()).as("the upstream's own 250").contains(FaultyUpstream.QUEUED_AS);
            assertShuttingDown(sending.readReply());
            assertThat(sending.readUntilClosed()).isEmpty();
        }
        assertThat(smtpguard.awaitExit(EXIT_WITHIN)).isZero();
        assertThat(upstream.messages()).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("first part", "last part"));
    }

    @Test
    void aMessageUnfinishedWhenTheGracePeriodEndsGets421AndNeverReachesTheUpstream() throws Exception {
        startSmtpguard("2s");
        long terminated;
        try (SmtpTestClient sending = greetedClient()) {
            startMessage(sending);
            await("the upstream has the start of the message").atMost(Duration.ofSeconds(5))
                    .until(() -> upstream.lines().stream().anyMatch(l -> l.content() && l.text().equals("first part")));
            terminated = System.nanoTime();
            smtpguard.terminate();
            assertShuttingDown(sending.readReply());
            assertThat(Duration.ofNanos(System.nanoTime() - terminated)).as("the grace period was granted")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            assertThat(sending.readUntilClosed()).isEmpty();
        }
        assertThat(smtpguard.awaitExit(EXIT_WITHIN)).isZero();
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.messages()).as("no message was completed upstream").isEmpty();
        assertThat(upstream.endings()).containsValue(Ending.PEER_CLOSED_IN_DATA);
        assertThat(smtpguard.output()).contains("grace period over: closing 1 sessions with 421 4.3.2");
    }
}
