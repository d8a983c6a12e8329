package org.smtpguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.SpkiPins;
import org.smtpguard.proxy.config.SmtpguardConfig;
import org.smtpguard.proxy.config.UpstreamTrust;
import org.smtpguard.proxy.config.UpstreamVerification;
import org.smtpguard.proxy.it.SmtpTestClient.Reply;

/**
 * Public key pinning of the upstream ({@code upstream.tls.verify} pin and ca+pin): a pinned
 * self-signed upstream is relayed to, an unpinned key is refused with 421 4.7.5 and the log shows
 * the pins the upstream presented, ready to paste.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamPinningIT extends AgainstFaultyUpstream {

    @Test
    void pinnedSelfSignedUpstreamForAnotherNameIsRelayedTo() throws Exception {
        IssuedCertificate selfSigned = IssuedCertificate.selfSigned(
                LeafSpec.forNames(java.time.Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(30), "localhost"));
        upstream = FaultyUpstream.presenting(selfSigned);
        proxy = ProxyUnderTest.start(withTrust(UpstreamTrust.pinsOnly(List.of(SpkiPins.pinOf(selfSigned.certificate())))));

        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
            assertThat(client.command("EHLO client.test").code()).isEqualTo(250);
            assertThat(client.command("MAIL FROM:<alice@client.test>").code()).isEqualTo(250);
            assertThat(client.command("QUIT").code()).isEqualTo(221);
        }
        assertThat(upstream.commands()).filteredOn(l -> l.isCommand("MAIL")).singleElement()
                .matches(FaultyUpstream.ReceivedLine::tls);
    }

    @Test
    void unpinnedUpstreamIsRefusedAndTheLogShowsThePresentedPinReadyToPaste() throws Exception {
        upstream = FaultyUpstream.start(FaultyUpstream.Fault.SELF_SIGNED_CERT, certificates);
        String otherKey = SpkiPins.pinOf(certificates.good.certificate());
        proxy = ProxyUnderTest.start(withTrust(UpstreamTrust.pinsOnly(List.of(otherKey))));

        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            Reply first = client.readReply();
            assertThat(first.code()).isEqualTo(421);
            assertThat(first.enhancedStatus()).contains("4.7.5");
            assertThat(client.readUntilClosed()).isEmpty();
            assertThat(BadUpstreamCertificateIT.awaitRefusal(log)).singleElement().asString()
                    .contains("reason=cert_pin_mismatch")
                    .contains("the upstream presented " + SpkiPins.pinOf(certificates.selfSigned.certificate()) + "\"");
        }
        assertThat(upstream.messages()).isEmpty();
    }

    @Test
    void caPlusPinAcceptsAPinnedCaAboveAVerifiedChain() throws Exception {
        upstream = FaultyUpstream.start(FaultyUpstream.Fault.NONE, certificates);
        proxy = ProxyUnderTest.start(withTrust(new UpstreamTrust(UpstreamVerification.CA_AND_PIN,
                List.of(SpkiPins.pinOf(certificates.ca.certificate())))));

        try (SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(220);
        }
    }

    @Test
    void caPlusPinRefusesAVerifiedChainWithoutAPinnedKeyListingEveryPresentedPin() throws Exception {
        upstream = FaultyUpstream.start(FaultyUpstream.Fault.NONE, certificates);
        proxy = ProxyUnderTest.start(withTrust(new UpstreamTrust(UpstreamVerification.CA_AND_PIN,
                List.of(SpkiPins.pinOf(certificates.selfSigned.certificate())))));

        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            Reply first = client.readReply();
            assertThat(first.code()).isEqualTo(421);
            assertThat(first.enhancedStatus()).contains("4.7.5");
            assertThat(BadUpstreamCertificateIT.awaitRefusal(log)).singleElement().asString()
                    .contains("reason=cert_pin_mismatch")
                    .contains(SpkiPins.pinOf(certificates.good.certificate()));
        }
    }

    @Test
    void caPlusPinStillRefusesAPinnedButUntrustedCertificate() throws Exception {
        upstream = FaultyUpstream.start(FaultyUpstream.Fault.SELF_SIGNED_CERT, certificates);
        proxy = ProxyUnderTest.start(withTrust(new UpstreamTrust(UpstreamVerification.CA_AND_PIN,
                List.of(SpkiPins.pinOf(certificates.selfSigned.certificate())))));

        try (LogCapture log = LogCapture.start(); SmtpTestClient client = proxy.connect()) {
            assertThat(client.readReply().code()).isEqualTo(421);
            assertThat(BadUpstreamCertificateIT.awaitRefusal(log)).singleElement().asString()
                    .contains("reason=cert_untrusted");
        }
    }

    private SmtpguardConfig withTrust(UpstreamTrust trust) {
        SmtpguardConfig config = ProxyUnderTest.config(upstream.port(), certificates);
        return config.withUpstream(config.upstream().withTrust(trust));
    }
}
