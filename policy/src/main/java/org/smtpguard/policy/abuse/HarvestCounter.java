package org.smtpguard.policy.abuse;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.smtpguard.policy.smtp.Reply;

/**
 * Directory-harvest protection: counts the RCPT replies a client address gets that say "no such
 * recipient" (550, or any 5xx with an enhanced status 5.1.x) within a window, across sessions. Past
 * {@link HarvestLimits#tarpitAfter()} every RCPT reply is delayed; past
 * {@link HarvestLimits#disconnectAfter()} the client is disconnected. Pure; not thread-safe.
 */
public final class HarvestCounter {

    /** What to do with one RCPT reply. */
    public sealed interface Verdict {
        /** Send the reply now. */
        record Pass() implements Verdict {
        }

        /** Send the reply after {@code delay}. */
        record Tarpit(Duration delay) implements Verdict {
        }

        /** Instead of the reply: {@code 421 4.7.0}, then close. */
        record Disconnect() implements Verdict {
        }
    }

    public static final Verdict PASS = new Verdict.Pass();
    public static final Verdict DISCONNECT = new Verdict.Disconnect();

    private final HarvestLimits limits;
    private final Map<String, Count> counts;

    private static final class Count {
        int refused;
        Instant since;

        Count(Instant since) {
            this.since = since;
        }
    }

    public HarvestCounter(HarvestLimits limits, int maxKeys) {
        this.limits = limits;
        this.counts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Whether {@code reply} to RCPT says the recipient does not exist (what a harvester learns from). */
    public static boolean isRefusedRecipient(Reply reply) {
        if (reply.code() == 550) {
            return true;
        }
        return reply.isPermanentFailure()
                && reply.enhancedStatus().map(s -> s.statusClass() == 5 && s.subject() == 1).orElse(false);
    }

    /** Counts {@code reply} (to a RCPT from {@code client}) and says how to send it. */
    public Verdict recipientReply(String client, Reply reply, Instant now) {
        if (!limits.enabled()) {
            return PASS;
        }
        Count count = counts.get(client);
        if (count != null && Duration.between(count.since, now).compareTo(limits.window()) > 0) {
            counts.remove(client);
            count = null;
        }
        if (isRefusedRecipient(reply)) {
            if (count == null) {
                count = new Count(now);
                counts.put(client, count);
            }
            count.refused++;
        }
        int refused = count == null ? 0 : count.refused;
        if (limits.disconnectAfter() > 0 && refused > limits.disconnectAfter()) {
            return DISCONNECT;
        }
        if (limits.tarpitAfter() > 0 && refused > limits.tarpitAfter()) {
            return new Verdict.Tarpit(limits.tarpitDelay());
        }
        return PASS;
    }
}
