package org.smtpguard.proxy.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.smtpguard.policy.command.CommandFilters;
import org.smtpguard.policy.command.SessionView;
import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.ehlo.CapabilityPolicy;
import org.smtpguard.policy.smtp.AuthExchange;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.policy.smtp.Verb;
import org.smtpguard.proxy.session.SessionAction.ClientInput;
import org.smtpguard.proxy.session.SessionAction.CloseClient;
import org.smtpguard.proxy.session.SessionAction.CloseUpstream;
import org.smtpguard.proxy.session.SessionAction.InputMode;
import org.smtpguard.proxy.session.SessionAction.StartClientTls;
import org.smtpguard.proxy.session.SessionAction.ToClient;
import org.smtpguard.proxy.session.SessionAction.ToUpstream;

/**
 * One client's SMTP dialogue, relayed to one verified upstream. Plain Java: every event returns the
 * {@link SessionAction}s to carry out, in order. Replies reach the client in command order (see
 * {@link InFlightQueue}); a 250 after DATA is always the upstream's own.
 */
public final class ClientSession {

    private static final byte[] END_OF_DATA = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EMPTY_DATA = ".\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RSET = "RSET\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String greetingName;
    private final SessionLimits limits;
    private final CommandFilters filters;
    private final CapabilityPolicy capabilityPolicy;
    private final SessionListener listener;
    private ClientLeg leg;

    private SessionState state = SessionState.CONNECTING;
    private InFlightQueue queue;
    private Capabilities upstreamCapabilities = Capabilities.empty();
    private boolean greeted;
    private boolean authenticated;
    private boolean inTransaction;
    private boolean upstreamTransactionOpen;
    private AuthExchange auth;
    private int errors;
    private long dataBytes;
    private final SessionStats stats = new SessionStats();
    private List<SessionAction> out = new ArrayList<>();

    public ClientSession(String greetingName, ClientLeg leg, SessionLimits limits, CommandFilters filters,
                         CapabilityPolicy capabilityPolicy, SessionListener listener) {
        this.greetingName = greetingName;
        this.leg = leg;
        this.limits = limits;
        this.filters = filters;
        this.capabilityPolicy = capabilityPolicy;
        this.listener = listener;
    }

    // ---- events from the upstream leg ----

    /** The upstream is verified: greet the client with smtpguard's own 220. */
    public List<SessionAction> onUpstreamReady(Capabilities postTlsCapabilities) {
        upstreamCapabilities = postTlsCapabilities;
        queue = new InFlightQueue(postTlsCapabilities.has("PIPELINING"));
        state = SessionState.COMMANDS;
        out.add(new ToClient(Reply.plain(220, greetingName + " ESMTP smtpguard")));
        return drain();
    }

    /** A reply from the verified upstream. A reply nobody asked for ends the session. */
    public List<SessionAction> onUpstreamReply(Reply reply) {
        if (state == SessionState.CLOSED) {
            return drain();
        }
        if (queue == null || queue.acceptUpstreamReply(reply).isEmpty()) {
            // Unasked for: an upstream that is shutting down (421), or one that is out of step.
            endSession(reply.code() == 421 ? RefusalReason.UPSTREAM_LOST
                    : RefusalReason.UPSTREAM_PROTOCOL_ERROR);
            return drain();
        }
        flushCompleted();
        pump();
        return drain();
    }

    /** The upstream connection closed or failed. */
    public List<SessionAction> onUpstreamLost() {
        if (state == SessionState.CLOSED || state == SessionState.UPSTREAM_GONE
                || state == SessionState.DATA_DISCARD) {
            return drain();
        }
        endSession(RefusalReason.UPSTREAM_LOST);
        return drain();
    }

    /** The upstream did not answer in time. */
    public List<SessionAction> onUpstreamTimeout() {
        endSession(RefusalReason.TIMEOUT);
        return drain();
    }

    /** No verified upstream could be had: the client gets the reason's 421 instead of a greeting. */
    public List<SessionAction> onUpstreamRefused(RefusalReason reason) {
        endSession(reason);
        return drain();
    }

