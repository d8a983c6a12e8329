package org.smtpguard.proxy.mtasts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.smtpguard.policy.mtasts.StsPolicy;
import org.smtpguard.policy.mtasts.StsPolicyParser;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;

/**
 * Fetches and parses {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (RFC 8461 §3.3) with
 * the JDK's HTTP client: TLS 1.2 or newer, the chain verified against the trust anchors and the host
 * name against {@code mta-sts.<domain>} (the client's own endpoint identification; there is no way to
 * turn it off here), no redirects, no proxy, no cookies, a deadline for the whole exchange, at most
 * {@value #MAX_BODY} bytes of {@code text/plain}. Never blocks the caller.
 */
public final class StsPolicyFetcher {

    /** The policy's path on the policy host. */
    public static final String WELL_KNOWN_PATH = "/.well-known/mta-sts.txt";
    /** The largest policy read (RFC 8461 §3.3 suggests 64 KiB). */
    public static final int MAX_BODY = 64 * 1024;
    private static final int HTTPS_PORT = 443;
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    private final HttpClient client;
    private final Duration timeout;
    private final int port;

    /**
     * @param trustAnchors the CAs a policy host's certificate must chain to; empty for the JDK's
     * @param timeout      for connecting and for the whole exchange
     * @param executor     where the HTTP client runs its work and completes the futures
     */
    public StsPolicyFetcher(Optional<List<X509Certificate>> trustAnchors, Duration timeout, Executor executor) {
        this(trustAnchors, timeout, executor, HTTPS_PORT);
    }

    /**
     * As above, with the policy host's port: only tests use another port than 443 (a test cannot
     * bind 443), the host name and its verification stay the same.
     */
    StsPolicyFetcher(Optional<List<X509Certificate>> trustAnchors, Duration timeout, Executor executor, int port) {
        this.timeout = timeout;
        this.port = port;
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(timeout)
                .sslContext(sslContext(trustAnchors))
                .sslParameters(tls)
                .executor(executor)
                .build();
    }

    /** Whether {@code name} (lower-case) is a domain name with at least two labels, so a policy URI can be made of it. */
    public static boolean isPolicyDomain(String name) {
        return DOMAIN.matcher(name).matches();
    }

    /** The URI of a domain's policy. */
    URI policyUri(String domain) {
        return URI.create("https://mta-sts." + domain + (port == HTTPS_PORT ? "" : ":" + port) + WELL_KNOWN_PATH);
    }

    /**
     * The policy of {@code domain}, or a failure with {@link StsFetchException}.
     */
    public CompletableFuture<StsPolicy> fetch(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        if (!isPolicyDomain(name)) {
            return CompletableFuture.failedFuture(new StsFetchException(TlsRptResultType.STS_POLICY_FETCH_ERROR,
                    "not a domain name a policy can be fetched for"));
        }
        HttpRequest request = HttpRequest.newBuilder(policyUri(name))
                .timeout(timeout)
                .header("Accept", "text/plain")
                .GET()
                .build();
        CompletableFuture<HttpResponse<String>> exchange =
                client.sendAsync(request, PolicyBodySubscriber.handler(MAX_BODY));
        return exchange
                .thenApply(HttpResponse::body)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((text, error) -> {
                    if (error == null) {
                        return parse(text);
                    }
                    exchange.cancel(true);
                    throw new CompletionException(classify(error));
                });
    }

    private static StsPolicy parse(String text) {
        try {
            return StsPolicyParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CompletionException(new StsFetchException(TlsRptResultType.STS_POLICY_INVALID,
                    "invalid policy: " + e.getMessage()));
        }
    }

    private static StsFetchException classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StsFetchException fetch) {
                return fetch;
            }
            if (t instanceof SSLException) {
                return new StsFetchException(TlsRptResultType.STS_WEBPKI_INVALID,
                        "policy host's certificate not verified", t);
            }
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
                return new StsFetchException(TlsRptResultType.STS_POLICY_FETCH_ERROR, "policy fetch timed out", t);
            }
        }
        String kind = error instanceof CompletionException && error.getCause() != null
                ? error.getCause().getClass().getSimpleName() : error.getClass().getSimpleName();
        return new StsFetchException(TlsRptResultType.STS_POLICY_FETCH_ERROR, "policy fetch failed (" + kind + ")",
                error);
    }

    private static SSLContext sslContext(Optional<List<X509Certificate>> trustAnchors) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (trustAnchors.isEmpty()) {
                context.init(null, null, null);
                return context;
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate anchor : trustAnchors.get()) {
                store.setCertificateEntry("anchor-" + i++, anchor);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for MTA-STS policy fetches", e);
        }
    }
}
