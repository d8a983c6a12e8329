package org.smtpguard.certs;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Does a certificate name a host? The rules of RFC 6125 §6:
 * <ul>
 *   <li>an IP literal (v4 or v6, recognised without DNS) matches IP address SANs only;</li>
 *   <li>a DNS name matches DNS SANs, case-insensitively, ignoring one trailing dot;</li>
 *   <li>a wildcard counts only as the whole left-most label of a name with at least two more
 *       labels: {@code *.example.com} matches {@code a.example.com}, but neither
 *       {@code example.com} nor {@code a.b.example.com}; {@code f*.example.com} and {@code *.com}
 *       match nothing;</li>
 *   <li>the subject common name counts only when the certificate has no DNS SAN at all.</li>
 * </ul>
 * The reference name itself must be a plain host name (no wildcard, no empty label).
 */
public final class HostnameMatcher {

    private HostnameMatcher() {
    }

    public static boolean matches(X509Certificate certificate, String name) {
        if (certificate == null || name == null || name.isEmpty()) {
            return false;
        }
        SubjectNames names = SubjectNames.of(certificate);
        if (names.malformed()) {
            return false;
        }
        Optional<byte[]> address = IpLiterals.parse(name);
        if (address.isPresent()) {
            return names.ipAddresses().stream().anyMatch(ip -> Arrays.equals(ip, address.get()));
        }
        String host = normalise(name);
        if (!isPlainHostName(host)) {
            return false;
        }
        if (names.dnsNames().isEmpty()) {
            return names.commonName() != null && matchesPattern(host, normalise(names.commonName()));
        }
        return names.dnsNames().stream().anyMatch(pattern -> matchesPattern(host, normalise(pattern)));
    }

    private static boolean matchesPattern(String host, String pattern) {
        if (pattern.indexOf('*') < 0) {
            return isPlainHostName(pattern) && host.equals(pattern);
        }
        if (!pattern.startsWith("*.")) {
            return false; // partial-label wildcards ("f*.example.com") are not honoured
        }
        String parentDomain = pattern.substring(2);
        if (!isPlainHostName(parentDomain) || parentDomain.indexOf('.') < 0) {
            return false; // another '*', or "*.com": a wildcard for a whole top-level domain
        }
        int firstDot = host.indexOf('.');
        return firstDot > 0 && host.substring(firstDot + 1).equals(parentDomain);
    }

    /** Lower case (ASCII rules, whatever the default locale) and without one trailing dot. */
    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static boolean isPlainHostName(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.contains("..") || name.endsWith(".")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' || c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