    // ---- events from the client leg ----

    /** A command line (or, during AUTH, a continuation line). */
    public List<SessionAction> onCommand(Command command) {
        switch (state) {
            case AUTH -> relayAuthLine(command);
            case COMMANDS -> dispatch(command);
            case UPSTREAM_GONE -> {
                if (command.verb() == Verb.QUIT) {
                    out.add(new ToClient(Reply.of(221, EnhancedStatus.CLOSING, "Bye")));
                    close();
                } else {
                    endSession(RefusalReason.UPSTREAM_LOST);
                }
            }
            default -> { /* CONNECTING, DATA, CLOSED: the decoder does not deliver commands now */ }
        }
        return drain();
    }

    /** The client sent an over-long line or a bad line ending. */
    public List<SessionAction> onLineRefused(RefusalReason reason) {
        if (state == SessionState.AUTH) {
            // A broken AUTH response: cancel the exchange on the upstream, answer the client.
            relayAuthLine(Command.parse("*"));
            return drain();
        }
        if (state == SessionState.COMMANDS) {
            answerLocally(reason.reply(), true);
        }
        return drain();
    }

    /** Message content of {@code size} bytes arrived; false when it must be dropped, not forwarded. */
    public boolean onDataChunk(int size) {
        if (state != SessionState.DATA) {
            return false;
        }
        dataBytes += size;
        if (dataBytes > limits.messageSize()) {
            // Abort: the upstream must never see the end of this message, so its connection goes.
            state = SessionState.DATA_DISCARD;
            out.add(new CloseUpstream(false));
            listener.limitHit(RefusalReason.MESSAGE_TOO_BIG);
            return false;
        }
        return true;
    }

    /** Actions queued by {@link #onDataChunk} (an abort), if any. */
    public List<SessionAction> pendingActions() {
        return drain();
    }

    /** The client's CRLF "." CRLF arrived. */
    public List<SessionAction> onDataEnd() {
        if (state == SessionState.DATA_DISCARD) {
            state = SessionState.UPSTREAM_GONE;
            out.add(new ToClient(RefusalReason.MESSAGE_TOO_BIG.reply()));
            return drain();
        }
        if (state != SessionState.DATA) {
            return drain();
        }
        state = SessionState.COMMANDS;
        long size = dataBytes;
        // The content forwarded so far is everything before the client's CRLF "." CRLF.
        byte[] end = size == 0 ? END_OF_EMPTY_DATA : END_OF_DATA;
        queue.addUpstream(end, "end of data", reply -> {
            inTransaction = false;
            upstreamTransactionOpen = false;
            stats.messageFinished(size, reply);
            listener.messageRelayed(size, reply);
            send(reply);
        });
        pump();
        return drain();
    }

    /** The client was idle for too long. */
    public List<SessionAction> onClientTimeout() {
        endSession(RefusalReason.CLIENT_TIMEOUT);
        return drain();
    }

    /** The client sends message content too slowly. */
    public List<SessionAction> onDataTooSlow() {
        endSession(RefusalReason.DATA_TOO_SLOW);
        return drain();
    }

    /** The client connection is gone: nothing more to relay. */
    public void onClientClosed() {
        state = SessionState.CLOSED;
        if (queue != null) {
            queue.clear();
        }
    }

    // ---- what the handler asks ----

    public SessionState state() {
        return state;
    }

    /** Whether the handler should read more from the client (flow control: bounded pipeline). */
    public boolean wantsClientInput() {
        return switch (state) {
            case COMMANDS, AUTH -> queue.size() < limits.pipelineDepth();
            case DATA, DATA_DISCARD, UPSTREAM_GONE -> true;
            case CONNECTING, CLOSED -> false;
        };
    }

    /** Whether a command sent to the upstream still waits for its reply (the upstream timer runs). */
    public boolean awaitingUpstream() {
        return queue != null && queue.awaitingUpstream();
    }

    /** Whether the session waits for the client (the client idle timer runs). */
    public boolean awaitingClient() {
        return state != SessionState.CLOSED && state != SessionState.CONNECTING && !awaitingUpstream();
    }

