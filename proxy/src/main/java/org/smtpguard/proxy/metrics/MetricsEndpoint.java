package org.smtpguard.proxy.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.smtpguard.proxy.config.HostPort;

/**
 * The HTTP endpoint for Prometheus and probes: {@code /metrics} (the text exposition format),
 * {@code /healthz} (200 while the process runs) and {@code /readyz} (200 when {@link Readiness} says
 * so, else 503 with the reason). Served by the JDK's HTTP server on two daemon threads.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listens on {@code address}.
     *
     * @throws IllegalStateException with a one-line message if the address cannot be bound
     */
    public static MetricsEndpoint start(HostPort address, ProxyMetrics metrics, Readiness readiness) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + address + " (metrics.listen): " + e.getMessage(), e);
        }
        // two threads: a scrape is not held up by a /readyz that waits for an upstream probe
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "smtpguard-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", new MetricsHandler(metrics.registry()));
        server.createContext("/healthz", exchange -> answer(exchange, 200, "ok"));
        server.createContext("/readyz", exchange -> {
            Readiness.State state = readiness.check();
            answer(exchange, state.ready() ? 200 : 503, state.reason());
        });
        server.createContext("/", exchange -> answer(exchange, 404, "not found: try /metrics, /healthz or /readyz"));
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    /** The address actually bound (port 0 in the configuration becomes a real port). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
