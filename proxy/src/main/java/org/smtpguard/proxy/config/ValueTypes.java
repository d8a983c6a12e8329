package org.smtpguard.proxy.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.smtpguard.policy.net.TrustedNetworks;
import org.smtpguard.policy.tls.UpstreamTlsLevel;
import org.smtpguard.proxy.config.ValueType.InvalidValue;

/** The value types of the keys in {@link ConfigKeys}. */
public final class ValueTypes {

    private ValueTypes() {
    }

    public static ValueType<HostPort> hostPort() {
        return scalar("HOST:PORT", HostPort::parse, HostPort::toString);
    }

    public static ValueType<List<HostPort>> hostPorts() {
        return list("HOST:PORT", HostPort::parse, HostPort::toString);
    }

    /** IP addresses with an optional port (53 if omitted): {@code 192.0.2.53}, {@code [2001:db8::53]:5353}. */
    public static ValueType<List<HostPort>> dnsServers() {
        return list("IP[:PORT]", text -> {
            boolean bare = HostNames.isIpv4(text) || HostNames.isIpv6(text);
            HostPort server = bare ? new HostPort(text, 53) : HostPort.parse(text);
            require(text, HostNames.isIpv4(server.host()) || HostNames.isIpv6(server.host()),
                    "expected an IP address: DNS servers are not looked up in DNS");
            require(text, server.port() > 0, "port out of range 1-65535");
            return server;
        }, HostPort::toString);
    }

    /** A TLS level: verify, secure, fingerprint, mta-sts, dane or dane-only. */
    public static ValueType<UpstreamTlsLevel> tlsLevel() {
        return scalar("LEVEL", text -> UpstreamTlsLevel.fromConfigName(text).orElseThrow(() -> new IllegalArgumentException(
                "expected verify, secure, fingerprint, mta-sts, dane or dane-only")), UpstreamTlsLevel::configName);
    }

    /** Destination map entries, one per item: {@code DOMAIN|HOST [level=L] [via=HOST:PORT]… [match=NAME]… [pin=PIN]…}. */
    public static ValueType<List<DestinationRule>> destinations() {
        return list("RULE", DestinationRule::parse, DestinationRule::format);
    }

    /** A file that exists and can be read now (its content is checked elsewhere). */
    public static ValueType<Path> readableFile() {
        return scalar("FILE", ValueTypes::readableFile, Path::toString);
    }

    /** Networks in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}). */
    public static ValueType<List<String>> cidrs() {
        return list("CIDR", text -> {
            TrustedNetworks.parse(List.of(text));
            return text;
        }, Function.identity());
    }

    /** A name smtpguard says in SMTP: a DNS name or an address literal ({@code [192.0.2.1]}). */
    public static ValueType<String> smtpName() {
        return scalar("NAME", text -> require(text, HostNames.isSmtpName(text),
                "not a host name (letters, digits, '-' and '.') or an address literal like [192.0.2.1]"), String::toString);
    }

    /** A host name or IP address, as used for SNI and certificate verification. */
    public static ValueType<String> hostName() {
        return scalar("NAME", text -> require(text, HostNames.isHost(text), "not a host name or IP address"),
                String::toString);
    }

