package org.smtpguard.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.bouncycastle.util.IPAddress;

/**
 * Recognises IPv4 and IPv6 address literals without ever asking DNS: the syntax is checked
 * first, and only a string that is already a literal is handed to {@link InetAddress}, which
 * then converts it without a lookup. Zone ids ({@code fe80::1%eth0}) and net masks are not
 * literals here; IPv6 may be written in brackets ({@code [::1]}).
 */
final class IpLiterals {

    private IpLiterals() {
    }

    /** The address bytes (4 or 16) if {@code text} is an IP literal, else empty. */
    static Optional<byte[]> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String s = text;
        boolean bracketed = s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']';
        if (bracketed) {
            s = s.substring(1, s.length() - 1);
        }
        boolean literal = bracketed ? IPAddress.isValidIPv6(s) : IPAddress.isValid(s);
        if (!literal) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static boolean isLiteral(String text) {
        return parse(text).isPresent();
    }

    /** The usual text form of address bytes (no lookup either). */
    static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            return "<" + address.length + "-byte address>";
        }
    }
}
