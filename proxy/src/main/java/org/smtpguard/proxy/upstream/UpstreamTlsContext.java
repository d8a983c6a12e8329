package org.smtpguard.proxy.upstream;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import org.smtpguard.proxy.config.UpstreamTrust;
import org.smtpguard.proxy.net.TlsProviders;

/**
 * The TLS client contexts for upstream connections: TLS 1.2+, the provider's default cipher list
 * (no anonymous or NULL suites), every new chain checked by {@link VerifyingTrustManager}.
 * There is deliberately no way to build one without verification.
 *
 * <p>Sessions are resumed (tickets or IDs) to save the full handshake on every new upstream
 * connection. A session only exists after a handshake whose certificate was verified (chain and
 * name, pins, as configured), and it is only offered again to the same upstream: one context (one
 * session cache) per upstream host, and in it the cache is keyed by the verified name and the port.
 * Sessions expire after {@link #SESSION_TIMEOUT}, so a replaced or revoked certificate is looked at
 * again soon.
 */
public final class UpstreamTlsContext {

    /** How long a verified session may be resumed. */
    static final Duration SESSION_TIMEOUT = Duration.ofMinutes(5);
    /** Sessions kept per upstream host. */
    static final int SESSION_CACHE_SIZE = 256;
    /** Upstream hosts with a context of their own; beyond that the least recently used one is dropped. */
    static final int MAX_HOSTS = 64;

    private final List<X509Certificate> trustAnchors;
    private final UpstreamTrust trust;
    private final Clock clock;
    private final Duration handshakeTimeout;
    private final Map<String, SslContext> byHost = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SslContext> eldest) {
            return size() > MAX_HOSTS;
        }
    };
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final PlannedContexts planned;

    public UpstreamTlsContext(List<X509Certificate> trustAnchors, Duration handshakeTimeout, Clock clock)
            throws SSLException {
        this(trustAnchors, UpstreamTrust.CA, handshakeTimeout, clock);
    }

    /** With {@code trust} saying whether the chain, the pins or both are checked. */
    public UpstreamTlsContext(List<X509Certificate> trustAnchors, UpstreamTrust trust, Duration handshakeTimeout,
            Clock clock) throws SSLException {
        if (trust.verification().checksChain() && trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("no trust anchors: upstream certificates could never be verified");
        }
        this.trustAnchors = List.copyOf(trustAnchors);
        this.trust = trust;
        this.clock = clock;
        this.handshakeTimeout = handshakeTimeout;
        this.planned = new PlannedContexts(trustAnchors, clock);
        build(); // fail at start, not at the first connection, if TLS cannot be set up
    }

    private SslContext build() throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(TlsProviders.best())
                .protocols(TlsProviders.PROTOCOLS)
                .trustManager(new VerifyingTrustManager(trustAnchors, trust, clock))
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .sessionTimeout(SESSION_TIMEOUT.toSeconds());
        if (trust.verification().checksChain()) {
            // Our trust manager checks the name itself; asking the engine too costs nothing.
            // Not with pins alone: a pinned self-signed upstream need not carry the configured name.
            builder.endpointIdentificationAlgorithm("HTTPS");
        }
        return builder.build();
    }

    private SslContext contextFor(String host) {
        synchronized (byHost) {
            SslContext context = byHost.get(host);
            if (context == null) {
                try {
                    context = build();
                } catch (SSLException e) {
                    throw new IllegalStateException("cannot set up upstream TLS: " + e.getMessage(), e);
                }
                byHost.put(host, context);
            }
            return context;
        }
    }

    /**
     * A TLS handler for one connection: SNI and the name to verify are {@code target.tlsName()}; a
     * session is resumed only from an earlier verified connection to the same host, port and name.
     * A target whose {@link PlannedTls} is more than PKIX against its name (DANE, several names,
     * pins) gets the context of its plan instead, so its sessions never mix with the others'.
     */
    SslHandler newHandler(ByteBufAllocator alloc, UpstreamTarget target) {
        SslContext context = target.planned().isDefaultFor(target.tlsName()) ? contextFor(target.address().host())
                : planned.contextFor(target.planned());
        SslHandler handler = context.newHandler(alloc, target.tlsName(), target.address().port());
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    /** Counts a finished handshake; {@code wasResumed} as {@link TlsResumption#wasResumed} says. */
    void handshakeDone(boolean wasResumed) {
        handshakes.increment();
        if (wasResumed) {
            resumed.increment();
        }
    }

    /** Upstream TLS handshakes completed so far. */
    public long handshakes() {
        return handshakes.sum();
    }

    /** Of {@link #handshakes()}, those that resumed a session instead of a full handshake. */
    public long resumedHandshakes() {
        return resumed.sum();
    }
}
