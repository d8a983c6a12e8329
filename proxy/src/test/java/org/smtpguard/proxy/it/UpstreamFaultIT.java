package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Ending;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.FaultyUpstream.ReceivedLine;
import org.smtpguard.proxy.it.FaultyUpstream.ReceivedMessage;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * One test per {@link Fault} of the upstream (DESIGN §5, §7): the client's first reply is the 421
 * with the right enhanced status, the connection then closes, and nothing the client sends — even a
 * client that goes on anyway or talks before it is greeted — reaches the upstream, least of all AUTH,
 * MAIL, RCPT or DATA in plaintext.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamFaultIT extends AgainstFaultyUpstream {

    /** What a client that does not take no for an answer sends: it must never reach the upstream. */
    private static final List<String> PERSISTENT_CLIENT = List.of(
            "EHLO client.test",
            "AUTH PLAIN " + base64("\0leak@client.test\0leaked-Pa55"),
            "MAIL FROM:<leak@client.test>",
            "RCPT TO:<victim@mail.test>",
            "DATA",
            "Subject: must never arrive",
            "",
            "leaked body",
            ".",
            "QUIT");

    /** What smtpguard itself may say to an upstream before it is verified; never anything of the client's. */
    private static final List<String> SMTPGUARD_OWN_LINES = List.of(
            "EHLO " + SmtpguardConfig.TEST_NAME, "STARTTLS", "QUIT");

    // ---- the good upstream ----

    @Test
    void deliversOverTlsAndPassesOnTheUpstreams250OnlyAfterTheUpstreamSentIt() throws Exception {
        start(Fault.NONE);
        String message = "Subject: hello\r\n\r\nfirst line\r\n..a line that starts with a dot\r\nlast line";
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(upstream.commands()).as("greeted only after the upstream was verified and its EHLO over TLS")
                    .anyMatch(l -> l.tls() && l.isCommand("EHLO"));
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<alice@client.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@mail.test>").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);

            upstream.holdEndOfDataReplies();
            client.sendRaw(message + "\r\n.\r\n");
            await("the upstream has the whole message").atMost(Duration.ofSeconds(5))
                    .until(() -> upstream.messages().size() == 1);
            assertThat(client.nothingArrivesWithin(Duration.ofMillis(700)))
                    .as("no reply to the end of data while the upstream has not answered").isTrue();
            upstream.releaseEndOfDataReplies();

            Reply accepted = client.readReply();
            assertThat(accepted.code()).isEqualTo(250);
            assertThat(accepted.text()).as("the upstream's own 250").contains(FaultyUpstream.QUEUED_AS + "1");
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        ReceivedMessage received = upstream.messages().get(0);
        assertThat(received.tls()).isTrue();
        assertThat(received.mailFrom()).isEqualTo("<alice@client.test>");
        assertThat(received.recipients()).containsExactly("<bob@mail.test>");
        assertThat(received.text()).isEqualTo("Subject: hello\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n"
                + "last line\r\n");
        assertThat(upstream.commands()).filteredOn(l -> l.isCommand("MAIL") || l.isCommand("RCPT")
                || l.isCommand("DATA")).hasSize(3).allMatch(ReceivedLine::tls);
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.commands()).as("the upstream is told goodbye once").filteredOn(l -> l.isCommand("QUIT"))
                .hasSize(1);
        assertNothingOfTheClientInPlaintext();
    }

    // ---- STARTTLS missing or refused ----

    @Test
    void refusesWith421_4_7_4WhenUpstreamOmitsStartTls() throws Exception {
        start(Fault.STARTTLS_NOT_ADVERTISED);
        assertRefusedBeforeGreeting("4.7.4");
    }

    @Test
    void refusesWith421_4_7_0WhenUpstreamAnswersStartTlsWith454() throws Exception {
        start(Fault.STARTTLS_454);
        assertRefusedBeforeGreeting("4.7.0");
    }

    @Test
    void refusesWith421_4_7_0WhenUpstreamAnswersStartTlsWith500() throws Exception {
        start(Fault.STARTTLS_500);
        assertRefusedBeforeGreeting("4.7.0");
    }

    @Test
    void refusesWith421_4_7_0WhenUpstreamAnswersStartTlsWith200() throws Exception {
        start(Fault.STARTTLS_200);
        assertRefusedBeforeGreeting("4.7.0");
    }

    @Test
    void refusesWith421_4_7_0WhenUpstreamSendsBytesAfterItsStartTls220() throws Exception {
        start(Fault.BYTES_AFTER_220);
        assertRefusedBeforeGreeting("4.7.0");
    }

    // ---- certificate not verified, handshake broken ----

    @Test
    void refusesWith421_4_7_5WhenUpstreamCertificateIsSelfSigned() throws Exception {
        start(Fault.SELF_SIGNED_CERT);
        assertRefusedBeforeGreeting("4.7.5");
    }

    @Test
    void refusesWith421_4_7_5WhenUpstreamCertificateHasExpired() throws Exception {
        start(Fault.EXPIRED_CERT);
        assertRefusedBeforeGreeting("4.7.5");
    }

    @Test
    void refusesWith421_4_7_5WhenUpstreamCertificateNamesAnotherHost() throws Exception {
        start(Fault.WRONG_NAME_CERT);
        assertRefusedBeforeGreeting("4.7.5");
    }

    @Test
    void refusesWith421_4_7_5WhenUpstreamDropsTheConnectionAfterStartTls() throws Exception {
        start(Fault.DROP_AFTER_STARTTLS);
        assertRefusedBeforeGreeting("4.7.5");
    }

    // ---- unreachable, silent, lost ----

    @Test
    void refusesWith421_4_4_1WhenUpstreamRefusesConnections() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort(); // nothing listens here once it is closed
        }
        proxy = ProxyUnderTest.start(closedPort, certificates);
        try (SmtpTestClient client = proxy.connect()) {
            Reply first = client.readReply();
            assertThat(first.code()).isEqualTo(421);
            assertThat(first.enhancedStatus()).contains("4.4.1");
            client.sendIgnoringFailures(PERSISTENT_CLIENT.toArray(String[]::new));
            assertThat(client.readUntilClosed()).as("after the 421, only the close").isEmpty();
        }
    }

    @Test
    void refusesWith421_4_4_2WhenUpstreamNeverGreets() throws Exception {
        start(Fault.SILENT);
        long started = System.nanoTime();
        assertRefusedBeforeGreeting("4.4.2");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the upstream reply deadline (%s) is what ends the wait", ProxyUnderTest.UPSTREAM_REPLY_TIMEOUT)
                .isGreaterThanOrEqualTo(ProxyUnderTest.UPSTREAM_REPLY_TIMEOUT);
    }

    @Test
    void repliesWith421_4_4_2AndNever250WhenUpstreamClosesDuringData() throws Exception {
        start(Fault.CLOSE_DURING_DATA);
        try (SmtpTestClient client = proxy.connect()) {
            startTransaction(client);
            client.sendRaw("Subject: cut short\r\n\r\nfirst line\r\nsecond line\r\n");
            Reply lost = client.readReply();
            assertThat(lost.code()).isEqualTo(421);
            assertThat(lost.enhancedStatus()).contains("4.4.2");
            client.sendIgnoringFailures("third line", ".", "QUIT");
            assertThat(client.readUntilClosed()).as("nothing after the 421, least of all a 250").isEmpty();
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(10));
        assertThat(upstream.endings()).containsValue(Ending.CLOSED_BY_FAULT);
        assertThat(upstream.messages()).isEmpty();
        assertNothingOfTheClientInPlaintext();
    }

    @Test
    void repliesWith421_4_4_2NotA250WhenUpstreamClosesAfterTheWholeMessageWasSent() throws Exception {
        start(Fault.CLOSE_DURING_DATA);
        try (SmtpTestClient client = proxy.connect()) {
            startTransaction(client);
            client.sendRaw("Subject: complete\r\n\r\nthe whole message\r\n.\r\n");
            Reply lost = client.readReply();
            assertThat(lost.code()).as("reply to the end of data: %s", lost).isEqualTo(421);
            assertThat(lost.enhancedStatus()).contains("4.4.2");
            assertThat(client.readUntilClosed()).as("nothing after the 421, least of all a 250").isEmpty();
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(10));
        assertThat(upstream.messages()).isEmpty();
    }

    // ---- helpers ----

    private void start(Fault fault) throws IOException, InterruptedException {
        upstream = FaultyUpstream.start(fault, certificates);
        proxy = ProxyUnderTest.start(upstream.port(), certificates);
    }

    private static void startTransaction(SmtpTestClient client) throws IOException {
        assertThat(client.readReply().code()).isEqualTo(220);
        assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
        assertThat(client.command("MAIL FROM:<alice@client.test>").code()).isEqualTo(250);
        assertThat(client.command("RCPT TO:<bob@mail.test>").code()).isEqualTo(250);
        assertThat(client.command("DATA").code()).isEqualTo(354);
    }

    /**
     * The upstream cannot be trusted: (1) a client's first line is {@code 421 status}, then the
     * connection closes, and going on anyway gets nothing more; (2) a client that sends its whole
     * dialogue before any reply sees at most that 421; (3) the upstream received nothing of either.
     */
    private void assertRefusedBeforeGreeting(String status) throws IOException {
        try (SmtpTestClient client = proxy.connect()) {
            Reply first = client.readReply();
            assertThat(first.code()).as("first reply: %s", first).isEqualTo(421);
            assertThat(first.enhancedStatus()).as("first reply: %s", first).contains(status);
            client.sendIgnoringFailures(PERSISTENT_CLIENT.toArray(String[]::new));
            assertThat(client.readUntilClosed()).as("after the 421, only the close").isEmpty();
        }
        try (SmtpTestClient eager = proxy.connect()) {
            eager.sendIgnoringFailures(String.join("\r\n", PERSISTENT_CLIENT));
            String seen = eager.readUntilClosed(); // may be empty: a reset can overtake the 421
            assertThat(seen.lines()).as("a client talking first sees only the refusal").allSatisfy(
                    line -> assertThat(line).startsWith("421 " + status));
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(10));
        assertThat(upstream.connectionsAccepted()).as("smtpguard did try the upstream").isGreaterThanOrEqualTo(1);
        assertNothingOfTheClientInPlaintext();
        assertThat(upstream.lines()).as("nothing of the client's, in plaintext or TLS")
                .allMatch(l -> !l.content() && SMTPGUARD_OWN_LINES.contains(l.text()));
    }

    /** DESIGN §7: the upstream saw no AUTH/MAIL/RCPT/DATA, nor any message content, while TLS was off. */
    private void assertNothingOfTheClientInPlaintext() {
        assertThat(upstream.plaintextLines()).as("AUTH/MAIL/RCPT/DATA in plaintext")
                .noneMatch(l -> l.isCommand("AUTH") || l.isCommand("MAIL") || l.isCommand("RCPT")
                        || l.isCommand("DATA"));
        assertThat(upstream.plaintextLines()).as("plaintext lines come from smtpguard itself")
                .allMatch(l -> !l.content() && SMTPGUARD_OWN_LINES.contains(l.text()));
        assertThat(upstream.messages()).filteredOn(m -> !m.tls()).isEmpty();
        assertThat(upstream.authentications()).filteredOn(a -> !a.tls()).isEmpty();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
