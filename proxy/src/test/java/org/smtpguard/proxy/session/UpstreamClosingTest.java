package org.smtpguard.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpguard.policy.command.CommandFilters;
import org.smtpguard.policy.ehlo.CapabilityPolicy;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.session.ClientLeg.ClientTls;

/**
 * The upstream closes with its own 421 (RFC 5321 §3.8): the client sees that 421 once, never a
 * second one of smtpguard's when the upstream connection then goes.
 */
class UpstreamClosingTest {

    private static final Capabilities UPSTREAM = Capabilities.fromEhloReply(new Reply(250, null, List.of(
            "mail.test", "PIPELINING", "8BITMIME")));

    private static ClientSession ready() {
        ClientSession s = new ClientSession("proxy.test", new ClientLeg(ClientTls.NONE, true, true),
                new SessionLimits(1_000_000, 100, 10), CommandFilters.standard(), CapabilityPolicy.standard(),
                new SessionListener() { });
        s.onUpstreamReady(UPSTREAM);
        s.onCommand(Command.parse("EHLO app.test"));
        return s;
    }

    private static long replies421(List<SessionAction> actions) {
        return actions.stream().filter(a -> a instanceof SessionAction.ToClient c && c.reply().code() == 421).count();
    }

    @Test
    void anUpstream421ToACommandReachesTheClientOnceAndEndsTheSession() {
        ClientSession s = ready();
        s.onCommand(Command.parse("MAIL FROM:<a@b.test>"));

        List<SessionAction> onReply = s.onUpstreamReply(Reply.parse(421, List.of("4.3.2 shutting down")));
        List<SessionAction> onLost = s.onUpstreamLost();

        assertThat(replies421(onReply)).isEqualTo(1);
        assertThat(onReply).filteredOn(SessionAction.ToClient.class::isInstance)
                .extracting(a -> ((SessionAction.ToClient) a).reply().lines().get(0))
                .containsExactly("shutting down");
        assertThat(onReply).anyMatch(SessionAction.CloseClient.class::isInstance);
        assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        assertThat(replies421(onLost)).as("no second 421 when the upstream's connection goes").isZero();
    }

    @Test
    void anUpstream421AfterTheMessageIsTheOnlyReplyToIt() {
        ClientSession s = ready();
        s.onCommand(Command.parse("MAIL FROM:<a@b.test>"));
        s.onCommand(Command.parse("RCPT TO:<c@d.test>"));
        s.onCommand(Command.parse("DATA"));
        s.onUpstreamReply(Reply.parse(250, List.of("ok")));
        s.onUpstreamReply(Reply.parse(250, List.of("ok")));
        s.onUpstreamReply(Reply.parse(354, List.of("go")));
        s.onDataChunk(10);
        s.onDataEnd();

        List<SessionAction> onReply = s.onUpstreamReply(Reply.parse(421, List.of("4.4.2 timeout")));
        List<SessionAction> onLost = s.onUpstreamLost();
        List<SessionAction> onNext = s.onCommand(Command.parse("QUIT"));

        assertThat(replies421(onReply) + replies421(onLost) + replies421(onNext)).isEqualTo(1);
        assertThat(onReply).noneMatch(a -> a instanceof SessionAction.ToClient c && c.reply().code() == 250);
    }
}
