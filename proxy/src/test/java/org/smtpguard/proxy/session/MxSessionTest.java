package org.smtpguard.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpguard.policy.abuse.HarvestCounter;
import org.smtpguard.policy.command.CommandFilters;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.ehlo.CapabilityPolicy;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.session.ClientLeg.ClientTls;

/**
 * Dialogue scripts for mx mode: {@code S:} to the client, {@code U:} to the upstream, {@code ~} the
 * other actions (connect an MX, pause or resume client input, close, delay).
 */
class MxSessionTest {

    private static final Capabilities MX_PIPELINING = Capabilities.fromEhloReply(new Reply(250, null, List.of(
            "mx.example.org", "PIPELINING", "SIZE 10240000", "8BITMIME", "ENHANCEDSTATUSCODES")));

    /** Verdicts the guard gives, in order; PASS when none is left. */
    private final Deque<HarvestCounter.Verdict> verdicts = new ArrayDeque<>();
    private final List<String> rcptRepliesSeen = new ArrayList<>();
    private boolean messagesAllowed = true;

    private final ClientGuard guard = new ClientGuard() {
        @Override
        public boolean messageAllowed() {
            return messagesAllowed;
        }

        @Override
        public HarvestCounter.Verdict recipientAnswered(Reply reply) {
            rcptRepliesSeen.add(reply.toString());
            return verdicts.isEmpty() ? HarvestCounter.PASS : verdicts.poll();
        }
    };

    private ClientSession greeted() {
        ClientSession s = new ClientSession("proxy.test", new ClientLeg(ClientTls.NONE, true, true),
                new SessionLimits(1_000_000, 100, 10), CommandFilters.standard(), CapabilityPolicy.standard(),
                new SessionListener() { }, guard, true);
        assertThat(script(s.greetLocally())).containsExactly("S: 220 proxy.test ESMTP smtpguard");
        c(s, "EHLO app.local");
        return s;
    }

    private static List<String> script(List<SessionAction> actions) {
        List<String> lines = new ArrayList<>();
        for (SessionAction a : actions) {
            if (a instanceof SessionAction.ToClient c) {
                lines.add("S: " + c.reply().toWireString().trim().replace("\r\n", " | "));
            } else if (a instanceof SessionAction.ToUpstream u) {
                lines.add("U: " + new String(u.bytes(), StandardCharsets.ISO_8859_1).replace("\r\n", ""));
            } else if (a instanceof SessionAction.ClientInput i) {
                lines.add("~ input " + i.mode());
            } else if (a instanceof SessionAction.ConnectUpstream c) {
                lines.add("~ connect " + c.domain());
            } else if (a instanceof SessionAction.Delay d) {
                lines.add("~ delay " + d.delay().toMillis() + "ms");
            } else if (a instanceof SessionAction.CloseUpstream c) {
                lines.add("~ close upstream" + (c.sendQuit() ? " (QUIT)" : " (abort)"));
            } else if (a instanceof SessionAction.CloseClient) {
                lines.add("~ close client");
            } else {
                lines.add("~ " + a);
            }
        }
        return lines;
    }

    private static List<String> c(ClientSession s, String line) {
        return script(s.onCommand(Command.parse(line)));
    }

    private static List<String> u(ClientSession s, int code, String text) {
        return script(s.onUpstreamReply(Reply.parse(code, List.of(text))));
    }

    @Test
    void ehloIsAnsweredLocallyWithoutAuth() {
        ClientSession s = new ClientSession("proxy.test", new ClientLeg(ClientTls.NONE, true, true),
                new SessionLimits(1_000_000, 100, 10), CommandFilters.standard(), CapabilityPolicy.standard(),
                new SessionListener() { }, guard, true);
        s.greetLocally();
        List<String> ehlo = c(s, "EHLO app.local");
        assertThat(ehlo).hasSize(1);
        assertThat(ehlo.get(0)).contains("250-proxy.test", "PIPELINING", "SIZE 1000000", "STARTTLS",
                "ENHANCEDSTATUSCODES", "8BITMIME").doesNotContain("AUTH");
        assertThat(c(s, "AUTH PLAIN AGFsaWNlAHNlY3JldA==")).containsExactly(
                "S: 503 5.5.1 AUTH not available: smtpguard delivers to the recipients' MX hosts, which take no AUTH",
                "~ input COMMANDS");
    }

