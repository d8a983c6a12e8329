package org.smtpguard.proxy.session;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.smtpguard.policy.abuse.HarvestCounter;
import org.smtpguard.policy.command.CommandFilters;
import org.smtpguard.policy.command.SessionView;
import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.ehlo.CapabilityPolicy;
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

/**
 * One client's SMTP dialogue, relayed to one verified upstream. Plain Java: every event returns the
 * {@link SessionAction}s to carry out, in order. Replies reach the client in command order (see
 * {@link InFlightQueue}); a 250 after DATA is always the upstream's own.
 */
public final class ClientSession {

    private static final byte[] RSET = "RSET\r\n".getBytes(StandardCharsets.US_ASCII);
    /** The bounds whose breach ends a session: reported as a limit hit as well. */
    private static final Set<RefusalReason> SESSION_LIMITS = EnumSet.of(RefusalReason.TOO_MANY_ERRORS,
            RefusalReason.PIPELINE_TOO_DEEP, RefusalReason.CLIENT_TIMEOUT, RefusalReason.DATA_TOO_SLOW,
            RefusalReason.TIMEOUT, RefusalReason.UPSTREAM_REPLY_TOO_LARGE);

    private final Greeter greeter;
    private final SessionLimits limits;
    private final CommandFilters filters;
    private final SessionListener listener;
    private ClientLeg leg;

    private SessionState state = SessionState.CONNECTING;
    private final SessionOutput output = new SessionOutput();
    private Capabilities upstreamCapabilities = Capabilities.empty();
    private boolean greeted;
    private boolean authenticated;
    /** MAIL went to the upstream and no RSET, new EHLO or end of data closed the transaction since. */
    private boolean upstreamTransactionOpen;
    /**
     * Whether the upstream connection may serve another session after QUIT: not once AUTH went to it
     * (it belongs to this client's identity), nor if a command followed QUIT in the pipeline.
     */
    private boolean upstreamReusable = true;
    private boolean quitSeen;
    private final AuthRelay auth;
    private final MessageTransfer message;
    private int errors;
    /** smtpguard is stopping: the session ends with 421 4.3.2 as soon as no transaction is open. */
    private boolean shuttingDown;
    private final SessionStats stats = new SessionStats();
    private final ClientGuard guard;
    /** mx mode's routing; null when relaying to the one configured upstream. */
    private final MxRouting mx;

    /** A session relayed to the configured upstream, without abuse protection. */
    public ClientSession(String greetingName, ClientLeg leg, SessionLimits limits, CommandFilters filters,
                         CapabilityPolicy capabilityPolicy, SessionListener listener) {
        this(greetingName, leg, limits, filters, capabilityPolicy, listener, ClientGuard.NONE, false);
    }

    /**
     * @param guard  the client's message rate and harvest count
     * @param mxMode greet locally and route each transaction to the MX of its recipients' domain
     */
    public ClientSession(String greetingName, ClientLeg leg, SessionLimits limits, CommandFilters filters,
                         CapabilityPolicy capabilityPolicy, SessionListener listener, ClientGuard guard,
                         boolean mxMode) {
        this.guard = guard;
        this.mx = mxMode ? new MxRouting(output, listener) : null;
        this.greeter = new Greeter(greetingName, capabilityPolicy, limits.messageSize());
        this.leg = leg;
        this.limits = limits;
        this.filters = filters;
        this.listener = listener;
        this.auth = new AuthRelay(listener);
        this.message = new MessageTransfer(limits.messageSize());
    }

    // ---- events from the upstream leg ----

    /** mx mode: greet the client at once; an upstream is connected at the first RCPT. */
    public List<SessionAction> greetLocally() {
        upstreamCapabilities = MxRouting.OFFERED_BASIS;
        output.start(false);
        state = SessionState.COMMANDS;
        output.toClient(greeter.greeting());
        return drain();
    }

    /**
     * The upstream is verified: greet the client with smtpguard's own 220 (in mx mode: send what
     * waited for this MX).
     */
    public List<SessionAction> onUpstreamReady(Capabilities postTlsCapabilities) {
        if (state == SessionState.CLOSED) {
            return drain(); // ended while the upstream was being verified (shutdown)
        }
        if (mx != null) {
            mx.onConnected(postTlsCapabilities);
            return drain();
        }
        upstreamCapabilities = postTlsCapabilities;
        output.start(postTlsCapabilities.has("PIPELINING"));
        state = SessionState.COMMANDS;
        output.toClient(greeter.greeting());
        return drain();
    }

