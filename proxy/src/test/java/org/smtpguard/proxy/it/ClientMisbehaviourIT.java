package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.policy.net.TrustedNetworks;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Authentication;
import org.smtpguard.proxy.it.FaultyUpstream.Ending;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.FaultyUpstream.ReceivedLine;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * A client that misbehaves, against a good upstream ({@link Fault#NONE}): STARTTLS injection,
 * address harvesting, vanishing mid-message, over-long lines, bare LF, and AUTH whose secret must
 * reach the upstream and never the log.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientMisbehaviourIT extends AgainstFaultyUpstream {

    private static final String USER = "alice@client.test";
    private static final String PASSWORD = "s3cret-Pa55";

    @BeforeEach
    void start() throws IOException, InterruptedException {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        proxy = ProxyUnderTest.start(upstream.port(), certificates);
    }

    // ---- STARTTLS injection ----

    @Test
    void discardsACommandPipelinedAfterStartTlsAndWantsEhloAgainAfterTheHandshake() throws Exception {
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            Reply ehlo = client.command("EHLO client.test");
            assertThat(ehlo.ehloKeywords()).contains("STARTTLS");

            client.sendRaw("STARTTLS\r\nMAIL FROM:<x@y>\r\n"); // one write: the MAIL rides before the handshake
            Reply ready = client.readReply();
            assertThat(ready.code()).as("reply to STARTTLS: %s", ready).isEqualTo(220);
            client.startTls();

            Reply early = client.command("MAIL FROM:<before-ehlo@client.test>");
            assertThat(early.code()).as("MAIL before a new EHLO: %s", early).isEqualTo(503);
            Reply ehloAgain = client.command("EHLO client.test");
            assertThat(ehloAgain.code()).isEqualTo(250);
            assertThat(ehloAgain.ehloKeywords()).doesNotContain("STARTTLS").contains("AUTH");
            assertThat(deliver(client, "after-tls@client.test", "Subject: after TLS\r\n\r\nhello").code())
                    .isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.lines()).as("the injected MAIL never reached the upstream")
                .noneMatch(l -> l.text().contains("<x@y>"))
                .noneMatch(l -> l.text().contains("before-ehlo@"));
        assertThat(upstream.commands()).filteredOn(l -> l.isCommand("MAIL")).extracting(ReceivedLine::text)
                .containsExactly("MAIL FROM:<after-tls@client.test>");
        assertThat(upstream.messages()).hasSize(1);
    }

    @Test
    void neverExecutesAPlaintextCommandSentAfterTheStartTls220() throws Exception {
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("STARTTLS").code()).isEqualTo(220);
            client.send("MAIL FROM:<plaintext-after-220@client.test>"); // instead of a ClientHello
            String rest = client.readUntilClosed();
            assertThat(rest).as("no SMTP reply to bytes that should have been a TLS handshake")
                    .doesNotContain("250").doesNotContain("503");
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.lines()).noneMatch(l -> l.text().contains("plaintext-after-220@"));
    }

    @Test
    void neverLogsCredentialsSentInPlaintextAfterTheStartTls220() throws Exception {
        // A client that writes its AUTH right after STARTTLS without waiting (or one whose TLS layer is
        // broken): the bytes reach smtpguard after its 220, where a TLS record was due.
        String plain = "\0al\0" + PASSWORD;
        String authLine = "AUTH PLAIN " + base64(plain);
        try (LogCapture log = LogCapture.start()) {
            try (SmtpTestClient client = proxy.connect()) {
                assertThat(client.readReply().code()).isEqualTo(220);
                assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
                assertThat(client.command("STARTTLS").code()).isEqualTo(220);
                client.send(authLine);
                assertThat(client.readUntilClosed()).doesNotContain("235");
            }
            List<String> lines = awaitSessionEnd(log);
            assertNoSecretIn(lines, PASSWORD, base64(PASSWORD), base64(plain), hex(base64(plain)),
                    hex(authLine), hex(PASSWORD));
        }
        assertThat(upstream.authentications()).isEmpty();
        assertThat(upstream.commands()).noneMatch(l -> l.isCommand("AUTH"));
    }

    @Test
    void neverLogsCredentialsSentInPlaintextToTheImplicitTlsListener() throws Exception {
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        restartProxy(config.withClient(config.client().withListenTls(List.of(new HostPort("127.0.0.1", 0)))));
        String plain = "\0al\0" + PASSWORD;
        String authLine = "AUTH PLAIN " + base64(plain);
        try (LogCapture log = LogCapture.start()) {
            try (SmtpTestClient client = SmtpTestClient.connect(proxy.implicitTlsAddress())) {
                client.send(authLine); // plaintext where a TLS ClientHello was due
                assertThat(client.readUntilClosed()).doesNotContain("235");
            }
            List<String> lines = awaitSessionEnd(log);
            assertNoSecretIn(lines, PASSWORD, base64(PASSWORD), base64(plain), hex(base64(plain)),
                    hex(authLine), hex(PASSWORD));
        }
        assertThat(upstream.authentications()).isEmpty();
    }

    @Test
    void refusesAuthInPlaintextWith538_5_7_11FromAClientOutsideTheTrustedNetworks() throws Exception {
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        restartProxy(config.withClient(config.client()
                .withTrustedNetworks(TrustedNetworks.parse(List.of("192.0.2.0/24")))));
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            Reply ehlo = client.command("EHLO client.test");
            assertThat(ehlo.ehloKeywords()).as("no AUTH offered in plaintext").doesNotContain("AUTH");
            Reply refused = client.command("AUTH PLAIN " + base64("\0" + USER + "\0" + PASSWORD));
            assertThat(refused.code()).as("%s", refused).isEqualTo(538);
            assertThat(refused.enhancedStatus()).contains("5.7.11");
            assertThat(client.command("NOOP").code()).as("the session goes on").isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.commands()).noneMatch(l -> l.isCommand("AUTH"));
        assertThat(upstream.authentications()).isEmpty();
    }

    // ---- SMTP smuggling ----

    @Test
    void neverLetsBareLineEndsInDataSmuggleASecondMessage() throws Exception {
        // The upstream here is lenient (a bare LF ends a line for it), like the servers that SMTP
        // smuggling exploits: smtpguard must not let it see an end of data where smtpguard sees none.
        String smuggled = "MAIL FROM:<smuggled@evil.test>\nRCPT TO:<victim@mail.test>\nDATA\n"
                + "Subject: smuggled\n\nsmuggled body\n";
        String message = "Subject: outer\r\n\nouter body\n.\n" + smuggled
                + ".\r\n" + smuggled + "\r\n.\n" + smuggled + ".\rstill the outer message";
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            Reply accepted = deliver(client, "outer@client.test", message);
            assertThat(accepted.code()).as("%s", accepted).isEqualTo(250);
            assertThat(accepted.text()).as("exactly one message: the first the upstream queued")
                    .contains(FaultyUpstream.QUEUED_AS + "1");
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.messages()).extracting(FaultyUpstream.ReceivedMessage::mailFrom)
                .containsExactly("<outer@client.test>");
        assertThat(upstream.commands()).noneMatch(l -> l.text().contains("smuggled@evil.test"));
        assertThat(upstream.messages().get(0).text()).contains("MAIL FROM:<smuggled@evil.test>")
                .contains("still the outer message");
    }

    // ---- address harvesting ----

    @Test
    void answersVrfyAndExpnWith502_5_5_1AndNeverForwardsThem() throws Exception {
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            Reply ehlo = client.command("EHLO client.test");
            assertThat(ehlo.ehloKeywords()).as("the upstream offers VRFY; smtpguard must not")
                    .doesNotContain("VRFY", "EXPN");
            for (String harvest : List.of("VRFY postmaster", "EXPN staff", "vrfy <bob@mail.test>", "Expn all")) {
                Reply refused = client.command(harvest);
                assertThat(refused.code()).as("%s: %s", harvest, refused).isEqualTo(502);
                assertThat(refused.enhancedStatus()).as("%s: %s", harvest, refused).contains("5.5.1");
            }
            assertThat(client.command("NOOP").code()).as("the session goes on").isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.commands()).noneMatch(l -> l.isCommand("VRFY") || l.isCommand("EXPN"));
        assertThat(upstream.commands()).anyMatch(l -> l.isCommand("NOOP"));
    }

    // ---- a client that vanishes mid-message ----

    @Test
    void clientDisconnectingInTheMiddleOfDataLeavesTheUpstreamWithoutAMessage() throws Exception {
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<alice@client.test>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<bob@mail.test>").code()).isEqualTo(250);
            assertThat(client.command("DATA").code()).isEqualTo(354);
            client.sendRaw("Subject: half\r\n\r\nfirst half\r\nsecond half, never finished");
            await("the first half is at the upstream").atMost(Duration.ofSeconds(5))
                    .until(() -> upstream.lines().stream().anyMatch(l -> l.content() && l.text().equals("first half")));
        } // the client goes away here, without the final "."
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5)); // well within the upstream's own read deadline
        assertThat(upstream.endings().values()).as("smtpguard closed the upstream connection mid-message")
                .containsExactly(Ending.PEER_CLOSED_IN_DATA);
        assertThat(upstream.messages()).as("no complete message").isEmpty();
    }

    // ---- bad command lines ----

    @Test
    void answersAnOverlongCommandLineWith500_5_5_2AndKeepsRelaying() throws Exception {
        String local = "a".repeat(3000 - "MAIL FROM:<@client.test>\r\n".length());
        String overlong = "MAIL FROM:<" + local + "@client.test>";
        assertThat(overlong.length() + 2).isEqualTo(3000);
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            Reply tooLong = client.command(overlong);
            assertThat(tooLong.code()).as("%s", tooLong).isEqualTo(500);
            assertThat(tooLong.enhancedStatus()).contains("5.5.2");
            assertThat(deliver(client, "same-connection@client.test", "Subject: one\r\n\r\nstill relayed").code())
                    .isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(deliver(client, "new-connection@client.test", "Subject: two\r\n\r\nalso relayed").code())
                    .isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.lines()).noneMatch(l -> l.text().contains("aaaaaaaaaa"));
        assertThat(upstream.messages()).extracting(FaultyUpstream.ReceivedMessage::mailFrom)
                .containsExactly("<same-connection@client.test>", "<new-connection@client.test>");
    }

    @Test
    void answersABareLfInACommandWith500_5_5_2() throws Exception {
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            client.sendRaw("MAIL FROM:<bare-lf@client.test>\n");
            Reply refused = client.readReply();
            assertThat(refused.code()).as("%s", refused).isEqualTo(500);
            assertThat(refused.enhancedStatus()).contains("5.5.2");
            assertThat(client.command("NOOP").code()).as("the session goes on").isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.lines()).noneMatch(l -> l.text().contains("bare-lf@"));
    }

    // ---- AUTH: the secret goes to the upstream, never to the log ----

    @Test
    void relaysAuthPlainOverStartTlsAndLogsTheUserButNeverTheSecret() throws Exception {
        String plain = "\0" + USER + "\0" + PASSWORD;
        try (LogCapture log = LogCapture.start()) {
            try (SmtpTestClient client = startTlsSession()) {
                Reply authenticated = client.command("AUTH PLAIN " + base64(plain));
                assertThat(authenticated.code()).as("%s", authenticated).isEqualTo(235);
                assertThat(deliver(client, USER, "Subject: authenticated\r\n\r\nhello").code()).isEqualTo(250);
                assertThat(client.command("QUIT").code()).isEqualTo(221);
            }
            assertThat(upstream.authentications())
                    .containsExactly(new Authentication(1, true, "PLAIN", USER, PASSWORD));
            List<String> lines = awaitSessionEnd(log);
            assertThat(lines).as("the audit line").anySatisfy(line -> assertThat(line)
                    .contains("smtpguard.audit").contains("mechanism=PLAIN").contains("user=\"" + USER + "\"")
                    .contains("result=235"));
            assertNoSecretIn(lines, PASSWORD, base64(PASSWORD), base64(plain), plain, USER + "\0" + PASSWORD);
        }
    }

    @Test
    void relaysAuthLoginOverStartTlsAndLogsTheUserButNeverThePassword() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            try (SmtpTestClient client = startTlsSession()) {
                assertThat(client.command("AUTH LOGIN").code()).isEqualTo(334);
                assertThat(client.command(base64(USER)).code()).isEqualTo(334);
                Reply authenticated = client.command(base64(PASSWORD));
                assertThat(authenticated.code()).as("%s", authenticated).isEqualTo(235);
                assertThat(client.command("QUIT").code()).isEqualTo(221);
            }
            assertThat(upstream.authentications())
                    .containsExactly(new Authentication(1, true, "LOGIN", USER, PASSWORD));
            List<String> lines = awaitSessionEnd(log);
            assertThat(lines).as("the audit line").anySatisfy(line -> assertThat(line)
                    .contains("smtpguard.audit").contains("mechanism=LOGIN").contains("user=\"" + USER + "\"")
                    .contains("result=235"));
            assertNoSecretIn(lines, PASSWORD, base64(PASSWORD));
        }
    }

    // ---- helpers ----

    /** Replaces the proxy of {@link #start()} with one for {@code config}, on the same upstream. */
    private void restartProxy(SmtpguardConfig config) throws InterruptedException {
        proxy.close();
        proxy = null;
        proxy = ProxyUnderTest.start(config);
    }

    /** Greeting, EHLO, STARTTLS, the handshake and EHLO again: a client on a TLS leg, AUTH offered. */
    private SmtpTestClient startTlsSession() throws IOException {
        SmtpTestClient client = proxy.connect();
        try {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("STARTTLS").code()).isEqualTo(220);
            client.startTls();
            Reply ehlo = client.command("EHLO client.test");
            assertThat(ehlo.ehloKeywords()).contains("AUTH");
            return client;
        } catch (IOException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    private static Reply deliver(SmtpTestClient client, String from, String message) throws IOException {
        assertThat(client.command("MAIL FROM:<" + from + ">").code()).isEqualTo(250);
        assertThat(client.command("RCPT TO:<bob@mail.test>").code()).isEqualTo(250);
        assertThat(client.command("DATA").code()).isEqualTo(354);
        client.sendRaw(message + "\r\n.\r\n");
        return client.readReply();
    }

    /** The log lines once the session's last line ("session end") has been written. */
    private static List<String> awaitSessionEnd(LogCapture log) {
        await("the session end is logged").atMost(Duration.ofSeconds(5))
                .until(() -> log.lines().stream().anyMatch(l -> l.contains("session end")));
        return log.lines();
    }

    private static void assertNoSecretIn(List<String> lines, String... secrets) {
        assertThat(lines).as("captured log").isNotEmpty();
        for (String secret : secrets) {
            assertThat(lines).as("no log line contains a secret (%s)", printable(secret))
                    .noneMatch(line -> line.contains(secret));
        }
    }

    private static String printable(String secret) {
        return secret.replace("\0", "\\0");
    }

    /** Lower-case hex of the UTF-8 bytes, the form Netty's hex dumps take. */
    private static String hex(String text) {
        return java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
