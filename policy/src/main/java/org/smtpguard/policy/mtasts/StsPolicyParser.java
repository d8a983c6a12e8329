package org.smtpguard.policy.mtasts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the body of {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (RFC 8461 §3.2):
 * lines ending in LF or CRLF, each {@code key: value}. {@code version: STSv1}, {@code mode} and
 * {@code max_age} are required; {@code mx} is required unless the mode is {@code none} and may repeat;
 * of any other repeated key the first counts; unknown keys are ignored; blank lines are skipped.
 * A {@code max_age} above a year is cut to a year. Anything else malformed makes the whole policy
 * invalid. Error messages never quote the body.
 */
public final class StsPolicyParser {

    private static final Pattern LINE = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9_.-]{0,31}):[ \\t]*([\\x21-\\x7E](?:[ \\t\\x21-\\x7E]*[\\x21-\\x7E])?)[ \\t]*");
    private static final Pattern MAX_AGE = Pattern.compile("[0-9]{1,10}");

    private StsPolicyParser() {
    }

    /**
     * @throws IllegalArgumentException naming the line and the problem
     */
    public static StsPolicy parse(String body) {
        String version = null;
        String mode = null;
        String maxAge = null;
        List<MxPattern> mx = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        String[] raw = body.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("policy line " + (i + 1) + " is not \"key: value\"");
            }
            String key = m.group(1);
            String value = m.group(2);
            lines.add(key + ": " + value);
            switch (key) {
                case "version" -> version = version == null ? value : version;
                case "mode" -> mode = mode == null ? value : mode;
                case "max_age" -> maxAge = maxAge == null ? value : maxAge;
                case "mx" -> mx.add(mxPattern(value, i + 1));
                default -> { } // an extension: ignored (RFC 8461 §3.2)
            }
        }
        if (!"STSv1".equals(version)) {
            throw new IllegalArgumentException(version == null ? "policy has no version" : "policy version is not STSv1");
        }
        StsMode parsedMode = StsMode.fromPolicyValue(mode == null ? "" : mode).orElseThrow(() ->
                new IllegalArgumentException("policy mode must be enforce, testing or none"));
        if (maxAge == null || !MAX_AGE.matcher(maxAge).matches()) {
            throw new IllegalArgumentException("policy max_age must be 1 to 10 digits");
        }
        Duration age = Duration.ofSeconds(Math.min(Long.parseLong(maxAge), StsPolicy.MAX_AGE_LIMIT.toSeconds()));
        return new StsPolicy(parsedMode, mx, age, lines);
    }

    private static MxPattern mxPattern(String value, int line) {
        try {
            return new MxPattern(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("policy line " + line + ": " + e.getMessage(), e);
        }
    }
}
