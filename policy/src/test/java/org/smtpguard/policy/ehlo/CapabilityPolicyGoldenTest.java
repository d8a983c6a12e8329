package org.smtpguard.policy.ehlo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Reply;

/**
 * Golden files under {@code ehlo/}: an {@code upstream} EHLO reply as it arrives, then for each
 * {@code client leg tls=… starttls=… auth=… size=…} the EHLO reply the client must see.
 * Lines starting with '#' are comments; blank lines end a block.
 */
class CapabilityPolicyGoldenTest {

    private static final String DOMAIN = "smtpguard.test";

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"postfix-3.7-after-tls.txt", "exchange-2019-after-tls.txt", "minimal.txt",
        "odd-and-hostile.txt"})
    void theClientSeesExactlyTheGoldenEhloReply(String file) throws IOException {
        Map<String, List<String>> blocks = blocksOf(file);
        Capabilities upstream = Capabilities.fromEhloReply(replyOf(blocks.remove("upstream")));
        assertThat(blocks).as("client leg blocks in " + file).isNotEmpty();

        blocks.forEach((header, expected) -> {
            String offered = CapabilityPolicy.standard().offer(upstream, legOf(header))
                    .toEhloReply(DOMAIN).toWireString();
            assertThat(offered).as(file + ": " + header)
                    .isEqualTo(expected.stream().map(l -> l + "\r\n").collect(Collectors.joining()));
        });
    }

    private static Map<String, List<String>> blocksOf(String file) throws IOException {
        String text;
        try (InputStream in = CapabilityPolicyGoldenTest.class.getResourceAsStream("/ehlo/" + file)) {
            assertThat(in).as(file).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> blocks = new java.util.LinkedHashMap<>();
        List<String> current = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty()) {
                current = null;
            } else if (current == null) {
                current = new ArrayList<>();
                assertThat(blocks.put(line, current)).as("duplicate block " + line).isNull();
            } else {
                current.add(line);
            }
        }
        return blocks;
    }

    private static Reply replyOf(List<String> wireLines) {
        assertThat(wireLines).as("upstream block").isNotNull().isNotEmpty();
        int code = Integer.parseInt(wireLines.get(0).substring(0, 3));
        return Reply.parse(code, wireLines.stream().map(l -> l.substring(4)).toList());
    }

    private static ClientLeg legOf(String header) {
        assertThat(header).startsWith("client leg ");
        Map<String, String> values = Stream.of(header.substring("client leg ".length()).split(" "))
                .map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        assertThat(values).containsOnlyKeys("tls", "starttls", "auth", "size");
        return new ClientLeg(Boolean.parseBoolean(values.get("tls")), Boolean.parseBoolean(values.get("starttls")),
                Boolean.parseBoolean(values.get("auth")), Long.parseLong(values.get("size")));
    }
}
