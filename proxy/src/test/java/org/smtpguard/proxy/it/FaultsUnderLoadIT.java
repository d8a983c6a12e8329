package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.config.TimeoutsConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.it.LoadDriver.Attempt;
import org.smtpguard.proxy.it.LoadDriver.Behaviour;

/**
 * Faults under load: while a bounded load of clients runs through smtpguard, the upstream misbehaves
 * at random on a share of its connections (refuses STARTTLS, resets or closes mid-DATA, stalls at
 * MAIL or after the message, answers slowly) and so do the clients (disconnect mid-DATA, drip,
 * garbage first). Afterwards, message by message (unique Message-IDs), the clients' view and the
 * upstream's agree: every message that got 250 was accepted upstream exactly once and byte for byte;
 * no message without a 250 arrived whole. The seed is fixed and printed.
 */
@Timeout(240)
class FaultsUnderLoadIT extends AgainstFaultyUpstream {

    static final long SEED = 0x5EED_0007L;

    /** The upstream faults and their weights per connection (NONE: a good connection). */
    static IntFunction<Fault> upstreamFaults(long seed) {
        Map<Fault, Integer> weights = new EnumMap<>(Fault.class);
        weights.put(Fault.NONE, 50);
        weights.put(Fault.STARTTLS_454, 7);
        weights.put(Fault.RESET_DURING_DATA, 8);
        weights.put(Fault.CLOSE_DURING_DATA, 5);
        weights.put(Fault.STALL_AT_MAIL, 5);
        weights.put(Fault.STALL_AFTER_DATA, 5);
        weights.put(Fault.SLOW_REPLIES, 20);
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        return id -> {
            int r = new Random(seed * 7919 + id).nextInt(total);
            for (Map.Entry<Fault, Integer> e : weights.entrySet()) {
                r -= e.getValue();
                if (r < 0) {
                    return e.getKey();
                }
            }
            throw new IllegalStateException();
        };
    }

    static Map<Behaviour, Integer> clientBehaviours() {
        Map<Behaviour, Integer> weights = new EnumMap<>(Behaviour.class);
        weights.put(Behaviour.GOOD, 55);
        weights.put(Behaviour.SLOW_DRIP, 15);
        weights.put(Behaviour.DISCONNECT_MID_DATA, 15);
        weights.put(Behaviour.GARBAGE_FIRST, 15);
        return weights;
    }

    /** Deadlines short enough for stalls to cost seconds, long enough that a slow reply is never late. */
    static SmtpguardConfig config(int upstreamPort, TestCertificates certificates) {
        TimeoutsConfig t = new TimeoutsConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5));
        return ProxyUnderTest.config(upstreamPort, certificates).withTimeouts(t);
    }

    @Test
    void everyMessageThatGot250ArrivedOnceAndWholeAndNoOtherArrivedWhole() throws Exception {
        System.out.println("FaultsUnderLoadIT seed " + SEED);
        upstream = FaultyUpstream.startMixed(upstreamFaults(SEED), certificates);
        proxy = ProxyUnderTest.start(config(upstream.port(), certificates));
        LoadDriver load = new LoadDriver(proxy.address(), SEED, clientBehaviours());

        load.run(6, 12, Long.MAX_VALUE, Duration.ofSeconds(200));
        upstream.awaitAllConnectionsEnded(Duration.ofSeconds(30));

        List<Attempt> attempts = load.attempts();
        assertThat(attempts).hasSize(72);
        LoadDriver.assertClientsAndUpstreamAgree(attempts, upstream);
        assertThat(attempts).as("some messages got through").anyMatch(a -> a.finalCode() == 250);
        assertThat(attempts).as("some were refused by a fault").anyMatch(a -> a.finalCode() == 421);
        assertThat(attempts).as("some clients gave up mid-DATA")
                .anyMatch(a -> a.behaviour() == Behaviour.DISCONNECT_MID_DATA);
        assertThat(attempts).as("a good client with a good upstream gets 250").anyMatch(
                a -> a.finalCode() == 250 && a.behaviour() == Behaviour.SLOW_DRIP);
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).as("still serving").isIn(220, 421);
        }
    }
}
