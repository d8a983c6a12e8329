package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.Main;
import org.smtpguard.proxy.bench.BenchCommand;
import org.smtpguard.proxy.bench.BenchPlan;
import org.smtpguard.proxy.bench.BenchResult;
import org.smtpguard.proxy.bench.Failure;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.net.TlsProviders;
import org.smtpguard.proxy.sink.SinkServer;

/** {@code smtpguard bench} against the embedded sink (plaintext, STARTTLS, implicit TLS) and through smtpguard. */
@Timeout(90)
class BenchIT extends AgainstFaultyUpstream {

    private final List<SinkServer.ReceivedMessage> received = new CopyOnWriteArrayList<>();
    private SinkServer sink;

    @AfterEach
    void stopSink() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void aPlaintextRunSendsEveryMessageOverTheRequestedSessionsAndReportsThem() throws Exception {
        sink = SinkServer.start("127.0.0.1", 0, "sink.test", null, received::add);

        BenchResult result = BenchCommand.run(plan(BenchPlan.Mode.PLAIN, port(sink), 4, 40, 5, 3000), 0);

        assertThat(result.accepted()).isEqualTo(40);
        assertThat(result.failures()).isEmpty();
        // 40 messages, at most 5 per session: 8 sessions when every session is full; at the end of the
        // run the last messages can be spread over the 4 workers' sessions, so up to 3 more
        assertThat(result.sessions()).isBetween(8L, 11L);
        assertThat(result.stoppedEarly()).isFalse();
        assertThat(received).hasSize(40).allSatisfy(m -> {
            assertThat(m.size()).as("content bytes the sink counted, with the CRLF that ends the last line").isEqualTo(3000);
            assertThat(m.tlsProtocol()).isEqualTo("none");
        });
        assertThat(result.percentileMillis(50)).isPositive().isLessThanOrEqualTo(result.percentileMillis(99));
        assertThat(result.percentileMillis(99)).isLessThanOrEqualTo(result.maxMillis());
        assertThat(result.messagesPerSecond()).isPositive();
    }

    @Test
    void aStartTlsRunVerifiesTheServerAndAuthenticates() throws Exception {
        sink = SinkServer.start("127.0.0.1", 0, "sink.test", serverTls(), received::add);
        BenchPlan plan = plan(BenchPlan.Mode.STARTTLS, port(sink), 2, 6, 3, 100);
        plan = new BenchPlan(plan.target(), plan.mode(), plan.tlsCa(), plan.tlsName(), false, plan.connections(),
                plan.messages(), plan.perConnection(), plan.size(), Optional.of(new BenchPlan.Credentials("alice", "s3cret")),
                plan.duration(), plan.replyTimeout(), 1);

        BenchResult result = BenchCommand.run(plan, 2);

        assertThat(result.accepted()).as("the warm-up is not counted").isEqualTo(6);
        assertThat(result.failures()).isEmpty();
        assertThat(received).hasSize(8).allSatisfy(m -> assertThat(m.tlsProtocol()).startsWith("TLSv1."));
    }

    @Test
    void anImplicitTlsRunSendsEveryMessage() throws Exception {
        sink = SinkServer.startImplicitTls("127.0.0.1", 0, "sink.test", serverTls(), received::add);

        BenchResult result = BenchCommand.run(plan(BenchPlan.Mode.IMPLICIT, port(sink), 2, 4, 2, 2048), 0);

        assertThat(result.accepted()).isEqualTo(4);
        assertThat(received).hasSize(4).allSatisfy(m -> assertThat(m.tlsProtocol()).startsWith("TLSv1."));
    }

    @Test
    void aCertificateForAnotherNameFailsEveryMessageAsTlsAndSendsNone() throws Exception {
        sink = SinkServer.start("127.0.0.1", 0, "sink.test", serverTls(), received::add);
        BenchPlan plan = plan(BenchPlan.Mode.STARTTLS, port(sink), 2, 5, 1, 100);
        plan = new BenchPlan(plan.target(), plan.mode(), plan.tlsCa(), "other.test", false, 2, 5, 1, 100,
                Optional.empty(), plan.duration(), plan.replyTimeout(), 1);

        BenchResult result = BenchCommand.run(plan, 0);

        assertThat(result.accepted()).isZero();
        assertThat(result.failures()).isEqualTo(Map.of(Failure.TLS, 5L));
        assertThat(received).isEmpty();
    }