    @Test
    void mailIsHeldAndTheMxIsConnectedAtTheFirstRcptThenMailGoesFirst() {
        ClientSession s = greeted();
        assertThat(c(s, "MAIL FROM:<a@app.local>")).containsExactly("S: 250 2.1.0 Sender OK");
        assertThat(c(s, "RCPT TO:<bob@Example.ORG>")).containsExactly("~ input PAUSE", "~ connect example.org");
        assertThat(s.awaitingClient()).as("nobody waits for the client while an MX is connected").isFalse();
        assertThat(script(s.onUpstreamReady(MX_PIPELINING))).containsExactly(
                "U: MAIL FROM:<a@app.local>", "U: RCPT TO:<bob@Example.ORG>", "~ input COMMANDS");
        assertThat(u(s, 250, "2.1.0 Ok")).as("the client had its 250 for MAIL already").isEmpty();
        assertThat(u(s, 250, "2.1.5 Ok")).containsExactly("S: 250 2.1.5 Ok");
        assertThat(c(s, "RCPT TO:<carol@example.org>")).containsExactly("U: RCPT TO:<carol@example.org>");
        assertThat(c(s, "RCPT TO:<dave@other.test>")).as("another domain, same transaction").isEmpty();
        assertThat(u(s, 250, "2.1.5 Ok")).containsExactly("S: 250 2.1.5 Ok",
                "S: 452 4.5.3 recipients of another domain must be sent in a separate transaction");
        assertThat(c(s, "DATA")).containsExactly("U: DATA");
        assertThat(u(s, 354, "go ahead")).containsExactly("S: 354 go ahead", "~ input DATA");
        s.onDataChunk(10);
        assertThat(script(s.onDataEnd())).containsExactly("U: .");
        assertThat(u(s, 250, "2.0.0 queued")).containsExactly("S: 250 2.0.0 queued");
    }

    @Test
    void theMxRefusingTheHeldMailIsWhatTheRcptGets() {
        ClientSession s = greeted();
        c(s, "MAIL FROM:<bad sender>");
        c(s, "RCPT TO:<bob@example.org>");
        s.onUpstreamReady(MX_PIPELINING);
        assertThat(u(s, 501, "5.1.7 Bad sender address syntax")).isEmpty();
        assertThat(u(s, 503, "5.5.1 need MAIL command")).containsExactly("S: 501 5.1.7 Bad sender address syntax");
    }

    @Test
    void noUsableMxAnswersTheRcptWith451AndDataWith554AndTheSessionGoesOn() {
        ClientSession s = greeted();
        c(s, "MAIL FROM:<a@app.local>");
        c(s, "RCPT TO:<bob@example.org>");
        assertThat(script(s.onUpstreamFailed(RefusalReason.CERT_UNTRUSTED))).containsExactly(
                "S: 451 4.7.5 no MX host could be used: upstream certificate not trusted; try again later",
                "~ input COMMANDS");
        assertThat(c(s, "RCPT TO:<carol@example.org>")).containsExactly(
                "S: 451 4.7.5 no MX host could be used: upstream certificate not trusted; try again later");
        assertThat(c(s, "DATA")).containsExactly("S: 554 5.5.1 no valid recipients", "~ input COMMANDS");
        assertThat(c(s, "RSET")).containsExactly("S: 250 2.0.0 Ok");
        c(s, "MAIL FROM:<a@app.local>");
        assertThat(c(s, "RCPT TO:<bob@example.org>")).as("a new transaction tries again")
                .containsExactly("~ input PAUSE", "~ connect example.org");
    }

    @Test
    void dnsTellsNullMxOrNoSuchDomain() {
        ClientSession s = greeted();
        c(s, "MAIL FROM:<a@app.local>");
        c(s, "RCPT TO:<bob@nomail.test>");
        assertThat(script(s.onUpstreamFailed(RefusalReason.NULL_MX))).containsExactly(
                "S: 556 5.1.10 recipient domain does not accept mail (null MX)", "~ input COMMANDS");
        c(s, "RSET");
        c(s, "MAIL FROM:<a@app.local>");
        c(s, "RCPT TO:<bob@nowhere.test>");
        assertThat(script(s.onUpstreamFailed(RefusalReason.NO_SUCH_DOMAIN))).containsExactly(
                "S: 550 5.1.2 recipient domain does not exist", "~ input COMMANDS");
    }

