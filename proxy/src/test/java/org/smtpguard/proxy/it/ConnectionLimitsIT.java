package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
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
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.config.TimeoutsConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * The bounds LimitsIT does not cover, each with the reply (code and enhanced status) a client sees,
 * its counter, and a second, well-behaved client served while the bound is being hit: connections in
 * total and per client address, the TLS handshake time on both legs, the size of an upstream reply,
 * the upstream's time per command.
 */
@Timeout(90)
class ConnectionLimitsIT extends AgainstFaultyUpstream {

    /** Another client address: Linux routes all of 127.0.0.0/8 to the loopback. */
    private static final InetAddress OTHER_CLIENT = address("127.0.0.2");

    private final List<SmtpTestClient> held = new ArrayList<>();
    private final ExecutorService meanwhile = Executors.newSingleThreadExecutor();

    @AfterEach
    void closeHeld() throws Exception {
        for (SmtpTestClient client : held) {
            client.close();
        }
        meanwhile.shutdownNow();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private SmtpguardConfig base() throws Exception {
        if (upstream == null) {
            throw new IllegalStateException("upstream first");
        }
        return ProxyUnderTest.config(upstream.port(), certificates);
    }

    /** A good client sending one message from {@code from}; its last reply code. */
    private Future<Integer> goodClientMeanwhile(InetAddress from) {
        return meanwhile.submit(() -> {
            try (SmtpTestClient client = SmtpTestClient.connectFrom(from, proxy.address())) {
                assertThat(client.readReply().code()).isEqualTo(220);
                assertThat(client.command("EHLO good.test").code()).isEqualTo(250);
                assertThat(client.command("MAIL FROM:<good@client.test>").code()).isEqualTo(250);
                assertThat(client.command("RCPT TO:<b@upstream.test>").code()).isEqualTo(250);
                assertThat(client.command("DATA").code()).isEqualTo(354);
                client.sendRaw("Subject: meanwhile\r\n\r\nserved\r\n.\r\n");
                return client.readReply().code();
            }
        });
    }

    private static void assertServed(Future<Integer> other) throws Exception {
        assertThat(other.get(60, TimeUnit.SECONDS)).as("the well-behaved client's message").isEqualTo(250);
    }

    private SmtpTestClient greeted(InetAddress from) throws Exception {
        SmtpTestClient client = SmtpTestClient.connectFrom(from, proxy.address());
        held.add(client);
        assertThat(client.readReply().code()).isEqualTo(220);
        return client;
    }

    @Test
    void aClientAddressOverItsConnectionLimitGets421_4_7_0WhileOtherAddressesAreServed() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        SmtpguardConfig config = base();
        proxy = ProxyUnderTest.start(config.withLimits(config.limits().withClientConnections(100, 2)));
        InetAddress local = InetAddress.getLoopbackAddress();
        greeted(local);
        SmtpTestClient second = greeted(local);

        try (SmtpTestClient third = SmtpTestClient.connectFrom(local, proxy.address())) {
            Future<Integer> other = goodClientMeanwhile(OTHER_CLIENT);
            Reply reply = third.readReply();
            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValue("4.7.0");
            assertThat(reply.text()).contains("too many connections from your address");
            assertThat(third.readUntilClosed()).isEmpty();
            assertServed(other);
        }
        assertThat(proxy.limitsHit(RefusalReason.TOO_MANY_CONNECTIONS_FROM_CLIENT)).isEqualTo(1);
        assertThat(upstream.connectionsAccepted()).as("no upstream connection for the refused client").isEqualTo(3);

        second.close();
        held.remove(second);
        Thread.sleep(300); // the close reaches smtpguard
        try (SmtpTestClient again = SmtpTestClient.connectFrom(local, proxy.address())) {
            assertThat(again.readReply().code()).as("a closed connection frees its place").isEqualTo(220);
        }
    }

    @Test
    void connectionsOverTheTotalLimitGet421_4_3_2WhileTheOpenOnesAreServed() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        SmtpguardConfig config = base();
        proxy = ProxyUnderTest.start(config.withLimits(config.limits().withClientConnections(2, 100)));
        SmtpTestClient first = greeted(InetAddress.getLoopbackAddress());
        greeted(OTHER_CLIENT);

