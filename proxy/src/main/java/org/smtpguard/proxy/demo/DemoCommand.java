package org.smtpguard.proxy.demo;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.PemFiles;
import org.smtpguard.proxy.SmtpguardServer;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.net.TlsProviders;
import org.smtpguard.proxy.sink.SinkServer;
import org.smtpguard.proxy.RunCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code smtpguard demo}: an embedded upstream (a sink with STARTTLS and a certificate from a CA made
 * now) and smtpguard in front of it, trusting that CA. Everything on loopback.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run smtpguard on 127.0.0.1:2525 in front of an embedded STARTTLS upstream (a sink).")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--listen", defaultValue = "127.0.0.1:2525", description = "Where smtpguard listens (default ${DEFAULT-VALUE}).")
    String listen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        Demo started;
        try {
            started = Demo.start(HostPort.parse(listen), line -> {
                out.println(line);
                out.flush();
            });
        } catch (IllegalArgumentException | IllegalStateException e) {
            spec.commandLine().getErr().println("smtpguard: demo: " + e.getMessage());
            return RunCommand.EXIT_USAGE;
        }
        try (Demo demo = started) {
            out.println();
            out.println("smtpguard demo: clients -> " + demo.proxyAddress() + " (smtpguard) -> "
                    + demo.upstreamAddress() + " (embedded upstream, STARTTLS, verified as 'localhost')");
            out.println("Send a message through it:");
            out.println("  swaks --server " + demo.proxyAddress() + " --from alice@example.org --to bob@example.org");
            out.println("  printf 'Subject: hello\\r\\n\\r\\nhi\\r\\n' | curl -sS smtp://" + demo.proxyAddress()
                    + " --mail-from alice@example.org --mail-rcpt bob@example.org -T -");
            out.println("Each message that reaches the embedded upstream is printed below. Ctrl-C stops.");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "smtpguard-demo-stop"));
            demo.awaitClosed();
        }
        return 0;
    }

    /** The running demo: the sink and the proxy in front of it. */
    public static final class Demo implements AutoCloseable {
        private final SinkServer sink;
        private final SmtpguardServer proxy;
        private final Path caFile;

        private Demo(SinkServer sink, SmtpguardServer proxy, Path caFile) {
            this.sink = sink;
            this.proxy = proxy;
            this.caFile = caFile;
        }

        public static Demo start(HostPort listen, java.util.function.Consumer<String> out) throws Exception {
            Instant now = Instant.now();
            CertificateAuthority ca = CertificateAuthority.generate("smtpguard demo CA",
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)));
            IssuedCertificate upstreamCert = ca.issue(LeafSpec.forNames(now, Duration.ofDays(7), "localhost", "127.0.0.1"));
            SslContext sinkTls = SslContextBuilder.forServer(upstreamCert.privateKey(), upstreamCert.chain())
                    .sslProvider(TlsProviders.best()).protocols(TlsProviders.PROTOCOLS).build();
            SinkServer sink = SinkServer.start("127.0.0.1", 0, "demo-upstream.localhost", sinkTls,
                    m -> out.accept("upstream received: from=<" + m.from() + "> to=" + m.to() + " size="
                            + m.size() + " upstream_tls=" + m.tlsProtocol()));
            Path caFile = Files.createTempFile("smtpguard-demo-ca", ".pem");
            PemFiles.writeCertificates(caFile, List.of(ca.certificate()));
            try {
                SmtpguardConfig base = SmtpguardConfig.forTests(new HostPort("127.0.0.1", sink.address().getPort()));
                SmtpguardConfig config = base
                        .withClient(base.client().withListen(List.of(listen)))
                        .withUpstream(base.upstream().withTlsName("localhost").withTlsCa(Optional.of(caFile)));
                return new Demo(sink, SmtpguardServer.start(config), caFile);
            } catch (RuntimeException | InterruptedException e) {
                sink.close();
                Files.deleteIfExists(caFile);
                throw e;
            }
        }

        public HostPort proxyAddress() {
            var a = proxy.boundAddresses().get(0);
            return new HostPort(a.getAddress().getHostAddress(), a.getPort());
        }

        public HostPort upstreamAddress() {
            return new HostPort("127.0.0.1", sink.address().getPort());
        }

        public void awaitClosed() throws InterruptedException {
            proxy.awaitClosed();
        }

        @Override
        public void close() {
            proxy.close();
            sink.close();
            try {
                Files.deleteIfExists(caFile);
            } catch (java.io.IOException e) {
                // a temp file left behind is harmless
            }
        }
    }
}