    public static ValueType<UpstreamTlsMode> tlsMode() {
        return scalar("starttls|implicit", text -> {
            for (UpstreamTlsMode mode : UpstreamTlsMode.values()) {
                if (mode.configName().equals(text)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("expected starttls or implicit");
        }, UpstreamTlsMode::configName);
    }

    /** Files that exist and can be read now. */
    public static ValueType<List<Path>> readableFiles() {
        return list("FILE", ValueTypes::readableFile, Path::toString);
    }

    /** The name of an environment variable: letters, digits and {@code _}, not starting with a digit. */
    public static ValueType<String> environmentVariable() {
        return scalar("NAME", text -> require(text, text.matches("[A-Za-z_][A-Za-z0-9_]{0,127}"),
                "not an environment variable name (letters, digits and _)"), String::toString);
    }

    /** {@code off}, {@code optional} or {@code required}. */
    public static ValueType<ClientAuthMode> clientAuthMode() {
        return scalar("off|optional|required", ClientAuthMode::parse, ClientAuthMode::configName);
    }

    /** {@code ca}, {@code pin} or {@code ca+pin}. */
    public static ValueType<UpstreamVerification> upstreamVerification() {
        return scalar("ca|pin|ca+pin", UpstreamVerification::parse, UpstreamVerification::configName);
    }

    /** Public key pins, {@code sha256/} and the base64 SHA-256 of a SubjectPublicKeyInfo. */
    public static ValueType<List<String>> spkiPins() {
        return list("sha256/BASE64", text -> {
            org.smtpguard.certs.SpkiPins.of(List.of(text));
            return text;
        }, Function.identity());
    }

    public static ValueType<UpstreamMode> upstreamMode() {
        return scalar("smarthost|mx", UpstreamMode::parse, UpstreamMode::configName);
    }

    /** DNS domain names ({@code zen.example.org}), lower-cased. */
    public static ValueType<List<String>> domains() {
        return list("DOMAIN", text -> require(text.toLowerCase(java.util.Locale.ROOT),
                HostNames.isHost(text) && text.contains(".") && !text.startsWith("["), "not a domain name"),
                Function.identity());
    }

    /** Two prefix lengths, IPv4 (0-32) then IPv6 (0-128), e.g. {@code 24,64}. */
    public static ValueType<List<Integer>> prefixLengths() {
        ValueType<List<Integer>> numbers = list("BITS", text -> {
            if (!text.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("expected a prefix length");
            }
            return Integer.parseInt(text);
        }, i -> Integer.toString(i));
        return new ValueType<>() {
            @Override
            public String metavar() {
                return "IPV4BITS,IPV6BITS";
            }

            @Override
            public boolean isList() {
                return true;
            }

            @Override
            public List<Integer> parse(List<String> items) {
                List<Integer> bits = numbers.parse(items);
                if (bits.size() != 2 || bits.get(0) > 32 || bits.get(1) > 128) {
                    throw new InvalidValue(String.join(",", items), "expected IPv4 bits (0-32),IPv6 bits (0-128)");
                }
                return bits;
            }

            @Override
            public String format(List<Integer> value) {
                return numbers.format(value);
            }
        };
    }

    public static ValueType<String> logLevel() {
        return scalar("error|warn|info|debug",
                text -> require(text, LogConfig.LEVELS.contains(text), "expected error, warn, info or debug"),
                String::toString);
    }

    public static ValueType<LogConfig.Format> logFormat() {
        return scalar("text|json", text -> {
            for (LogConfig.Format format : LogConfig.Format.values()) {
                if (format.configName().equals(text)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("expected text or json");
        }, LogConfig.Format::configName);
    }

    /** {@code true} or {@code false}. */
    public static ValueType<Boolean> bool() {
        return scalar("true|false", text -> switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false");
        }, b -> Boolean.toString(b));
    }

    /** A whole number in {@code [min, max]}. */
    public static ValueType<Integer> integer(int min, int max) {
        return scalar("N", text -> {
            long value;
            if (!text.matches("-?[0-9]{1,10}")) {
                throw new IllegalArgumentException("expected a whole number in " + min + "-" + max);
            }
            value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range " + min + "-" + max);
            }
            return (int) value;
        }, i -> Integer.toString(i));
    }

    /** A byte count in {@code [min, max]}, written as a number or with K, M or G. */
    public static ValueType<Long> byteSize(long min, long max) {
        return scalar("BYTES", text -> {
            long value = ByteSizes.parse(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range " + ByteSizes.format(min) + "-" + ByteSizes.format(max));
            }
            return value;
        }, ByteSizes::format);
    }

    /** A duration greater than zero: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    public static ValueType<Duration> duration() {
        return scalar("DURATION", Durations::parse, Durations::format);
    }

    /** A directory name; it need not exist yet (it is created when first written to). */
    public static ValueType<Path> directory() {
        return scalar("DIR", text -> {
            Path path;
            try {
                path = Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("not a file name");
            }
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new IllegalArgumentException("exists and is not a directory");
            }
            return path;
        }, Path::toString);
    }

    /** Printable text (ASCII letters, digits, spaces and punctuation) of at most {@code max} characters. */
    public static ValueType<String> text(int max) {
        return scalar("TEXT", text -> require(text, text.length() <= max && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                "expected printable ASCII text of at most " + max + " characters"), String::toString);
    }

    private static String require(String text, boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
        return text;
    }

    private static Path readableFile(String text) {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a file name");
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read the file (permission denied)");
        }
        return path;
    }

    private static <T> ValueType<T> scalar(String metavar, Function<String, T> parse, Function<T, String> format) {
        return new ValueType<>() {
            @Override
            public String metavar() {
                return metavar;
            }

            @Override
            public boolean isList() {
                return false;
            }

            @Override
            public T parse(List<String> items) {
                if (items.size() != 1) {
                    throw new InvalidValue(String.join(",", items), "expected one value, not a list");
                }
                return parseItem(items.get(0), parse);
            }

            @Override
            public String format(T value) {
                return format.apply(value);
            }
        };
    }

    private static <E> ValueType<List<E>> list(String metavar, Function<String, E> parse, Function<E, String> format) {
        return new ValueType<>() {
            @Override
            public String metavar() {
                return metavar;
            }

            @Override
            public boolean isList() {
                return true;
            }

            @Override
            public List<E> parse(List<String> items) {
                List<E> values = new ArrayList<>(items.size());
                for (String item : items) {
                    values.add(parseItem(item, parse));
                }
                return List.copyOf(values);
            }

            @Override
            public String format(List<E> values) {
                List<String> texts = new ArrayList<>(values.size());
                values.forEach(v -> texts.add(format.apply(v)));
                return String.join(",", texts);
            }
        };
    }

    private static <T> T parseItem(String raw, Function<String, T> parse) {
        String text = raw.strip();
        if (text.isEmpty()) {
            throw new InvalidValue(raw, "empty value");
        }
        try {
            return parse.apply(text);
        } catch (InvalidValue e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(raw, e.getMessage() == null ? "invalid value" : e.getMessage());
        }
    }
}
