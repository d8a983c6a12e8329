package org.smtpguard.policy.smtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The EHLO keywords of one server with their parameters, in the order they were offered. Keywords
 * are case-insensitive and kept upper-case; parameters are kept as written. Immutable.
 *
 * <p>Read from an EHLO reply, a line whose keyword or parameters do not have RFC 5321 syntax is left
 * out (an allow-list downstream can only offer what is read). The old {@code AUTH=PLAIN LOGIN} form
 * is read as {@code AUTH PLAIN LOGIN}; mechanisms of several AUTH lines are merged. Of any other
 * keyword offered twice, the first line counts.
 */
public final class Capabilities {

    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Pattern PARAMETER = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final String AUTH = "AUTH";
    private static final Capabilities EMPTY = new Capabilities(Map.of());

    private final Map<String, List<String>> byKeyword;

    private Capabilities(Map<String, List<String>> byKeyword) {
        this.byKeyword = byKeyword;
    }

    public static Capabilities empty() {
        return EMPTY;
    }

    /** The capabilities in a 250 reply to EHLO; the first line (the server's domain) is skipped. */
    public static Capabilities fromEhloReply(Reply reply) {
        if (reply.code() != 250) {
            throw new IllegalArgumentException("not a successful EHLO reply: " + reply.code());
        }
        Map<String, List<String>> read = new LinkedHashMap<>();
        for (String line : reply.lines().subList(1, reply.lines().size())) {
            List<String> words = new ArrayList<>(Arrays.asList(line.trim().split(" +")));
            if (words.get(0).regionMatches(true, 0, "AUTH=", 0, 5)) {
                String first = words.remove(0).substring(5);
                words.add(0, AUTH);
                if (!first.isEmpty()) {
                    words.add(1, first);
                }
            }
            String keyword = words.get(0);
            List<String> params = words.subList(1, words.size());
            if (!KEYWORD.matcher(keyword).matches() || !params.stream().allMatch(Capabilities::isParameter)) {
                continue;
            }
            String upper = keyword.toUpperCase(Locale.ROOT);
            if (upper.equals(AUTH) && read.containsKey(AUTH)) {
                read.put(AUTH, union(read.get(AUTH), params));
            } else {
                read.putIfAbsent(upper, List.copyOf(params));
            }
        }
        return new Capabilities(freeze(read));
    }

    public boolean has(String keyword) {
        return byKeyword.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** The keyword's parameters; empty when it has none or is not offered. */
    public List<String> parameters(String keyword) {
        return byKeyword.getOrDefault(keyword.toUpperCase(Locale.ROOT), List.of());
    }

    /** The keywords, upper-case, in the order offered. */
    public List<String> keywords() {
        return List.copyOf(byKeyword.keySet());
    }

    /** The fixed message size limit in bytes (RFC 1870); empty for no SIZE, a bare SIZE or SIZE 0. */
    public OptionalLong sizeLimit() {
        List<String> params = parameters("SIZE");
        if (params.isEmpty() || !DIGITS.matcher(params.get(0)).matches()) {
            return OptionalLong.empty();
        }
        long limit = Long.parseLong(params.get(0));
        return limit == 0 ? OptionalLong.empty() : OptionalLong.of(limit);
    }

    /** The AUTH mechanisms, upper-case, without duplicates; words that are no SASL name are left out. */
    public List<String> authMechanisms() {
        return parameters(AUTH).stream().map(SaslMechanism::name)
                .flatMap(java.util.Optional::stream).distinct().toList();
    }

    /** A copy with {@code keyword} offered with exactly {@code params}, in its old place if it had one. */
    public Capabilities with(String keyword, String... params) {
        if (!KEYWORD.matcher(keyword).matches()) {
            throw new IllegalArgumentException("not an EHLO keyword: " + keyword);
        }
        for (String param : params) {
            if (!isParameter(param)) {
                throw new IllegalArgumentException("not an EHLO parameter of " + keyword + ": " + param);
            }
        }
        Map<String, List<String>> copy = new LinkedHashMap<>(byKeyword);
        copy.put(keyword.toUpperCase(Locale.ROOT), List.of(params));
        return new Capabilities(freeze(copy));
    }

    /** A copy without {@code keyword}. */
    public Capabilities without(String keyword) {
        Map<String, List<String>> copy = new LinkedHashMap<>(byKeyword);
        copy.remove(keyword.toUpperCase(Locale.ROOT));
        return new Capabilities(freeze(copy));
    }

    /** The 250 reply that offers these capabilities: {@code domain}, then one line per keyword. */
    public Reply toEhloReply(String domain) {
        List<String> lines = new ArrayList<>(byKeyword.size() + 1);
        lines.add(domain);
        byKeyword.forEach((keyword, params) ->
                lines.add(params.isEmpty() ? keyword : keyword + " " + String.join(" ", params)));
        return new Reply(250, null, lines);
    }

    private static boolean isParameter(String text) {
        return PARAMETER.matcher(text).matches();
    }

    private static List<String> union(List<String> known, List<String> more) {
        List<String> all = new ArrayList<>(known);
        for (String param : more) {
            if (all.stream().noneMatch(param::equalsIgnoreCase)) {
                all.add(param);
            }
        }
        return List.copyOf(all);
    }

    private static Map<String, List<String>> freeze(Map<String, List<String>> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    @Override
    public boolean equals(Object o) {
        // Order matters: two servers offering the same keywords in another order are not equal.
        return o instanceof Capabilities other
                && List.copyOf(byKeyword.entrySet()).equals(List.copyOf(other.byKeyword.entrySet()));
    }

    @Override
    public int hashCode() {
        return List.copyOf(byKeyword.entrySet()).hashCode();
    }

    @Override
    public String toString() {
        return byKeyword.entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + " " + String.join(" ", e.getValue()))
                .collect(Collectors.joining(", ", "Capabilities[", "]"));
    }
}
