package org.smtpguard.proxy.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of smtpguard's {@code /metrics} over HTTP, as Prometheus does it, parsed from the text
 * exposition format into {@code name{label="value",…}} → value (labels as the exporter wrote them).
 */
final class MetricsScrape {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)(?: \\S+)?");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Double> samples;
    private final String text;

    private MetricsScrape(String text) {
        this.text = text;
        this.samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
    }

    static MetricsScrape of(InetSocketAddress endpoint) throws IOException, InterruptedException {
        HttpResponse<String> response = get(endpoint, "/metrics");
        if (response.statusCode() != 200) {
            throw new IOException("/metrics answered " + response.statusCode());
        }
        return new MetricsScrape(response.body());
    }

    static HttpResponse<String> get(InetSocketAddress endpoint, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.getPort() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one series, e.g. {@code value("smtpguard_messages_total{result=\"accepted\"}")}; fails if absent. */
    double value(String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("no series " + series + " in the scrape:\n" + text);
        }
        return v;
    }

    /** The value of a series, 0 when it is absent. */
    double valueOrZero(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    Map<String, Double> samples() {
        return samples;
    }

    String text() {
        return text;
    }
}
