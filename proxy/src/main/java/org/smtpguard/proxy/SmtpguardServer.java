package org.smtpguard.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtpguard.certs.KeyMatch;
import org.smtpguard.certs.TrustAnchors;
import org.smtpguard.policy.command.CommandFilters;
import org.smtpguard.policy.ehlo.CapabilityPolicy;
import java.security.SecureRandom;
import org.smtpguard.proxy.abuse.ClientAbuse;
import org.smtpguard.proxy.abuse.ClientAdmission;
import org.smtpguard.proxy.abuse.DnsblCheck;
import org.smtpguard.proxy.client.ClientCertificateExpiry;
import org.smtpguard.proxy.dns.DnsLookups;
import org.smtpguard.proxy.mx.MxConnector;
import org.smtpguard.proxy.client.ClientConnections;
import org.smtpguard.proxy.client.ConnectionCaps;
import org.smtpguard.proxy.client.ClientTlsContext;
import org.smtpguard.proxy.client.ProxyContext;
import org.smtpguard.proxy.config.HostPort;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.config.TlsRptConfig;
import org.smtpguard.proxy.log.LogText;
import org.smtpguard.proxy.dns.DnsResolvers;
import org.smtpguard.proxy.mtasts.MtaStsPolicySource;
import org.smtpguard.proxy.mtasts.MtaStsStatuses;
import org.smtpguard.proxy.metrics.MetricsEndpoint;
import org.smtpguard.proxy.metrics.ProxyMetrics;
import org.smtpguard.proxy.metrics.Readiness;
import org.smtpguard.proxy.metrics.UpstreamMetrics;
import org.smtpguard.proxy.net.TlsProviders;
import org.smtpguard.proxy.net.Transport;
import org.smtpguard.proxy.session.ClientLeg;
import org.smtpguard.proxy.tlsrpt.TlsRptRecorder;
import org.smtpguard.proxy.tlsrpt.TlsRptReportWriter;
import org.smtpguard.proxy.upstream.DestinationTls;
import org.smtpguard.proxy.upstream.TlsPlanner;
import org.smtpguard.proxy.upstream.UpstreamConnector;
import org.smtpguard.proxy.upstream.IdleUpstreams;
import org.smtpguard.proxy.upstream.UpstreamObserver;
import org.smtpguard.proxy.upstream.UpstreamProbe;
import org.smtpguard.proxy.upstream.UpstreamTarget;
import org.smtpguard.proxy.upstream.UpstreamTlsContext;

