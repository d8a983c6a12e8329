package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * The two log formats over real sessions: {@code text} (logback.xml's pattern) and {@code json}
 * (Logback's JsonEncoder, as {@code --log-format json} sets it up) carry the same events with the same
 * fields, every JSON line is one object, and no secret of an AUTH exchange appears in either.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogFormatIT extends AgainstFaultyUpstream {

    private static final String USER = "alice@client.test";
    private static final String PASSWORD = "s3cret-Pa55-w0rd";

    @Test
    void bothFormatsCarryTheSameEventsAndFieldsAndNeverASecret() throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        proxy = ProxyUnderTest.start(upstream.port(), certificates);
        String plain = "\0" + USER + "\0" + PASSWORD;
        try (RenderedLogs logs = new RenderedLogs()) {
            try (SmtpTestClient client = proxy.connect()) {
                assertThat(client.readReply().code()).isEqualTo(220);
                assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
                assertThat(client.command("VRFY " + USER).code()).isEqualTo(502);
                assertThat(client.command("NOOP " + "x".repeat(3000)).code()).isEqualTo(500);
                Reply plainAuth = client.command("AUTH PLAIN " + base64(plain));
                assertThat(plainAuth.code()).as("%s", plainAuth).isEqualTo(235);
                assertThat(client.command("QUIT").code()).isEqualTo(221);
            }
            try (SmtpTestClient client = proxy.connect()) {
                assertThat(client.readReply().code()).isEqualTo(220);
                assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
                assertThat(client.command("AUTH LOGIN").code()).isEqualTo(334);
                assertThat(client.command(base64(USER)).code()).isEqualTo(334);
                assertThat(client.command(base64(PASSWORD)).code()).isEqualTo(235);
                assertThat(client.command("QUIT").code()).isEqualTo(221);
            }
            awaitSessionEnds(logs, 2);

            List<String> text = smtpguardEvents(logs.textLines());
            List<Map<String, Object>> json = logs.jsonLines().stream().map(JsonLine::parseObject)
                    .filter(o -> String.valueOf(o.get("loggerName")).startsWith("smtpguard.")).toList();
            // the same events with the same fields; not compared line by line, because two sessions'
            // events (one's end, the next one's start) can reach the two appenders in either order
            assertThat(text.stream().map(LogFormatIT::textEvent).sorted().toList()).as("events in text and json")
                    .isEqualTo(json.stream().map(LogFormatIT::jsonEvent).sorted().toList());
            assertThat(text).anySatisfy(l -> assertThat(l).contains(" session start client=127.0.0.1:"));
            assertThat(text).anySatisfy(l -> assertThat(l).contains(" upstream verified ")
                    .contains(" protocol=TLSv1.3 cipher=TLS_").contains(" subject=\"CN=mail.test\" sha256="));
            assertThat(text).anySatisfy(l -> assertThat(l).contains(" command blocked ").contains(" verb=VRFY"));
            assertThat(text).anySatisfy(l -> assertThat(l).contains(" limit hit ").endsWith(" limit=line_too_long"));
            assertThat(text).filteredOn(l -> l.contains(" auth ")).hasSize(2)
                    .allSatisfy(l -> assertThat(l).contains(" user=\"" + USER + "\"").contains(" result=235"));
            assertThat(json).anySatisfy(o -> assertThat(o).containsEntry("message", "auth")
                    .containsEntry("loggerName", "smtpguard.audit").containsEntry("level", "INFO")
                    .extractingByKey("kvpList").asList().contains(Map.of("user", USER), Map.of("mechanism", "PLAIN")));

            String everything = logs.everything();
            for (String secret : List.of(PASSWORD, base64(PASSWORD), base64(plain), plain)) {
                assertThat(everything).as("no secret in either format").doesNotContain(secret);
            }
        }
    }

    @Test
    void aRefusedUpstreamIsOneEventWithItsReasonInBothFormats() throws Exception {
        upstream = FaultyUpstream.start(Fault.STARTTLS_NOT_ADVERTISED, certificates);
        proxy = ProxyUnderTest.start(upstream.port(), certificates);
        try (RenderedLogs logs = new RenderedLogs()) {
            try (SmtpTestClient client = proxy.connect()) {
                assertThat(client.readReply().code()).isEqualTo(421);
            }
            awaitSessionEnds(logs, 1);

            assertThat(logs.textLines()).anySatisfy(l -> assertThat(l).contains(" WARN  upstream upstream refused ")
                    .contains(" reason=starttls_missing reply=\"4.7.4 "));
            assertThat(logs.jsonLines()).map(JsonLine::parseObject)
                    .anySatisfy(o -> assertThat(o).containsEntry("message", "upstream refused")
                            .containsEntry("level", "WARN")
                            .extractingByKey("kvpList").asList().contains(Map.of("reason", "starttls_missing")));
        }
    }

    private static void awaitSessionEnds(RenderedLogs logs, int sessions) {
        await("the session ends are logged").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> logs.jsonLines().stream().filter(l -> l.contains("\"session end\"")).count() == sessions
                        && logs.textLines().stream().filter(l -> l.contains(" session end ")).count() == sessions);
    }

    /** Text lines of smtpguard's own loggers (timestamp LEVEL logger …), in order. */
    private static List<String> smtpguardEvents(List<String> lines) {
        return lines.stream().filter(l -> l.matches("\\S+ [A-Z]+ +(session|upstream|audit) .*")).toList();
    }

    /** "LEVEL logger event k=v k=v" of a text line, quotes around values removed. */
    private static String textEvent(String line) {
        String[] parts = line.split(" +", 4);
        return parts[1] + " " + parts[2] + " " + parts[3].replaceAll("=\"((?:[^\"\\\\]|\\\\.)*)\"", "=$1");
    }

    /** The same for a JSON object: level, last part of loggerName, message and kvpList. */
    @SuppressWarnings("unchecked")
    private static String jsonEvent(Map<String, Object> event) {
        String logger = String.valueOf(event.get("loggerName"));
        StringBuilder out = new StringBuilder().append(event.get("level")).append(' ')
                .append(logger.substring(logger.lastIndexOf('.') + 1)).append(' ').append(event.get("message"));
        List<Object> fields = (List<Object>) event.getOrDefault("kvpList", new ArrayList<>());
        for (Object field : fields) {
            ((Map<String, Object>) field).forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        }
        return out.toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