    /** mx mode: no MX of the domain asked for could be had; what waited for it is answered. */
    public List<SessionAction> onUpstreamFailed(RefusalReason reason) {
        if (mx != null && state != SessionState.CLOSED) {
            mx.onConnectFailed(reason);
        }
        return drain();
    }

    /** A reply from the verified upstream. A reply nobody asked for ends the session. */
    public List<SessionAction> onUpstreamReply(Reply reply) {
        if (state == SessionState.CLOSED) {
            return drain();
        }
        if (mx != null && mx.forgetIfIdle(output.awaitingUpstream())) {
            output.add(new CloseUpstream(false)); // an idle MX said goodbye (421): the next RCPT connects again
            return drain();
        }
        boolean expected = output.upstreamReply(reply);
        if (expected && mx != null) {
            mx.afterUpstreamReply();
        }
        if (!expected) {
            // Unasked for: an upstream that is shutting down (421), or one that is out of step.
            endSession(reply.code() == 421 ? RefusalReason.UPSTREAM_LOST
                    : RefusalReason.UPSTREAM_PROTOCOL_ERROR);
        } else if (reply.code() == 421 && state != SessionState.CLOSED) {
            // The upstream's own 421 answered a command and went to the client (RFC 5321 §3.8: it
            // closes now). The session ends with it: no second 421 when its connection goes.
            stats.refused(RefusalReason.UPSTREAM_LOST);
            listener.sessionRefused(RefusalReason.UPSTREAM_LOST);
            close();
        }
        return drain();
    }

    /** The upstream connection closed or failed. */
    public List<SessionAction> onUpstreamLost() {
        if (state == SessionState.CLOSED || state == SessionState.UPSTREAM_GONE
                || state == SessionState.DATA_DISCARD) {
            return drain();
        }
        if (mx != null && mx.forgetIfIdle(output.awaitingUpstream())) {
            return drain(); // between transactions: the next RCPT connects again
        }
        endSession(RefusalReason.UPSTREAM_LOST);
        return drain();
    }

    /**
     * The session ends for a reason found outside it: no verified upstream could be had (the client
     * gets the reason's 421 instead of a greeting), a timeout, a client too slow. Replies already
     * known go out first.
     */
    public List<SessionAction> end(RefusalReason reason) {
        endSession(reason);
        return drain();
    }

    /**
     * smtpguard is stopping (SIGTERM). A session between transactions ends now with {@code 421 4.3.2};
     * one in a transaction (MAIL sent, AUTH, DATA, replies awaited) goes on until the transaction is
     * over — its end-of-data reply is the upstream's own — and ends then. What is still open when
     * the grace period is over is ended with {@link #end}, which never completes a message.
     */
    public List<SessionAction> onShutdown() {
        shuttingDown = true;
        return drain();
    }

    // ---- events from the client leg ----