    public ClientLeg leg() {
        return leg;
    }

    public SessionStats stats() {
        return stats;
    }

    // ---- command dispatch ----

    private void dispatch(Command command) {
        stats.command();
        if (queue.size() >= 4 * limits.pipelineDepth()) {
            endSession(RefusalReason.PIPELINE_TOO_DEEP);
            return;
        }
        Decision decision = filters.decide(command, view());
        if (decision instanceof Decision.Refuse refuse) {
            listener.commandRefused(command.verb(), refuse.reason());
            if (refuse.close()) {
                endSession(refuse.reason());
            } else {
                refuse(command, refuse.reply());
            }
            return;
        }
        if (decision instanceof Decision.Respond respond) {
            refuse(command, respond.reply());
            return;
        }
        switch (command.verb()) {
            case EHLO, HELO -> greet(command);
            case STARTTLS -> startTls(command);
            case QUIT -> quit();
            case MAIL, RCPT, DATA, AUTH -> {
                if (!greeted) {
                    refuse(command, Reply.of(503, EnhancedStatus.INVALID_COMMAND, "Send EHLO or HELO first"));
                } else {
                    forward(command);
                }
            }
            default -> forward(command);
        }
    }

    /**
     * Answers a command locally with an error. The decoder paused after DATA, AUTH, STARTTLS and
     * BDAT (their next bytes may not be commands); a refused one lets it go on reading commands.
     */
    private void refuse(Command command, Reply reply) {
        answerLocally(reply, reply.isPermanentFailure());
        switch (command.verb()) {
            case DATA, AUTH, STARTTLS, BDAT -> out.add(new ClientInput(InputMode.COMMANDS));
            default -> { }
        }
    }

    private void greet(Command command) {
        if (command.argument().isBlank()) {
            answerLocally(Reply.of(501, EnhancedStatus.SYNTAX_ERROR, "Syntax: " + command.verb() + " hostname"), true);
            return;
        }
        Reply greeting = command.verb() == Verb.HELO
                ? Reply.plain(250, greetingName)
                : capabilityPolicy.offer(upstreamCapabilities, capabilityLeg()).toEhloReply(greetingName);
        InFlightQueue.Step done = reply -> {
            greeted = true;
            inTransaction = false;
            send(reply.isPositive() ? greeting : reply);
        };
        if (upstreamTransactionOpen) {
            // A new EHLO resets the transaction (RFC 5321 §4.1.4): reset the upstream's as well.
            upstreamTransactionOpen = false;
            queue.addUpstream(RSET, "RSET", done);
            pump();
        } else {
            queue.addLocal(greeting, done);
            flushCompleted();
        }
    }

    private org.smtpguard.policy.ehlo.ClientLeg capabilityLeg() {
        boolean tls = leg.tls() != ClientLeg.ClientTls.NONE;
        return new org.smtpguard.policy.ehlo.ClientLeg(tls, leg.startTlsAvailable(), tls || leg.trustedNetwork(),
                limits.messageSize());
    }

