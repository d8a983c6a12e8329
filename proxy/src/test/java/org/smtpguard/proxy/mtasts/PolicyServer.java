package org.smtpguard.proxy.mtasts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.smtpguard.certs.IssuedCertificate;

/**
 * The policy hosts of the ITs: one JDK {@link HttpsServer} on 127.0.0.1 (an ephemeral port) that
 * answers for every {@code mta-sts.<domain>} by its Host header, as a test sets it up, and counts the
 * requests per domain. Its certificate comes from the certs toolkit.
 */
public final class PolicyServer implements AutoCloseable {

    /** What the server answers for one domain. */
    public record Answer(int status, String contentType, byte[] body, Duration delay, Map<String, String> headers) {

        public static Answer policy(String text) {
            return new Answer(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Duration.ZERO,
                    Map.of());
        }

        Answer withStatus(int newStatus) {
            return new Answer(newStatus, contentType, body, delay, headers);
        }

        Answer withContentType(String type) {
            return new Answer(status, type, body, delay, headers);
        }

        Answer withDelay(Duration newDelay) {
            return new Answer(status, contentType, body, newDelay, headers);
        }

        Answer withHeader(String name, String value) {
            return new Answer(status, contentType, body, delay, Map.of(name, value));
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private PolicyServer(IssuedCertificate certificate) throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext(certificate)));
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static PolicyServer start(IssuedCertificate certificate) throws Exception {
        return new PolicyServer(certificate);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void answer(String domain, Answer answer) {
        answers.put("mta-sts." + domain, answer);
    }

    /** Requests for the policy of {@code domain} so far. */
    public int requests(String domain) {
        AtomicInteger count = requests.get("mta-sts." + domain);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        host = host == null ? "" : host.replaceFirst(":\\d+$", "");
        requests.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        Answer answer = answers.get(host);
        if (answer == null || !exchange.getRequestURI().getPath().equals(StsPolicyFetcher.WELL_KNOWN_PATH)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        try {
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        } catch (IOException e) {
            // the client hung up (size bound, timeout): expected in some tests
        }
        exchange.close();
    }

    private static SSLContext sslContext(IssuedCertificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry("policy-host", certificate.privateKey(), password,
                certificate.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The host names of policy hosts a certificate for {@code domains} must carry. */
    public static String[] policyHosts(List<String> domains) {
        return domains.stream().map(d -> "mta-sts." + d).toArray(String[]::new);
    }
}
