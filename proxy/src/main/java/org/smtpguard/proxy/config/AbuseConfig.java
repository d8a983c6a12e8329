package org.smtpguard.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.smtpguard.policy.abuse.HarvestLimits;

/**
 * Protection of the client leg against abuse ({@code abuse.*}).
 *
 * @param harvest    directory harvest: when RCPT replies are delayed and the client disconnected
 * @param rates      connection and message rates per client address and network
 * @param dnsblZones DNS blocklists asked about each client at connect; empty: none
 */
public record AbuseConfig(HarvestLimits harvest, Rates rates, List<String> dnsblZones) {

    public AbuseConfig {
        Objects.requireNonNull(harvest, "harvest");
        Objects.requireNonNull(rates, "rates");
        dnsblZones = List.copyOf(dnsblZones);
    }

    /**
     * Rate limits; 0 is no limit.
     *
     * @param connections        per client address per window
     * @param networkConnections per client network per window
     * @param messages           MAIL commands per client address per window
     * @param networkMessages    MAIL commands per client network per window
     * @param window             the period of every limit
     * @param ipv4Prefix         bits of an IPv4 client network
     * @param ipv6Prefix         bits of an IPv6 client network
     */
    public record Rates(int connections, int networkConnections, int messages, int networkMessages,
                        Duration window, int ipv4Prefix, int ipv6Prefix) {
        public Rates {
            if (connections < 0 || networkConnections < 0 || messages < 0 || networkMessages < 0) {
                throw new IllegalArgumentException("rate limits must be 0 or more");
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("rate window must be greater than 0: " + window);
            }
            if (ipv4Prefix < 0 || ipv4Prefix > 32 || ipv6Prefix < 0 || ipv6Prefix > 128) {
                throw new IllegalArgumentException("network prefixes out of range: " + ipv4Prefix + "," + ipv6Prefix);
            }
        }
    }

    /** The defaults of the {@code abuse.*} keys. */
    public static AbuseConfig defaults() {
        List<Integer> prefixes = ConfigKeys.ABUSE_RATE_NETWORK_PREFIX.parsedDefault();
        return new AbuseConfig(
                new HarvestLimits(ConfigKeys.ABUSE_HARVEST_TARPIT_AFTER.parsedDefault(),
                        ConfigKeys.ABUSE_HARVEST_DISCONNECT_AFTER.parsedDefault(),
                        ConfigKeys.ABUSE_HARVEST_TARPIT_DELAY.parsedDefault(),
                        ConfigKeys.ABUSE_HARVEST_WINDOW.parsedDefault()),
                new Rates(ConfigKeys.ABUSE_RATE_CONNECTIONS.parsedDefault(),
                        ConfigKeys.ABUSE_RATE_NETWORK_CONNECTIONS.parsedDefault(),
                        ConfigKeys.ABUSE_RATE_MESSAGES.parsedDefault(),
                        ConfigKeys.ABUSE_RATE_NETWORK_MESSAGES.parsedDefault(),
                        ConfigKeys.ABUSE_RATE_WINDOW.parsedDefault(), prefixes.get(0), prefixes.get(1)),
                List.of());
    }

    public AbuseConfig withHarvest(HarvestLimits newHarvest) {
        return new AbuseConfig(newHarvest, rates, dnsblZones);
    }

    public AbuseConfig withRates(Rates newRates) {
        return new AbuseConfig(harvest, newRates, dnsblZones);
    }

    public AbuseConfig withDnsblZones(List<String> newZones) {
        return new AbuseConfig(harvest, rates, newZones);
    }
}
