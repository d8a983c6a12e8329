package org.smtpguard.proxy.session;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.decision.RefusalReason;
import org.smtpguard.policy.mx.DomainGrouping;
import org.smtpguard.policy.mx.RecipientDomain;
import org.smtpguard.policy.smtp.Capabilities;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.session.SessionAction.ClientInput;
import org.smtpguard.proxy.session.SessionAction.CloseUpstream;
import org.smtpguard.proxy.session.SessionAction.ConnectUpstream;
import org.smtpguard.proxy.session.SessionAction.InputMode;

/**
 * mx mode's part of a session: smtpguard greets and answers EHLO itself, holds MAIL (answering 250),
 * and at the first RCPT asks for a verified connection to an MX host of the recipient's domain; the
 * held MAIL goes to it first, then the RCPT. One transaction, one domain: a recipient of another
 * domain gets {@code 452 4.5.3}. A later transaction for the same domain reuses the connection; one
 * for another domain closes it (once every reply from it is in) and connects anew.
 *
 * <p>The decisions are made in the order the client sent the commands: "the upstream" here is the
 * one the next queued command will reach.
 */
final class MxRouting {

    /**
     * What a client is offered before any MX is known: what virtually every MX has and smtpguard
     * relays correctly. No AUTH: delivery to an MX takes none. SIZE is smtpguard's own limit.
     */
    static final Capabilities OFFERED_BASIS = Capabilities.fromEhloReply(new Reply(250, null,
            List.of("mx", "PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME")));

