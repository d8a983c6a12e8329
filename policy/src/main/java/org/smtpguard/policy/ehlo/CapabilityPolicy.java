package org.smtpguard.policy.ehlo;

import java.util.List;
import org.smtpguard.policy.smtp.Capabilities;

/**
 * The EHLO capabilities smtpguard offers a client, from the verified upstream's EHLO after TLS and the
 * state of the client leg. An allow-list: only what smtpguard relays correctly is offered, so VRFY,
 * EXPN, ETRN, CHUNKING/BINARYMIME (BDAT is not relayed), XCLIENT, XFORWARD, the upstream's STARTTLS and
 * every keyword smtpguard does not know are never offered.
 */
public final class CapabilityPolicy {

    /** Offered, without parameters, exactly when the upstream offers them. */
    private static final List<String> FOLLOWS_UPSTREAM_AFTER_AUTH =
            List.of("ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8");

    private static final CapabilityPolicy STANDARD = new CapabilityPolicy();

    private CapabilityPolicy() {
    }

    public static CapabilityPolicy standard() {
        return STANDARD;
    }

    /**
     * In Postfix's order: PIPELINING, SIZE (always: the smaller of both limits), STARTTLS (ours, on a
     * plaintext leg that can have it), AUTH (the upstream's mechanisms, where allowed), then
     * ENHANCEDSTATUSCODES, 8BITMIME, DSN, SMTPUTF8.
     */
    public Capabilities offer(Capabilities upstream, ClientLeg leg) {
        Capabilities offered = Capabilities.empty();
        if (upstream.has("PIPELINING")) {
            offered = offered.with("PIPELINING");
        }
        long size = Math.min(leg.messageSizeLimit(), upstream.sizeLimit().orElse(Long.MAX_VALUE));
        offered = offered.with("SIZE", Long.toString(size));
        if (!leg.tls() && leg.startTlsAvailable()) {
            offered = offered.with("STARTTLS");
        }
        List<String> mechanisms = upstream.authMechanisms();
        if (leg.authAllowed() && !mechanisms.isEmpty()) {
            offered = offered.with("AUTH", mechanisms.toArray(String[]::new));
        }
        for (String keyword : FOLLOWS_UPSTREAM_AFTER_AUTH) {
            if (upstream.has(keyword)) {
                offered = offered.with(keyword);
            }
        }
        return offered;
    }

    @Override
    public String toString() {
        return "CapabilityPolicy[PIPELINING, SIZE, STARTTLS (ours), AUTH, "
                + String.join(", ", FOLLOWS_UPSTREAM_AFTER_AUTH) + "]";
    }
}
