package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.util.Objects;

/**
 * A host (name, IPv4 or IPv6 address, without brackets) and a TCP port.
 * {@link #parse(String)} reads what an operator writes ({@code mail.example:25},
 * {@code 192.0.2.1:25}, {@code [::1]:25}); {@link #toString()} writes the same form back.
 *
 * <p>The constructor also accepts port 0 ("any free port"), which code and tests use to listen on
 * an ephemeral port; an operator's value must name a real port (1-65535).
 */
public record HostPort(String host, int port) {

    private static final int MAX_PORT = 65535;

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (!HostNames.isHost(host)) {
            throw new IllegalArgumentException("not a host name or IP address: " + LogText.quoted(host));
        }
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }

    /**
     * Parses {@code HOST:PORT}; an IPv6 address must be in brackets.
     *
     * @throws IllegalArgumentException with a one-line message saying what is wrong (not repeating the text)
     */
    public static HostPort parse(String text) {
        Objects.requireNonNull(text, "text");
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' after the IPv6 address");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("missing port (expected [IPv6]:PORT)");
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected ':' and a port after ']'");
            }
            port = rest.substring(1);
            if (!HostNames.isIpv6(host)) {
                throw new IllegalArgumentException("not an IPv6 address between brackets");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("missing port (expected HOST:PORT)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("an IPv6 address needs brackets, e.g. [::1]:25");
            }
            if (host.indexOf(']') >= 0) {
                throw new IllegalArgumentException("']' without '['");
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("missing host (expected HOST:PORT)");
            }
            if (!HostNames.isHost(host)) {
                throw new IllegalArgumentException("not a host name or IP address: " + LogText.quoted(host));
            }
        }
        return new HostPort(host, parsePort(port));
    }

    private static int parsePort(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("missing port (expected HOST:PORT)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("port is not a number");
            }
        }
        int start = 0;
        while (start < text.length() - 1 && text.charAt(start) == '0') {
            start++;
        }
        String digits = text.substring(start);
        int port = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException("port out of range 1-65535");
        }
        return port;
    }

    /** Whether the host is an IPv4 or IPv6 address rather than a name. */
    public boolean isIpLiteral() {
        return HostNames.isIpv4(host) || HostNames.isIpv6(host);
    }

    /** The address the host stands for when it is an IP literal (read without any lookup); empty for a name. */
    public java.util.Optional<java.net.InetAddress> ipAddress() {
        if (!isIpLiteral()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.net.InetAddress.getByName(host)); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    /** {@code host:port}, with brackets around an IPv6 address; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