    /** A command line (or, during AUTH, a continuation line). */
    public List<SessionAction> onCommand(Command command) {
        switch (state) {
            case AUTH -> {
                if (output.inFlight() > 0) {
                    // SASL is lock-step: a line before the reply to the last one (e.g. after a
                    // cancelling "*") would reach the upstream as a command, past every filter
                    endSession(RefusalReason.PIPELINE_TOO_DEEP);
                } else {
                    relayAuthLine(command);
                }
            }
            case COMMANDS -> dispatch(command);
            case UPSTREAM_GONE -> {
                if (command.verb() == Verb.QUIT) {
                    output.toClient(Reply.of(221, EnhancedStatus.CLOSING, "Bye"));
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
        if (reason == RefusalReason.BAD_LINE_ENDING) {
            listener.badLineEnding();
        } else {
            listener.limitHit(reason);
        }
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
        if (!message.add(size)) {
            // Abort: the upstream must never see the end of this message, so its connection goes.
            state = SessionState.DATA_DISCARD;
            output.add(new CloseUpstream(false));
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
            output.toClient(RefusalReason.MESSAGE_TOO_BIG.reply());
            return drain();
        }
        if (state != SessionState.DATA) {
            return drain();
        }
        state = SessionState.COMMANDS;
        if (mx != null) {
            mx.transactionEnded();
        }
        long size = message.size();
        listener.messageSent(size);
        output.upstream(message.endMark(), true, reply -> {
            upstreamTransactionOpen = false;
            stats.messageFinished(size, reply);
            listener.messageRelayed(size, reply);
            output.toClient(reply);
        });
        return drain();
    }

    /** The client connection is gone: nothing more to relay. */
    public void onClientClosed() {
        state = SessionState.CLOSED;
        output.clear();
    }

    // ---- what the handler asks ----

    public SessionState state() {
        return state;
    }

    /** Whether the handler should read more from the client (flow control: bounded pipeline). */
    public boolean wantsClientInput() {
        return switch (state) {
            case COMMANDS, AUTH -> output.inFlight() < limits.pipelineDepth();
            case DATA, DATA_DISCARD, UPSTREAM_GONE -> true;
            case CONNECTING, CLOSED -> false;
        };
    }

    /** Whether a command sent to the upstream still waits for its reply (the upstream timer runs). */
    public boolean awaitingUpstream() {
        return output.awaitingUpstream();
    }

    /** Whether the session waits for the client (the client idle timer runs). */
    public boolean awaitingClient() {
        return state != SessionState.CLOSED && state != SessionState.CONNECTING && !awaitingUpstream()
                && (mx == null || !mx.connecting());
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
        if (output.inFlight() >= 4 * limits.pipelineDepth()) {
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
        if (command.verb() == Verb.MAIL && !guard.messageAllowed()) {
            listener.commandRefused(command.verb(), RefusalReason.MESSAGE_RATE);
            refuse(command, RefusalReason.MESSAGE_RATE.reply());
            return;
        }
        if (mx != null && !(command.verb() == Verb.EHLO || command.verb() == Verb.HELO)
                && mx.route(command) instanceof Decision.Respond local) {
            refuse(command, local.reply());
            return;
        }
        switch (command.verb()) {
            case EHLO, HELO -> greet(command);
            case STARTTLS -> startTls();
            case QUIT -> quit();
            default -> forward(command);
        }
    }

    /**
     * Answers a command locally with an error. The decoder paused after DATA, AUTH, STARTTLS and
     * BDAT (their next bytes may not be commands); a refused one lets it go on reading commands.
     */
    private void refuse(Command command, Reply reply) {
        if (command.verb() == Verb.RCPT) {
            output.local(reply, this::answerRecipient);
            if (reply.isPermanentFailure() && ++errors > limits.errors()) {
                endSession(RefusalReason.TOO_MANY_ERRORS);
            }
            return;
        }
        answerLocally(reply, reply.isPermanentFailure());
        switch (command.verb()) {
            case DATA, AUTH, STARTTLS, BDAT -> output.add(new ClientInput(InputMode.COMMANDS));
            default -> { }
        }
    }

    private void greet(Command command) {
        Reply greeting = greeter.replyTo(command, upstreamCapabilities, leg);
        if (!greeting.isPositive()) {
            answerLocally(greeting, true);
            return;
        }
        InFlightQueue.Step done = reply -> {
            greeted = true;
            output.toClient(reply.isPositive() ? greeting : reply);
        };
        if (mx != null) {
            upstreamTransactionOpen = false;
            mx.resetForGreeting(done);
        } else if (upstreamTransactionOpen) {
            // A new EHLO resets the transaction (RFC 5321 §4.1.4): reset the upstream's as well.
            upstreamTransactionOpen = false;
            output.upstream(RSET, false, done);
        } else {
            output.local(greeting, done);
        }
    }

    /** Allowed by the filters (StartTlsFilter): TLS starts once every earlier reply is out. */
    private void startTls() {
        output.local(Reply.of(220, EnhancedStatus.OK, "Ready to start TLS"), reply -> {
            // RFC 3207 §4.2: forget everything learnt from the client before TLS.
            greeted = false;
            leg = leg.withTls(ClientLeg.ClientTls.STARTTLS);
            output.add(new StartClientTls(reply));
            output.add(new ClientInput(InputMode.COMMANDS));
        });
    }

    private void quit() {
        quitSeen = true;
        output.local(Reply.of(221, EnhancedStatus.CLOSING, "Bye"), reply -> {
            output.toClient(reply);
            close(mx == null && upstreamReusable && state == SessionState.COMMANDS);
        });
    }

    private void forward(Command command) {
        if (quitSeen) {
            upstreamReusable = false;
        }
        switch (command.verb()) {
            case MAIL -> upstreamTransactionOpen = true;
            case RSET -> upstreamTransactionOpen = false;
            case AUTH -> {
                upstreamReusable = false;
                auth.start(command);
                state = SessionState.AUTH;
            }
            default -> { }
        }
        Verb verb = command.verb();
        output.upstream(command.toWire(), false, reply -> afterUpstreamReply(verb, reply));
    }

    private void afterUpstreamReply(Verb verb, Reply reply) {
        switch (verb) {
            case DATA -> {
                output.toClient(reply);
                if (reply.code() == 354) {
                    state = SessionState.DATA;
                    message.start();
                    output.add(new ClientInput(InputMode.DATA));
                } else {
                    output.add(new ClientInput(InputMode.COMMANDS));
                }
                return;
            }
            case AUTH -> {
                onAuthReply(reply);
                return;
            }
            case RCPT -> {
                answerRecipient(mx == null ? reply : mx.recipientReply(reply));
                return;
            }
            default -> { }
        }
        output.toClient(reply);
    }

    /** A RCPT reply goes to the client now, after a tarpit delay, or not at all (harvest: 421). */
    private void answerRecipient(Reply reply) {
        HarvestCounter.Verdict verdict = guard.recipientAnswered(reply);
        if (verdict instanceof HarvestCounter.Verdict.Disconnect) {
            listener.limitHit(RefusalReason.HARVEST);
            endSession(RefusalReason.HARVEST);
            return;
        }
        if (verdict instanceof HarvestCounter.Verdict.Tarpit tarpit) {
            listener.recipientTarpitted(tarpit.delay());
            output.add(new SessionAction.Delay(tarpit.delay()));
        }
        output.toClient(reply);
    }

    // ---- AUTH ----

    private void onAuthReply(Reply reply) {
        output.toClient(reply);
        if (auth.upstreamReply(reply)) {
            output.add(new ClientInput(InputMode.AUTH_LINE));
            return;
        }
        authenticated = reply.code() == 235;
        state = SessionState.COMMANDS;
        output.add(new ClientInput(InputMode.COMMANDS));
    }

    private void relayAuthLine(Command line) {
        auth.clientLine(line);
        output.upstream(line.toWire(), false, this::onAuthReply);
    }

    // ---- helpers ----

    private void answerLocally(Reply reply, boolean countsAsError) {
        if (countsAsError && ++errors > limits.errors()) {
            endSession(RefusalReason.TOO_MANY_ERRORS);
            return;
        }
        output.local(reply, output::toClient);
    }

    /** Queues the replies already known, then the reason's reply, then the close of both legs. */
    private void endSession(RefusalReason reason) {
        if (state == SessionState.CLOSED) {
            return;
        }
        output.runCompleted();
        stats.refused(reason);
        if (SESSION_LIMITS.contains(reason)) {
            listener.limitHit(reason);
        }
        listener.sessionRefused(reason);
        output.toClient(reason.reply());
        close();
    }

    private void close() {
        close(false);
    }

    /** {@code reusable}: the upstream connection is clean enough to be kept for another session. */
    private void close(boolean reusable) {
        boolean midMessage = state == SessionState.DATA || state == SessionState.DATA_DISCARD;
        state = SessionState.CLOSED;
        output.clear();
        SessionAction.Reuse reuse = !reusable || midMessage ? SessionAction.Reuse.NEVER
                : upstreamTransactionOpen ? SessionAction.Reuse.AFTER_RSET : SessionAction.Reuse.AS_IS;
        output.add(new CloseUpstream(!midMessage, reuse));
        output.add(new CloseClient());
    }

    private SessionView view() {
        return new SessionView(leg.tls() != ClientLeg.ClientTls.NONE, leg.trustedNetwork(), authenticated,
                mx != null ? mx.inTransaction() : upstreamTransactionOpen, greeted, leg.startTlsAvailable());
    }

    /** Whether the session could stop now without cutting anything short. */
    private boolean betweenTransactions() {
        boolean inTransaction = mx != null ? mx.inTransaction() : upstreamTransactionOpen;
        return state == SessionState.COMMANDS && !inTransaction && output.inFlight() == 0;
    }

    private List<SessionAction> drain() {
        if (shuttingDown && (betweenTransactions() || state == SessionState.CONNECTING
                || state == SessionState.UPSTREAM_GONE)) {
            endSession(RefusalReason.SHUTTING_DOWN);
        }
        return output.drain();
    }
}
