package org.smtpguard.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;

/** The command line as an operator sees it: exit status, stdout and stderr of {@link Main#execute}. */
class MainTest {

    @TempDir
    Path dir;

    @Test
    void printConfigShowsEveryValueWithItsSourceAndExits0() {
        Result result = run(Map.of("SMTPGUARD_TIMEOUTS_COMMAND", "2m", "SMTPGUARD_UPSTREAM_TLS_NAME", "env.example"),
                "run", "--upstream", "mail.example:465", "--listen", "127.0.0.1:2600", "--listen", "[::1]:2600",
                "--upstream-name", "flag.example", "--print-config");

        assertThat(result.status).isZero();
        assertThat(result.err).isEmpty();
        assertThat(result.outLines()).contains(
                "client.listen = 127.0.0.1:2600,[::1]:2600  # flag --listen",
                "client.listen_tls =  # default",
                "upstream.address = mail.example:465  # flag --upstream",
                "upstream.tls.mode = implicit  # derived",
                "upstream.tls.name = flag.example  # flag --upstream-name",
                "timeouts.command = 2m  # env SMTPGUARD_TIMEOUTS_COMMAND",
                "limits.message_size = 50M  # default",
                "log.level = info  # default");
    }

    @Test
    void printConfigShowsWhatTheConfigFileSet() throws IOException {
        Path yaml = dir.resolve("smtpguard.yaml");
        Files.writeString(yaml, "upstream:\n  address: relay.example:587\nlimits.errors: 3\n");

        Result result = run(Map.of(), "run", "--config", yaml.toString(), "--print-config");

        assertThat(result.status).isZero();
        assertThat(result.outLines()).contains(
                "upstream.address = relay.example:587  # file " + yaml,
                "limits.errors = 3  # file " + yaml,
                "upstream.tls.mode = starttls  # derived");
    }

    @Test
    void checkConfigExits0WithOneLineForAValidConfigurationAndStartsNothing() throws IOException {
        Path yaml = dir.resolve("ok.yaml");
        Files.writeString(yaml, "upstream:\n  address: relay.example:587\nmetrics.listen: 127.0.0.1:9465\n");

        Result result = run(Map.of("SMTPGUARD_LOG_FORMAT", "json"), "run", "--config", yaml.toString(),
                "--listen", "127.0.0.1:1", "--check-config");

        assertThat(result.status).isZero();
        assertThat(result.err).isEmpty();
        assertThat(result.outLines()).containsExactly("smtpguard: configuration ok (upstream relay.example:587)");
    }

    @Test
    void checkConfigReportsEveryProblemOfFileEnvironmentAndFlagsOneLineEachAndExits2() throws IOException {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "bogus.key: 1\nclient:\n  listen_tls: [nope]\nlimits:\n  errors: lots\n"
                + "metrics:\n  ready_checks_upstream: maybe\n");
        Path missingKey = dir.resolve("missing.key");

