package org.smtpguard.policy.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An AUTH dialogue written as a test script: steps {@code C: line} and {@code S: reply} separated by
 * {@code " / "}; {@code {text}} stands for the base64 of text, in which {@code ^@} is NUL and
 * {@code ^A} is 0x01. The first step is the client's AUTH command.
 */
final class AuthDialogue {

    private static final Pattern ENCODED = Pattern.compile("\\{([^{}]*)}");

    private final List<String> steps;
    private final List<String> encodedBlocks = new ArrayList<>();
    private final List<String> plainBlocks = new ArrayList<>();

    AuthDialogue(String script) {
        steps = List.of(script.split(" / "));
        Matcher m = ENCODED.matcher(script);
        while (m.find()) {
            String plain = m.group(1).replace("^@", "\0").replace("^A", "\u0001");
            plainBlocks.add(plain);
            encodedBlocks.add(base64(plain));
        }
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every base64 block of the script whose decoded text contains {@code secret}. */
    List<String> encodedBlocksContaining(String secret) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < plainBlocks.size(); i++) {
            if (plainBlocks.get(i).contains(secret)) {
                found.add(encodedBlocks.get(i));
            }
        }
        return found;
    }

    /** Plays the script; the exchange as it is after the last step. */
    AuthExchange play() {
        AuthExchange exchange = null;
        for (String step : steps) {
            String line = expand(step.length() > 3 ? step.substring(3) : "");
            if (exchange == null) {
                exchange = AuthExchange.start(Command.parse(line));
            } else if (step.startsWith("C:")) {
                exchange.onClientLine(line);
            } else if (step.startsWith("S:")) {
                int code = Integer.parseInt(line.substring(0, 3));
                exchange.onUpstreamReply(Reply.parse(code, List.of(line.length() > 4 ? line.substring(4) : "")));
            } else {
                throw new IllegalArgumentException("a step starts with 'C: ' or 'S: ': " + step);
            }
        }
        return exchange;
    }

    private static String expand(String text) {
        Matcher m = ENCODED.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, base64(m.group(1).replace("^@", "\0").replace("^A", "\u0001")));
        }
        return m.appendTail(sb).toString();
    }
}
