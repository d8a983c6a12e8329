package org.smtpguard.policy.decision;

import java.util.Objects;
import org.smtpguard.policy.smtp.Reply;

/**
 * What to do with one client command: forward it to the upstream, answer it locally and go on, or
 * refuse it (and perhaps close the session). Expected refusals are values, not exceptions.
 */
public sealed interface Decision permits Decision.Forward, Decision.Respond, Decision.Refuse {

    /** The one {@link Forward}. */
    Forward FORWARD = new Forward();

    /** Send the command to the upstream unchanged. */
    record Forward() implements Decision {
    }

    /** Do not forward; answer the client with {@code reply} and go on with the session. */
    record Respond(Reply reply) implements Decision {
        public Respond {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * Do not forward; answer the client with {@code reply} (a 4xx or 5xx), count {@code reason}, and
     * close the client connection after the reply when {@code close}.
     */
    record Refuse(Reply reply, RefusalReason reason, boolean close) implements Decision {
        public Refuse {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(reason, "reason");
            if (reply.code() < 400) {
                throw new IllegalArgumentException("a refusal needs a 4xx or 5xx reply: " + reply.code());
            }
        }

        /** The reason's own reply; closes when the reason does. */
        public static Refuse of(RefusalReason reason) {
            return new Refuse(reason.reply(), reason, reason.closesSession());
        }

        /** A more specific reply for {@code reason}; closes when the reason does. */
        public static Refuse of(RefusalReason reason, Reply reply) {
            return new Refuse(reply, reason, reason.closesSession());
        }
    }
}
