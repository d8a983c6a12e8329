package org.smtpguard.proxy.certs;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.smtpguard.certs.CertificateDescription;
import org.smtpguard.certs.CertificateFileException;
import org.smtpguard.certs.KeyKind;
import org.smtpguard.certs.PrivatePki;
import org.smtpguard.proxy.Main;
import org.smtpguard.proxy.RunCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code smtpguard certs init}: a private CA and smtpguard's client-side certificate, issued by it,
 * written as PEM (keys PKCS#8, mode 0600); prints what to configure and what clients must trust.
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a private CA and a certificate for smtpguard's client side in a directory.")
public final class CertsInitCommand implements Callable<Integer> {

    static final List<String> DEFAULT_NAMES = List.of("localhost", "127.0.0.1", "::1");

    private static final java.util.regex.Pattern DNS_NAME = java.util.regex.Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final java.util.regex.Pattern IP_LIKE = java.util.regex.Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "where to write ca.pem, ca.key, smtpguard.pem and smtpguard.key (created if missing)")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", split = ",",
            description = "a DNS name or IP address clients use to reach smtpguard (repeatable; the first is the "
                    + "subject CN; default: localhost, 127.0.0.1, ::1)")
    List<String> names;

    @Option(names = "--key", paramLabel = "ec|rsa2048|rsa3072", defaultValue = "ec",
            description = "key type of the CA and the certificate (default: ${DEFAULT-VALUE}, ECDSA P-256)")
    String key;

    @Option(names = "--days", paramLabel = "N", defaultValue = "397",
            description = "how long the certificate is valid (default: ${DEFAULT-VALUE}; the CA: 3650)")
    int days;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> wanted = names == null || names.isEmpty() ? DEFAULT_NAMES : names.stream().map(String::strip).toList();
        PrivatePki pki;
        try {
            for (String name : wanted) {
                if (!DNS_NAME.matcher(name).matches() && !IP_LIKE.matcher(name).matches()) {
                    throw new IllegalArgumentException("--name " + org.smtpguard.proxy.log.LogText.peer(name)
                            + ": not a DNS name or an IP address");
                }
            }
            if (days < 1 || days > 3650) {
                throw new IllegalArgumentException("--days " + days + ": expected 1 to 3650");
            }
            pki = PrivatePki.create(dir, wanted, keyKind(key), Instant.now(), Duration.ofDays(days));
        } catch (CertificateFileException | IllegalArgumentException e) {
            err.println(Main.errorLine("certs init: " + e.getMessage()));
            return RunCommand.EXIT_USAGE;
        }
        CertificateDescription leaf = CertificateDescription.of(pki.issued().certificate());
        CertificateDescription ca = CertificateDescription.of(pki.ca());
        out.println("Created in " + dir + ":");
        out.println("  " + pki.caCertificate() + "   the CA certificate: what clients must trust");
        out.println("  " + pki.caKey() + "   the CA's private key (mode 0600): keep it safe, or offline");
        out.println("  " + pki.certificate() + "   smtpguard's certificate (client.tls.cert)");
        out.println("  " + pki.key() + "   smtpguard's private key, PKCS#8 (mode 0600, client.tls.key)");
        out.println();
        out.println("Certificate: " + leaf.subject() + " names=" + String.join(",", leaf.names())
                + " valid until " + leaf.notAfter() + " key=" + key);
        out.println();
        out.println("Run smtpguard with it:");
        out.println("  smtpguard run --tls-cert " + pki.certificate() + " --tls-key " + pki.key() + " --upstream HOST:PORT");
        out.println();
        out.println("On the client side, trust " + pki.caCertificate() + " (" + ca.subject() + "):");
        out.println("  SHA-256 fingerprint " + ca.sha256());
        out.println("  openssl:  openssl s_client -starttls smtp -connect HOST:2525 -CAfile " + pki.caCertificate());
        out.println("  swaks:    swaks --tls --tls-verify --tls-ca-path " + pki.caCertificate() + " --server HOST:2525 ...");
        out.println("  Java:     keytool -importcert -noprompt -alias smtpguard-ca -file " + pki.caCertificate()
                + " -keystore truststore.p12 -storepass changeit");
        out.println("  Debian:   cp " + pki.caCertificate()
                + " /usr/local/share/ca-certificates/smtpguard-ca.crt && update-ca-certificates");
        out.flush();
        return 0;
    }

    private static KeyKind keyKind(String text) {
        return switch (text) {
            case "ec" -> KeyKind.EC_P256;
            case "rsa2048" -> KeyKind.RSA_2048;
            case "rsa3072" -> KeyKind.RSA_3072;
            default -> throw new IllegalArgumentException("--key " + text + ": expected ec, rsa2048 or rsa3072");
        };
    }
}
