package org.smtpguard.policy.smtp;

import java.util.Optional;

/**
 * Follows one AUTH dialogue (RFC 4954) to learn who authenticates, without ever keeping a secret:
 * fed the client's AUTH command, the upstream's replies and the client's continuation lines, in the
 * order they pass. The user name is known for PLAIN, LOGIN, CRAM-MD5 and XOAUTH2; for any other
 * mechanism it stays empty. Peer input never makes it throw; feeding it after it finished does.
 */
public final class AuthExchange {

    private final String mechanism;
    private Optional<String> userName = Optional.empty();
    private Optional<String> authorizationIdentity = Optional.empty();
    private int responses;
    private SaslResponses.LoginPrompt loginPrompt = SaslResponses.LoginPrompt.UNKNOWN;
    private boolean cancelled;
    private Reply result;

    private AuthExchange(String mechanism) {
        this.mechanism = mechanism;
    }

    /** Starts from {@code AUTH mechanism [initial-response]}. */
    public static AuthExchange start(Command auth) {
        if (auth.verb() != Verb.AUTH) {
            throw new IllegalArgumentException("not an AUTH command: " + auth.verb());
        }
        String[] words = auth.argument().split(" ", 3);
        AuthExchange exchange = new AuthExchange(SaslMechanism.nameOrInvalid(words[0]));
        if (words.length > 1) {
            exchange.onResponse(words[1], true);
        }
        return exchange;
    }

    /** A reply of the upstream: 334 asks for another client line; anything else ends the exchange. */
    public void onUpstreamReply(Reply reply) {
        requireNotFinished();
        if (reply.code() != 334) {
            result = reply;
        } else if (mechanism.equals("LOGIN")) {
            loginPrompt = SaslResponses.loginPrompt(reply.lines().get(0));
        }
    }

    /** A continuation line of the client; {@code *} cancels (RFC 4954 §4). */
    public void onClientLine(String line) {
        requireNotFinished();
        if (line.equals("*")) {
            cancelled = true;
        } else if (!cancelled) {
            onResponse(line, false);
        }
    }

    private void onResponse(String response, boolean initial) {
        boolean carriesIdentity = switch (mechanism) {
            case "PLAIN", "CRAM-MD5", "XOAUTH2" -> responses == 0;
            case "LOGIN" -> loginPrompt == SaslResponses.LoginPrompt.USER_NAME
                    || loginPrompt == SaslResponses.LoginPrompt.UNKNOWN && responses == 0;
            default -> false;
        };
        responses++;
        loginPrompt = SaslResponses.LoginPrompt.UNKNOWN;
        if (carriesIdentity) {
            SaslResponses.Identity identity = SaslResponses.identityIn(mechanism, response, initial);
            userName = identity.userName();
            authorizationIdentity = identity.authorizationIdentity();
        }
    }

    private void requireNotFinished() {
        if (finished()) {
            throw new IllegalStateException("the AUTH exchange has finished with " + result.code());
        }
    }

    /** The mechanism name, upper-case, or {@code INVALID} when the client sent no valid SASL name. */
    public String mechanism() {
        return mechanism;
    }

    /** The authentication identity (user name), sanitised, at most 100 characters. */
    public Optional<String> userName() {
        return userName;
    }

    /** The authorization identity, when the client asked to act as someone else (PLAIN). */
    public Optional<String> authorizationIdentity() {
        return authorizationIdentity;
    }

    /** The client sent {@code *}. */
    public boolean cancelled() {
        return cancelled;
    }

    /** The upstream gave its final reply (anything but 334). */
    public boolean finished() {
        return result != null;
    }

    /** The upstream accepted the authentication (a 2xx final reply). */
    public boolean succeeded() {
        return result != null && result.code() / 100 == 2;
    }

    /** The upstream's final reply, once {@link #finished()}. */
    public Optional<Reply> result() {
        return Optional.ofNullable(result);
    }

    @Override
    public String toString() {
        String state = result != null ? "finished " + result.code() : cancelled ? "cancelled" : "in progress";
        return "AuthExchange[mechanism=" + mechanism
                + ", user=" + userName.orElse("(unknown)")
                + authorizationIdentity.map(a -> ", authzid=" + a).orElse("")
                + ", " + state + "]";
    }
}
