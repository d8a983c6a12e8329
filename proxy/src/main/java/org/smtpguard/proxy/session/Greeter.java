package org.smtpguard.proxy.session;

import org.smtpguard.policy.ehlo.CapabilityPolicy;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;

/** smtpguard's own words to a client: the 220 greeting and the replies to EHLO and HELO. */
final class Greeter {

    private final String name;
    private final CapabilityPolicy capabilityPolicy;
    private final long messageSizeLimit;

    Greeter(String name, CapabilityPolicy capabilityPolicy, long messageSizeLimit) {
        this.name = name;
        this.capabilityPolicy = capabilityPolicy;
        this.messageSizeLimit = messageSizeLimit;
    }

    Reply greeting() {
        return Reply.plain(220, name + " ESMTP smtpguard");
    }

    /** The reply to EHLO or HELO; a 501 when the client gave no name. */
    Reply replyTo(Command hello, Capabilities upstream, ClientLeg leg) {
        if (hello.argument().isBlank()) {
            return Reply.of(501, EnhancedStatus.SYNTAX_ERROR, "Syntax: " + hello.verb() + " hostname");
        }
        if (hello.verb() == Verb.HELO) {
            return Reply.plain(250, name);
        }
        boolean tls = leg.tls() != ClientLeg.ClientTls.NONE;
        var offeredTo = new org.smtpguard.policy.ehlo.ClientLeg(tls, leg.startTlsAvailable(),
                tls || leg.trustedNetwork(), messageSizeLimit);
        return capabilityPolicy.offer(upstream, offeredTo).toEhloReply(name);
    }
}