    private void startTls(Command command) {
        Reply refusal = null;
        if (leg.tls() != ClientLeg.ClientTls.NONE) {
            refusal = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "TLS already active");
        } else if (!leg.startTlsAvailable()) {
            refusal = Reply.of(502, EnhancedStatus.INVALID_COMMAND, "STARTTLS not available");
        } else if (inTransaction || upstreamTransactionOpen) {
            refusal = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "STARTTLS not allowed during a mail transaction");
        } else if (authenticated) {
            refusal = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "STARTTLS not allowed after AUTH");
        }
        if (refusal != null) {
            refuse(command, refusal);
            return;
        }
        queue.addLocal(Reply.of(220, EnhancedStatus.OK, "Ready to start TLS"), reply -> {
            // RFC 3207 §4.2: forget everything learnt from the client before TLS.
            greeted = false;
            leg = leg.withTls(ClientLeg.ClientTls.STARTTLS);
            out.add(new StartClientTls(reply));
            out.add(new ClientInput(InputMode.COMMANDS));
        });
        flushCompleted();
    }

    private void quit() {
        queue.addLocal(Reply.of(221, EnhancedStatus.CLOSING, "Bye"), reply -> {
            send(reply);
            close();
        });
        flushCompleted();
    }

    private void forward(Command command) {
        switch (command.verb()) {
            case MAIL -> upstreamTransactionOpen = true;
            case RSET -> upstreamTransactionOpen = false;
            case AUTH -> {
                auth = AuthExchange.start(command);
                state = SessionState.AUTH;
                listener.authStarted();
            }
            default -> { }
        }
        Verb verb = command.verb();
        queue.addUpstream(command.toWire(), command.toString(), reply -> afterUpstreamReply(verb, reply));
        pump();
    }

    private void afterUpstreamReply(Verb verb, Reply reply) {
        switch (verb) {
            case MAIL -> inTransaction |= reply.isPositive();
            case RSET -> inTransaction = false;
            case DATA -> {
                send(reply);
                if (reply.code() == 354) {
                    state = SessionState.DATA;
                    dataBytes = 0;
                    out.add(new ClientInput(InputMode.DATA));
                } else {
                    out.add(new ClientInput(InputMode.COMMANDS));
                }
                return;
            }
            case AUTH -> {
                onAuthReply(reply);
                return;
            }
            default -> { }
        }
        send(reply);
    }

    // ---- AUTH ----

    private void onAuthReply(Reply reply) {
        auth.onUpstreamReply(reply);
        send(reply);
        if (reply.code() == 334) {
            out.add(new ClientInput(InputMode.AUTH_LINE));
            return;
        }
        authenticated = reply.code() == 235;
        state = SessionState.COMMANDS;
        listener.authFinished(auth, reply);
        auth = null;
        out.add(new ClientInput(InputMode.COMMANDS));
    }

    private void relayAuthLine(Command line) {
        auth.onClientLine(line.line());
        queue.addUpstream(line.toWire(), "AUTH response", this::onAuthReply);
        pump();
    }

    // ---- helpers ----

    private void answerLocally(Reply reply, boolean countsAsError) {
        if (countsAsError && ++errors > limits.errors()) {
            endSession(RefusalReason.TOO_MANY_ERRORS);
            return;
        }
        queue.addLocal(reply, this::send);
        flushCompleted();
    }

    private void send(Reply reply) {
        out.add(new ToClient(reply));
    }

    private void flushCompleted() {
        while (state != SessionState.CLOSED) {
            var entry = queue.pollCompleted();
            if (entry.isEmpty()) {
                return;
            }
            entry.get().step.complete(entry.get().reply);
        }
    }

    private void pump() {
        if (state == SessionState.CLOSED) {
            return;
        }
        for (InFlightQueue.Entry e : queue.takeSendable()) {
            out.add(new ToUpstream(e.upstreamBytes, e.description, e.upstreamBytes == END_OF_DATA
                    || e.upstreamBytes == END_OF_EMPTY_DATA));
        }
    }

    /** Queues the replies already known, then the reason's reply, then the close of both legs. */
    private void endSession(RefusalReason reason) {
        if (state == SessionState.CLOSED) {
            return;
        }
        if (queue != null) {
            flushCompleted();
        }
        stats.refused(reason);
        listener.sessionRefused(reason);
        out.add(new ToClient(reason.reply()));
        close();
    }

    private void close() {
        boolean midMessage = state == SessionState.DATA || state == SessionState.DATA_DISCARD;
        state = SessionState.CLOSED;
        if (queue != null) {
            queue.clear();
        }
        out.add(new CloseUpstream(!midMessage));
        out.add(new CloseClient());
    }

    private SessionView view() {
        return new SessionView(leg.tls() != ClientLeg.ClientTls.NONE, leg.trustedNetwork(), authenticated,
                inTransaction);
    }

    private List<SessionAction> drain() {
        List<SessionAction> actions = out;
        out = new ArrayList<>();
        return actions;
    }
}
