package org.smtpguard.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * swaks (Debian's package) through smtpguard (the jar, as a process) to a real Postfix with
 * STARTTLS and AUTH: plaintext, STARTTLS and implicit TLS on the client leg, AUTH PLAIN and LOGIN,
 * and a wrong password. swaks verifies smtpguard's certificate against the client-side CA only.
 */
class SwaksInteropIT extends ThroughSmtpguardToPostfix {


    @Test
    void plaintextSwaksHasItsMessageDeliveredIntactOverTls() throws Exception {
        InteropMessage message = InteropMessage.create("swaks", "plaintext");

        ExternalCommand.Result swaks = swaks(message, proxy.port);

        assertThat(swaks.exitCode()).as("%s", swaks).isZero();
        message.assertDeliveredIntact(peers.postfix(), Optional.empty(), swaks);
    }

    @Test
    void startTlsSwaksHasItsMessageDeliveredIntact() throws Exception {
        InteropMessage message = InteropMessage.create("swaks", "STARTTLS");

        ExternalCommand.Result swaks = swaks(message, proxy.port, "--tls", "--tls-verify",
                "--tls-ca-path", peers.clientCa().toString());

        assertThat(swaks.exitCode()).as("%s", swaks).isZero();
        assertThat(swaks.output()).contains("STARTTLS");
        message.assertDeliveredIntact(peers.postfix(), Optional.empty(), swaks);
    }

    @Test
    void implicitTlsSwaksHasItsMessageDeliveredIntact() throws Exception {
        InteropMessage message = InteropMessage.create("swaks", "implicit TLS");

        ExternalCommand.Result swaks = swaks(message, proxy.tlsPort, "--tls-on-connect", "--tls-verify",
                "--tls-ca-path", peers.clientCa().toString());

        assertThat(swaks.exitCode()).as("%s", swaks).isZero();
        message.assertDeliveredIntact(peers.postfix(), Optional.empty(), swaks);
    }

    @Test
    void authPlainAfterStartTlsLogsInAtPostfix() throws Exception {
        InteropMessage message = InteropMessage.create("swaks", "AUTH PLAIN after STARTTLS");

        ExternalCommand.Result swaks = swaks(message, proxy.port, "--tls", "--tls-verify",
                "--tls-ca-path", peers.clientCa().toString(),
                "--auth", "PLAIN", "--auth-user", peers.user(), "--auth-password", peers.password());

        assertThat(swaks.exitCode()).as("%s", swaks).isZero();
        assertThat(swaks.output()).contains("235 ");
        Postfix.Reception reception = message.assertDeliveredIntact(peers.postfix(), Optional.of(peers.user()), swaks);
        assertThat(reception.saslMethod()).hasValue("PLAIN");
    }

    @Test
    void authLoginOverPlaintextFromLoopbackLogsInAtPostfixOverTls() throws Exception {
        InteropMessage message = InteropMessage.create("swaks", "AUTH LOGIN over plaintext");

        ExternalCommand.Result swaks = swaks(message, proxy.port,
                "--auth", "LOGIN", "--auth-user", peers.user(), "--auth-password", peers.password());

        assertThat(swaks.exitCode()).as("%s", swaks).isZero();
        Postfix.Reception reception = message.assertDeliveredIntact(peers.postfix(), Optional.of(peers.user()), swaks);
        assertThat(reception.saslMethod()).hasValue("LOGIN");
    }

    @Test
    void authLoginOverImplicitTlsLogsInAtPostfix() throws Exception {
        InteropMessage message = InteropMessage.create("swaks", "AUTH LOGIN over implicit TLS");

        ExternalCommand.Result swaks = swaks(message, proxy.tlsPort, "--tls-on-connect", "--tls-verify",
                "--tls-ca-path", peers.clientCa().toString(),
                "--auth", "LOGIN", "--auth-user", peers.user(), "--auth-password", peers.password());

        assertThat(swaks.exitCode()).as("%s", swaks).isZero();
        Postfix.Reception reception = message.assertDeliveredIntact(peers.postfix(), Optional.of(peers.user()), swaks);
        assertThat(reception.saslMethod()).hasValue("LOGIN");
    }

    @Test
    void wrongPasswordGetsPostfixs535AndNoMessageIsSent() throws Exception {
        InteropMessage message = InteropMessage.create("swaks", "wrong password");

        ExternalCommand.Result swaks = swaks(message, proxy.port, "--tls", "--tls-verify",
                "--tls-ca-path", peers.clientCa().toString(),
                "--auth", "PLAIN", "--auth-user", peers.user(), "--auth-password", "not-" + peers.password());

        assertThat(swaks.exitCode()).as("%s", swaks).isNotZero();
        assertThat(swaks.output()).as("%s", swaks).contains("535 5.7.8").doesNotContain("MAIL FROM");
        Thread.sleep(1000);
        assertThat(peers.postfix().delivered(message.messageId)).isEmpty();
    }

    /**
     * swaks to 127.0.0.1:{@code port}, the message on stdin ({@code --data -}, which swaks dot-stuffs).
     * The closing "." is given too: without it swaks adds a CRLF of its own before the one it
     * writes, and the message would arrive with an extra empty last line.
     */
    static ExternalCommand.Result swaks(InteropMessage message, int port, String... options)
            throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("swaks",
                "--server", "127.0.0.1", "--port", String.valueOf(port),
                "--helo", "client.test",
                "--from", InteropMessage.FROM, "--to", InteropMessage.TO,
                "--timeout", "30",
                "--data", "-"));
        command.addAll(List.of(options));
        byte[] data = (new String(message.wire(), StandardCharsets.UTF_8) + ".\r\n").getBytes(StandardCharsets.UTF_8);
        return ExternalCommand.run(command, data, CLIENT_TIMEOUT);
    }
}
