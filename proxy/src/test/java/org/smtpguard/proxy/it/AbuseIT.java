package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.policy.abuse.HarvestLimits;
import org.smtpguard.proxy.config.AbuseConfig;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.it.FaultyUpstream.Fault;
import org.smtpguard.proxy.testdns.AuthoritativeDns;
import org.smtpguard.proxy.testdns.TestZone;

/**
 * Abuse protection on the client leg, over sockets: the directory-harvest tarpit and its 421 4.7.0,
 * connection and message rates, and DNS blocklists asked at connect from a real DNS server (NSD,
 * zone {@code dnsbl.test}, where 127.0.0.1 is listed in {@code listing.dnsbl.test}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AbuseIT extends AgainstFaultyUpstream {

    private static final Duration TARPIT = Duration.ofMillis(1200);

    @TempDir
    static Path dnsDirectory;
    static AuthoritativeDns dns;

    @BeforeAll
    static void startDns() throws IOException {
        dns = AuthoritativeDns.start(dnsDirectory, List.of(TestZone.unsigned("dnsbl.test")));
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    private void start(AbuseConfig abuse) throws Exception {
        upstream = FaultyUpstream.start(Fault.NONE, certificates);
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        proxy = ProxyUnderTest.start(config.withAbuse(abuse).withDns(dns.dnsConfig()));
    }

    private static AbuseConfig.Rates rates(int connections, int messages) {
        return new AbuseConfig.Rates(connections, 0, messages, 0, Duration.ofMinutes(1), 24, 64);
    }

    private static long millisOf(SmtpTestClient client, String command, int expectedCode) throws IOException {
        long started = System.nanoTime();
        SmtpTestClient.Reply reply = client.command(command);
        assertThat(reply.code()).as(command + " -> " + reply).isEqualTo(expectedCode);
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    @Test
    void aHarvesterIsSlowedDownThenDisconnectedWith421EvenAcrossSessions() throws Exception {
        start(AbuseConfig.defaults().withHarvest(new HarvestLimits(2, 3, TARPIT, Duration.ofHours(1))));
        try (LogCapture log = LogCapture.start()) {
            try (SmtpTestClient client = proxy.connect()) {
                client.readReply();
                client.command("EHLO client.test");
                client.command("MAIL FROM:<harvest@client.test>");
                assertThat(millisOf(client, "RCPT TO:<unknown1@mail.test>", 550)).isLessThan(TARPIT.toMillis());
                assertThat(millisOf(client, "RCPT TO:<known@mail.test>", 250)).isLessThan(TARPIT.toMillis());
                assertThat(millisOf(client, "RCPT TO:<unknown2@mail.test>", 550)).isLessThan(TARPIT.toMillis());
                assertThat(millisOf(client, "RCPT TO:<unknown3@mail.test>", 550)).as("third refusal: tarpit")
                        .isGreaterThanOrEqualTo(TARPIT.toMillis() - 50);
                assertThat(millisOf(client, "RCPT TO:<known2@mail.test>", 250)).as("every RCPT reply while over")
                        .isGreaterThanOrEqualTo(TARPIT.toMillis() - 50);
            }
            try (SmtpTestClient again = proxy.connect()) {
                again.readReply();
                again.command("EHLO client.test");
                again.command("MAIL FROM:<harvest@client.test>");
                SmtpTestClient.Reply last = again.command("RCPT TO:<unknown4@mail.test>");
                assertThat(last.code()).as("the count is per address, across sessions").isEqualTo(421);
                assertThat(last.enhancedStatus()).hasValue("4.7.0");
                assertThat(again.readUntilClosed()).isEmpty();
            }
            assertThat(log.lines()).anyMatch(l -> l.contains("recipient reply tarpitted"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.lines())
                    .anyMatch(l -> l.contains("session end") && l.contains("refusal=harvest")));
        }
    }

    @Test
    void aClientOverItsConnectionRateGets421BeforeAnyUpstreamIsOpened() throws Exception {
        start(AbuseConfig.defaults().withRates(rates(2, 0)));
        for (int i = 0; i < 2; i++) {
            try (SmtpTestClient client = proxy.connect()) {
                assertThat(client.readReply().code()).isEqualTo(220);
                client.command("QUIT");
            }
        }
        try (LogCapture log = LogCapture.start(); SmtpTestClient third = proxy.connect()) {
            SmtpTestClient.Reply refused = third.readReply();
            assertThat(refused.code()).isEqualTo(421);
            assertThat(refused.enhancedStatus()).hasValue("4.7.0");
            assertThat(third.readUntilClosed()).isEmpty();
            assertThat(log.lines()).anyMatch(l -> l.contains("client refused") && l.contains("reason=connection_rate")
                    && l.contains("limit=client"));
        }
        assertThat(upstream.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void aClientOverItsMessageRateGets450ForMail() throws Exception {
        start(AbuseConfig.defaults().withRates(rates(0, 1)));
        try (SmtpTestClient client = proxy.connect()) {
            client.readReply();
            client.command("EHLO client.test");
            assertThat(client.command("MAIL FROM:<a@client.test>").code()).isEqualTo(250);
            client.command("RSET");
            SmtpTestClient.Reply second = client.command("MAIL FROM:<a@client.test>");
            assertThat(second.code()).isEqualTo(450);
            assertThat(second.enhancedStatus()).hasValue("4.7.1");
        }
        assertThat(upstream.commands()).filteredOn(l -> l.isCommand("MAIL")).hasSize(1);
    }

    @Test
    void aClientListedInADnsBlocklistGets554AndTheLogNamesTheZone() throws Exception {
        start(AbuseConfig.defaults().withDnsblZones(List.of("quiet.dnsbl.test", "errors.dnsbl.test",
                "listing.dnsbl.test")));
        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            SmtpTestClient.Reply refused = client.readReply();
            assertThat(refused.code()).isEqualTo(554);
            assertThat(refused.enhancedStatus()).hasValue("5.7.1");
            assertThat(client.readUntilClosed()).isEmpty();
            assertThat(log.lines()).anyMatch(l -> l.contains("client refused") && l.contains("reason=dnsbl_listed")
                    && l.contains("zone=listing.dnsbl.test"));
        }
        assertThat(upstream.connectionsAccepted()).as("no upstream for a listed client").isZero();
    }

    @Test
    void listsThatDoNotListTheClientOrAnswerAnErrorCodeBlockNobody() throws Exception {
        start(AbuseConfig.defaults().withDnsblZones(List.of("quiet.dnsbl.test", "errors.dnsbl.test")));
        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
    }
}
