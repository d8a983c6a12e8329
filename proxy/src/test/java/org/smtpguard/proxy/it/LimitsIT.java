package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.proxy.config.LimitsConfig;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.config.TimeoutsConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * Every bound a client or an upstream can push against, over real sockets: what the client sees
 * (code and enhanced status), that the upstream never receives a message that was not accepted, and
 * that smtpguard still serves the next connection.
 */
@Timeout(60)
class LimitsIT extends AgainstFaultyUpstream {

    private void start(LimitsConfig limits, TimeoutsConfig timeouts) throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        proxy = ProxyUnderTest.start(config.withLimits(limits).withTimeouts(timeouts));
    }

    private static LimitsConfig limits(long messageSize, int pipelineDepth, int errors, long dataMinRate) {
        LimitsConfig d = LimitsConfig.defaults();
        return new LimitsConfig(d.commandLine(), d.authLine(), messageSize, pipelineDepth, errors, d.replyLine(),
                d.replyLines(), d.replyBytes(), dataMinRate);
    }

    private static TimeoutsConfig timeouts(Duration upstreamData, Duration command, Duration dataIdle) {
        TimeoutsConfig s = ProxyUnderTest.SHORT_TIMEOUTS;
        return new TimeoutsConfig(s.connect(), s.tlsHandshake(), s.upstreamReply(), upstreamData, command, dataIdle);
    }

    private static final LimitsConfig DEFAULT_LIMITS = LimitsConfig.defaults();

    private static SmtpTestClient inData(ProxyUnderTest proxy) throws Exception {
        SmtpTestClient client = proxy.connect();
        assertThat(client.readReply().code()).isEqualTo(220);
        assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
        assertThat(client.command("MAIL FROM:<a@client.test>").code()).isEqualTo(250);
        assertThat(client.command("RCPT TO:<b@upstream.test>").code()).isEqualTo(250);
        assertThat(client.command("DATA").code()).isEqualTo(354);
        return client;
    }

    private final ExecutorService meanwhile = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopMeanwhile() {
        meanwhile.shutdownNow();
    }

    /** A well-behaved client sending one message while a limit is being hit; its last reply code. */
    private Future<Integer> goodClientMeanwhile() {
        return meanwhile.submit(() -> {
            try (SmtpTestClient client = inData(proxy)) {
                client.sendRaw("Subject: meanwhile\r\n\r\nserved\r\n.\r\n");
                return client.readReply().code();
            }
        });
    }

    private static void assertServed(Future<Integer> other) throws Exception {
        assertThat(other.get(60, TimeUnit.SECONDS)).as("the well-behaved client's message").isEqualTo(250);
    }

    private void assertStillServesANewConnection() throws Exception {
        try (SmtpTestClient client = inData(proxy)) {
            client.sendRaw("Subject: next\r\n\r\nstill here\r\n.\r\n");
            assertThat(client.readReply().code()).isEqualTo(250);
        }
    }

    @Test
    void aMessageOverTheSizeLimitGets552AndNeverReachesTheUpstream() throws Exception {
        start(limits(4096, 100, 10, 0), ProxyUnderTest.SHORT_TIMEOUTS);
        try (SmtpTestClient client = inData(proxy)) {
            String line = "x".repeat(998) + "\r\n";
            Future<Integer> other = goodClientMeanwhile();
            client.sendRaw("Subject: big\r\n\r\n" + line.repeat(10) + ".\r\n");

            Reply reply = client.readReply();
            assertServed(other);
            assertThat(proxy.limitsHit(RefusalReason.MESSAGE_TOO_BIG)).isEqualTo(1);
            assertThat(reply.code()).isEqualTo(552);
            assertThat(reply.enhancedStatus()).hasValue("5.3.4");
            Reply next = client.command("MAIL FROM:<a@client.test>");
            assertThat(next.code()).isEqualTo(421);
        }
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.messages()).hasSize(1).allMatch(m -> m.text().contains("Subject: meanwhile"));
        assertThat(upstream.endings()).containsValue(FaultyUpstream.Ending.PEER_CLOSED_IN_DATA);
        assertStillServesANewConnection();
    }

    @Test
    void anIdleClientIsDisconnectedWith421_4_4_2() throws Exception {
        // Another client served meanwhile: see the DATA idle test (the same limit, client_timeout);
        // here a client that idles 1 s between commands on a loaded machine would be cut too.
        start(DEFAULT_LIMITS, timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(15)));
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);

            Reply reply = client.readReply();

            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValue("4.4.2");
            assertThat(client.readUntilClosed()).isEmpty();
        }
        assertThat(proxy.limitsHit(RefusalReason.CLIENT_TIMEOUT)).isGreaterThanOrEqualTo(1);
        assertStillServesANewConnection();
    }

    @Test
    void aClientThatStopsSendingInDataIsDisconnectedAndTheUpstreamGetsNoMessage() throws Exception {
        start(DEFAULT_LIMITS, timeouts(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(1)));
        try (SmtpTestClient client = inData(proxy)) {
            client.sendRaw("Subject: half\r\n\r\nthe first half, and then nothing");
            Future<Integer> other = goodClientMeanwhile();

            Reply reply = client.readReply();

            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValue("4.4.2");
            assertServed(other);
        }
        assertThat(proxy.limitsHit(RefusalReason.CLIENT_TIMEOUT)).isEqualTo(1);
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.messages()).noneMatch(m -> m.text().contains("Subject: half"));
    }

    @Test
    void aClientThatDripsItsMessageBelowTheMinimumRateIsDisconnected() throws Exception {
        start(limits(DEFAULT_LIMITS.messageSize(), 100, 10, 500),
                timeouts(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(2)));
        try (SmtpTestClient client = inData(proxy)) {
            client.sendRaw("Subject: slow\r\n\r\n");
            Future<Integer> other = goodClientMeanwhile();
            Reply reply = null;
            for (int i = 0; i < 40 && reply == null; i++) { // one byte every 200 ms: 5 bytes/s, never idle 2 s
                client.sendRaw("x");
                if (!client.nothingArrivesWithin(Duration.ofMillis(200))) {
                    reply = client.readReply();
                }
            }

            assertThat(reply).as("a reply within 8 s").isNotNull();
            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValue("4.4.2");
            assertThat(reply.text()).contains("too slowly");
            assertServed(other);
        }
        assertThat(proxy.limitsHit(RefusalReason.DATA_TOO_SLOW)).isEqualTo(1);
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(5));
        assertThat(upstream.messages()).noneMatch(m -> m.text().contains("Subject: slow"));
    }

    @Test
    void anUpstreamThatHoldsItsReplyAfterTheMessageGives421AndNever250() throws Exception {
        start(DEFAULT_LIMITS, timeouts(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(15)));
        upstream.holdEndOfDataReplies();
        try (SmtpTestClient client = inData(proxy)) {
            client.sendRaw("Subject: held\r\n\r\nbody\r\n.\r\n");

            Reply reply = client.readReply();
            upstream.releaseEndOfDataReplies();

            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValue("4.4.2");
            assertThat(client.readUntilClosed()).doesNotContain("250");
        }
        assertThat(proxy.limitsHit(RefusalReason.TIMEOUT)).isEqualTo(1);
    }

    @Test
    void pipelinedCommandsWithinTheBoundAreAllAnsweredInOrder() throws Exception {
        start(limits(DEFAULT_LIMITS.messageSize(), 5, 10, 0), ProxyUnderTest.SHORT_TIMEOUTS);
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            StringBuilder burst = new StringBuilder("MAIL FROM:<a@client.test>\r\n");
            for (int i = 0; i < 12; i++) {
                burst.append("RCPT TO:<r").append(i).append("@upstream.test>\r\n");
            }
            client.sendRaw(burst.toString().getBytes(StandardCharsets.US_ASCII));

            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 13; i++) {
                codes.add(client.readReply().code());
            }

            assertThat(codes).containsOnly(250).hasSize(13);
            assertThat(client.command("RSET").code()).isEqualTo(250);
        }
    }

    @Test
    void aPipelineFarBeyondTheBoundEndsTheSessionWith421_4_5_3() throws Exception {
        start(limits(DEFAULT_LIMITS.messageSize(), 5, 10, 0), ProxyUnderTest.SHORT_TIMEOUTS);
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            Future<Integer> other = goodClientMeanwhile();
            client.sendRaw("NOOP\r\n".repeat(100));

            String rest = client.readUntilClosed();

            assertThat(rest).contains("421 4.5.3");
            assertServed(other);
            assertThat(proxy.limitsHit(RefusalReason.PIPELINE_TOO_DEEP)).isEqualTo(1);
            assertThat(rest.lines().filter(l -> l.startsWith("250"))).hasSizeLessThan(100);
        }
        assertStillServesANewConnection();
    }

    @Test
    void anOverlongCommandLineGets500_5_5_2IsCountedAndTheSessionGoesOn() throws Exception {
        start(DEFAULT_LIMITS, ProxyUnderTest.SHORT_TIMEOUTS);
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            Future<Integer> other = goodClientMeanwhile();
            client.send("EHLO " + "x".repeat(DEFAULT_LIMITS.commandLine() + 10));

            Reply reply = client.readReply();

            assertThat(reply.code()).isEqualTo(500);
            assertThat(reply.enhancedStatus()).hasValue("5.5.2");
            assertThat(client.command("EHLO client.test").code()).as("the session goes on").isEqualTo(250);
            assertServed(other);
        }
        assertThat(proxy.limitsHit(RefusalReason.LINE_TOO_LONG)).isEqualTo(1);
        assertThat(upstream.commands()).noneMatch(l -> l.text().length() > DEFAULT_LIMITS.commandLine());
    }

    @Test
    void tooManyErrorsEndTheSessionWith421_4_7_0() throws Exception {
        start(limits(DEFAULT_LIMITS.messageSize(), 100, 3, 0), ProxyUnderTest.SHORT_TIMEOUTS);
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            for (int i = 0; i < 3; i++) {
                assertThat(client.command("VRFY user" + i).code()).isEqualTo(502);
            }

            Future<Integer> other = goodClientMeanwhile();
            Reply reply = client.command("EXPN staff");

            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValue("4.7.0");
            assertThat(client.readUntilClosed()).isEmpty();
            assertServed(other);
        }
        assertThat(proxy.limitsHit(RefusalReason.TOO_MANY_ERRORS)).isEqualTo(1);
    }
}
