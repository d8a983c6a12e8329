package org.smtpguard.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.smtpguard.policy.command.CommandFilters;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.ehlo.CapabilityPolicy;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.session.ClientLeg.ClientTls;
import org.smtpguard.proxy.session.SessionAction.InputMode;

/**
 * Fuzzes the session state machine ({@link ClientSession}, no Netty) with any order of the events the
 * Netty side can deliver: client commands (as the decoder delivers them: nothing after DATA, AUTH,
 * STARTTLS, QUIT until the session says how to read on), message content, upstream replies (each
 * tagged with a unique id), a lost upstream, timeouts, a closed client. Properties:
 * <ul>
 *   <li>nothing goes to the upstream before it is verified ({@code onUpstreamReady});</li>
 *   <li>VRFY and EXPN never reach the upstream; what does is a line the client sent, byte for byte,
 *       or smtpguard's own RSET, "." CRLF (end of data) or "*" (a cancelled AUTH);</li>
 *   <li>every 250 the client sees is smtpguard's EHLO/HELO reply or an upstream reply; upstream
 *       replies reach the client at most once and in the order the upstream sent them; so a 250 for
 *       a message is always the upstream's own;</li>
 *   <li>the client sees at most one 421, and nothing after its connection is closed; nothing goes to
 *       the upstream after its connection is closed.</li>
 * </ul>
 */
class ClientSessionFuzzTest {

    private static final String NAME = "proxy.test";
    private static final Capabilities UPSTREAM = Capabilities.fromEhloReply(new Reply(250, null, List.of(
            "mail.test", "PIPELINING", "SIZE 10240000", "VRFY", "AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES",
            "8BITMIME", "CHUNKING")));
    private static final Capabilities NO_PIPELINING = Capabilities.fromEhloReply(new Reply(250, null, List.of(
            "old.test", "SIZE 10240000")));
    private static final String[] COMMANDS = {
        "EHLO client.test", "HELO client.test", "MAIL FROM:<a@b.test>", "RCPT TO:<c@d.test>", "DATA", "RSET",
        "NOOP", "QUIT", "VRFY root", "EXPN staff", "vrfy root", "eXpN x", "STARTTLS", "AUTH PLAIN AGFsaWNlAHNlY3JldA==",
        "AUTH LOGIN", "YWxpY2U=", "*", "BDAT 10 LAST", "ETRN x", "HELP", "EHLO", "MAIL FROM:<>", "XCLIENT ADDR=1.2.3.4"};
    private static final int[] CODES = {220, 221, 235, 250, 251, 334, 354, 421, 450, 451, 452, 454, 500, 501, 502,
        503, 530, 535, 550, 552, 554};
    private static final RefusalReason[] ENDINGS = {RefusalReason.TIMEOUT, RefusalReason.CLIENT_TIMEOUT,
        RefusalReason.DATA_TOO_SLOW, RefusalReason.CERT_UNTRUSTED, RefusalReason.SHUTTING_DOWN};

    @FuzzTest(maxDuration = "2m")
    void neverForwardsEarlyOrForbiddenAndRelaysOnlyTheUpstreamsReplies(FuzzedDataProvider data) {
        new Run().go(data); // state per input: Jazzer keeps one test instance for the whole fuzzing run
    }

    /** One input's session and what the test knows about it. */
    private static final class Run {

        private ClientSession session;
        private InputMode input;
        /** The client line being handled answers an AUTH 334 (a SASL response), not a command. */
        private boolean saslResponse;
        private boolean paused;
        private boolean verified;
        private boolean upstreamClosed;
        private boolean clientClosed;
        private int replies421;
        private int tags;
        private int lastTagSeen;
        private final Set<String> clientLines = new HashSet<>();
        private final List<String> trace = new ArrayList<>();

        void go(FuzzedDataProvider data) {
            ClientTls tls = data.pickValue(ClientTls.values());
            session = new ClientSession(NAME, new ClientLeg(tls, data.consumeBoolean(), tls == ClientTls.NONE),
                    new SessionLimits(data.consumeLong(1, 5000), data.consumeInt(1, 8), data.consumeInt(1, 5)),
                    CommandFilters.standard(), CapabilityPolicy.standard(), new SessionListener() { });
            input = InputMode.COMMANDS;
            Capabilities upstream = data.consumeBoolean() ? UPSTREAM : NO_PIPELINING;
            for (int step = 0; step < 200 && data.remainingBytes() > 0 && !clientClosed; step++) {
                try {
                    event(data, upstream);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\ntrace:\n  " + String.join("\n  ", trace), e);
                }
            }
        }

