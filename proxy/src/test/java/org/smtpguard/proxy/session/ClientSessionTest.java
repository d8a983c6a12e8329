package org.smtpguard.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpguard.policy.command.CommandFilters;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.ehlo.CapabilityPolicy;
import org.smtpguard.policy.smtp.AuthExchange;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.session.ClientLeg.ClientTls;

/**
 * Dialogue scripts for the session state machine. Each action the session asks for is rendered as one
 * line: {@code S:} a reply to the client, {@code U:} bytes to the upstream, {@code ~} anything else.
 */
class ClientSessionTest {

    private static final Capabilities POSTFIX = Capabilities.fromEhloReply(new Reply(250, null, List.of(
            "mail.test", "PIPELINING", "SIZE 10240000", "VRFY", "ETRN", "AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES",
            "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING")));
    private static final Capabilities NO_PIPELINING = Capabilities.fromEhloReply(new Reply(250, null, List.of(
            "old.test", "SIZE 10240000", "8BITMIME")));

    private final List<String> audit = new ArrayList<>();
    private final SessionListener listener = new SessionListener() {
        @Override
        public void authFinished(AuthExchange exchange, Reply reply) {
            audit.add("auth " + exchange.mechanism() + " user=" + exchange.userName().orElse("-") + " " + reply.code());
        }

        @Override
        public void commandRefused(org.smtpguard.policy.smtp.Verb verb, RefusalReason reason) {
            audit.add("blocked " + verb);
        }
    };

    private ClientSession session(ClientTls tls, boolean trusted, long messageSize) {
        return new ClientSession("proxy.test", new ClientLeg(tls, trusted, tls == ClientTls.NONE),
                new SessionLimits(messageSize, 100, 3), CommandFilters.standard(), CapabilityPolicy.standard(), listener);
    }

    private ClientSession ready(Capabilities upstream) {
        ClientSession s = session(ClientTls.NONE, false, 1_000_000);
        s.onUpstreamReady(upstream);
        return s;
    }