    @Test
    void throughSmtpguardEveryMessageReachesTheUpstream() throws Exception {
        sink = SinkServer.start("127.0.0.1", 0, "sink.test", serverTls(), received::add);
        proxy = ProxyUnderTest.start(port(sink), certificates);

        BenchResult result = BenchCommand.run(plan(BenchPlan.Mode.PLAIN, proxy.address().getPort(), 4, 30, 3, 10_000), 0);

        assertThat(result.accepted()).isEqualTo(30);
        assertThat(result.failures()).isEmpty();
        assertThat(received).hasSize(30).allSatisfy(m -> {
            assertThat(m.size()).isEqualTo(10_000);
            assertThat(m.tlsProtocol()).startsWith("TLSv1.");
        });
    }

    @Test
    void durationBoundsARunAgainstAServerThatNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (accepted.size() < 50) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            BenchPlan plan = plan(BenchPlan.Mode.PLAIN, silent.getLocalPort(), 3, 1000, 1, 100);
            plan = new BenchPlan(plan.target(), plan.mode(), Optional.empty(), "x", false, 3, 1000, 1, 100,
                    Optional.empty(), Duration.ofMillis(700), Duration.ofSeconds(30), 1);

            long started = System.nanoTime();
            BenchResult result = BenchCommand.run(plan, 0);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(result.stoppedEarly()).isTrue();
            assertThat(result.accepted()).isZero();
            assertThat(result.failures()).isEqualTo(Map.of(Failure.DEADLINE, 3L));
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void serverCpuIsMeasuredForTheGivenProcess() throws Exception {
        sink = SinkServer.start("127.0.0.1", 0, "sink.test", null, received::add);

        BenchResult result = BenchCommand.run(plan(BenchPlan.Mode.PLAIN, port(sink), 2, 200, 10, 20_000), 0,
                List.of(ProcessHandle.current().pid())); // the sink runs in this JVM

        assertThat(result.accepted()).isEqualTo(200);
        assertThat(result.serverCpuMillisPerMessage()).as("CPU of this process per message").isGreaterThanOrEqualTo(0);
        assertThat(result.serverJitMillisPerMessage()).as("of which the JIT compiler's")
                .isBetween(0.0, result.serverCpuMillisPerMessage());
        assertThat(BenchCommand.run(plan(BenchPlan.Mode.PLAIN, port(sink), 1, 5, 5, 100), 0).serverCpuMillisPerMessage())
                .as("not measured without --server-pid").isEqualTo(-1);
    }

    @Test
    void aRefusedTargetCountsConnectFailuresAndStops() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        BenchResult result = BenchCommand.run(plan(BenchPlan.Mode.PLAIN, closedPort, 2, 20, 1, 100), 0);

        assertThat(result.failures()).isEqualTo(Map.of(Failure.CONNECT, 20L));
        assertThat(result.sessions()).isEqualTo(20);
    }

    @Test
    void jsonReportFromTheCommandLine() throws Exception {
        sink = SinkServer.start("127.0.0.1", 0, "sink.test", null, received::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.execute(new String[] {"bench", "--target", "127.0.0.1:" + port(sink), "-c", "2", "-m", "10",
            "-k", "5", "--size", "1K", "--json"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());

        String json = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(status).isZero();
        assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n")
                .contains("\"accepted\":10,", "\"failed\":0,", "\"sessions\":2,", "\"size\":1024,", "\"failures\":{}")
                .containsPattern("\"msgs_per_s\":[0-9.]+,\"p50_ms\":[0-9.]+,\"p90_ms\":[0-9.]+,\"p99_ms\":[0-9.]+,\"max_ms\":[0-9.]+")
                .contains("\"server_cpu_ms_per_msg\":-1.0000,\"server_jit_cpu_ms_per_msg\":-1.0000,");
        assertThat(received).hasSize(10);
    }

    @Test
    void aBadOptionIsOneLineAndExitStatus2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.execute(new String[] {"bench", "--target", "127.0.0.1:25", "--mode", "smoke"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("smtpguard: bench: --mode \"smoke\"")
                .doesNotContain("\n");
    }

    private static BenchPlan plan(BenchPlan.Mode mode, int port, int connections, long messages, int perConnection,
                                  int size) {
        return new BenchPlan(new HostPort("127.0.0.1", port), mode, Optional.of(certificates.caPem),
                TestCertificates.UPSTREAM_NAME, false, connections, messages, perConnection, size, Optional.empty(),
                Duration.ofSeconds(60), Duration.ofSeconds(10), 1);
    }

    private static SslContext serverTls() throws Exception {
        return SslContextBuilder.forServer(certificates.good.privateKey(), certificates.good.chain())
                .sslProvider(TlsProviders.best()).protocols(TlsProviders.PROTOCOLS).build();
    }

    private static int port(SinkServer server) {
        return server.address().getPort();
    }
}
