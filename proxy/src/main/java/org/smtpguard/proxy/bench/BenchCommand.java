package org.smtpguard.proxy.bench;

import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.smtpguard.proxy.RunCommand;
import org.smtpguard.proxy.config.ByteSizes;
import org.smtpguard.proxy.config.Durations;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.net.Transport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code smtpguard bench}: an SMTP load generator (like {@code redis-benchmark}). Sends messages over
 * concurrent sessions, a fresh connection every {@code --per-connection} messages, and prints
 * messages/s, latency percentiles and failures by kind. Bounded by {@code --messages} and {@code --duration}.
 * Exit status 0 when every message was accepted, 1 when some failed, 2 for a bad option.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Send SMTP load to a server (smtpguard or any other) and measure messages/s and latency.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "the SMTP server to load")
    String target;

    @Option(names = "--mode", defaultValue = "plain", paramLabel = "plain|starttls|implicit",
            description = "plaintext, STARTTLS, or TLS from the start (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM trust anchors for the server's certificate (default: the JDK's)")
    Path tlsCa;

    @Option(names = "--tls-name", paramLabel = "NAME", description = "name the server's certificate must carry, and SNI (default: the target's host)")
    String tlsName;

    @Option(names = "--tls-resume", description = "resume TLS sessions (default: a full handshake per session, like most legacy clients)")
    boolean tlsResume;

    @Option(names = {"-c", "--connections"}, defaultValue = "1", paramLabel = "N", description = "concurrent sessions (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = {"-m", "--messages"}, defaultValue = "100", paramLabel = "M", description = "messages in all (default ${DEFAULT-VALUE})")
    long messages;

    @Option(names = {"-k", "--per-connection"}, defaultValue = "1", paramLabel = "K", description = "messages per session before QUIT (default ${DEFAULT-VALUE})")
    int perConnection;

    @Option(names = {"-s", "--size"}, defaultValue = "2K", paramLabel = "BYTES", description = "message size, e.g. 2048, 100K, 50M (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--auth", paramLabel = "USER:PASS", description = "AUTH PLAIN with these credentials after EHLO (after TLS if any)")
    String auth;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "TIME", description = "stop after this long at the latest, e.g. 30s, 5m (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--reply-timeout", defaultValue = "30s", paramLabel = "TIME", description = "deadline of every reply (default ${DEFAULT-VALUE})")
    String replyTimeout;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N", description = "event loop threads of the load generator (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "W",
            description = "send W messages first, the same way, and leave them out of the figures (default ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "also report the CPU this process (and its children) spent per message: the server under test (Linux; repeatable)")
    java.util.List<Long> serverPids = new java.util.ArrayList<>();

    @Option(names = "--json", description = "print one JSON object instead of the text report")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BenchPlan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("smtpguard: bench: " + e.getMessage());
            return RunCommand.EXIT_USAGE;
        }
        BenchResult result = run(plan, warmup, serverPids);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? BenchReport.json(result) + System.lineSeparator() : BenchReport.text(result));
        out.flush();
        return result.failed() == 0 && !result.stoppedEarly() ? 0 : 1;
    }

    /**
     * Runs {@code plan} on event loops of its own and returns the result; first, if {@code warmup} is
     * positive, that many messages the same way, not counted (so the JIT has compiled the hot paths).
     */
    public static BenchResult run(BenchPlan plan, long warmup) throws Exception {
        return run(plan, warmup, java.util.List.of());
    }

    /** As {@link #run(BenchPlan, long)}, also measuring the CPU of {@code serverPids} during the counted run. */
    public static BenchResult run(BenchPlan plan, long warmup, java.util.List<Long> serverPids) throws Exception {
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(plan.threads(), "smtpguard-bench");
        try {
            BenchTls tls = BenchTls.of(plan);
            if (warmup > 0) {
                new LoadRun(plan.withMessages(warmup), transport, group, tls).run();
            }
            return new LoadRun(plan, transport, group, tls).run(serverPids);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    private BenchPlan plan() {
        HostPort address = parse("--target", target, HostPort::parse);
        BenchPlan.Mode parsedMode = parse("--mode", mode, m -> BenchPlan.Mode.valueOf(m.toUpperCase(java.util.Locale.ROOT)));
        long bytes = parse("--size", size, ByteSizes::parse);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--size: too large");
        }
        Optional<BenchPlan.Credentials> credentials = Optional.ofNullable(auth).map(a -> {
            int colon = a.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--auth: write USER:PASSWORD");
            }
            return new BenchPlan.Credentials(a.substring(0, colon), a.substring(colon + 1));
        });
        return new BenchPlan(address, parsedMode, Optional.ofNullable(tlsCa), tlsName == null ? address.host() : tlsName,
                tlsResume, connections, messages, perConnection, (int) bytes, credentials,
                parse("--duration", duration, Durations::parse), parse("--reply-timeout", replyTimeout, Durations::parse),
                threads);
    }

    private static <T> T parse(String option, String text, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " \"" + text + "\": " + e.getMessage(), e);
        }
    }
}
