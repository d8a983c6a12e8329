package org.smtpguard.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The session logic stays free of Netty and of the metrics library (it is tested with plain dialogue
 * scripts; metrics are one listener of it), every metric lives in metrics/, and nothing in
 * the proxy reads the environment except Main, which hands it to the configuration loader.
 */
class ProxyLayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/org/smtpguard/proxy");

    @Test
    void sessionPackageDoesNotUseNetty() throws IOException {
        assertThat(offences(SOURCES.resolve("session"), List.of("io.netty"))).isEmpty();
    }

    @Test
    void sessionPackageDoesNotUseTheMetricsLibrary() throws IOException {
        assertThat(offences(SOURCES.resolve("session"), List.of("io.prometheus", "proxy.metrics"))).isEmpty();
    }

    @Test
    void onlyTheMetricsPackageUsesTheMetricsLibrary() throws IOException {
        List<String> found = offences(SOURCES, List.of("io.prometheus"));
        assertThat(found).isNotEmpty().allMatch(line -> line.startsWith("metrics/"), "only metrics/ may use it");
    }

    @Test
    void everyMetricIsDeclaredInProxyMetrics() throws IOException {
        List<String> found = offences(SOURCES, List.of("io.prometheus.metrics.core"));
        assertThat(found).isNotEmpty().allMatch(line -> line.startsWith("metrics/ProxyMetrics.java:"),
                "only ProxyMetrics declares metrics");
    }

    @Test
    void onlyMainReadsTheEnvironmentOrSystemProperties() throws IOException {
        List<String> found = offences(SOURCES, List.of("System.getenv", "System.getProperty"));
        assertThat(found).allMatch(line -> line.startsWith("Main.java:"), "only Main.java may read them");
    }

    @Test
    void onlyTheDnsPackageUsesDnsjava() throws IOException {
        List<String> found = offences(SOURCES, List.of("org.xbill"));
        assertThat(found).isNotEmpty().allMatch(line -> line.startsWith("dns/"), "dnsjava stays behind DnsLookups");
    }

    @Test
    void theCheckSeesWhatItLooksFor() throws IOException {
        assertThat(offences(SOURCES.resolve("client"), List.of("io.netty"))).isNotEmpty();
    }

    private static List<String> offences(Path dir, List<String> forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    for (String f : forbidden) {
                        if (lines.get(i).contains(f)) {
                            found.add(dir.relativize(file) + ":" + (i + 1) + " uses " + f);
                        }
                    }
                }
            }
        }
        return found;
    }
}