    private static List<String> script(List<SessionAction> actions) {
        List<String> lines = new ArrayList<>();
        for (SessionAction a : actions) {
            if (a instanceof SessionAction.ToClient c) {
                lines.add("S: " + c.reply().toWireString().trim().replace("\r\n", " | "));
            } else if (a instanceof SessionAction.ToUpstream u) {
                lines.add("U: " + new String(u.bytes(), StandardCharsets.ISO_8859_1).replace("\r\n", "<CRLF>"));
            } else if (a instanceof SessionAction.ClientInput i) {
                lines.add("~ input " + i.mode());
            } else if (a instanceof SessionAction.StartClientTls t) {
                lines.add("~ start tls then S: " + t.ready().toWireString().trim());
            } else if (a instanceof SessionAction.CloseUpstream c) {
                lines.add("~ close upstream" + (c.sendQuit() ? " (QUIT)" : " (abort)"));
            } else if (a instanceof SessionAction.CloseClient) {
                lines.add("~ close client");
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
    void greetsTheClientOnlyWhenTheUpstreamIsVerified() {
        ClientSession s = session(ClientTls.NONE, false, 1000);
        assertThat(s.wantsClientInput()).isFalse();
        assertThat(script(s.onUpstreamReady(POSTFIX))).containsExactly("S: 220 proxy.test ESMTP smtpguard");
        assertThat(s.wantsClientInput()).isTrue();
    }

    @Test
    void ehloOffersOnlyWhatCanBeRelayedPlusOwnStartTls() {
        ClientSession s = ready(POSTFIX);
        List<String> reply = c(s, "EHLO app.local");
        assertThat(reply).hasSize(1);
        assertThat(reply.get(0)).contains("250-proxy.test", "PIPELINING", "SIZE 1000000", "STARTTLS", "8BITMIME")
                .doesNotContain("VRFY", "ETRN", "CHUNKING", "AUTH");
    }

    @Test
    void pipelinedCommandsGoUpstreamAtOnceAndRepliesComeBackInOrder() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        assertThat(c(s, "MAIL FROM:<a@b.test>")).containsExactly("U: MAIL FROM:<a@b.test><CRLF>");
        assertThat(c(s, "VRFY root")).isEmpty(); // answered locally, but only after MAIL's reply
        assertThat(c(s, "RCPT TO:<c@d.test>")).containsExactly("U: RCPT TO:<c@d.test><CRLF>");
        assertThat(u(s, 250, "2.1.0 Ok")).containsExactly("S: 250 2.1.0 Ok",
                "S: 502 5.5.1 VRFY and EXPN are not available (directory harvest protection)");
        assertThat(u(s, 250, "2.1.5 Ok")).containsExactly("S: 250 2.1.5 Ok");
        assertThat(audit).containsExactly("blocked VRFY");
    }

    @Test
    void withoutUpstreamPipeliningCommandsGoOneAtATime() {
        ClientSession s = ready(NO_PIPELINING);
        c(s, "EHLO app.local");
        assertThat(c(s, "MAIL FROM:<a@b.test>")).containsExactly("U: MAIL FROM:<a@b.test><CRLF>");
        assertThat(c(s, "RCPT TO:<c@d.test>")).isEmpty();
        assertThat(u(s, 250, "2.1.0 Ok")).containsExactly("S: 250 2.1.0 Ok", "U: RCPT TO:<c@d.test><CRLF>");
    }

    @Test
    void dataIsStreamedAndTheClientSees250OnlyFromTheUpstream() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        c(s, "MAIL FROM:<a@b.test>");
        c(s, "RCPT TO:<c@d.test>");
        c(s, "DATA");
        u(s, 250, "2.1.0 Ok");
        u(s, 250, "2.1.5 Ok");
        assertThat(u(s, 354, "End data with <CR><LF>.<CR><LF>"))
                .containsExactly("S: 354 End data with <CR><LF>.<CR><LF>", "~ input DATA");
        assertThat(s.onDataChunk(500)).isTrue();
        assertThat(script(s.onDataEnd())).containsExactly("U: .<CRLF>");
        assertThat(u(s, 250, "2.0.0 Ok: queued as 123")).containsExactly("S: 250 2.0.0 Ok: queued as 123");
        assertThat(s.stats().messagesAccepted()).isEqualTo(1);
    }

    @Test
    void anOversizedMessageIsAbortedUpstreamAndRefusedWith552() {
        ClientSession s = session(ClientTls.NONE, false, 1000);
        s.onUpstreamReady(POSTFIX);
        c(s, "EHLO app.local");
        c(s, "MAIL FROM:<a@b.test>");
        c(s, "RCPT TO:<c@d.test>");
        c(s, "DATA");
        u(s, 250, "2.1.0 Ok");
        u(s, 250, "2.1.5 Ok");
        u(s, 354, "go ahead");
        assertThat(s.onDataChunk(800)).isTrue();
        assertThat(s.onDataChunk(800)).isFalse();
        assertThat(script(s.pendingActions())).containsExactly("~ close upstream (abort)");
        assertThat(s.onDataChunk(800)).isFalse();
        assertThat(script(s.onDataEnd())).containsExactly("S: 552 5.3.4 message exceeds the size limit");
        assertThat(c(s, "MAIL FROM:<a@b.test>")).containsExactly(
                "S: 421 4.4.2 connection to upstream lost; try again later", "~ close upstream (QUIT)", "~ close client");
    }

    @Test
    void upstreamLostDuringATransactionGives421AndNever250() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        c(s, "MAIL FROM:<a@b.test>");
        c(s, "RCPT TO:<c@d.test>");
        c(s, "DATA");
        u(s, 250, "2.1.0 Ok");
        u(s, 250, "2.1.5 Ok");
        u(s, 354, "go ahead");
        s.onDataChunk(100);
        s.onDataEnd();
        assertThat(script(s.onUpstreamLost())).containsExactly(
                "S: 421 4.4.2 connection to upstream lost; try again later", "~ close upstream (QUIT)", "~ close client");
    }

    // ---- shutdown (SIGTERM) ----

    private static final String SHUTTING_DOWN = "S: 421 4.3.2 smtpguard is shutting down; try again later";

