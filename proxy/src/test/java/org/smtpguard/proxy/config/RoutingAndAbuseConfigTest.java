package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingAndAbuseConfigTest {

    private static SmtpguardConfig load(Map<String, String> env) {
        return new ConfigLoader(() -> "proxy.test").load(Map.of(), env, Optional.empty()).config();
    }

    @Test
    void mxModeNeedsNoUpstreamAddressAndDefaultsToPort25() {
        SmtpguardConfig config = load(Map.of("SMTPGUARD_UPSTREAM_MODE", "mx"));
        assertThat(config.routing()).isEqualTo(new RoutingConfig(UpstreamMode.MX, 25));
        assertThat(config.upstream().address().host()).isEqualTo(ConfigLoader.MX_PLACEHOLDER);
    }

    @Test
    void smarthostModeStillNeedsTheUpstream() {
        assertThatThrownBy(() -> load(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("upstream.address");
        assertThatThrownBy(() -> load(Map.of("SMTPGUARD_UPSTREAM_MODE", "relay", "SMTPGUARD_UPSTREAM_ADDRESS",
                "mail.test:587"))).isInstanceOf(ConfigException.class).hasMessageContaining("smarthost or mx");
    }

    @Test
    void abuseKeysBecomeTheAbuseSection() {
        SmtpguardConfig config = load(Map.of("SMTPGUARD_UPSTREAM_ADDRESS", "mail.test:587",
                "SMTPGUARD_ABUSE_RATE_CONNECTIONS", "30", "SMTPGUARD_ABUSE_RATE_NETWORK_MESSAGES", "100",
                "SMTPGUARD_ABUSE_RATE_NETWORK_PREFIX", "16,48", "SMTPGUARD_ABUSE_HARVEST_TARPIT_DELAY", "5s",
                "SMTPGUARD_ABUSE_DNSBL_ZONES", "zen.example.org,BL.Example.NET"));
        assertThat(config.abuse().rates()).isEqualTo(new AbuseConfig.Rates(30, 0, 0, 100, Duration.ofMinutes(1), 16, 48));
        assertThat(config.abuse().harvest().tarpitDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.abuse().harvest().tarpitAfter()).isEqualTo(10);
        assertThat(config.abuse().harvest().disconnectAfter()).isEqualTo(20);
        assertThat(config.abuse().dnsblZones()).containsExactly("zen.example.org", "bl.example.net");
    }

    @Test
    void badAbuseValuesAreOneLineErrorsNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("SMTPGUARD_UPSTREAM_ADDRESS", "mail.test:587",
                "SMTPGUARD_ABUSE_HARVEST_TARPIT_AFTER", "30", "SMTPGUARD_ABUSE_HARVEST_DISCONNECT_AFTER", "5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("abuse.harvest.tarpit_after");
        assertThatThrownBy(() -> load(Map.of("SMTPGUARD_UPSTREAM_ADDRESS", "mail.test:587",
                "SMTPGUARD_ABUSE_RATE_NETWORK_PREFIX", "24")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("abuse.rate.network_prefix");
        assertThatThrownBy(() -> load(Map.of("SMTPGUARD_UPSTREAM_ADDRESS", "mail.test:587",
                "SMTPGUARD_ABUSE_DNSBL_ZONES", "not a zone")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("abuse.dnsbl.zones");
    }
}
