package org.smtpguard.proxy.upstream;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.smtpguard.proxy.net.TlsProviders;

/**
 * One TLS client context per {@link PlannedTls} other than plain PKIX against the target's name
 * (DANE records, several names, pins), each with a {@link PlannedTrustManager}; the most recently
 * used {@value #CAPACITY} are kept. A context per plan also keeps TLS sessions from being resumed
 * under a different plan than the one they were verified for.
 */
final class PlannedContexts {

    static final int CAPACITY = 256;

    private final List<X509Certificate> anchors;
    private final Clock clock;
    private final Map<PlannedTls, SslContext> contexts = new LinkedHashMap<>(16, 0.75f, true);

    PlannedContexts(List<X509Certificate> anchors, Clock clock) {
        this.anchors = List.copyOf(anchors);
        this.clock = clock;
    }

    synchronized SslContext contextFor(PlannedTls planned) {
        SslContext context = contexts.get(planned);
        if (context == null) {
            context = build(planned);
            contexts.put(planned, context);
            if (contexts.size() > CAPACITY) {
                contexts.remove(contexts.keySet().iterator().next());
            }
        }
        return context;
    }

    private SslContext build(PlannedTls planned) {
        try {
            // No endpointIdentificationAlgorithm: the plan's names (or DANE-EE's none) are checked by
            // PlannedTrustManager itself, not against the SNI name.
            return SslContextBuilder.forClient()
                    .sslProvider(TlsProviders.best())
                    .protocols(TlsProviders.PROTOCOLS)
                    .trustManager(new PlannedTrustManager(planned, anchors, clock))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS context for " + planned.plan().applied(), e);
        }
    }
}