        Result result = run(Map.of("SMTPGUARD_LIMITS_EROR", "3"), "run", "--config", yaml.toString(),
                "--upstream", "mail.example:99999", "--tls-key", missingKey.toString(), "--check-config");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.out).isEmpty();
        List<String> lines = result.err.lines().toList();
        assertThat(lines).as("one line per problem").hasSize(7).allMatch(l -> l.startsWith("smtpguard: "));
        assertThat(lines.get(0)).startsWith("smtpguard: unknown key \"bogus.key\" (from file " + yaml + " line 1)");
        assertThat(lines.get(1)).startsWith("smtpguard: unknown key \"SMTPGUARD_LIMITS_EROR\" (from environment)");
        assertThat(lines.subList(2, 7)).containsExactly(
                "smtpguard: client.listen_tls \"nope\" (from file " + yaml + " line 3): missing port (expected HOST:PORT)",
                "smtpguard: client.tls.key \"" + missingKey + "\" (from --tls-key): no such file",
                "smtpguard: upstream.address \"mail.example:99999\" (from --upstream): port out of range 1-65535",
                "smtpguard: limits.errors \"lots\" (from file " + yaml + " line 5): expected a whole number in 1-1000",
                "smtpguard: metrics.ready_checks_upstream \"maybe\" (from file " + yaml + " line 7): expected true or false");
    }

    @Test
    void metricsAndLogFormatAreKeysWithFlags() {
        Result result = run(Map.of("SMTPGUARD_METRICS_READY_CHECKS_UPSTREAM", "true"), "run", "--upstream",
                "mail.example:587", "--metrics", "0.0.0.0:9465", "--log-format", "json", "--print-config");

        assertThat(result.status).isZero();
        assertThat(result.outLines()).contains(
                "metrics.listen = 0.0.0.0:9465  # flag --metrics",
                "metrics.ready_checks_upstream = true  # env SMTPGUARD_METRICS_READY_CHECKS_UPSTREAM",
                "log.format = json  # flag --log-format");
    }

    @Test
    void metricsAreOffAndLogsAreTextByDefault() {
        Result result = run(Map.of(), "run", "--upstream", "mail.example:587", "--print-config");

        assertThat(result.outLines()).contains("metrics.listen =  # default", "log.format = text  # default",
                "metrics.ready_checks_upstream = false  # default");
    }

    @Test
    void anUnknownLogFormatExitsWith2AndOneLine() {
        Result result = run(Map.of(), "run", "--upstream", "mail.example:587", "--log-format", "xml");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo(
                "smtpguard: log.format \"xml\" (from --log-format): expected text or json");
    }

    @Test
    void aBadUpstreamPortExitsWith2AndOneLineNamingTheFlag() {
        Result result = run(Map.of(), "run", "--upstream", "mail.example:99999", "--print-config");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.out).isEmpty();
        assertThat(result.errLine()).isEqualTo(
                "smtpguard: upstream.address \"mail.example:99999\" (from --upstream): port out of range 1-65535");
    }

    @Test
    void aMissingUpstreamExitsWith2AndOneLine() {
        Result result = run(Map.of(), "run");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).startsWith("smtpguard: upstream.address: not set; give --upstream HOST:PORT");
    }

    @Test
    void theUpstreamCanComeFromTheEnvironment() {
        Result result = run(Map.of("SMTPGUARD_UPSTREAM_ADDRESS", "env.example:25"), "run", "--print-config");

        assertThat(result.status).isZero();
        assertThat(result.outLines()).contains("upstream.address = env.example:25  # env SMTPGUARD_UPSTREAM_ADDRESS");
    }

    @Test
    void aMissingTlsKeyFileExitsWith2AndOneLineNamingTheFile() {
        Path cert = writeCertificate("a").resolveSibling("a.crt");
        Path missing = dir.resolve("missing.key");

        Result result = run(Map.of(), "run", "--upstream", "mail.example:587",
                "--tls-cert", cert.toString(), "--tls-key", missing.toString());

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo(
                "smtpguard: client.tls.key \"" + missing + "\" (from --tls-key): no such file");
    }

    @Test
    void aCertificateWithoutKeyExitsWith2AndOneLine() {
        Path cert = writeCertificate("a").resolveSibling("a.crt");

        Result result = run(Map.of(), "run", "--upstream", "mail.example:587", "--tls-cert", cert.toString());

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).startsWith("smtpguard: client.tls.cert \"" + cert + "\" (from --tls-cert): ")
                .contains("--tls-key");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateExitsWith2AndOneLine() {
        writeCertificate("a");
        writeCertificate("b");
        Path cert = dir.resolve("a.crt");
        Path otherKey = dir.resolve("b.key");

        Result result = run(Map.of(), "run", "--upstream", "mail.example:587",
                "--tls-cert", cert.toString(), "--tls-key", otherKey.toString(), "--print-config");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo("smtpguard: client.tls.key \"" + otherKey
                + "\" (from --tls-key): the private key does not match the certificate CN=a.example in " + cert
                + " (a renewed certificate next to the old key?)");
    }

    @Test
    void aMatchingCertificateAndKeyAreAccepted() {
        writeCertificate("a");

        Result result = run(Map.of(), "run", "--upstream", "mail.example:587",
                "--tls-cert", dir.resolve("a.crt").toString(), "--tls-key", dir.resolve("a.key").toString(),
                "--print-config");

        assertThat(result.status).isZero();
        assertThat(result.outLines()).contains("client.tls.key = " + dir.resolve("a.key") + "  # flag --tls-key");
    }

    @Test
    void anUnknownYamlKeyExitsWith2AndOneLine() throws IOException {
        Path yaml = dir.resolve("smtpguard.yaml");
        Files.writeString(yaml, "upstream.adress: mail.example:25\n");

        // (without --upstream the missing upstream.address would be a second line: see checkConfig… below)
        Result result = run(Map.of(), "run", "--config", yaml.toString(), "--upstream", "mail.example:25");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo("smtpguard: unknown key \"upstream.adress\" (from file " + yaml
                + " line 1): did you mean upstream.address?");
    }

    @Test
    void aBadDurationFromTheEnvironmentExitsWith2AndOneLine() {
        Result result = run(Map.of("SMTPGUARD_TIMEOUTS_COMMAND", "5 minutes"), "run", "--upstream", "mail.example:25");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).startsWith(
                "smtpguard: timeouts.command \"5 minutes\" (from env SMTPGUARD_TIMEOUTS_COMMAND): not a duration");
    }

    @Test
    void anUnknownFlagExitsWith2AndOneLine() {
        Result result = run(Map.of(), "run", "--upstream", "mail.example:25", "--no-verify");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).isEqualTo("smtpguard: Unknown option: '--no-verify' (see smtpguard run --help)");
    }

    @Test
    void aFlagWithoutItsValueExitsWith2AndOneLine() {
        Result result = run(Map.of(), "run", "--upstream");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).startsWith("smtpguard: Missing required parameter for option '--upstream'");
    }

    @Test
    void aRepeatedSingleValueFlagExitsWith2AndOneLine() {
        Result result = run(Map.of(), "run", "--upstream", "a.example:25", "--upstream", "b.example:25");

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).contains("'--upstream'").contains("only once");
    }

    @Test
    void noCommandExitsWith2AndOneLine() {
        Result result = run(Map.of());

        assertThat(result.status).isEqualTo(2);
        assertThat(result.errLine()).startsWith("smtpguard: ");
    }

    @Test
    void helpExits0AndListsTheCommandsAndFlags() {
        Result top = run(Map.of(), "--help");
        Result runHelp = run(Map.of(), "run", "--help");

        assertThat(top.status).isZero();
        assertThat(top.out).contains("run");
        assertThat(runHelp.status).isZero();
        assertThat(runHelp.out).contains("--listen", "--listen-tls", "--tls-cert", "--tls-key", "--upstream",
                "--upstream-tls", "--upstream-name", "--upstream-ca", "--config", "--log-level", "--print-config",
                "SMTPGUARD_");
        assertThat(runHelp.err).isEmpty();
    }

    @Test
    @Timeout(60)
    void aListenAddressInUseExitsWith2AndOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();

            Result result = run(Map.of(), "run", "--listen", address, "--upstream", "127.0.0.1:1");

            assertThat(result.status).isEqualTo(2);
            assertThat(result.errLine()).startsWith("smtpguard: ").contains(address);
        }
    }

    @Test
    void theDemoCommandIsRegistered() {
        Result result = run(Map.of(), "demo", "--help");

        assertThat(result.status).isZero();
        assertThat(result.out).contains("smtpguard demo");
    }

    @Test
    void versionExits0AndSaysDevOutsideAJar() {
        Result result = run(Map.of(), "--version");

        assertThat(result.status).isZero();
        assertThat(result.out.strip()).isEqualTo("smtpguard dev");
    }

    // ---- helpers

    /** Writes NAME.crt and NAME.key (a fresh self-signed certificate and its key) into the temp dir. */
    private Path writeCertificate(String name) {
        IssuedCertificate issued = IssuedCertificate.selfSigned(
                LeafSpec.forNames(Instant.now(), Duration.ofDays(1), name + ".example"));
        Path cert = dir.resolve(name + ".crt");
        issued.writePem(cert, dir.resolve(name + ".key"));
        return cert;
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err) {

        List<String> outLines() {
            return out.lines().toList();
        }

        /** The one line on stderr (fails if there are more or none). */
        String errLine() {
            assertThat(err.lines().toList()).as("stderr: %s", err).hasSize(1);
            return err.lines().findFirst().orElseThrow();
        }
    }
}
