package org.smtpguard.proxy.abuse;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import org.smtpguard.policy.abuse.HarvestCounter;
import org.smtpguard.policy.abuse.NetworkKey;
import org.smtpguard.policy.abuse.RateLimiter;
import org.smtpguard.policy.smtp.Reply;
import org.smtpguard.proxy.config.AbuseConfig;
import org.smtpguard.proxy.session.ClientGuard;

/**
 * What the proxy remembers about client addresses across sessions: connection and message rates per
 * address and per network, and refused recipients (directory harvest). One instance per running
 * proxy, shared by every event loop: each call takes one short lock (no I/O under it).
 */
public final class ClientAbuse {

    /** Most client addresses (and networks) remembered by each limiter. */
    static final int MAX_TRACKED = 100_000;

    /** Which limit a client is over. */
    public enum Scope {
        CLIENT, NETWORK;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final AbuseConfig.Rates rates;
    private final Clock clock;
    private final RateLimiter connections;
    private final RateLimiter networkConnections;
    private final RateLimiter messages;
    private final RateLimiter networkMessages;
    private final HarvestCounter harvest;

    public ClientAbuse(AbuseConfig config, Clock clock) {
        this.rates = config.rates();
        this.clock = clock;
        this.connections = new RateLimiter(rates.connections(), rates.window(), MAX_TRACKED);
        this.networkConnections = new RateLimiter(rates.networkConnections(), rates.window(), MAX_TRACKED);
        this.messages = new RateLimiter(rates.messages(), rates.window(), MAX_TRACKED);
        this.networkMessages = new RateLimiter(rates.networkMessages(), rates.window(), MAX_TRACKED);
        this.harvest = new HarvestCounter(config.harvest(), MAX_TRACKED);
    }

    /** A new connection from {@code client}: empty when it may go on, else the limit it is over. */
    public synchronized Optional<Scope> connectionOverRate(InetAddress client) {
        return overRate(client, connections, networkConnections);
    }

    /** The session's view: this client's message rate and harvest count. */
    public ClientGuard guardFor(InetAddress client) {
        String key = client.getHostAddress();
        return new ClientGuard() {
            @Override
            public boolean messageAllowed() {
                synchronized (ClientAbuse.this) {
                    return overRate(client, messages, networkMessages).isEmpty();
                }
            }

            @Override
            public HarvestCounter.Verdict recipientAnswered(Reply reply) {
                synchronized (ClientAbuse.this) {
                    return harvest.recipientReply(key, reply, clock.instant());
                }
            }
        };
    }

    private Optional<Scope> overRate(InetAddress client, RateLimiter perClient, RateLimiter perNetwork) {
        var now = clock.instant();
        if (!perClient.tryAcquire(client.getHostAddress(), now)) {
            return Optional.of(Scope.CLIENT);
        }
        if (perNetwork.enabled()
                && !perNetwork.tryAcquire(NetworkKey.of(client, rates.ipv4Prefix(), rates.ipv6Prefix()), now)) {
            return Optional.of(Scope.NETWORK);
        }
        return Optional.empty();
    }
}