    static final Reply MAIL_HELD = Reply.of(250, new EnhancedStatus(2, 1, 0), "Sender OK");
    static final Reply NESTED_MAIL = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "nested MAIL command");
    static final Reply NEED_MAIL = Reply.of(503, EnhancedStatus.INVALID_COMMAND, "need MAIL before RCPT");
    static final Reply RESET = Reply.of(250, EnhancedStatus.OK, "Ok");
    static final Reply NOOP = Reply.of(250, EnhancedStatus.OK, "Ok");
    static final Reply HELP = Reply.of(214, EnhancedStatus.OK, "see RFC 5321");
    static final Reply NO_AUTH = Reply.of(503, EnhancedStatus.INVALID_COMMAND,
            "AUTH not available: smtpguard delivers to the recipients' MX hosts, which take no AUTH");

    private static final byte[] RSET = "RSET\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SessionOutput output;
    private final SessionListener listener;

    // the connection, as the next queued command will find it
    private String upstreamDomain;
    private boolean connecting;
    private boolean upstreamTransaction;
    private String switchTo;

    // the client's transaction
    private Command heldMail;
    private String domain;
    private Reply domainFailure;
    private Reply mailRefusal;

    MxRouting(SessionOutput output, SessionListener listener) {
        this.output = output;
        this.listener = listener;
    }

    /**
     * Decides a command the filters let through: {@link Decision#FORWARD} to relay it as usual (after
     * whatever this queued before it), or a local answer.
     */
    Decision route(Command command) {
        return switch (command.verb()) {
            case MAIL -> mail(command);
            case RCPT -> recipient(command);
            case DATA -> domain == null || domainFailure != null || !upstreamTransaction
                    ? respond(RefusalReason.NO_RECIPIENTS.reply()) : Decision.FORWARD;
            case RSET -> {
                boolean upstreamHasOne = upstreamTransaction;
                endTransaction();
                yield upstreamHasOne ? Decision.FORWARD : respond(RESET);
            }
            case NOOP -> respond(NOOP);
            case HELP -> respond(HELP);
            case AUTH -> respond(NO_AUTH);
            default -> Decision.FORWARD;
        };
    }

    /** EHLO/HELO resets the transaction: on the upstream with RSET if it has one, else locally. */
    void resetForGreeting(InFlightQueue.Step done) {
        boolean upstreamHasOne = upstreamTransaction;
        endTransaction();
        if (upstreamHasOne) {
            output.upstream(RSET, false, done);
        } else {
            output.local(RESET, done);
        }
    }

    /** The client sent the end of data: the transaction is over (the next MAIL is held again). */
    void transactionEnded() {
        endTransaction();
    }

    /** Whether the client has an open transaction (MAIL accepted). */
    boolean inTransaction() {
        return heldMail != null;
    }

    /** Whether a connection is being made (nobody waits for the client meanwhile). */
    boolean connecting() {
        return connecting || switchTo != null;
    }

    /** The reply the client sees for a RCPT the upstream answered: the held MAIL's refusal wins. */
    Reply recipientReply(Reply upstreamReply) {
        return mailRefusal != null ? mailRefusal : upstreamReply;
    }

    // ---- the connection ----

    /** The MX is verified: send what waited for it, read the client again. */
    void onConnected(Capabilities mxCapabilities) {
        connecting = false;
        output.releaseHeld(mxCapabilities.has("PIPELINING"));
        output.add(new ClientInput(InputMode.COMMANDS));
    }

    /** No MX of the domain could be had: what waited for it gets {@code reason}'s reply, as a 4xx or 5xx. */
    void onConnectFailed(RefusalReason reason) {
        Reply reply = failureReply(reason);
        connecting = false;
        upstreamDomain = null;
        upstreamTransaction = false;
        if (domain != null) {
            domainFailure = reply;
        }
        output.failHeld(reply);
        output.add(new ClientInput(InputMode.COMMANDS));
    }

    /**
     * After an upstream reply: if a switch to another domain waits for the previous MX to finish,
     * and it has, close it and connect the new one.
     */
    void afterUpstreamReply() {
        if (switchTo != null && !output.awaitingBeforeHeld()) {
            String next = switchTo;
            switchTo = null;
            output.add(new CloseUpstream(true));
            connect(next);
        }
    }

    /**
     * Whether the upstream connection may go without harming the client: nothing awaits a reply from
     * it and it has no transaction. Then it is forgotten (the next RCPT connects again).
     */
    boolean forgetIfIdle(boolean awaitingUpstream) {
        if (connecting() || awaitingUpstream || upstreamTransaction) {
            return false;
        }
        upstreamDomain = null;
        return true;
    }

    // ---- commands ----

    private Decision mail(Command command) {
        if (heldMail != null) {
            return respond(NESTED_MAIL);
        }
        heldMail = command;
        return respond(MAIL_HELD);
    }

    private Decision recipient(Command command) {
        if (heldMail == null) {
            return respond(NEED_MAIL);
        }
        RecipientDomain.Result parsed = RecipientDomain.of(command.argument());
        if (parsed instanceof RecipientDomain.Result.Refused refused) {
            return respond(refused.reply());
        }
        String recipientDomain = ((RecipientDomain.Result.Domain) parsed).name();
        Optional<Reply> other = DomainGrouping.decide(Optional.ofNullable(domain), recipientDomain);
        if (other.isPresent()) {
            listener.commandRefused(command.verb(), RefusalReason.OTHER_DOMAIN);
            return respond(other.get());
        }
        if (domainFailure != null) {
            return respond(domainFailure);
        }
        if (domain == null) {
            domain = recipientDomain;
            openTransactionFor(recipientDomain);
        }
        return Decision.FORWARD;
    }

    /** The first RCPT of a transaction: make sure its MX is (being) connected, and the MAIL goes first. */
    private void openTransactionFor(String recipientDomain) {
        if (upstreamDomain == null) {
            output.add(new ClientInput(InputMode.PAUSE));
            connect(recipientDomain);
        } else if (!upstreamDomain.equals(recipientDomain)) {
            output.holdNewEntries();
            output.add(new ClientInput(InputMode.PAUSE));
            switchTo = recipientDomain;
            upstreamDomain = recipientDomain;
            afterUpstreamReply(); // switches at once when the old MX owes nothing
        }
        upstreamTransaction = true;
        output.upstream(heldMail.toWire(), false, reply -> {
            if (!reply.isPositive()) {
                mailRefusal = reply;
            }
        });
    }

    /** Asks for an MX of {@code target}; what is queued from now on waits for it (client input is paused). */
    private void connect(String target) {
        output.holdNewEntries();
        output.add(new ConnectUpstream(target));
        upstreamDomain = target;
        connecting = true;
    }

    private void endTransaction() {
        heldMail = null;
        domain = null;
        domainFailure = null;
        mailRefusal = null;
        upstreamTransaction = false;
    }

    private static Decision respond(Reply reply) {
        return new Decision.Respond(reply);
    }

    /** A failure to reach the domain as a reply to RCPT: a 421 becomes 451 (the session goes on). */
    static Reply failureReply(RefusalReason reason) {
        Reply reply = reason.reply();
        if (reply.code() != 421) {
            return reply;
        }
        return new Reply(451, reply.status(), List.of("no MX host could be used: " + reply.lines().get(0)));
    }
}
