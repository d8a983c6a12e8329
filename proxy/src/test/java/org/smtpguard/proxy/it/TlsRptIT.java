package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;

/**
 * TLS-RPT over sockets: smtpguard with {@code tlsrpt.directory} counts each upstream TLS session and,
 * when it stops, writes the day's report for the upstream's name with the right counts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsRptIT extends AgainstFaultyUpstream {

    @TempDir
    Path reports;

    private void runSessions(Fault fault, int sessions) throws Exception {
        upstream = FaultyUpstream.start(fault, certificates);
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        proxy = ProxyUnderTest.start(config.withTlsRpt(config.tlsRpt().withDirectory(reports)));
        for (int i = 0; i < sessions; i++) {
            try (SmtpTestClient client = proxy.connect()) {
                int greeting = client.readReply().code();
                if (greeting == 220) {
                    client.command("QUIT");
                }
            }
        }
        proxy.close();
        upstream.close();
        proxy = null;
        upstream = null;
    }

    private List<String> reportFiles() throws Exception {
        try (Stream<Path> files = Files.list(reports)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheDaysReportWithSuccessesAndFailuresByResultType() throws Exception {
        runSessions(Fault.NONE, 2);
        List<String> afterGood = reportFiles();
        assertThat(afterGood).singleElement().asString()
                .matches("smtpguard\\.test!mail\\.test!\\d+!\\d+![0-9a-f-]{36}\\.json");
        String good = Files.readString(reports.resolve(afterGood.get(0)), StandardCharsets.UTF_8);
        assertThat(good).contains("\"organization-name\": \"smtpguard.test\"",
                "\"contact-info\": \"postmaster@smtpguard.test\"", "\"policy-type\": \"no-policy-found\"",
                "\"policy-domain\": \"mail.test\"", "\"total-successful-session-count\": 2",
                "\"total-failure-session-count\": 0").doesNotContain("failure-details");

        runSessions(Fault.EXPIRED_CERT, 1);
        runSessions(Fault.STARTTLS_NOT_ADVERTISED, 2);
        runSessions(Fault.SILENT, 1);
        List<String> all = reportFiles();
        assertThat(all).hasSize(3).containsAll(afterGood);
        List<String> contents = all.stream().filter(f -> !afterGood.contains(f))
                .map(f -> read(reports.resolve(f))).toList();
        assertThat(contents).anySatisfy(json -> assertThat(json).contains("\"total-successful-session-count\": 0",
                "\"total-failure-session-count\": 1", "\"result-type\": \"certificate-expired\"",
                "\"receiving-mx-hostname\": \"mail.test\"", "\"receiving-ip\": \"127.0.0.1\""));
        assertThat(contents).anySatisfy(json -> assertThat(json).contains("\"total-failure-session-count\": 2",
                "\"result-type\": \"starttls-not-supported\"", "\"failed-session-count\": 2"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