        try (SmtpTestClient third = SmtpTestClient.connect(proxy.address())) {
            Reply reply = third.readReply();
            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValue("4.3.2");
            assertThat(third.readUntilClosed()).isEmpty();
        }
        // the connections within the limit go on
        assertThat(first.command("EHLO good.test").code()).isEqualTo(250);
        assertThat(first.command("MAIL FROM:<a@client.test>").code()).isEqualTo(250);
        assertThat(first.command("RCPT TO:<b@upstream.test>").code()).isEqualTo(250);
        assertThat(first.command("DATA").code()).isEqualTo(354);
        first.sendRaw("Subject: within\r\n\r\nthe limit\r\n.\r\n");
        assertThat(first.readReply().code()).isEqualTo(250);
        assertThat(proxy.limitsHit(RefusalReason.TOO_MANY_CONNECTIONS)).isEqualTo(1);
    }

    @Test
    void anImplicitTlsClientThatNeverHandshakesIsClosedAfterTheHandshakeTime() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        SmtpguardConfig config = base();
        proxy = ProxyUnderTest.start(config
                .withClient(config.client().withListenTls(List.of(new HostPort("127.0.0.1", 0))))
                .withTimeouts(timeouts(Duration.ofSeconds(1))));
        try (SmtpTestClient silent = SmtpTestClient.connect(proxy.implicitTlsAddress())) {
            Future<Integer> other = goodClientMeanwhile(null);
            long start = System.nanoTime();
            assertThat(silent.readUntilClosed()).as("nothing in plaintext, then closed").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            assertServed(other);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> proxy.limitsHit(RefusalReason.CLIENT_TLS_TIMEOUT) == 1);
    }

    @Test
    void aStartTlsClientThatStallsItsHandshakeIsClosedAfterTheHandshakeTime() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        proxy = ProxyUnderTest.start(base().withTimeouts(timeouts(Duration.ofSeconds(1))));
        try (SmtpTestClient staller = proxy.connect()) {
            assertThat(staller.readReply().code()).isEqualTo(220);
            assertThat(staller.command("EHLO slow.test").code()).isEqualTo(250);
            assertThat(staller.command("STARTTLS").code()).isEqualTo(220);
            Future<Integer> other = goodClientMeanwhile(null);
            assertThat(staller.readUntilClosed()).isEmpty(); // no ClientHello ever sent
            assertServed(other);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> proxy.limitsHit(RefusalReason.CLIENT_TLS_TIMEOUT) == 1);
    }

    @Test
    void anUpstreamThatStallsItsTlsHandshakeGives421AfterTheHandshakeTime() throws Exception {
        upstream = FaultyUpstream.startMixed(id -> id == 1 ? Fault.STALL_TLS_HANDSHAKE : Fault.NONE, certificates);
        proxy = ProxyUnderTest.start(base().withTimeouts(timeouts(Duration.ofSeconds(1))));
        try (SmtpTestClient client = proxy.connect()) {
            // the stalled leg must be upstream connection 1: start the other client only after it
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> upstream.connectionsAccepted() >= 1);
            Future<Integer> other = goodClientMeanwhile(null);
            Reply reply = client.readReply();
            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValueSatisfying(s -> assertThat(s).isIn("4.7.5", "4.4.2"));
            assertServed(other);
        }
        assertThat(proxy.counter("smtpguard_upstream_connections", "outcome", RefusalReason.HANDSHAKE_FAILED.label())
                + proxy.counter("smtpguard_upstream_connections", "outcome", RefusalReason.TIMEOUT.label()))
                .isEqualTo(1);
        assertThat(upstream.plaintextLines()).noneMatch(l -> l.isCommand("MAIL") || l.isCommand("AUTH"));
    }

    @Test
    void anUpstreamReplyOverTheLineBoundGives421AndIsCounted() throws Exception {
        upstream = FaultyUpstream.startMixed(id -> id == 1 ? Fault.HUGE_REPLY_TO_MAIL : Fault.NONE, certificates);
        proxy = ProxyUnderTest.start(base());
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            Future<Integer> other = goodClientMeanwhile(null);
            Reply reply = client.command("MAIL FROM:<a@client.test>");
            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValue("4.4.2");
            assertThat(reply.text()).contains("size limits");
            assertThat(client.readUntilClosed()).isEmpty();
            assertServed(other);
        }
        assertThat(proxy.limitsHit(RefusalReason.UPSTREAM_REPLY_TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void anUpstreamThatStallsAtACommandGives421_4_4_2AfterTheReplyTime() throws Exception {
        upstream = FaultyUpstream.startMixed(id -> id == 1 ? Fault.STALL_AT_MAIL : Fault.NONE, certificates);
        proxy = ProxyUnderTest.start(base());
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            Future<Integer> other = goodClientMeanwhile(null);
            Reply reply = client.command("MAIL FROM:<a@client.test>");
            assertThat(reply.code()).isEqualTo(421);
            assertThat(reply.enhancedStatus()).hasValue("4.4.2");
            assertServed(other);
        }
        assertThat(proxy.limitsHit(RefusalReason.TIMEOUT)).isEqualTo(1);
    }

    private static TimeoutsConfig timeouts(Duration tlsHandshake) {
        TimeoutsConfig s = ProxyUnderTest.SHORT_TIMEOUTS;
        return new TimeoutsConfig(s.connect(), tlsHandshake, s.upstreamReply(), s.upstreamData(), s.command(),
                s.dataIdle());
    }
}