        private void event(FuzzedDataProvider data, Capabilities upstream) {
            switch (data.consumeInt(0, 9)) {
                case 0 -> {
                    if (!verified && !upstreamClosed) {
                        verified = true;
                        check("ready", session.onUpstreamReady(upstream));
                    }
                }
                case 1, 2, 3 -> {
                    if (readsCommands()) {
                        String line = data.consumeBoolean() ? data.pickValue(COMMANDS) : randomLine(data);
                        clientLines.add(line);
                        Command command = Command.parse(line);
                        saslResponse = input == InputMode.AUTH_LINE;
                        paused = saslResponse || switch (command.verb()) {
                            case DATA, BDAT, STARTTLS, AUTH, QUIT -> true;
                            default -> false;
                        };
                        check("C: " + line, session.onCommand(command));
                        saslResponse = false;
                    }
                }
                case 4 -> {
                    if (readsCommands()) {
                        RefusalReason why = data.consumeBoolean() ? RefusalReason.LINE_TOO_LONG : RefusalReason.BAD_LINE_ENDING;
                        paused = false; // an error line never pauses the decoder
                        clientLines.add("*"); // in AUTH, smtpguard cancels the exchange upstream
                        if (input == InputMode.AUTH_LINE) {
                            input = InputMode.COMMANDS;
                        }
                        check("C: (" + why + ")", session.onLineRefused(why));
                    }
                }
                case 5 -> {
                    if (input == InputMode.DATA && !paused) {
                        int size = data.consumeInt(1, 3000);
                        session.onDataChunk(size);
                        check("C: data " + size, session.pendingActions());
                    }
                }
                case 6 -> {
                    if (input == InputMode.DATA && !paused) {
                        input = InputMode.COMMANDS;
                        check("C: end of data", session.onDataEnd());
                    }
                }
                case 7, 8 -> {
                    if (verified && !upstreamClosed) {
                        int code = data.pickValue(CODES);
                        String tag = "tag-" + (++tags);
                        check("U: " + code + " " + tag, session.onUpstreamReply(Reply.parse(code, List.of(tag))));
                    }
                }
                default -> {
                    switch (data.consumeInt(0, 2)) {
                        case 0 -> {
                            if (verified && !upstreamClosed) {
                                upstreamClosed = true;
                                check("U: (lost)", session.onUpstreamLost());
                            }
                        }
                        case 1 -> check("end", session.end(data.pickValue(ENDINGS)));
                        default -> {
                            trace.add("C: (closed)");
                            session.onClientClosed();
                            clientClosed = true;
                        }
                    }
                }
            }
        }

        /** Whether the decoder would deliver a command line now. */
        private boolean readsCommands() {
            return !paused && (input == InputMode.COMMANDS || input == InputMode.AUTH_LINE) && session.wantsClientInput();
        }

        private void check(String event, List<SessionAction> actions) {
            trace.add(event);
            for (SessionAction action : actions) {
                trace.add("  -> " + action);
                if (action instanceof SessionAction.ToUpstream up) {
                    toUpstream(up);
                } else if (action instanceof SessionAction.ToClient toClient) {
                    toClient(toClient.reply());
                } else if (action instanceof SessionAction.ClientInput mode) {
                    input = mode.mode();
                    paused = false;
                } else if (action instanceof SessionAction.StartClientTls start) {
                    assertThat(clientClosed).as("TLS on a closed client").isFalse();
                    toClient(start.ready());
                } else if (action instanceof SessionAction.CloseUpstream) {
                    upstreamClosed = true;
                } else if (action instanceof SessionAction.CloseClient) {
                    clientClosed = true;
                }
            }
        }

        private void toUpstream(SessionAction.ToUpstream up) {
            String wire = new String(up.bytes(), StandardCharsets.ISO_8859_1);
            assertThat(verified).as("nothing to the upstream before it is verified: %s", wire).isTrue();
            assertThat(upstreamClosed).as("nothing to a closed upstream: %s", wire).isFalse();
            assertThat(wire).endsWith("\r\n");
            String line = wire.substring(0, wire.length() - 2);
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            if (!saslResponse) { // a line sent after an AUTH 334 is SASL data, whatever it spells
                assertThat(verb).as("forwarded verb").isNotIn("VRFY", "EXPN");
            }
            if (up.endOfData()) {
                assertThat(line).isEqualTo(".");
            } else {
                assertThat(clientLines.contains(line) || line.equals("RSET"))
                        .as("forwarded %s is a line the client sent or smtpguard's RSET", line).isTrue();
            }
        }

        private void toClient(Reply reply) {
            assertThat(clientClosed).as("nothing to a closed client: %s", reply).isFalse();
            String first = reply.lines().get(0);
            if (reply.code() == 421) {
                replies421++;
                assertThat(replies421).as("421s to the client").isEqualTo(1);
            }
            if (first.startsWith("tag-")) {
                int tag = Integer.parseInt(first.substring(4));
                assertThat(tag).as("upstream replies in order, each once").isGreaterThan(lastTagSeen);
                lastTagSeen = tag;
            } else if (reply.code() == 250) {
                assertThat(first).as("a 250 not from the upstream is smtpguard's EHLO/HELO reply").startsWith(NAME);
            }
        }

        /** A line of 0..60 arbitrary bytes without CR or LF, as the decoder would deliver it. */
        private static String randomLine(FuzzedDataProvider data) {
            byte[] bytes = data.consumeBytes(data.consumeInt(0, 60));
            return new String(bytes, StandardCharsets.ISO_8859_1).replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
        }
    }
}
