package org.smtpguard.proxy.session;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.smtpguard.policy.smtp.Capabilities;

/**
 * Postfix's XCLIENT command (XCLIENT_README): tells an upstream that allows it
 * ({@code smtpd_authorized_xclient_hosts}) the address of the client smtpguard relays for, so that
 * the upstream logs and judges that client instead of smtpguard. The upstream answers with a new
 * greeting (220) and the session starts over: EHLO must be sent again.
 */
public final class Xclient {

    private Xclient() {
    }

    /** Whether the upstream's EHLO reply offers XCLIENT with the ADDR attribute. */
    public static boolean offered(Capabilities upstream) {
        return attributes(upstream).contains("ADDR");
    }

    /**
     * The command line (with CRLF): ADDR, then PORT and {@code NAME=[UNAVAILABLE]} (smtpguard looks
     * up no names) where the upstream offers them. IPv6 addresses carry Postfix's {@code IPV6:} prefix.
     */
    public static byte[] command(Capabilities upstream, InetSocketAddress client) {
        Set<String> offered = attributes(upstream);
        StringBuilder line = new StringBuilder("XCLIENT ADDR=").append(address(client));
        if (offered.contains("PORT")) {
            line.append(" PORT=").append(client.getPort());
        }
        if (offered.contains("NAME")) {
            line.append(" NAME=[UNAVAILABLE]");
        }
        return line.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String address(InetSocketAddress client) {
        String literal = client.getAddress().getHostAddress();
        int scope = literal.indexOf('%');
        if (scope >= 0) {
            literal = literal.substring(0, scope);
        }
        return client.getAddress() instanceof Inet6Address ? "IPV6:" + literal : literal;
    }

    private static Set<String> attributes(Capabilities upstream) {
        return upstream.parameters("XCLIENT").stream().map(a -> a.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
