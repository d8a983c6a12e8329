package org.smtpguard.proxy.certs;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.smtpguard.certs.CertificateDescription;
import org.smtpguard.certs.CertificateFileException;
import org.smtpguard.certs.KeyPassword;
import org.smtpguard.certs.PemFiles;
import org.smtpguard.certs.Pkcs12Files;
import org.smtpguard.proxy.Main;
import org.smtpguard.proxy.RunCommand;
import org.smtpguard.proxy.config.KeyPasswords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code smtpguard certs show FILE}: every certificate in a PEM or PKCS#12 file with subject, names,
 * issuer, validity, SHA-256 fingerprint and the SPKI pin to paste into {@code --upstream-pin}.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show every certificate in a PEM or PKCS#12 file, with its fingerprint and SPKI pin.")
public final class CertsShowCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "PEM certificates, or a PKCS#12 file (.p12, .pfx)")
    Path file;

    @Option(names = "--password-file", paramLabel = "FILE", description = "the PKCS#12 password, in this file")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "NAME",
            description = "the PKCS#12 password, in this environment variable")
    String passwordEnv;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public CertsShowCommand(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<X509Certificate> certificates;
        try {
            Optional<KeyPassword> password = KeyPasswords.from(Optional.ofNullable(passwordFile),
                    Optional.ofNullable(passwordEnv), env);
            certificates = Pkcs12Files.isPkcs12(file) ? Pkcs12Files.readCertificates(file, password)
                    : PemFiles.readCertificates(file);
        } catch (CertificateFileException | IllegalArgumentException e) {
            spec.commandLine().getErr().println(Main.errorLine("certs show: " + e.getMessage()));
            return RunCommand.EXIT_USAGE;
        }
        Instant now = Instant.now();
        out.println(file + ": " + certificates.size() + (certificates.size() == 1 ? " certificate" : " certificates"));
        for (int i = 0; i < certificates.size(); i++) {
            CertificateDescription d = CertificateDescription.of(certificates.get(i));
            out.println();
            out.println("[" + (i + 1) + "] subject:  " + d.subject() + (d.authority() ? "  (CA)" : ""));
            out.println("    names:    " + (d.names().isEmpty() ? "(no subject alternative names)" : String.join(", ", d.names())));
            out.println("    issuer:   " + d.issuer() + (d.selfIssued() ? "  (self-signed)" : ""));
            out.println("    valid:    " + d.notBefore() + " to " + d.notAfter() + "  (" + validity(d, now) + ")");
            out.println("    sha256:   " + d.sha256());
            out.println("    pin:      " + d.spkiPin());
        }
        out.flush();
        return 0;
    }

    private static String validity(CertificateDescription d, Instant now) {
        String state = d.validityAt(now);
        return state.equals("valid") ? "valid, " + Duration.between(now, d.notAfter()).toDays() + " days left" : state.toUpperCase(java.util.Locale.ROOT);
    }
}