    @Test
    void aTransactionForAnotherDomainClosesTheMxOnceItHasAnsweredThenConnectsTheNext() {
        ClientSession s = greeted();
        c(s, "MAIL FROM:<a@app.local>");
        c(s, "RCPT TO:<bob@example.org>");
        s.onUpstreamReady(MX_PIPELINING);
        u(s, 250, "2.1.0 Ok");
        u(s, 250, "2.1.5 Ok");
        c(s, "DATA");
        u(s, 354, "go ahead");
        s.onDataChunk(10);
        s.onDataEnd();
        // pipelined before the 250 for the message: the next transaction, same domain, same connection
        assertThat(c(s, "MAIL FROM:<a@app.local>")).isEmpty();
        assertThat(c(s, "RCPT TO:<carol@example.org>")).containsExactly(
                "U: MAIL FROM:<a@app.local>", "U: RCPT TO:<carol@example.org>");
        assertThat(u(s, 250, "2.0.0 queued 1")).containsExactly("S: 250 2.0.0 queued 1", "S: 250 2.1.0 Sender OK");
        u(s, 250, "2.1.0 Ok");
        u(s, 250, "2.1.5 Ok");
        assertThat(c(s, "RSET")).containsExactly("U: RSET");
        assertThat(c(s, "MAIL FROM:<a@app.local>")).isEmpty();
        assertThat(c(s, "RCPT TO:<erin@other.test>")).as("waits for the RSET reply before leaving")
                .containsExactly("~ input PAUSE");
        assertThat(u(s, 250, "2.0.0 Ok")).containsExactly("S: 250 2.0.0 Ok", "S: 250 2.1.0 Sender OK",
                "~ close upstream (QUIT)", "~ connect other.test");
        assertThat(script(s.onUpstreamReady(MX_PIPELINING))).containsExactly(
                "U: MAIL FROM:<a@app.local>", "U: RCPT TO:<erin@other.test>", "~ input COMMANDS");
    }

    @Test
    void anIdleMxThatGoesAwayIsForgottenAndTheNextRcptConnectsAgain() {
        ClientSession s = greeted();
        c(s, "MAIL FROM:<a@app.local>");
        c(s, "RCPT TO:<bob@example.org>");
        s.onUpstreamReady(MX_PIPELINING);
        u(s, 250, "2.1.0 Ok");
        u(s, 250, "2.1.5 Ok");
        c(s, "RSET");
        u(s, 250, "2.0.0 Ok");
        assertThat(script(s.onUpstreamLost())).isEmpty();
        assertThat(s.state()).isEqualTo(SessionState.COMMANDS);
        c(s, "MAIL FROM:<a@app.local>");
        assertThat(c(s, "RCPT TO:<bob@example.org>")).containsExactly("~ input PAUSE", "~ connect example.org");
    }

    @Test
    void anMxLostDuringATransactionEndsTheSessionWith421() {
        ClientSession s = greeted();
        c(s, "MAIL FROM:<a@app.local>");
        c(s, "RCPT TO:<bob@example.org>");
        s.onUpstreamReady(MX_PIPELINING);
        u(s, 250, "2.1.0 Ok");
        assertThat(script(s.onUpstreamLost())).contains("S: 421 4.4.2 connection to upstream lost; try again later",
                "~ close client");
    }

    @Test
    void unroutableRecipientsAreAnsweredLocallyAndSeenByTheHarvestGuard() {
        ClientSession s = greeted();
        assertThat(c(s, "RCPT TO:<bob@example.org>")).containsExactly("S: 503 5.5.1 need MAIL before RCPT");
        c(s, "MAIL FROM:<a@app.local>");
        assertThat(c(s, "RCPT TO:<postmaster>")).containsExactly(
                "S: 553 5.1.3 recipient address needs a domain to be routed");
        assertThat(c(s, "RCPT TO:<bob@[192.0.2.1]>")).containsExactly(
                "S: 553 5.1.2 address literals are not routed; use a domain");
        assertThat(rcptRepliesSeen).hasSize(3);
    }

    @Test
    void harvestVerdictsDelayThenDisconnectWith421() {
        ClientSession s = greeted();
        c(s, "MAIL FROM:<a@app.local>");
        c(s, "RCPT TO:<bob@example.org>");
        s.onUpstreamReady(MX_PIPELINING);
        u(s, 250, "2.1.0 Ok");
        verdicts.add(new HarvestCounter.Verdict.Tarpit(Duration.ofSeconds(3)));
        assertThat(u(s, 550, "5.1.1 no such user")).containsExactly("~ delay 3000ms", "S: 550 5.1.1 no such user");
        verdicts.add(HarvestCounter.DISCONNECT);
        c(s, "RCPT TO:<carol@example.org>");
        assertThat(u(s, 550, "5.1.1 no such user")).containsExactly(
                "S: 421 4.7.0 too many invalid recipients; closing connection",
                "~ close upstream (QUIT)", "~ close client");
    }

    @Test
    void aClientOverItsMessageRateGets450() {
        ClientSession s = greeted();
        messagesAllowed = false;
        assertThat(c(s, "MAIL FROM:<a@app.local>")).containsExactly(
                "S: 450 4.7.1 too many messages from your address; try again later");
        assertThat(c(s, "RCPT TO:<bob@example.org>")).as("no transaction was opened")
                .containsExactly("S: 503 5.5.1 need MAIL before RCPT");
    }
}
