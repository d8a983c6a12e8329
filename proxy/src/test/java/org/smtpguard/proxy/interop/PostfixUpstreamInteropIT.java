package org.smtpguard.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The other ways to meet a real Postfix upstream: over implicit TLS (its smtps port,
 * {@code --upstream-tls implicit}), and on a port where it offers no STARTTLS at all, which
 * smtpguard must refuse with {@code 421 4.7.4} before the client can send anything.
 */
@Timeout(180)
class PostfixUpstreamInteropIT {

    private static InteropPeers peers;

    @BeforeAll
    static void loadPeers() {
        peers = InteropPeers.load();
    }

    @Test
    void implicitTlsUpstreamReceivesTheMessageOverSmtps() throws Exception {
        try (SmtpguardProcess proxy = SmtpguardProcess.start(peers, peers.smtpsPort(), "--upstream-tls", "implicit")) {
            InteropMessage message = InteropMessage.create("swaks", "STARTTLS + AUTH PLAIN, implicit-TLS upstream");

            ExternalCommand.Result swaks = SwaksInteropIT.swaks(message, proxy.port, "--tls", "--tls-verify",
                    "--tls-ca-path", peers.clientCa().toString(),
                    "--auth", "PLAIN", "--auth-user", peers.user(), "--auth-password", peers.password());

            assertThat(swaks.exitCode()).as("%s", swaks).isZero();
            Postfix.Reception reception = message.assertDeliveredIntact(peers.postfix(), Optional.of(peers.user()), swaks);
            assertThat(reception.clientLine()).as("received on the smtps port").contains("postfix/smtps/smtpd[");
            assertThat(proxy.logLines()).anySatisfy(line ->
                    assertThat(line).contains("upstream verified").contains("upstream_tls=TLSv1."));
        }
    }

    @Test
    void upstreamWithoutStartTlsGivesTheClient421AndPostfixNothing() throws Exception {
        try (SmtpguardProcess proxy = SmtpguardProcess.start(peers, peers.noTlsPort())) {
            InteropMessage message = InteropMessage.create("swaks", "upstream offers no STARTTLS");
            int deliveredBefore = peers.postfix().deliveredCount();

            ExternalCommand.Result swaks = SwaksInteropIT.swaks(message, proxy.port);

            assertThat(swaks.exitCode()).as("%s", swaks).isNotZero();
            assertThat(swaks.output()).as("%s", swaks).contains("421 4.7.4").doesNotContain("MAIL FROM");
            Thread.sleep(2000);
            assertThat(peers.postfix().delivered(message.messageId)).isEmpty();
            assertThat(peers.postfix().deliveredCount()).isEqualTo(deliveredBefore);
            assertThat(proxy.logLines()).anySatisfy(line ->
                    assertThat(line).contains("upstream refused").contains("reason=starttls_missing"));
        }
    }
}
