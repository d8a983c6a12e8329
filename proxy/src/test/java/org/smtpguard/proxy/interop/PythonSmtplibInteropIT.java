package org.smtpguard.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's smtplib (python3 from the PATH) through smtpguard to Postfix: plain {@code SMTP},
 * {@code starttls()}, {@code SMTP_SSL}, and {@code login()} with PLAIN and LOGIN. The client
 * verifies smtpguard's certificate (and the name 127.0.0.1) against the client-side CA only.
 */
class PythonSmtplibInteropIT extends ThroughSmtpguardToPostfix {

    /** argv: host port plain|starttls|ssl cafile mechanism|- user password from to; the message on stdin. */
    private static final String CLIENT = """
            import smtplib, ssl, sys
            host, port, mode, cafile, mech, user, password, sender, rcpt = sys.argv[1:10]
            message = sys.stdin.buffer.read()
            context = ssl.create_default_context(cafile=cafile)
            if mode == "ssl":
                s = smtplib.SMTP_SSL(host, int(port), local_hostname="client.test", context=context, timeout=30)
            else:
                s = smtplib.SMTP(host, int(port), local_hostname="client.test", timeout=30)
            s.set_debuglevel(1)
            s.ehlo()
            if mode == "starttls":
                code, reply = s.starttls(context=context)
                print("STARTTLS", code, file=sys.stderr)
                s.ehlo()
            if mech != "-":
                s.user, s.password = user, password
                code, reply = s.auth(mech, getattr(s, "auth_" + mech.lower()))
                print("AUTH", mech, code, file=sys.stderr)
            options = ["BODY=8BITMIME"] if s.has_extn("8bitmime") else []
            refused = s.sendmail(sender, [rcpt], message, mail_options=options)
            print("SENT", "refused=" + repr(refused), "tls=" + str(hasattr(s.sock, "cipher")), file=sys.stderr)
            s.quit()
            """;
    @TempDir
    static Path dir;

    private static Path script;

    @BeforeAll
    static void writeClientScript() throws IOException {
        script = Files.writeString(dir.resolve("smtplib_send.py"), CLIENT, StandardCharsets.UTF_8);
    }

    @Test
    void plainSmtpHasItsMessageDeliveredIntactOverTls() throws Exception {
        InteropMessage message = InteropMessage.create("python-smtplib", "plaintext");

        ExternalCommand.Result python = python(message, proxy.port, "plain", "-");

        assertThat(python.exitCode()).as("%s", python).isZero();
        assertThat(python.output()).contains("SENT refused={}", "tls=False");
        message.assertDeliveredIntact(peers.postfix(), Optional.empty(), python);
    }

    @Test
    void starttlsHasItsMessageDeliveredIntact() throws Exception {
        InteropMessage message = InteropMessage.create("python-smtplib", "starttls()");

        ExternalCommand.Result python = python(message, proxy.port, "starttls", "-");

        assertThat(python.exitCode()).as("%s", python).isZero();
        assertThat(python.output()).contains("STARTTLS 220", "SENT refused={}", "tls=True");
        message.assertDeliveredIntact(peers.postfix(), Optional.empty(), python);
    }

    @Test
    void smtpSslHasItsMessageDeliveredIntact() throws Exception {
        InteropMessage message = InteropMessage.create("python-smtplib", "SMTP_SSL");

        ExternalCommand.Result python = python(message, proxy.tlsPort, "ssl", "-");

        assertThat(python.exitCode()).as("%s", python).isZero();
        assertThat(python.output()).contains("SENT refused={}", "tls=True");
        message.assertDeliveredIntact(peers.postfix(), Optional.empty(), python);
    }

    @Test
    void loginWithPlainAfterStarttlsLogsInAtPostfix() throws Exception {
        InteropMessage message = InteropMessage.create("python-smtplib", "starttls() + login PLAIN");

        ExternalCommand.Result python = python(message, proxy.port, "starttls", "PLAIN");

        assertThat(python.exitCode()).as("%s", python).isZero();
        assertThat(python.output()).contains("AUTH PLAIN 235");
        Postfix.Reception reception = message.assertDeliveredIntact(peers.postfix(), Optional.of(peers.user()), python);
        assertThat(reception.saslMethod()).hasValue("PLAIN");
    }

    @Test
    void loginWithLoginOverSmtpSslLogsInAtPostfix() throws Exception {
        InteropMessage message = InteropMessage.create("python-smtplib", "SMTP_SSL + login LOGIN");

        ExternalCommand.Result python = python(message, proxy.tlsPort, "ssl", "LOGIN");

        assertThat(python.exitCode()).as("%s", python).isZero();
        assertThat(python.output()).contains("AUTH LOGIN 235");
        Postfix.Reception reception = message.assertDeliveredIntact(peers.postfix(), Optional.of(peers.user()), python);
        assertThat(reception.saslMethod()).hasValue("LOGIN");
    }

    private static ExternalCommand.Result python(InteropMessage message, int port, String mode, String mechanism)
            throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", script.toString(),
                "127.0.0.1", String.valueOf(port), mode, peers.clientCa().toString(), mechanism,
                peers.user(), peers.password(), InteropMessage.FROM, InteropMessage.TO));
        return ExternalCommand.run(command, message.wire(), CLIENT_TIMEOUT);
    }
}