    @Test
    void anIdleSessionEndsAtOnceWith421WhenSmtpguardShutsDown() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        assertThat(script(s.onShutdown())).containsExactly(SHUTTING_DOWN, "~ close upstream (QUIT)", "~ close client");
    }

    @Test
    void aTransactionInProgressFinishesWithTheUpstreams250BeforeTheSessionEnds() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        c(s, "MAIL FROM:<a@b.test>");
        assertThat(script(s.onShutdown())).as("MAIL is out: the transaction goes on").isEmpty();
        u(s, 250, "2.1.0 Ok");
        assertThat(c(s, "RCPT TO:<c@d.test>")).containsExactly("U: RCPT TO:<c@d.test><CRLF>");
        u(s, 250, "2.1.5 Ok");
        c(s, "DATA");
        u(s, 354, "go ahead");
        s.onDataChunk(100);
        assertThat(script(s.onDataEnd())).containsExactly("U: .<CRLF>");
        assertThat(u(s, 250, "2.0.0 Ok: queued as 9")).containsExactly("S: 250 2.0.0 Ok: queued as 9",
                SHUTTING_DOWN, "~ close upstream (QUIT)", "~ close client");
    }

    @Test
    void aMessageStillArrivingWhenTheGracePeriodEndsGets421AndIsNeverCompleted() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        c(s, "MAIL FROM:<a@b.test>");
        c(s, "RCPT TO:<c@d.test>");
        c(s, "DATA");
        u(s, 250, "2.1.0 Ok");
        u(s, 250, "2.1.5 Ok");
        u(s, 354, "go ahead");
        s.onDataChunk(100);
        assertThat(script(s.onShutdown())).isEmpty();
        assertThat(script(s.end(RefusalReason.SHUTTING_DOWN)))
                .containsExactly(SHUTTING_DOWN, "~ close upstream (abort)", "~ close client");
        assertThat(script(s.onDataEnd())).as("content after the end is ignored").isEmpty();
    }

    @Test
    void aSessionWaitingForItsUpstreamIsRefusedAndNeverGreeted() {
        ClientSession s = session(ClientTls.NONE, false, 1000);
        assertThat(script(s.onShutdown())).containsExactly(SHUTTING_DOWN, "~ close upstream (QUIT)", "~ close client");
        assertThat(script(s.onUpstreamReady(POSTFIX))).isEmpty();
    }

    @Test
    void startTlsForgetsTheEhloAndTheClientMustGreetAgain() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        assertThat(c(s, "STARTTLS")).containsExactly("~ start tls then S: 220 2.0.0 Ready to start TLS",
                "~ input COMMANDS");
        assertThat(s.leg().tls()).isEqualTo(ClientTls.STARTTLS);
        assertThat(c(s, "MAIL FROM:<a@b.test>")).containsExactly("S: 503 5.5.1 Send EHLO or HELO first");
        List<String> ehlo = c(s, "EHLO app.local");
        assertThat(ehlo.get(0)).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
        assertThat(c(s, "STARTTLS")).containsExactly("S: 503 5.5.1 TLS already active", "~ input COMMANDS");
    }

    @Test
    void authOverPlaintextFromAnUntrustedNetworkIsRefusedWith538() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        assertThat(c(s, "AUTH PLAIN AGFsaWNlAHMzY3JldA==")).containsExactly(
                "S: 538 5.7.11 Encryption required for requested authentication mechanism: use STARTTLS first",
                "~ input COMMANDS");
    }

    @Test
    void authIsRelayedOverTlsAndAuditedWithoutThePassword() {
        ClientSession s = session(ClientTls.IMPLICIT, false, 1000);
        s.onUpstreamReady(POSTFIX);
        c(s, "EHLO app.local");
        assertThat(c(s, "AUTH PLAIN")).containsExactly("U: AUTH PLAIN<CRLF>");
        assertThat(u(s, 334, "")).containsExactly("S: 334", "~ input AUTH_LINE");
        assertThat(c(s, "AGFsaWNlAHMzY3JldA==")).containsExactly("U: AGFsaWNlAHMzY3JldA==<CRLF>");
        assertThat(u(s, 235, "2.7.0 Authentication successful"))
                .containsExactly("S: 235 2.7.0 Authentication successful", "~ input COMMANDS");
        assertThat(audit).containsExactly("auth PLAIN user=alice 235");
        assertThat(audit.toString()).doesNotContain("s3cret", "AGFsaWNlAHMzY3JldA==");
    }

    @Test
    void aNewEhloDuringATransactionResetsTheUpstreamToo() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        c(s, "MAIL FROM:<a@b.test>");
        u(s, 250, "2.1.0 Ok");
        assertThat(c(s, "EHLO app.local")).containsExactly("U: RSET<CRLF>");
        List<String> afterReset = u(s, 250, "2.0.0 Ok");
        assertThat(afterReset).hasSize(1);
        assertThat(afterReset.get(0)).startsWith("S: 250-proxy.test");
    }

    @Test
    void tooManyErrorsCloseTheSessionWith421() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        c(s, "VRFY a");
        c(s, "EXPN b");
        c(s, "ETRN c");
        assertThat(c(s, "VRFY d")).containsExactly("S: 421 4.7.0 too many errors; closing connection",
                "~ close upstream (QUIT)", "~ close client");
    }

    @Test
    void aReplyNobodyAskedForEndsTheSession() {
        ClientSession s = ready(POSTFIX);
        assertThat(u(s, 250, "surprise")).containsExactly(
                "S: 421 4.4.2 upstream sent an invalid reply; try again later", "~ close upstream (QUIT)",
                "~ close client");
    }

    @Test
    void quitIsAnsweredAfterEarlierRepliesAndClosesBothLegs() {
        ClientSession s = ready(POSTFIX);
        c(s, "EHLO app.local");
        c(s, "NOOP");
        assertThat(c(s, "QUIT")).isEmpty();
        assertThat(u(s, 250, "2.0.0 Ok")).containsExactly("S: 250 2.0.0 Ok", "S: 221 2.0.0 Bye",
                "~ close upstream (QUIT)", "~ close client");
    }
}