/** The running proxy: its listeners, its event loops and what they share. */
public final class SmtpguardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("smtpguard");
    /** How long /readyz keeps the answer of an upstream probe: probes cost the upstream one connection per period. */
    static final Duration READY_CACHE = Duration.ofSeconds(10);
    /** How long one upstream probe may take before /readyz says not ready. */
    static final Duration READY_PROBE_WAIT = Duration.ofSeconds(10);
    /** After the grace period: how long the 421s may take to be written before the event loops stop. */
    private static final Duration CLOSE_NOW_WAIT = Duration.ofSeconds(5);
    /**
     * Reads from clients: at least 4 KB each, so that a message's data after short commands is not
     * read in pieces of the size the commands taught the allocator (Netty's default goes down to
     * 64 bytes): each piece costs a read, a TLS record and a write upstream. At most 64 KB.
     */
    private static final AdaptiveRecvByteBufAllocator CLIENT_READS =
            new AdaptiveRecvByteBufAllocator(4096, 16384, 65536);

    private final EventLoopGroup group;
    private final ExecutorService resolver;
    private final List<Channel> listeners = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ProxyMetrics metrics = new ProxyMetrics();
    private volatile TlsRptRecorder tlsRpt = TlsRptRecorder.disabled();
    private volatile ScheduledExecutorService tlsRptWriter;
    private volatile MetricsEndpoint metricsEndpoint;
    private volatile boolean closing;
    private volatile UpstreamProbe upstreamProbe;
    private final ClientConnections connections = new ClientConnections();
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private volatile CertificateWatch certificateWatch;
    /** The expiry warnings of the client-side certificates loaded last. */
    private volatile ClientCertificateExpiry expiry;

    private SmtpguardServer(EventLoopGroup group, ExecutorService resolver) {
        this.group = group;
        this.resolver = resolver;
    }

    /**
     * Binds every listener of the configuration.
     *
     * @throws IllegalStateException with a one-line message if a listener cannot be bound or TLS cannot be set up
     */
    public static SmtpguardServer start(SmtpguardConfig config) throws InterruptedException {
        Transport transport = Transport.best();
        ExecutorService resolver = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "smtpguard-resolver");
            t.setDaemon(true);
            return t;
        });
        SmtpguardServer server = new SmtpguardServer(transport.newGroup(eventLoops(), "smtpguard"), resolver);
        try {
            server.startTlsRpt(config);
            ProxyContext proxy = server.context(config, transport, defaultDns(config));
            for (HostPort address : config.client().listen()) {
                server.bind(transport, address, proxy, ClientLeg.ClientTls.NONE);
            }
            for (HostPort address : config.client().listenTls()) {
                server.bind(transport, address, proxy, ClientLeg.ClientTls.IMPLICIT);
            }
            config.metrics().listen().ifPresent(address -> server.startMetrics(address));
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        LOG.info("smtpguard started transport={} tls={} upstream={} upstream_tls={} upstream_name={}",
                transport, TlsProviders.best(), config.upstream().address(),
                config.upstream().tlsMode().name().toLowerCase(java.util.Locale.ROOT), config.upstream().tlsName());
        return server;
    }

    /**
     * One event loop per core: each session's two legs share one loop and never block it, so more
     * loops than cores (Netty's default is twice as many) only add wake-ups and context switches.
     */
    private static int eventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private ProxyContext context(SmtpguardConfig config, Transport transport, DnsLookups dns) {
        var upstreamConfig = config.upstream();
        var mtaSts = MtaStsPolicySource.create(config.mtaSts(), dns, resolver, Clock.systemUTC());
        var planner = new TlsPlanner(dns, new MtaStsStatuses(mtaSts));
        FileBacked<ClientTlsContext> clientTls = tlsMaterial("client-side certificate",
                config.client().tls().map(files -> List.of(files.cert(), files.key())).orElse(List.of()),
                () -> clientTls(config));
        FileBacked<UpstreamConnector> connector = tlsMaterial("upstream trust anchors",
                upstreamConfig.tlsCa().map(List::of).orElse(List.of()), () -> connector(config, transport, planner));
        certificateWatch = new CertificateWatch(config.lifecycle().tlsReloadInterval(), List.of(clientTls, connector));
        group.scheduleAtFixedRate(() -> expiry.check(), ClientCertificateExpiry.PERIOD_HOURS,
                ClientCertificateExpiry.PERIOD_HOURS, java.util.concurrent.TimeUnit.HOURS);
        var target = fixedTarget(config);
        var admission = new ClientAdmission(new ClientAbuse(config.abuse(), Clock.systemUTC()),
                new DnsblCheck(dns, config.abuse().dnsblZones()));
        MxConnector mx = config.routing().mx()
                ? new MxConnector(dns, connector, config.routing().mxPort(), new SecureRandom(),
                config.destinations(), tlsRpt, mtaSts::latest) : null;
        return new ProxyContext(config, connector, target, clientTls, CommandFilters.standard(),
                CapabilityPolicy.standard(), metrics, tlsRpt, admission, mx, mtaSts::latest, connections,
                new ConnectionCaps(config.limits().clientConnections(), config.limits().clientConnectionsPerAddress()),
                idleUpstreams(config));
    }

    /**
     * Kept connections serve the fixed upstream only, and not with XCLIENT (which tells the upstream
     * about one client).
     */
    private static IdleUpstreams idleUpstreams(SmtpguardConfig config) {
        var reuse = config.upstream().reuse();
        boolean usable = !config.routing().mx() && !config.upstream().xclient();
        return new IdleUpstreams(usable ? reuse.connections() : 0, reuse.idleTime(), config.timeouts().upstreamReply());
    }

    private static UpstreamTarget fixedTarget(SmtpguardConfig config) {
        var upstreamConfig = config.upstream();
        return new UpstreamTarget(upstreamConfig.address(), upstreamConfig.tlsMode(), upstreamConfig.tlsName(),
                DestinationTls.forFixedUpstream(upstreamConfig, config.destinations()));
    }

    /** Loads TLS material now (start-up fails with one line if it cannot) and again when its files change. */
    private static <T> FileBacked<T> tlsMaterial(String what, List<Path> files, FileBacked.Builder<T> builder) {
        try {
            return FileBacked.load(what, files, builder);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** With {@code tlsrpt.directory}: counts sessions, writes each finished day's reports within the hour. */
    private void startTlsRpt(SmtpguardConfig config) {
        TlsRptConfig settings = config.tlsRpt();
        if (settings.directory().isEmpty()) {
            return;
        }
        tlsRpt = TlsRptRecorder.writingTo(new TlsRptReportWriter(settings.directory().get(), settings.organization(),
                settings.contact(), config.client().greetingName().replaceAll("[^A-Za-z0-9_.-]", "_")),
                Clock.systemUTC());
        tlsRptWriter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smtpguard-tlsrpt");
            t.setDaemon(true);
            return t;
        });
        tlsRptWriter.scheduleWithFixedDelay(tlsRpt::writeCompletedDays, 1, 1, TimeUnit.HOURS);
        LOG.info("tls-rpt reports to {}", LogText.quoted(settings.directory().get().toString()));
    }

    /** The resolver of the {@code dns.*} keys: TLS levels (TLSA, MTA-STS), mx mode and DNS blocklists use it. */
    private static DnsLookups defaultDns(SmtpguardConfig config) {
        try {
            return DnsResolvers.lookups(config.dns(), Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot set up DNS: " + e.getMessage(), e);
        }
    }

    /**
     * smtpguard's TLS towards clients from the certificate files (or generated), checked at load; the
     * expiry gauge shows the earliest notAfter of every certificate presented (SNI ones included), and
     * the expiry warnings follow the material loaded last.
     */
    private ClientTlsContext clientTls(SmtpguardConfig config) throws SSLException {
        ClientTlsContext context = ClientTlsContext.load(config.client(), config.timeouts().tlsHandshake(),
                Clock.systemUTC().instant());
        context.presented().stream().map(ClientCertificateExpiry.Watched::certificate)
                .min(java.util.Comparator.comparing(X509Certificate::getNotAfter))
                .ifPresent(metrics::clientCertificate);
        ClientCertificateExpiry loaded = new ClientCertificateExpiry(context.presented(), Clock.systemUTC());
        loaded.check();
        expiry = loaded;
        return context;
    }

    /**
     * The upstream connector, verifying against the trust anchors of the CA file (or the JDK's); with
     * {@code metrics.ready_checks_upstream}, the readiness probe's own connector with the same anchors.
     */
    private UpstreamConnector connector(SmtpguardConfig config, Transport transport, TlsPlanner planner)
            throws SSLException {
        var upstreamConfig = config.upstream();
        List<X509Certificate> anchors = upstreamConfig.tlsCa().map(TrustAnchors::fromPem)
                .orElseGet(TrustAnchors::jdkDefault);
        UpstreamTlsContext upstreamTls = new UpstreamTlsContext(anchors, upstreamConfig.trust(),
                config.timeouts().tlsHandshake(), Clock.systemUTC());
        var limits = config.limits();
        var settings = new UpstreamConnector.Settings(
                upstreamConfig.heloName(), config.timeouts().connect(), config.timeouts().upstreamReply(),
                limits.replyLine(), limits.replyLines(), limits.replyBytes());
        if (config.metrics().readyChecksUpstream()) {
            // its own connector: probe connections are not sessions and stay out of the session metrics
            upstreamProbe = new UpstreamProbe(new UpstreamConnector(upstreamTls, settings, transport, resolver,
                    UpstreamObserver.NONE, planner), fixedTarget(config), group, READY_CACHE, READY_PROBE_WAIT,
                    System::nanoTime);
        }
        return new UpstreamConnector(upstreamTls, settings, transport, resolver, new UpstreamMetrics(metrics), planner);
    }

    private void bind(Transport transport, HostPort address, ProxyContext proxy, ClientLeg.ClientTls tls)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, CLIENT_READS)
                .childHandler(proxy.newInitializer(tls));
        var future = bootstrap.bind(address.host(), address.port()).await();
        if (!future.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + address + ": " + future.cause().getMessage());
        }
        Channel channel = future.channel();
        listeners.add(channel);
        LOG.info("listening on {} ({})", boundAddress(channel),
                tls == ClientLeg.ClientTls.IMPLICIT ? "implicit TLS" : "plaintext, STARTTLS offered");
    }

    private static String boundAddress(Channel channel) {
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        return new HostPort(local.getAddress().getHostAddress(), local.getPort()).toString();
    }

    /** The addresses actually bound, plaintext listeners first (port 0 in the config becomes a real port). */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    private void startMetrics(HostPort address) {
        metricsEndpoint = MetricsEndpoint.start(address, metrics, this::readiness);
        InetSocketAddress bound = metricsEndpoint.address();
        LOG.info("metrics on http://{}/metrics, probes /healthz and /readyz",
                new HostPort(bound.getAddress().getHostAddress(), bound.getPort()));
    }

    /** Ready: every listener bound and, if {@code metrics.ready_checks_upstream}, a verified upstream now. */
    private Readiness.State readiness() {
        Readiness.State listening = listenersReady();
        if (!listening.ready() || upstreamProbe == null) {
            return listening;
        }
        UpstreamProbe.Result upstream = upstreamProbe.check();
        return upstream.verified()
                ? Readiness.State.ready(listening.reason() + ", upstream verified (" + upstream.detail() + ")")
                : Readiness.State.notReady("not ready: upstream refused, reason="
                        + upstream.refusal().orElseThrow().label() + " seen=" + LogText.quoted(upstream.detail()));
    }

    private Readiness.State listenersReady() {
        if (closing) {
            return Readiness.State.notReady("not ready: shutting down");
        }
        long bound = listeners.stream().filter(Channel::isActive).count();
        return bound == listeners.size() && bound > 0
                ? Readiness.State.ready("ready: " + bound + " listener(s) bound")
                : Readiness.State.notReady("not ready: " + bound + " of " + listeners.size() + " listeners bound");
    }

    /** The address of the metrics endpoint, when {@code metrics.listen} is set. */
    public Optional<InetSocketAddress> metricsAddress() {
        MetricsEndpoint endpoint = metricsEndpoint;
        return endpoint == null ? Optional.empty() : Optional.of(endpoint.address());
    }

    /** The metrics of this proxy. */
    public ProxyMetrics metrics() {
        return metrics;
    }

    /** The open client connections (for health checks: {@link ClientConnections#shuttingDown()}). */
    public ClientConnections connections() {
        return connections;
    }

    /**
     * Stops gracefully (SIGTERM): closes the listeners, lets every session finish its transaction
     * for at most {@code grace}, ends the rest with {@code 421 4.3.2}, then closes. A second call
     * while the first waits ends the remaining sessions at once.
     */
    public void shutdown(Duration grace) throws InterruptedException {
        if (!shutdownStarted.compareAndSet(false, true)) {
            LOG.info("shutting down now: closing {} sessions with 421 4.3.2", connections.size());
            connections.closeNow();
            return;
        }
        closing = true; // /readyz: not ready from now on; /healthz and /metrics stay up while sessions drain
        closeListeners();
        LOG.info("shutting down: listeners closed, {} sessions may finish their transaction within grace_ms={}",
                connections.size(), grace.toMillis());
        connections.shutdown();
        if (!connections.awaitClosed(grace)) {
            LOG.info("grace period over: closing {} sessions with 421 4.3.2", connections.size());
            connections.closeNow();
            connections.awaitClosed(CLOSE_NOW_WAIT);
        }
        close();
        LOG.info("smtpguard stopped");
    }

    /** Blocks until {@link #close()} has completed. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    private void closeListeners() {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
    }

    /** Closes at once: the metrics endpoint, the listeners, then every connection with the event loops. */
    @Override
    public void close() {
        closing = true;
        MetricsEndpoint endpoint = metricsEndpoint;
        if (endpoint != null) {
            endpoint.close();
        }
        closeListeners();
        CertificateWatch watch = certificateWatch;
        if (watch != null) {
            watch.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        resolver.shutdownNow();
        ScheduledExecutorService writer = tlsRptWriter;
        if (writer != null) {
            writer.shutdownNow();
            tlsRpt.writeAll();
        }
        closed.countDown();
    }
}
