package org.smtpguard.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * curl's SMTP client through smtpguard to Postfix: {@code smtp://} in plaintext, {@code smtp://}
 * with {@code --ssl-reqd} (STARTTLS), {@code smtps://}, and {@code --user} with AUTH PLAIN and
 * LOGIN. curl verifies smtpguard's certificate against the client-side CA ({@code --cacert}) only.
 */
class CurlInteropIT extends ThroughSmtpguardToPostfix {


    @Test
    void plaintextSmtpUrlHasItsMessageDeliveredIntactOverTls() throws Exception {
        InteropMessage message = InteropMessage.create("curl", "smtp:// plaintext");

        ExternalCommand.Result curl = curl(message, "smtp://127.0.0.1:" + proxy.port + "/client.test");

        assertThat(curl.exitCode()).as("%s", curl).isZero();
        assertThat(curl.output()).doesNotContain("> STARTTLS");
        message.assertDeliveredIntact(peers.postfix(), Optional.empty(), curl);
    }

    @Test
    void sslReqdStartsTlsAndHasItsMessageDeliveredIntact() throws Exception {
        InteropMessage message = InteropMessage.create("curl", "smtp:// --ssl-reqd");

        ExternalCommand.Result curl = curl(message, "smtp://127.0.0.1:" + proxy.port + "/client.test",
                "--ssl-reqd", "--cacert", peers.clientCa().toString());

        assertThat(curl.exitCode()).as("%s", curl).isZero();
        assertThat(curl.output()).contains("> STARTTLS");
        message.assertDeliveredIntact(peers.postfix(), Optional.empty(), curl);
    }

    @Test
    void smtpsUrlHasItsMessageDeliveredIntact() throws Exception {
        InteropMessage message = InteropMessage.create("curl", "smtps://");

        ExternalCommand.Result curl = curl(message, "smtps://127.0.0.1:" + proxy.tlsPort + "/client.test",
                "--cacert", peers.clientCa().toString());

        assertThat(curl.exitCode()).as("%s", curl).isZero();
        message.assertDeliveredIntact(peers.postfix(), Optional.empty(), curl);
    }

    @Test
    void userWithAuthPlainAfterStartTlsLogsInAtPostfix() throws Exception {
        InteropMessage message = InteropMessage.create("curl", "--ssl-reqd --user AUTH=PLAIN");

        ExternalCommand.Result curl = curl(message, "smtp://127.0.0.1:" + proxy.port + "/client.test",
                "--ssl-reqd", "--cacert", peers.clientCa().toString(),
                "--user", peers.user() + ":" + peers.password(), "--login-options", "AUTH=PLAIN");

        assertThat(curl.exitCode()).as("%s", curl).isZero();
        Postfix.Reception reception = message.assertDeliveredIntact(peers.postfix(), Optional.of(peers.user()), curl);
        assertThat(reception.saslMethod()).hasValue("PLAIN");
    }

    @Test
    void userWithAuthLoginOverSmtpsLogsInAtPostfix() throws Exception {
        InteropMessage message = InteropMessage.create("curl", "smtps:// --user AUTH=LOGIN");

        ExternalCommand.Result curl = curl(message, "smtps://127.0.0.1:" + proxy.tlsPort + "/client.test",
                "--cacert", peers.clientCa().toString(),
                "--user", peers.user() + ":" + peers.password(), "--login-options", "AUTH=LOGIN");

        assertThat(curl.exitCode()).as("%s", curl).isZero();
        Postfix.Reception reception = message.assertDeliveredIntact(peers.postfix(), Optional.of(peers.user()), curl);
        assertThat(reception.saslMethod()).hasValue("LOGIN");
    }

    /** curl uploading the message from stdin ({@code -T -}; curl dot-stuffs it), verbose for the dialogue. */
    private static ExternalCommand.Result curl(InteropMessage message, String url, String... options)
            throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--verbose",
                "--max-time", "30", url,
                "--mail-from", InteropMessage.FROM, "--mail-rcpt", InteropMessage.TO,
                "--upload-file", "-"));
        command.addAll(List.of(options));
        return ExternalCommand.run(command, message.wire(), CLIENT_TIMEOUT);
    }
}
